package dues

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/outbox"
)

// PaymentLine is one member's payment in a batch.
type PaymentLine struct {
	MemberID  string   `json:"member_id"`
	Months    []string `json:"months"`
	Method    string   `json:"method"` // cash | transfer | online
	Reference string   `json:"reference"`
}

// PaymentBatch is what a secretary records at once: one receipt per line.
type PaymentBatch struct {
	Payments      []PaymentLine `json:"payments"`
	BranchConsent bool          `json:"branch_consent"` // the branch agreed to 补缴 / 预缴
}

// payLine is a line that passed the checks that need no balances.
type payLine struct {
	index             int
	member            Member
	months            []rules.Month
	method, reference string
}

func (l payLine) field(name string) string { return fmt.Sprintf("payments[%d].%s", l.index, name) }

// pay records a batch of payments at a branch in one transaction: any bad
// line refuses the whole batch (422 keyed by line), so a secretary never has
// to work out which half of a form went through.
func (s *Service) pay(ctx context.Context, org OrgRef, b PaymentBatch) ([]Receipt, error) {
	var fe httpx.Fields
	if len(b.Payments) == 0 {
		fe.Add("payments", "required", "请至少登记一名党员的缴费")
		return nil, fe.Err()
	}
	lines, err := s.readLines(ctx, org, b.Payments, &fe)
	if err != nil || len(lines) == 0 { // no line left: fe says why
		return nil, cmp.Or(err, fe.Err())
	}
	var out []Receipt
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		// The head lock first: balances read below cannot change before the
		// payments land, so a month is never paid twice by two secretaries.
		if _, err := s.lockChains(ctx, tx, []string{org.ID}); err != nil {
			return err
		}
		if err := s.checkWindow(ctx, tx, org, lines, b.BranchConsent, &fe); err != nil {
			return err
		}
		dues, err := s.monthDues(ctx, tx, lines, &fe)
		if err != nil {
			return err
		}
		if err := fe.Err(); err != nil {
			return err
		}
		out, err = s.recordPayments(ctx, tx, org, lines, dues)
		return err
	})
	return out, err
}

// readLines checks each line's member, method, reference and months.
func (s *Service) readLines(ctx context.Context, org OrgRef, in []PaymentLine, fe *httpx.Fields) ([]payLine, error) {
	var out []payLine
	seen := map[string]bool{}
	for i, p := range in {
		l := payLine{index: i, method: p.Method, reference: strings.TrimSpace(p.Reference)}
		mb, err := s.dir.Member(ctx, p.MemberID)
		switch {
		case db.IsNoRows(err) || err == nil && mb.OrgID != org.ID:
			fe.Add(l.field("member_id"), "not_in_branch", "该党员不是本支部的党员")
			continue
		case err != nil:
			return nil, err
		case seen[mb.ID]:
			fe.Add(l.field("member_id"), "duplicate", mb.Name+"在本批中重复出现，请合并为一行")
			continue
		}
		seen[mb.ID], l.member = true, mb
		checkMethod(l.method, l.reference, l.field, fe)
		if l.months = readMonths(mb, p.Months, l.field("months"), fe); l.months != nil {
			out = append(out, l)
		}
	}
	return out, nil
}

// checkMethod checks a payment method and that a transfer or an online
// payment names its reference (流水号).
func checkMethod(method, reference string, field func(string) string, fe *httpx.Fields) {
	switch {
	case methodLabels[method] == "":
		fe.Add(field("method"), "invalid", "缴费方式应为现金、银行转账或线上支付")
	case method != "cash" && reference == "":
		fe.Add(field("reference"), "required", methodLabels[method]+"须填写交易流水号")
	case len([]rune(reference)) > 100:
		fe.Add(field("reference"), "too_long", "交易流水号不能超过 100 个字符")
	}
}

