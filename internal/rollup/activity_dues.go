package rollup

import (
	"context"
	"log/slog"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// paidPayload is the dues capability's dues.paid payload.
type paidPayload struct {
	EntryID   string `json:"entry_id"`
	OrgID     string `json:"org_id"`
	Month     string `json:"month"`
	AmountFen int64  `json:"amount_fen"`
	OnTime    bool   `json:"on_time"`
	Voluntary bool   `json:"voluntary"`
}

// duesEntry is a payment entry as counted.
type duesEntry struct {
	month           string
	members, onTime int64 // 0 or 1
	amountFen       int64
}

func (d duesEntry) deltas(sign int64) []Delta {
	return []Delta{
		{"dues.paid_members", d.month, sign * d.members},
		{"dues.paid_fen", d.month, sign * d.amountFen},
		{"dues.on_time", d.month, sign * d.onTime},
	}
}

// onDuesPaid counts a payment in the dues month it pays, at its org. A
// voluntary payment (自愿多交党费) adds money but neither a paying member
// nor an on-time payment.
func (s *Store) onDuesPaid(ctx context.Context, tx *db.Tx, e outbox.Delivered) error {
	var p paidPayload
	if err := e.Decode(&p); err != nil || p.EntryID == "" || p.Month == "" || e.OrgPath == "" {
		slog.Warn("rollup: unreadable dues event skipped", "event", e.ID, "err", err)
		return nil
	}
	d := duesEntry{month: p.Month, amountFen: p.AmountFen}
	if !p.Voluntary {
		d.members, d.onTime = 1, boolN(p.OnTime)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO rollup_dues_entries (entry_id, org_id, org_path, month, members,
		amount_fen, on_time) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id) DO NOTHING`,
		p.EntryID, p.OrgID, e.OrgPath, d.month, d.members, d.amountFen, d.onTime)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err // counted already
	}
	return s.add(ctx, tx, e.OrgPath, d.deltas(1))
}

// onDuesReversed takes back exactly what the reversed entry added, where it
// was counted; an entry rollup never counted (or took back already) is
// ignored.
func (s *Store) onDuesReversed(ctx context.Context, tx *db.Tx, e outbox.Delivered) error {
	var p struct {
		ReversesID string `json:"reverses_id"`
	}
	if err := e.Decode(&p); err != nil {
		slog.Warn("rollup: unreadable dues reversal skipped", "event", e.ID, "err", err)
		return nil
	}
	var path string
	var d duesEntry
	err := tx.QueryRowContext(ctx, `DELETE FROM rollup_dues_entries WHERE entry_id = ?
		RETURNING org_path, month, members, amount_fen, on_time`, p.ReversesID).Scan(&path, &d.month, &d.members, &d.amountFen, &d.onTime)
	if db.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.add(ctx, tx, path, d.deltas(-1))
}

func boolN(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
