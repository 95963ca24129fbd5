package dues

import (
	"context"
	"strings"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// VoluntaryPayment is a member's voluntary payment (自愿多交党费).
type VoluntaryPayment struct {
	MemberID  string `json:"member_id"`
	AmountFen int64  `json:"amount_fen"`
	Method    string `json:"method"`
	Reference string `json:"reference"`
	Note      string `json:"note"`
}

// payVoluntary records a voluntary payment of a member under org in the
// member's own branch ledger, for its open period. Not dues for a month, it
// stays out of the balances; from ¥1,000 it goes wholly to the Centre.
func (s *Service) payVoluntary(ctx context.Context, org OrgRef, v VoluntaryPayment) (Receipt, error) {
	var fe httpx.Fields
	v.Reference, v.Note = strings.TrimSpace(v.Reference), strings.TrimSpace(v.Note)
	mb, err := s.dir.Member(ctx, v.MemberID)
	switch {
	case db.IsNoRows(err) || err == nil && !strings.HasPrefix(mb.OrgPath, org.Path):
		fe.Add("member_id", "not_in_scope", "该党员不在本组织")
	case err != nil:
		return Receipt{}, err
	}
	if v.AmountFen <= 0 || v.AmountFen > rules.MaxFen {
		fe.Add("amount_fen", "invalid", "金额应大于 0 元")
	}
	if len([]rune(v.Note)) > 200 {
		fe.Add("note", "too_long", "备注不能超过 200 个字符")
	}
	checkMethod(v.Method, v.Reference, func(f string) string { return f }, &fe)
	if err := fe.Err(); err != nil {
		return Receipt{}, err
	}
	branch, err := s.dir.Org(ctx, mb.OrgID)
	if err != nil {
		return Receipt{}, err
	}
	var out Receipt
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.lockChains(ctx, tx, []string{branch.ID}); err != nil {
			return err
		}
		period, err := s.openPeriod(ctx, tx, branch.ID)
		if err != nil {
			return err
		}
		r := &Receipt{MemberID: mb.ID, MemberName: mb.Name, Kind: kindVoluntary, TotalFen: v.AmountFen,
			Method: v.Method, Reference: v.Reference, Months: []string{period.String()}}
		if err := s.issueReceipts(ctx, tx, branch, []*Receipt{r}); err != nil {
			return err
		}
		e := []entry{{OrgID: branch.ID, OrgPath: branch.Path, MemberID: mb.ID, Month: period, Kind: kindVoluntary,
			PaidFen: v.AmountFen, Rule: "自愿多交党费", Method: v.Method, Reference: v.Reference, ReceiptID: r.ID,
			ToCentre: rules.GoesToCentre(v.AmountFen), Note: v.Note, voluntary: true}}
		if err := s.appendEntries(ctx, tx, e); err != nil {
			return err
		}
		if err := s.emitPaid(ctx, tx, e); err != nil {
			return err
		}
		out = *r
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "dues.voluntary", TargetType: "dues_receipt",
			TargetID: r.ID, After: map[string]any{"number": r.Number, "amount_fen": v.AmountFen, "to_centre": e[0].ToCentre}})
	})
	return out, err
}
