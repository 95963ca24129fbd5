package orglife

import (
	"context"
	"strings"
	"unicode/utf8"

	"dangjian/internal/notify"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Leave states (请假).
const (
	leavePending  = "pending"
	leaveApproved = "approved"
	leaveRejected = "rejected"
)

// Answers a member gives to a meeting notice.
const (
	AnswerAttend = "attend"
	AnswerLeave  = "leave"
)

// Answer records a member's reply to a notice: attend, or ask for leave
// with a reason the secretary then approves or refuses.
func (s *Service) Answer(ctx context.Context, meetingID, memberID, answer, reason string) error {
	reason = strings.TrimSpace(reason)
	switch {
	case answer != AnswerAttend && answer != AnswerLeave:
		return fieldErr("answer", "invalid", "请选择参加或请假")
	case answer == AnswerLeave && reason == "":
		return fieldErr("reason", "required", "请假请说明理由")
	case utf8.RuneCountInString(reason) > maxReasonRunes:
		return fieldErr("reason", "too_long", "请假理由不超过 500 个字")
	}
	return s.mutate(ctx, meetingID, authz.SignedIn, open, func(tx *db.Tx, m *meeting) (change, error) {
		a, err := attendeeOf(ctx, tx, m.ID, memberID)
		if db.IsNoRows(err) || a.Role == RoleGuest {
			return change{}, httpx.NotFound()
		}
		if err != nil {
			return change{}, err
		}
		if a.present() || a.NeedsConfirmation {
			return change{}, httpx.Conflict("checked_in", "您已签到，无需再回复")
		}
		leaveState, status, detail := "", StatusAbsent, a.Name+" 确认参加"
		if answer == AnswerLeave {
			leaveState, detail = leavePending, a.Name+" 请假："+reason
		}
		_, err = tx.ExecContext(ctx, `UPDATE meeting_attendees SET answer = ?, leave_reason = ?, leave_state = ?, status = ?
			WHERE meeting_id = ? AND member_id = ?`, answer, reason, leaveState, status, m.ID, memberID)
		return change{Action: "meeting.answer", Event: "answer", Detail: detail,
			After: map[string]string{"member_id": memberID, "answer": answer}}, err
	})
}

// DecideLeave approves or refuses a pending leave request; the member is told.
func (s *Service) DecideLeave(ctx context.Context, meetingID, memberID string, approve bool, note string) error {
	return s.mutate(ctx, meetingID, authz.OrgLifeManage, open, func(tx *db.Tx, m *meeting) (change, error) {
		a, err := attendeeOf(ctx, tx, m.ID, memberID)
		if db.IsNoRows(err) {
			return change{}, httpx.NotFound()
		}
		if err != nil {
			return change{}, err
		}
		if a.LeaveState != leavePending {
			return change{}, httpx.Conflict("no_pending_leave", a.Name+" 没有待审批的请假")
		}
		state, status, verdict := leaveRejected, StatusAbsent, "未批准"
		if approve {
			state, status, verdict = leaveApproved, StatusLeave, "已批准"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meeting_attendees SET leave_state = ?, status = ?
			WHERE meeting_id = ? AND member_id = ?`, state, status, m.ID, memberID); err != nil {
			return change{}, err
		}
		body := "您的请假" + verdict + "。"
		if note = strings.TrimSpace(note); note != "" {
			body += "说明：" + note
		}
		_, err = s.notify.Send(ctx, tx, notify.Message{Key: "meeting:" + m.ID + ":leave:" + memberID + ":" + state,
			Kind: kindLeaveDecided, SubjectID: m.ID, SenderOrgID: m.OrgID, Title: "请假" + verdict + "：" + m.title(),
			Body: body, Link: link(m.ID), To: []notify.Recipient{{ID: memberID, OrgID: m.OrgID, OrgPath: m.OrgPath}}})
		return change{Action: "meeting.leave_decide", Event: "leave", Detail: a.Name + " 的请假" + verdict,
			After: map[string]any{"member_id": memberID, "approved": approve}}, err
	})
}

// fieldErr is a single-field validation failure.
func fieldErr(field, code, msg string) error {
	var fe httpx.Fields
	fe.Add(field, code, msg)
	return fe.Err()
}
