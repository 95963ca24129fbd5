package orglife

import (
	"context"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/outbox"
)

// Domain events of organizational life, for points, the member archive and
// dashboards.
const (
	EventHeld      = "meeting.held"
	EventAttended  = "meeting.attended"
	EventAbsent    = "meeting.absent"
	EventLeave     = "meeting.leave"
	EventCorrected = "meeting.attendance_corrected"
)

// AttendancePayload is the payload of the per-member events.
type AttendancePayload struct {
	MeetingID string `json:"meeting_id"`
	OrgID     string `json:"org_id"`
	Kind      string `json:"kind"`
	Topic     string `json:"topic"`
	StartsAt  string `json:"starts_at"`
	MemberID  string `json:"member_id"`
	Status    string `json:"status"`
	Method    string `json:"method,omitempty"`
	Previous  string `json:"previous,omitempty"` // for a correction: the status before
	Reason    string `json:"reason,omitempty"`
}

// Finalize locks the record (归档): from now on it counts as held for
// compliance, and corrections are only appended. It needs minutes and no
// open leave request or unconfirmed check-in.
func (s *Service) Finalize(ctx context.Context, meetingID string) error {
	return s.mutate(ctx, meetingID, authz.OrgLifeManage, open, func(tx *db.Tx, m *meeting) (change, error) {
		list, err := attendees(ctx, tx, m.ID)
		if err != nil {
			return change{}, err
		}
		if err := readyToFinalize(*m, list, s.clk.Now()); err != nil {
			return change{}, err
		}
		now := ms(s.clk.Now())
		if _, err := tx.ExecContext(ctx, "UPDATE meetings SET state = ?, finalized_at = ?, version = version + 1 WHERE id = ?",
			StateFinalized, now, m.ID); err != nil {
			return change{}, err
		}
		m.State = StateFinalized
		if err := s.notify.Forget(ctx, tx, kindMeetingTomorrow, m.ID); err != nil {
			return change{}, err
		}
		if err := countHeld(ctx, tx, *m); err != nil {
			return change{}, err
		}
		if err := outbox.EmitAllAt(ctx, tx, s.clk.Now(), heldEvents(*m, list)); err != nil {
			return change{}, err
		}
		sum := summarize(list)
		return change{Action: "meeting.finalize", Event: "finalized",
			Detail: "归档：应到 " + strconv.Itoa(sum.Expected) + " 人，实到 " + strconv.Itoa(sum.Present) + " 人",
			After:  map[string]any{"state": StateFinalized, "expected": sum.Expected, "present": sum.Present}}, nil
	})
}

// readyToFinalize says what still stands in the way of locking the record.
func readyToFinalize(m meeting, list []attendee, now time.Time) error {
	var problems []string
	if m.StartsAt > ms(now) {
		problems = append(problems, "会议尚未开始")
	}
	if strings.TrimSpace(m.Content) == "" {
		problems = append(problems, "请先填写会议记录")
	}
	var leave, confirm []string
	for _, a := range list {
		if a.LeaveState == leavePending {
			leave = append(leave, a.Name)
		}
		if a.NeedsConfirmation {
			confirm = append(confirm, a.Name)
		}
	}
	if len(leave) > 0 {
		problems = append(problems, "请假待审批："+strings.Join(leave, "、"))
	}
	if len(confirm) > 0 {
		problems = append(problems, "签到待确认："+strings.Join(confirm, "、"))
	}
	if len(problems) > 0 {
		return httpx.Conflict("not_ready", "暂不能归档："+strings.Join(problems, "；"))
	}
	return nil
}

// heldEvents are meeting.held and one attendance event per listed member.
func heldEvents(m meeting, list []attendee) []outbox.Event {
	sum := summarize(list)
	evs := []outbox.Event{{Type: EventHeld, SubjectID: m.ID, OrgPath: m.OrgPath, Payload: map[string]any{
		"meeting_id": m.ID, "org_id": m.OrgID, "kind": m.Kind, "topic": m.Topic, "starts_at": clock.Stamp(m.StartsAt),
		"expected": sum.Expected, "present": sum.Present, "leave": sum.Leave, "absent": sum.Absent}}}
	for _, a := range list {
		if a.Role == RoleGuest || (!a.ShouldAttend && !a.present()) {
			continue
		}
		evs = append(evs, outbox.Event{Type: attendanceEvent(a.Status), SubjectID: a.MemberID, OrgPath: m.OrgPath,
			Payload: attendancePayload(m, a)})
	}
	return evs
}

func attendanceEvent(status string) string {
	switch status {
	case StatusPresent, StatusRemote:
		return EventAttended
	case StatusLeave:
		return EventLeave
	}
	return EventAbsent
}

func attendancePayload(m meeting, a attendee) AttendancePayload {
	return AttendancePayload{MeetingID: m.ID, OrgID: m.OrgID, Kind: m.Kind, Topic: m.Topic,
		StartsAt: clock.Stamp(m.StartsAt), MemberID: a.MemberID, Status: a.Status, Method: a.Method}
}

// countHeld adds the finalized meeting to its branch's counts for the
// month, quarter and year it was held in. A 党小组会 counts each group once
// per period.
func countHeld(ctx context.Context, tx *db.Tx, m meeting) error {
	col := kindColumn(Kind(m.Kind))
	for _, key := range CountedKeys(time.UnixMilli(m.StartsAt)) {
		if Kind(m.Kind) == KindGroup {
			res, err := tx.ExecContext(ctx, `INSERT INTO meeting_group_periods (group_id, period_key) VALUES (?, ?)
				ON CONFLICT (group_id, period_key) DO NOTHING`, m.GroupID, key)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			if n == 0 {
				continue // this group already met in the period
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_period_counts (org_id, org_path, period_key, `+col+`)
			VALUES (?, ?, ?, 1) ON CONFLICT (org_id, period_key) DO UPDATE SET `+col+` = meeting_period_counts.`+col+` + 1,
			org_path = excluded.org_path`, m.OrgID, m.OrgPath, key); err != nil {
			return err
		}
	}
	return nil
}

// kindColumn is the meeting_period_counts column of a kind (a fixed set,
// never user input).
func kindColumn(k Kind) string {
	if k == KindGroup {
		return "grp"
	}
	return string(k)
}
