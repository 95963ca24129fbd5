package notify

import (
	"context"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// InboxItem is one message as its recipient sees it.
type InboxItem struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	SubjectID   string `json:"subject_id"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	Link        string `json:"link"`
	AckRequired bool   `json:"ack_required"`
	CreatedAt   string `json:"created_at"`
	ReadAt      string `json:"read_at"`
	AckedAt     string `json:"acked_at"`
}

// visible excludes messages whose subject the sender withdrew.
const visible = ` AND NOT EXISTS (SELECT 1 FROM message_subjects w WHERE w.subject_id = messages.subject_id)`

const inboxColumns = "id, kind, subject_id, title, body, link, ack_required, created_at, read_at, acked_at"

func scanItem(sc interface{ Scan(...any) error }) (InboxItem, error) {
	var it InboxItem
	var ack int
	var created, read, acked int64
	err := sc.Scan(&it.ID, &it.Kind, &it.SubjectID, &it.Title, &it.Body, &it.Link, &ack, &created, &read, &acked)
	it.AckRequired = ack == 1
	it.CreatedAt, it.ReadAt, it.AckedAt = clock.Stamp(created), clock.Stamp(read), clock.Stamp(acked)
	return it, err
}

// Inbox lists an addressee's messages, newest first, optionally only unread.
func (s *Service) Inbox(ctx context.Context, addressee string, unreadOnly bool, limit, offset int) ([]InboxItem, int, error) {
	where := "WHERE recipient = ?" + visible
	if unreadOnly {
		where += " AND read_at = 0"
	}
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM messages "+where, addressee).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+inboxColumns+" FROM messages "+where+
		" ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", addressee, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	items := []InboxItem{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, 0, err
		}
		items = append(items, it)
	}
	return items, total, rows.Err()
}

// Unread counts an addressee's unread messages (the badge).
func (s *Service) Unread(ctx context.Context, addressee string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM messages WHERE recipient = ? AND read_at = 0"+visible,
		addressee).Scan(&n)
	return n, err
}

// Item loads one of the addressee's messages (db.ErrNoRows when it is not
// theirs, or was withdrawn).
func (s *Service) Item(ctx context.Context, addressee, id string) (InboxItem, error) {
	return scanItem(s.db.QueryRowContext(ctx, "SELECT "+inboxColumns+
		" FROM messages WHERE id = ? AND recipient = ?"+visible, id, addressee))
}

// Received finds the addressee's copy about a subject, of kind (db.ErrNoRows
// when they received none): what lets a member open a notice sent to them.
func (s *Service) Received(ctx context.Context, addressee, kind, subjectID string) (InboxItem, error) {
	return scanItem(s.db.QueryRowContext(ctx, "SELECT "+inboxColumns+` FROM messages
		WHERE subject_id = ? AND kind = ? AND recipient = ?`+visible+" ORDER BY created_at LIMIT 1",
		subjectID, kind, addressee))
}

// MarkRead marks the addressee's message read (idempotent) and counts it in
// the subject's tallies the first time.
func (s *Service) MarkRead(ctx context.Context, addressee, id string) error {
	return s.mark(ctx, addressee, id, "read_at", "read_count", "")
}

// Ack confirms receipt (回执) of a message that asks for it; confirming also
// reads it.
func (s *Service) Ack(ctx context.Context, addressee, id string) error {
	if err := s.MarkRead(ctx, addressee, id); err != nil {
		return err
	}
	return s.mark(ctx, addressee, id, "acked_at", "ack_count", " AND ack_required = 1")
}

// mark stamps column once and counts it in the subject's tallies; cond
// narrows which messages may be marked.
func (s *Service) mark(ctx context.Context, addressee, id, column, counter, cond string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var kind, subject, orgPath string
		err := tx.QueryRowContext(ctx, "UPDATE messages SET "+column+" = ? WHERE id = ? AND recipient = ? AND "+
			column+" = 0"+cond+" RETURNING kind, subject_id, org_path", ms(s.clk.Now()), id, addressee).Scan(&kind, &subject, &orgPath)
		if db.IsNoRows(err) {
			return nil // already marked, or not theirs: nothing changes
		}
		if err != nil {
			return err
		}
		return bump(ctx, tx, counter, kind, subject, orgPath)
	})
}

// MarkAllRead marks every unread message of the addressee read, in one
// transaction, counting each in its subject's tallies.
func (s *Service) MarkAllRead(ctx context.Context, addressee string) (int, error) {
	type marked struct{ kind, subject, path string }
	var list []marked
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		list = nil // a retried transaction starts over
		rows, err := tx.QueryContext(ctx, "UPDATE messages SET read_at = ? WHERE recipient = ? AND read_at = 0"+visible+
			" RETURNING kind, subject_id, org_path", ms(s.clk.Now()), addressee)
		if err != nil {
			return err
		}
		for rows.Next() {
			var m marked
			if err := rows.Scan(&m.kind, &m.subject, &m.path); err != nil {
				rows.Close()
				return err
			}
			list = append(list, m)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, m := range list {
			if err := bump(ctx, tx, "read_count", m.kind, m.subject, m.path); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	return len(list), err
}

// Withdraw hides every message about subjectID from every inbox and stops
// a fan-out still under way. The messages stay for the record.
func (s *Service) Withdraw(ctx context.Context, q db.Querier, subjectID string) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO message_subjects (subject_id, withdrawn_at) VALUES (?, ?)
		ON CONFLICT (subject_id) DO NOTHING`, subjectID, ms(s.clk.Now())); err != nil {
		return err
	}
	return s.cancelFanouts(ctx, q, subjectID)
}
