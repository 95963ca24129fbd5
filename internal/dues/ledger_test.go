package dues_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/authz"
)

// ledgerOf reads a branch's ledger for a month as p.
func (e *env) ledgerOf(t *testing.T, p *authz.Principal, o dues.OrgRef, month string) dues.LedgerView {
	t.Helper()
	var v dues.LedgerView
	e.do(t, p, "GET", "/api/v1/orgs/"+o.ID+"/dues/ledger?month="+month, nil, 200).JSON(t, &v)
	return v
}

// row is a member's row of a ledger.
func row(t *testing.T, v dues.LedgerView, memberID string) dues.LedgerRow {
	t.Helper()
	for _, r := range v.Rows {
		if r.MemberID == memberID {
			return r
		}
	}
	t.Fatalf("no ledger row for %s in %+v", memberID, v.Rows)
	return dues.LedgerRow{}
}

// entriesOf lists a member's ledger entries as p.
func (e *env) entriesOf(t *testing.T, p *authz.Principal, memberID string) []dues.Entry {
	t.Helper()
	var out struct{ Items []dues.Entry }
	e.do(t, p, "GET", "/api/v1/dues/members/"+memberID+"/entries", nil, 200).JSON(t, &out)
	return out.Items
}

// postMonth posts a month's charges under o as p.
func (e *env) postMonth(t *testing.T, p *authz.Principal, o dues.OrgRef, month string) dues.PostResult {
	t.Helper()
	var r dues.PostResult
	e.do(t, p, "POST", "/api/v1/orgs/"+o.ID+"/dues/months/"+month+"/post", nil, 200).JSON(t, &r)
	return r
}

// payBody is a batch of one line per member, all paying the same months.
func payBody(method, ref string, consent bool, months []string, memberIDs ...string) map[string]any {
	var lines []map[string]any
	for _, id := range memberIDs {
		lines = append(lines, map[string]any{"member_id": id, "months": months, "method": method, "reference": ref})
	}
	return map[string]any{"payments": lines, "branch_consent": consent}
}

// payBatch records a batch and returns its receipts.
func (e *env) payBatch(t *testing.T, o dues.OrgRef, body map[string]any) []dues.Receipt {
	t.Helper()
	var out struct{ Receipts []dues.Receipt }
	e.do(t, secretary(o), "POST", "/api/v1/orgs/"+o.ID+"/dues/payments", body, 201).JSON(t, &out)
	return out.Receipts
}

