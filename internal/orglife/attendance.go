package orglife

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Mark is a secretary's attendance entry for several people at once: a
// manual mark (补录), remote attendance, or the confirmation of QR
// check-ins made without location.
type Mark struct {
	MemberIDs []string `json:"member_ids"`
	Status    string   `json:"status"` // present | remote | absent
	Reason    string   `json:"reason"`
}

// MarkAttendance records m for a meeting that is not yet finalized; every
// manual mark carries its reason.
func (s *Service) MarkAttendance(ctx context.Context, meetingID string, mk Mark) error {
	mk.Reason = strings.TrimSpace(mk.Reason)
	switch {
	case mk.Status != StatusPresent && mk.Status != StatusRemote && mk.Status != StatusAbsent:
		return fieldErr("status", "invalid", "请选择到会、线上参会或未到")
	case len(mk.MemberIDs) == 0:
		return fieldErr("member_ids", "required", "请选择人员")
	case mk.Reason == "":
		return fieldErr("reason", "required", "手工标记须说明理由")
	case utf8.RuneCountInString(mk.Reason) > maxReasonRunes:
		return fieldErr("reason", "too_long", "理由不超过 500 个字")
	}
	now := ms(s.clk.Now())
	return s.mutate(ctx, meetingID, authz.OrgLifeManage, open, func(tx *db.Tx, m *meeting) (change, error) {
		var names []string
		for _, id := range mk.MemberIDs {
			a, err := attendeeOf(ctx, tx, m.ID, id)
			if db.IsNoRows(err) {
				return change{}, fieldErr("member_ids", "not_listed", "所选人员不在本次会议名单中")
			}
			if err != nil {
				return change{}, err
			}
			if err := markOne(ctx, tx, m.ID, a, mk, now); err != nil {
				return change{}, err
			}
			names = append(names, a.Name)
		}
		detail := strings.Join(names, "、") + " 标记为" + statusLabels[mk.Status] + "（" + mk.Reason + "）"
		return change{Action: "meeting.attendance", Event: "attendance", Detail: detail,
			After: map[string]any{"member_ids": mk.MemberIDs, "status": mk.Status, "reason": mk.Reason}}, nil
	})
}

// markOne writes one person's mark. Confirming a pending QR check-in keeps
// the check-in's time and records the method as QR confirmed.
func markOne(ctx context.Context, tx *db.Tx, meetingID string, a attendee, mk Mark, now int64) error {
	method, at := MethodManual, now
	switch {
	case mk.Status == StatusAbsent:
		method, at = "", 0
	case a.NeedsConfirmation && mk.Status == StatusPresent:
		method, at = MethodQRConfirmed, a.CheckedInAt
	case mk.Status == StatusRemote:
		method = MethodRemote
	}
	if a.Status == StatusLeave && mk.Status == StatusAbsent {
		// Approved leave stays leave; a check-in it was waiting on is refused.
		_, err := tx.ExecContext(ctx, `UPDATE meeting_attendees SET needs_confirmation = 0 WHERE meeting_id = ? AND member_id = ?`,
			meetingID, a.MemberID)
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE meeting_attendees SET status = ?, method = ?, checked_in_at = ?,
		needs_confirmation = 0, manual_reason = ? WHERE meeting_id = ? AND member_id = ?`,
		mk.Status, method, at, mk.Reason, meetingID, a.MemberID)
	return err
}

// Exclude takes a person out of "should attend" (应到会) with a reason —
// abroad for over six months, long illness (DOMAIN.md: configurable) — or
// puts them back.
func (s *Service) Exclude(ctx context.Context, meetingID, memberID string, excluded bool, reason string) error {
	reason = strings.TrimSpace(reason)
	if excluded && reason == "" {
		return fieldErr("reason", "required", "不计入应到人数须说明理由，例如“出国半年以上”")
	}
	if !excluded {
		reason = ""
	}
	return s.mutate(ctx, meetingID, authz.OrgLifeManage, open, func(tx *db.Tx, m *meeting) (change, error) {
		a, err := attendeeOf(ctx, tx, m.ID, memberID)
		if db.IsNoRows(err) || a.Role == RoleGuest {
			return change{}, httpx.NotFound()
		}
		if err != nil {
			return change{}, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE meeting_attendees SET should_attend = ?, excluded_reason = ?
			WHERE meeting_id = ? AND member_id = ?`, boolInt(!excluded), reason, m.ID, memberID)
		detail := a.Name + " 计入应到人数"
		if excluded {
			detail = a.Name + " 不计入应到人数（" + reason + "）"
		}
		return change{Action: "meeting.exclude", Event: "exclude", Detail: detail,
			After: map[string]any{"member_id": memberID, "excluded": excluded, "reason": reason}}, err
	})
}

// Invitee is a person added to a meeting after it was called: a member
// (a leading cadre attending, 双重组织生活) or a guest.
type Invitee struct {
	MemberID  string `json:"member_id"`
	GuestName string `json:"guest_name"`
	Note      string `json:"note"`
}

// AddAttendee puts an invitee on the list.
func (s *Service) AddAttendee(ctx context.Context, meetingID string, in Invitee) error {
	var a attendee
	switch {
	case in.MemberID != "":
		people, err := s.dir.People(ctx, []string{in.MemberID})
		if err != nil {
			return err
		}
		if len(people) == 0 {
			return fieldErr("member_id", "unknown", "找不到该党员")
		}
		a = newCadre(people[0])
	case strings.TrimSpace(in.GuestName) != "":
		a = attendee{Name: strings.TrimSpace(in.GuestName), Note: strings.TrimSpace(in.Note), Role: RoleGuest,
			VoteNote: "列席，无表决权", Answer: "none", Status: StatusAbsent, DistanceM: -1}
	default:
		return fieldErr("member_id", "required", "请选择党员或填写列席人员姓名")
	}
	return s.mutate(ctx, meetingID, authz.OrgLifeManage, open, func(tx *db.Tx, m *meeting) (change, error) {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM meeting_attendees WHERE meeting_id = ?", m.ID).Scan(&n); err != nil {
			return change{}, err
		}
		if a.Role == RoleGuest {
			a.MemberID = "guest:" + strconv.Itoa(n+1)
		} else if _, err := attendeeOf(ctx, tx, m.ID, a.MemberID); err == nil {
			return change{}, httpx.Conflict("already_listed", a.Name+" 已在会议名单中")
		}
		err := insertAttendees(ctx, tx, m.ID, []attendee{a}, n)
		return change{Action: "meeting.invite", Event: "invite", Detail: "增加" + roleLabels[a.Role] + " " + a.Name,
			After: map[string]string{"member_id": a.MemberID, "role": a.Role}}, err
	})
}