// readMonths parses a line's months: distinct, sorted, each owed by mb.
func readMonths(mb Member, in []string, field string, fe *httpx.Fields) []rules.Month {
	if len(in) == 0 {
		fe.Add(field, "required", "请选择缴费月份")
		return nil
	}
	out := make([]rules.Month, 0, len(in))
	for _, s := range in {
		m, err := rules.ParseMonth(s)
		switch {
		case err != nil:
			fe.Add(field, "invalid", "月份格式应为 YYYY-MM："+s)
			return nil
		case slices.Contains(out, m):
			fe.Add(field, "duplicate", m.Label()+"重复")
			return nil
		case !rules.Owes(mb.JoinedOn, m):
			fe.Add(field, "before_joining", fmt.Sprintf("%s %s尚未入党，无需交纳党费", mb.Name, m.Label()))
			return nil
		}
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

// checkWindow applies the back-pay and pay-ahead limits of the branch's
// settings around its open period, and the branch's consent to either.
func (s *Service) checkWindow(ctx context.Context, tx *db.Tx, org OrgRef, lines []payLine, consent bool, fe *httpx.Fields) error {
	period, err := s.openPeriod(ctx, tx, org.ID)
	if err != nil {
		return err
	}
	v, err := s.values(ctx, tx, org.Path)
	if err != nil {
		return err
	}
	back, ahead := v.Int(keyBackpayMonths), v.Int(keyAheadMonths)
	for _, l := range lines {
		for _, m := range l.months {
			if err := rules.CheckPayMonth(m, period, back, ahead); err != nil {
				fe.Add(l.field("months"), "out_of_window", err.Error())
				break
			}
			if m != period && !consent {
				fe.Add(l.field("months"), "consent_required", "补缴或预缴须经支部同意："+m.Label()+"不在本期（"+period.Label()+"）")
				break
			}
		}
	}
	return nil
}

// recordPayments issues a receipt per line and appends a payment entry per
// month, with a dues.paid event each.
func (s *Service) recordPayments(ctx context.Context, tx *db.Tx, org OrgRef, lines []payLine, dues map[memberMonth]monthDue) ([]Receipt, error) {
	rs := make([]*Receipt, len(lines))
	for i, l := range lines {
		rs[i] = &Receipt{MemberID: l.member.ID, MemberName: l.member.Name, Kind: kindPayment, Method: l.method,
			Reference: l.reference}
		for _, m := range l.months {
			rs[i].TotalFen += dues[memberMonth{l.member.ID, m}].fen
			rs[i].Months = append(rs[i].Months, m.String())
		}
	}
	if err := s.issueReceipts(ctx, tx, org, rs); err != nil {
		return nil, err
	}
	var entries []entry
	for i, l := range lines {
		for _, m := range l.months {
			d := dues[memberMonth{l.member.ID, m}]
			entries = append(entries, entry{OrgID: org.ID, OrgPath: org.Path, MemberID: l.member.ID, Month: m,
				Kind: kindPayment, PaidFen: d.fen, Category: d.category, BaseFen: d.baseFen, Rule: d.rule,
				Method: l.method, Reference: l.reference, ReceiptID: rs[i].ID})
		}
	}
	if err := s.appendEntries(ctx, tx, entries); err != nil {
		return nil, err
	}
	if err := s.emitPaid(ctx, tx, entries); err != nil {
		return nil, err
	}
	out := make([]Receipt, len(rs))
	numbers := make([]string, len(rs))
	for i, r := range rs {
		out[i], numbers[i] = *r, r.Number
	}
	return out, audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "dues.payment", TargetType: "org",
		TargetID: org.ID, After: map[string]any{"receipts": numbers, "entries": len(entries)}})
}

// emitPaid records dues.paid for each payment entry; a month is paid on
// time when paid in or before its own period.
func (s *Service) emitPaid(ctx context.Context, q db.Querier, entries []entry) error {
	evs := make([]outbox.Event, len(entries))
	for i, e := range entries {
		p := map[string]any{"member_id": e.MemberID, "org_id": e.OrgID, "month": e.Month.String(),
			"amount_fen": e.PaidFen, "on_time": e.Period <= e.Month, "entry_id": e.ID}
		if e.Kind == kindVoluntary {
			p["voluntary"], p["to_centre"] = true, e.ToCentre
		}
		evs[i] = outbox.Event{Type: EventPaid, SubjectID: e.MemberID, OrgPath: e.OrgPath, Payload: p}
	}
	return outbox.EmitAllAt(ctx, q, s.clk.Now(), evs)
}
