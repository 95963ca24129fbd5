package dues

import (
	"context"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/db"
)

// Entry is a ledger entry as the API shows it.
type Entry struct {
	ID            string `json:"id"`
	OrgID         string `json:"org_id"`
	Seq           int64  `json:"seq"`
	MemberID      string `json:"member_id"`
	Month         string `json:"month"`
	Period        string `json:"period"`
	Kind          string `json:"kind"`
	DueFen        int64  `json:"due_fen"`
	PaidFen       int64  `json:"paid_fen"`
	Category      string `json:"category"`
	BaseFen       int64  `json:"base_fen"`
	Rule          string `json:"rule"`
	Method        string `json:"method"`
	Reference     string `json:"reference"`
	ReceiptID     string `json:"receipt_id"`
	ReceiptNumber string `json:"receipt_number"`
	ReversesID    string `json:"reverses_id"`
	Reversed      bool   `json:"reversed"`
	ToCentre      bool   `json:"to_centre"`
	Note          string `json:"note"`
	ActorName     string `json:"actor_name"`
	At            int64  `json:"at"`
}

func (e *entry) scan(s interface{ Scan(...any) error }, extra ...any) error {
	var month, period, toCentre int
	err := s.Scan(append([]any{&e.ID, &e.OrgID, &e.OrgPath, &e.Seq, &e.MemberID, &month, &period, &e.Kind,
		&e.DueFen, &e.PaidFen, &e.Category, &e.BaseFen, &e.Rule, &e.Method, &e.Reference, &e.ReceiptID,
		&e.ReversesID, &toCentre, &e.Note, &e.ActorID, &e.ActorName, &e.At, &e.PrevHash, &e.Hash}, extra...)...)
	e.Month, e.Period, e.ToCentre = rules.Month(month), rules.Month(period), toCentre == 1
	e.voluntary = e.Kind == kindVoluntary
	return err
}

// loadEntry reads one entry (db.IsNoRows when unknown) and whether it has
// been reversed.
func loadEntry(ctx context.Context, q db.Querier, id string) (entry, bool, error) {
	var e entry
	var reversed int
	err := e.scan(q.QueryRowContext(ctx, "SELECT "+entryColumns("")+`,
		(SELECT COUNT(*) FROM dues_entries r WHERE r.reverses_id = dues_entries.id AND r.reverses_id <> '')
		FROM dues_entries WHERE id = ?`, id), &reversed)
	return e, reversed > 0, err
}

// viewEntries lists the entries matching where (over dues_entries e) with
// their receipt numbers and whether each was reversed.
func viewEntries(ctx context.Context, q db.Querier, where string, args ...any) ([]Entry, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+entryColumns("e.")+`, COALESCE(rc.number, ''),
		(SELECT COUNT(*) FROM dues_entries r WHERE r.reverses_id = e.id AND r.reverses_id <> '')
		FROM dues_entries e LEFT JOIN dues_receipts rc ON rc.id = e.receipt_id AND e.receipt_id <> ''
		WHERE `+where+" ORDER BY e.month, e.at, e.seq", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		var e entry
		var number string
		var reversed int
		if err := e.scan(rows, &number, &reversed); err != nil {
			return nil, err
		}
		out = append(out, e.view(number, reversed > 0))
	}
	return out, rows.Err()
}

func (e *entry) view(receiptNumber string, reversed bool) Entry {
	return Entry{ID: e.ID, OrgID: e.OrgID, Seq: e.Seq, MemberID: e.MemberID, Month: e.Month.String(),
		Period: e.Period.String(), Kind: e.Kind, DueFen: e.DueFen, PaidFen: e.PaidFen, Category: e.Category,
		BaseFen: e.BaseFen, Rule: e.Rule, Method: e.Method, Reference: e.Reference, ReceiptID: e.ReceiptID,
		ReceiptNumber: receiptNumber, ReversesID: e.ReversesID, Reversed: reversed, ToCentre: e.ToCentre,
		Note: e.Note, ActorName: e.ActorName, At: e.At}
}

// memberEntries is a member's whole ledger history, oldest month first
// (the secretary's view and the member's own).
func memberEntries(ctx context.Context, q db.Querier, memberID string) ([]Entry, error) {
	return viewEntries(ctx, q, "e.member_id = ?", memberID)
}
