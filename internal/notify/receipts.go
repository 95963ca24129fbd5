package notify

import (
	"context"
	"errors"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// Receipt states a drill-down can filter by.
const (
	StateUnread    = "unread"
	StateRead      = "read"
	StateAcked     = "acked"
	StateNotAcked  = "not_acked" // read or not, but not confirmed
	StateAllStates = ""
)

// Receipt is one recipient's copy of a subject, for the sender's drill-down.
type Receipt struct {
	Recipient string `json:"recipient_id"`
	Name      string `json:"name"`
	OrgID     string `json:"org_id"`
	ReadAt    string `json:"read_at"`
	AckedAt   string `json:"acked_at"`
}

var errState = errors.New("notify: unknown receipt state")

func stateCond(state string) (string, error) {
	switch state {
	case StateAllStates:
		return "", nil
	case StateUnread:
		return " AND read_at = 0", nil
	case StateRead:
		return " AND read_at > 0", nil
	case StateAcked:
		return " AND acked_at > 0", nil
	case StateNotAcked:
		return " AND acked_at = 0", nil
	}
	return "", errState
}

// ValidState reports whether state is one Receipts accepts.
func ValidState(state string) bool { _, err := stateCond(state); return err == nil }

// Receipts pages through the copies of a subject under an org path, in
// (org, recipient) order, with the recipients' names.
func (s *Service) Receipts(ctx context.Context, kind, subjectID, path, state string, limit, offset int) ([]Receipt, int, error) {
	cond, err := stateCond(state)
	if err != nil {
		return nil, 0, err
	}
	where := " WHERE subject_id = ? AND kind = ? AND org_path >= ? AND org_path < ?" + cond
	args := []any{subjectID, kind, path, db.PrefixEnd(path)}
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM messages"+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT recipient, org_id, read_at, acked_at FROM messages"+where+
		" ORDER BY org_path, recipient LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []Receipt{}
	var idList []string
	for rows.Next() {
		var r Receipt
		var read, acked int64
		if err := rows.Scan(&r.Recipient, &r.OrgID, &read, &acked); err != nil {
			return nil, 0, err
		}
		r.ReadAt, r.AckedAt = clock.Stamp(read), clock.Stamp(acked)
		list = append(list, r)
		idList = append(idList, r.Recipient)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	names, err := s.dir.Names(ctx, idList)
	for i := range list {
		list[i].Name = names[list[i].Recipient]
	}
	return list, total, err
}

// unreadRecipients returns up to limit recipients of a subject who have not
// read it, after the cursor, in (org_path, recipient) order: the audience of
// a one-time reminder.
func (s *Service) unreadRecipients(ctx context.Context, kind, subjectID string, after Cursor, limit int) ([]Recipient, Cursor, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT recipient, org_id, org_path FROM messages
		WHERE subject_id = ? AND kind = ? AND read_at = 0 AND (org_path > ? OR (org_path = ? AND recipient > ?))
		ORDER BY org_path, recipient LIMIT ?`, subjectID, kind, after.Path, after.Path, after.ID, limit)
	if err != nil {
		return nil, after, err
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		if err := rows.Scan(&r.ID, &r.OrgID, &r.OrgPath); err != nil {
			return nil, after, err
		}
		out = append(out, r)
		after = Cursor{Path: r.OrgPath, ID: r.ID}
	}
	return out, after, rows.Err()
}
