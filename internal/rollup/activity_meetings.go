package rollup

import (
	"context"
	"log/slog"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// heldPayload is orglife's meeting.held payload.
type heldPayload struct {
	MeetingID string `json:"meeting_id"`
	OrgID     string `json:"org_id"`
	Kind      string `json:"kind"`
	StartsAt  string `json:"starts_at"`
	Present   int64  `json:"present"`
	Leave     int64  `json:"leave"`
	Absent    int64  `json:"absent"`
}

// onMeetingHeld counts a finalized meeting, and its attendance, in the
// month (Shanghai) it started, at its org.
func (s *Store) onMeetingHeld(ctx context.Context, tx *db.Tx, e outbox.Delivered) error {
	var p heldPayload
	err := e.Decode(&p)
	day, month, ok := localDay(p.StartsAt)
	if err != nil || !ok || p.MeetingID == "" || e.OrgPath == "" {
		slog.Warn("rollup: unreadable meeting event skipped", "event", e.ID, "type", e.Type, "err", err)
		return nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO rollup_meetings (meeting_id, org_id, org_path, kind, held_on, month,
		present, leave, absent, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id) DO NOTHING`,
		p.MeetingID, p.OrgID, e.OrgPath, p.Kind, day, month, p.Present, p.Leave, p.Absent, e.Seq)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err // counted already
	}
	if err := noteLatest(ctx, tx, "last_meeting_on", e.OrgPath, day); err != nil {
		return err
	}
	return s.add(ctx, tx, e.OrgPath, []Delta{
		{"meetings.held", month, 1},
		{"meetings.kind:" + p.Kind, month, 1},
		{"attendance.present", month, p.Present},
		{"attendance.leave", month, p.Leave},
		{"attendance.absent", month, p.Absent},
	})
}

// attendanceBucket is the attendance counter of an attendee status (online
// attendance counts as present), "" for an unknown status. The values are
// also rollup_meetings columns.
func attendanceBucket(status string) string {
	switch status {
	case "present", "remote":
		return "present"
	case "leave", "absent":
		return status
	}
	return ""
}

// correctedPayload is the part of orglife's meeting.attendance_corrected
// payload rollup reads: the status before and after.
type correctedPayload struct {
	MeetingID string `json:"meeting_id"`
	Status    string `json:"status"`
	Previous  string `json:"previous"`
}

// onAttendanceCorrected moves one attendee from the old status's counter
// to the new one's, in the month and org the meeting was counted in. A
// correction of a meeting rollup never counted is ignored.
func (s *Store) onAttendanceCorrected(ctx context.Context, tx *db.Tx, e outbox.Delivered) error {
	var p correctedPayload
	if err := e.Decode(&p); err != nil {
		slog.Warn("rollup: unreadable correction skipped", "event", e.ID, "err", err)
		return nil
	}
	from, to := attendanceBucket(p.Previous), attendanceBucket(p.Status)
	if from == "" || to == "" || from == to {
		return nil
	}
	var path, month string
	var seq int64
	err := tx.QueryRowContext(ctx, "SELECT org_path, month, seq FROM rollup_meetings WHERE meeting_id = ?",
		p.MeetingID).Scan(&path, &month, &seq)
	if db.IsNoRows(err) || (err == nil && seq >= e.Seq) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE rollup_meetings SET "+from+" = "+from+" - 1, "+to+" = "+to+" + 1, seq = ?"+
		" WHERE meeting_id = ?", e.Seq, p.MeetingID); err != nil {
		return err
	}
	return s.add(ctx, tx, path, []Delta{{"attendance." + from, month, -1}, {"attendance." + to, month, 1}})
}
