package dues

import (
	"context"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/outbox"
)

// reversalOf is the entry that cancels e: the same member, month, org and
// receipt, with the amounts negated.
func reversalOf(e entry, note string) entry {
	return entry{OrgID: e.OrgID, OrgPath: e.OrgPath, MemberID: e.MemberID, Month: e.Month, Kind: kindReversal,
		DueFen: -e.DueFen, PaidFen: -e.PaidFen, Category: e.Category, BaseFen: e.BaseFen, Rule: e.Rule,
		ReceiptID: e.ReceiptID, ReversesID: e.ID, ToCentre: e.ToCentre, Note: note, voluntary: e.voluntary}
}

var errAlreadyReversed = httpx.Conflict("already_reversed", "该记录已冲正，不能重复冲正")

// reverse corrects entry id by a reversing entry (the ledger is never
// edited): DuesManage at the entry's org; each entry at most once.
func (s *Service) reverse(ctx context.Context, id, reason string) (Entry, error) {
	var out Entry
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		orig, reversed, err := loadEntry(ctx, tx, id)
		switch {
		case db.IsNoRows(err) || err == nil && !authz.From(ctx).Can(authz.DuesManage, orig.OrgPath):
			return httpx.NotFound()
		case err != nil:
			return err
		case orig.Kind == kindReversal:
			return httpx.Conflict("reversal_of_reversal", "冲正记录不能再次冲正；如需更正，请重新登记")
		case reversed:
			return errAlreadyReversed
		}
		rev := []entry{reversalOf(orig, reason)}
		if err := s.appendEntries(ctx, tx, rev); err != nil {
			return err
		}
		if orig.PaidFen != 0 {
			if err := s.emitReversed(ctx, tx, orig, rev[0]); err != nil {
				return err
			}
		}
		out = rev[0].view("", false)
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "dues.reverse", TargetType: "dues_entry",
			TargetID: orig.ID, After: map[string]any{"reversal_id": rev[0].ID, "kind": orig.Kind,
				"month": orig.Month.String(), "due_fen": orig.DueFen, "paid_fen": orig.PaidFen, "reason": reason}})
	})
	if db.IsUniqueViolation(err) { // a concurrent reversal of the same entry won
		return out, errAlreadyReversed
	}
	return out, err
}

func (s *Service) emitReversed(ctx context.Context, q db.Querier, orig, rev entry) error {
	return outbox.EmitAt(ctx, q, s.clk.Now(), outbox.Event{Type: EventPaymentReversed, SubjectID: orig.MemberID,
		OrgPath: orig.OrgPath, Payload: map[string]any{"member_id": orig.MemberID, "org_id": orig.OrgID,
			"entry_id": rev.ID, "reverses_id": orig.ID, "month": orig.Month.String(), "amount_fen": orig.PaidFen}})
}

// recharge brings a member's charges from month from on in line with what
// the rules now give (after a base is confirmed or a hardship approved, in
// the caller's transaction): each charge that differs is reversed and
// charged again, in the org that charged it. Months not charged yet are
// left to the monthly posting.
func (s *Service) recharge(ctx context.Context, tx *db.Tx, memberID string, from rules.Month) error {
	mb, err := s.dir.Member(ctx, memberID)
	if db.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	charges, err := activeCharges(ctx, tx, memberID, from)
	if err != nil {
		return err
	}
	var out []entry
	for _, c := range charges {
		as, err := s.assess(ctx, tx, []Member{mb}, c.Month)
		if err != nil {
			return err
		}
		a := as[mb.ID]
		if a.Missing || a.Amount.Fen == c.DueFen {
			continue
		}
		fresh := chargeEntry(mb, c.Month, a)
		fresh.OrgID, fresh.OrgPath = c.OrgID, c.OrgPath
		out = append(out, reversalOf(c, "缴费基数或困难减免变更，按新标准重新计算"), fresh)
	}
	return s.appendEntries(ctx, tx, out)
}

// activeCharges are a member's charges for months from on that have not been
// reversed, by month.
func activeCharges(ctx context.Context, q db.Querier, memberID string, from rules.Month) ([]entry, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+entryColumns("e.")+` FROM dues_entries e
		WHERE e.member_id = ? AND e.month >= ? AND e.kind = '`+kindCharge+`'
		AND NOT EXISTS (SELECT 1 FROM dues_entries r WHERE r.reverses_id = e.id AND r.reverses_id <> '') ORDER BY e.month, e.at`,
		memberID, int(from))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []entry
	for rows.Next() {
		var e entry
		if err := e.scan(rows); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