func TestChargePaymentReversalRoundTrip(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 480000, "2026-01")
		e.confirmedBase(t, "m-yi", rules.Retired, 300000, "2026-01")

		res := e.postMonth(t, secretary(w.A), w.A, "2026-03")
		if res.Posted != 2 || res.Already != 0 || res.MissingCount != 1 || len(res.Missing) != 1 ||
			res.Missing[0].MemberID != "m-bing" || res.Missing[0].OrgName != "第一支部" {
			t.Fatalf("post: %+v", res)
		}
		v := e.ledgerOf(t, secretary(w.A), w.A, "2026-03")
		jia := row(t, v, "m-jia")
		if jia.DueFen != 4800 || jia.PaidFen != 0 || jia.OwedFen != 4800 || jia.AmountFen != 4800 ||
			!strings.Contains(jia.Rule, "4,800.00") || !slices.Equal(jia.UnpaidMonths, []string{"2026-03"}) {
			t.Fatalf("甲 charged: %+v", jia)
		}
		if yi := row(t, v, "m-yi"); yi.DueFen != 1500 || yi.CategoryLabel != "离退休" {
			t.Fatalf("乙 charged: %+v", yi)
		}
		if bing := row(t, v, "m-bing"); !bing.Missing || bing.DueFen != 0 {
			t.Fatalf("丙 without a base: %+v", bing)
		}
		if v.Totals.DueFen != 6300 || v.Totals.OwedFen != 6300 || v.Totals.Members != 3 || v.Period != "2026-03" || v.Closed {
			t.Fatalf("totals: %+v period %s", v.Totals, v.Period)
		}

		rs := e.payBatch(t, w.A, payBody("cash", "", false, []string{"2026-03"}, "m-jia"))
		if len(rs) != 1 || rs[0].TotalFen != 4800 || rs[0].Number != "2026-000001" || rs[0].MethodLabel != "现金" {
			t.Fatalf("receipts: %+v", rs)
		}
		v = e.ledgerOf(t, secretary(w.A), w.A, "2026-03")
		if jia := row(t, v, "m-jia"); jia.PaidFen != 4800 || jia.OwedFen != 0 || len(jia.UnpaidMonths) != 0 {
			t.Fatalf("甲 paid: %+v", jia)
		}
		if v.Totals.PaidFen != 4800 || v.Totals.OwedFen != 1500 || v.Totals.PaidMembers != 1 {
			t.Fatalf("totals after payment: %+v", v.Totals)
		}

		entries := e.entriesOf(t, secretary(w.A), "m-jia")
		if len(entries) != 2 || entries[0].Kind != "charge" || entries[1].Kind != "payment" ||
			entries[1].ReceiptNumber != "2026-000001" || entries[1].Period != "2026-03" {
			t.Fatalf("entries: %+v", entries)
		}
		payment := entries[1]
		var rev dues.Entry
		e.do(t, secretary(w.A), "POST", "/api/v1/dues/entries/"+payment.ID+"/reverse",
			map[string]string{"reason": "误录"}, 201).JSON(t, &rev)
		if rev.Kind != "reversal" || rev.PaidFen != -4800 || rev.ReversesID != payment.ID || rev.Note != "误录" {
			t.Fatalf("reversal: %+v", rev)
		}
		v = e.ledgerOf(t, secretary(w.A), w.A, "2026-03")
		if jia := row(t, v, "m-jia"); jia.PaidFen != 0 || jia.OwedFen != 4800 || !slices.Equal(jia.UnpaidMonths, []string{"2026-03"}) {
			t.Fatalf("甲 after reversal: %+v", jia)
		}
		var rc dues.Receipt
		e.do(t, viewer(w.R), "GET", "/api/v1/dues/receipts/"+rs[0].ID, nil, 200).JSON(t, &rc)
		if !rc.Reversed || rc.Number != "2026-000001" || rc.OrgName != "第一支部" {
			t.Fatalf("receipt after reversal: %+v", rc)
		}
		entries = e.entriesOf(t, viewer(w.R), "m-jia")
		if len(entries) != 3 || !entries[1].Reversed || entries[2].Kind != "reversal" {
			t.Fatalf("entries after reversal: %+v", entries)
		}

		e.do(t, secretary(w.A), "POST", "/api/v1/dues/entries/"+payment.ID+"/reverse", map[string]string{"reason": "再冲"}, 409)
		e.do(t, secretary(w.A), "POST", "/api/v1/dues/entries/"+rev.ID+"/reverse", map[string]string{"reason": "冲冲正"}, 409)
		e.do(t, secretary(w.A), "POST", "/api/v1/dues/entries/"+entries[0].ID+"/reverse", map[string]string{"reason": ""}, 422)

		paid, reversed := e.events(t, dues.EventPaid), e.events(t, dues.EventPaymentReversed)
		if len(paid) != 1 || len(reversed) != 1 {
			t.Fatalf("events: paid %v reversed %v", paid, reversed)
		}
		var ev map[string]any
		json.Unmarshal([]byte(paid[0]), &ev)
		if ev["month"] != "2026-03" || ev["amount_fen"] != 4800.0 || ev["on_time"] != true || ev["entry_id"] != payment.ID {
			t.Fatalf("dues.paid: %v", ev)
		}
		json.Unmarshal([]byte(reversed[0]), &ev)
		if ev["reverses_id"] != payment.ID || ev["entry_id"] != rev.ID || ev["amount_fen"] != 4800.0 {
			t.Fatalf("dues.payment_reversed: %v", ev)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action IN ('dues.post', 'dues.payment', 'dues.reverse')"); n != 3 {
			t.Fatalf("audit rows: %d", n)
		}
	})
}

