package orglife

import (
	"context"
	"strings"
	"unicode/utf8"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
)

// Fields a correction may address.
var correctionFields = map[string]string{"content": "会议内容", "decisions": "会议决定", "attendance": "出席情况"}

// CorrectionDraft is a correction to a finalized record.
type CorrectionDraft struct {
	Field    string `json:"field"`
	MemberID string `json:"member_id"`
	Value    string `json:"value"`
	Reason   string `json:"reason"`
}

// Correction is one appended correction (更正) as shown with the record.
type Correction struct {
	ID         string `json:"id"`
	Field      string `json:"field"`
	FieldLabel string `json:"field_label"`
	MemberID   string `json:"member_id"`
	MemberName string `json:"member_name"`
	Before     string `json:"before"`
	After      string `json:"after"`
	Reason     string `json:"reason"`
	ActorName  string `json:"actor_name"`
	At         string `json:"at"`
}

// Correct appends a correction to a finalized record: the original stays
// as it was recorded, the correction is kept beside it with its reason,
// and it is audited. Correcting attendance also updates the attendance
// and emits meeting.attendance_corrected, so points and the archive follow.
func (s *Service) Correct(ctx context.Context, meetingID string, d CorrectionDraft) error {
	d.Reason, d.Value = strings.TrimSpace(d.Reason), strings.TrimSpace(d.Value)
	switch {
	case correctionFields[d.Field] == "":
		return fieldErr("field", "invalid", "请选择更正的内容：会议内容、会议决定或出席情况")
	case d.Reason == "":
		return fieldErr("reason", "required", "更正须说明理由")
	case utf8.RuneCountInString(d.Reason) > maxReasonRunes:
		return fieldErr("reason", "too_long", "理由不超过 500 个字")
	case utf8.RuneCountInString(d.Value) > maxTextRunes:
		return fieldErr("value", "too_long", "更正内容不超过 20000 个字")
	}
	return s.mutate(ctx, meetingID, authz.OrgLifeManage, finalized, func(tx *db.Tx, m *meeting) (change, error) {
		c := Correction{ID: ids.New(), Field: d.Field, After: d.Value, Reason: d.Reason, ActorName: authz.ActorName(ctx, systemActorName)}
		var err error
		switch d.Field {
		case "content":
			c.Before = m.Content
		case "decisions":
			c.Before = m.Decisions
		default:
			err = s.correctAttendance(ctx, tx, *m, d, &c)
		}
		if err != nil {
			return change{}, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_corrections (id, meeting_id, field, member_id, before, after,
			reason, actor_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, m.ID, c.Field, c.MemberID, c.Before, c.After,
			c.Reason, c.ActorName, ms(s.clk.Now())); err != nil {
			return change{}, err
		}
		return change{Action: "meeting.correct", Event: "correction",
			Detail: "更正" + correctionFields[d.Field] + "（" + d.Reason + "）",
			Before: map[string]string{"field": c.Field, "member_id": c.MemberID, "value": clip(c.Before)},
			After:  map[string]string{"field": c.Field, "member_id": c.MemberID, "value": clip(c.After), "reason": c.Reason}}, nil
	})
}

// correctAttendance changes one person's status after finalization.
func (s *Service) correctAttendance(ctx context.Context, tx *db.Tx, m meeting, d CorrectionDraft, c *Correction) error {
	if d.Value != StatusPresent && d.Value != StatusRemote && d.Value != StatusAbsent && d.Value != StatusLeave {
		return fieldErr("value", "invalid", "出席情况应为到会、线上参会、请假或未到")
	}
	a, err := attendeeOf(ctx, tx, m.ID, d.MemberID)
	if db.IsNoRows(err) || (err == nil && a.Role == RoleGuest) {
		return fieldErr("member_id", "not_listed", "所选人员不在本次会议名单中")
	}
	if err != nil {
		return err
	}
	if a.Status == d.Value {
		return httpx.Conflict("unchanged", a.Name+" 的出席情况已是“"+statusLabels[d.Value]+"”")
	}
	c.MemberID, c.MemberName, c.Before = a.MemberID, a.Name, a.Status
	if _, err := tx.ExecContext(ctx, `UPDATE meeting_attendees SET status = ?, method = ?, manual_reason = ?
		WHERE meeting_id = ? AND member_id = ?`, d.Value, MethodManual, d.Reason, m.ID, a.MemberID); err != nil {
		return err
	}
	p := attendancePayload(m, a)
	p.Status, p.Method, p.Previous, p.Reason = d.Value, MethodManual, a.Status, d.Reason
	return outbox.EmitAt(ctx, tx, s.clk.Now(), outbox.Event{Type: EventCorrected, SubjectID: a.MemberID,
		OrgPath: m.OrgPath, Payload: p})
}

// clip keeps the audit record of a long text short.
func clip(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}

// corrections lists a record's corrections, oldest first.
func corrections(ctx context.Context, q db.Querier, meetingID string) ([]Correction, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.field, c.member_id, COALESCE(a.name, ''), c.before, c.after, c.reason,
		c.actor_name, c.at FROM meeting_corrections c
		LEFT JOIN meeting_attendees a ON a.meeting_id = c.meeting_id AND a.member_id = c.member_id
		WHERE c.meeting_id = ? ORDER BY c.at, c.id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Correction{}
	for rows.Next() {
		var c Correction
		var at int64
		if err := rows.Scan(&c.ID, &c.Field, &c.MemberID, &c.MemberName, &c.Before, &c.After, &c.Reason, &c.ActorName, &at); err != nil {
			return nil, err
		}
		c.FieldLabel, c.At = correctionFields[c.Field], clock.Stamp(at)
		if c.Field == "attendance" {
			c.Before, c.After = statusLabels[c.Before], statusLabels[c.After]
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