func TestLedgerScope(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 480000, "2026-01")
		e.postMonth(t, admin(w.R), w.R, "2026-03")
		rs := e.payBatch(t, w.A, payBody("transfer", "TX-1", false, []string{"2026-03"}, "m-jia"))
		entries := e.entriesOf(t, secretary(w.A), "m-jia")

		// Another branch, an outside org: nothing to see.
		e.do(t, secretary(w.B), "GET", "/api/v1/orgs/"+w.A.ID+"/dues/ledger", nil, 404)
		e.do(t, secretary(w.X1), "GET", "/api/v1/dues/receipts/"+rs[0].ID, nil, 404)
		e.do(t, secretary(w.X1), "GET", "/api/v1/dues/receipts/"+rs[0].ID+"/pdf", nil, 404)
		e.do(t, secretary(w.X1), "GET", "/api/v1/dues/members/m-jia/entries", nil, 404)
		e.do(t, secretary(w.B), "POST", "/api/v1/dues/entries/"+entries[0].ID+"/reverse", map[string]string{"reason": "越权"}, 404)
		e.do(t, secretary(w.B), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/payments", payBody("cash", "", false, []string{"2026-03"}, "m-yi"), 404)
		// A viewer reads but does not write; a member has no dues permission.
		e.do(t, viewer(w.R), "GET", "/api/v1/orgs/"+w.A.ID+"/dues/ledger", nil, 200)
		e.do(t, viewer(w.R), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/months/2026-03/post", nil, 403)
		e.do(t, member("m-jia", w.A), "GET", "/api/v1/dues/members/m-jia/entries", nil, 403)
		// A committee has no ledger of its own and takes no payments.
		e.do(t, admin(w.R), "GET", "/api/v1/orgs/"+w.R.ID+"/dues/ledger", nil, 409)
		e.do(t, admin(w.R), "POST", "/api/v1/orgs/"+w.R.ID+"/dues/payments", payBody("cash", "", false, []string{"2026-03"}, "m-yi"), 409)
		// Entries of a member who has left stay visible where they were made.
		e.endMember("m-jia")
		if got := e.entriesOf(t, admin(w.R), "m-jia"); len(got) != 2 {
			t.Fatalf("entries of a former member: %+v", got)
		}
		e.do(t, secretary(w.B), "GET", "/api/v1/dues/members/m-jia/entries", nil, 404)
	})
}

func TestEntriesAfterClosingLandInTheNextPeriod(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 480000, "2026-01")
		e.postMonth(t, secretary(w.A), w.A, "2026-03")
		e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/periods/2026-03/close", nil, 201)
		v := e.ledgerOf(t, secretary(w.A), w.A, "2026-03")
		if !v.Closed || v.Period != "2026-04" {
			t.Fatalf("after closing March: closed %v, period %s", v.Closed, v.Period)
		}
		// Still March by the calendar: paying March is back-pay now.
		errs := e.refused(t, w.A, payBody("cash", "", false, []string{"2026-03"}, "m-jia"))
		if !strings.Contains(errs["payments[0].months"], "须经支部同意") {
			t.Fatalf("paying a closed month without consent: %v", errs)
		}
		e.payBatch(t, w.A, payBody("cash", "", true, []string{"2026-03"}, "m-jia"))
		entries := e.entriesOf(t, secretary(w.A), "m-jia")
		if len(entries) != 2 || entries[0].Period != "2026-03" || entries[1].Period != "2026-04" {
			t.Fatalf("periods: %+v", entries)
		}
		if paid := e.events(t, dues.EventPaid); len(paid) != 1 || !strings.Contains(paid[0], `"on_time":false`) {
			t.Fatalf("a month paid after its period closed is late: %v", paid)
		}
	})
}
