package dues_test

import (
	"net/http"
	"reflect"
	"testing"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/apitest"
)

// A branch closes November: it keeps its configured share of what it
// collected (rounded by its subtree's rule) and sends the rest up; what is
// recorded afterwards lands in December and November's statement stays as
// it was.
func TestCloseKeepsShareAndFreezesThePeriod(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		p := e.province(t)
		e.at(t, "2026-11-10")
		e.set(t, p.P, "dues.branch_share", "10%")
		e.set(t, p.C2, "dues.rounding", "up")
		e.confirmedBase(t, "p-zhang", rules.Salaried, 480000, "2026-01") // 1% → 48.00
		e.confirmedBase(t, "p-li", rules.Salaried, 333333, "2026-01")    // 1% → 33.3333 → 33.33
		e.confirmedBase(t, "p-wang", rules.Salaried, 333333, "2026-01")  // rounded up: 33.34
		e.post(t, p.P, "2026-11")
		e.pay(t, p.C1, "p-zhang", "2026-11")
		e.pay(t, p.C1, "p-li", "2026-11")
		e.pay(t, p.C2, "p-wang", "2026-11")

		c := e.close(t, p.C1, "2026-11")
		// 4,800 + 3,333 = 8,133 fen; 10% = 813.3 → 813 kept, 7,320 sent up.
		if c.Period != "2026-11" || c.CollectedFen != 8133 || c.ReceivedFen != 0 || c.RetainedFen != 813 ||
			c.RemittedFen != 7320 || c.CentreFen != 0 {
			t.Fatalf("closed %+v", c)
		}
		x := c.Remittance
		if x == nil || x.FromOrgID != p.C1.ID || x.FromOrgName != "一支部" || x.ToOrgID != p.C.ID ||
			x.ToOrgName != "市直机关工委" || x.Period != "2026-11" || x.RetainBP != 1000 || x.RemittedFen != 7320 ||
			x.State != "sent" || x.SentBy != "书记" {
			t.Fatalf("remittance %+v", x)
		}
		// Rounded up at C2: 3,334 fen collected, 333.4 → 334 kept.
		if c2 := e.close(t, p.C2, "2026-11"); c2.CollectedFen != 3334 || c2.RetainedFen != 334 || c2.RemittedFen != 3000 {
			t.Fatalf("C2 closed %+v", c2)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'dues.period.close'"); n != 2 {
			t.Fatalf("%d close audits", n)
		}

		before := e.statement(t, p.C1, "month=2026-11")
		e.pay(t, p.C1, "p-zhang", "2026-12") // ahead, after the close, still in November
		dec := month(t, "2026-12")
		if got := e.count(t, "SELECT MAX(period) FROM dues_entries WHERE member_id = 'p-zhang' AND month = ?", int(dec)); got != int64(dec) {
			t.Fatalf("payment after the close filed in period %s, want 2026-12", rules.Month(got))
		}
		if after := e.statement(t, p.C1, "month=2026-11"); !reflect.DeepEqual(before, after) || len(after.Rows) != 1 ||
			!after.Rows[0].Closed || after.Rows[0].CollectedFen != 8133 || after.Totals.RetainedFen != 813 {
			t.Fatalf("November changed: %+v → %+v", before, after)
		}
		year := e.statement(t, p.C1, "year=2026")
		if len(year.Rows) != 2 || year.Rows[1].Period != "2026-12" || year.Rows[1].Closed ||
			year.Rows[1].CollectedFen != 4800 || year.Rows[1].RetainedFen != 480 || year.Totals.CollectedFen != 12933 {
			t.Fatalf("year %+v", year)
		}

		closeAs := func(period string, want int) *apitest.Response {
			return e.do(t, secretary(p.C1), http.MethodPost, "/api/v1/orgs/"+p.C1.ID+"/dues/periods/"+period+"/close", nil, want)
		}
		if r := closeAs("2026-11", http.StatusConflict); !r.Contains("已结账") {
			t.Fatalf("closing twice: %s", r.Body)
		}
		if r := closeAs("2026-12", http.StatusConflict); !r.Contains("尚未开始") {
			t.Fatalf("closing a month not begun: %s", r.Body)
		}
		closeAs("2026-13", http.StatusUnprocessableEntity)
		e.do(t, secretary(p.C2), http.MethodPost, "/api/v1/orgs/"+p.C1.ID+"/dues/periods/2026-11/close", nil, http.StatusNotFound)
		e.do(t, viewer(p.C1), http.MethodPost, "/api/v1/orgs/"+p.C1.ID+"/dues/periods/2026-11/close", nil, http.StatusForbidden)
		g := e.mkOrg(&p.C1, "group", "第一党小组")
		e.do(t, secretary(g), http.MethodPost, "/api/v1/orgs/"+g.ID+"/dues/periods/2026-11/close", nil, http.StatusConflict)

		e.at(t, "2026-12-03")
		if d := e.close(t, p.C1, "2026-12"); d.CollectedFen != 4800 || d.RetainedFen != 480 || d.RemittedFen != 4320 {
			t.Fatalf("December closed %+v", d)
		}
	})
}

// Periods close in order: a branch that forgot to close October in
// October closes it in November before November.
func TestPeriodsCloseInOrder(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		p := e.octoberPaid(t)
		e.at(t, "2026-11-05")
		r := e.do(t, secretary(p.C1), http.MethodPost, "/api/v1/orgs/"+p.C1.ID+"/dues/periods/2026-11/close", nil, http.StatusConflict)
		if !r.Contains("请先结账2026年10月") {
			t.Fatalf("skipping October: %s", r.Body)
		}
		if c := e.close(t, p.C1, "2026-10"); c.CollectedFen != 4800 {
			t.Fatalf("October %+v", c)
		}
		if c := e.close(t, p.C1, "2026-11"); c.CollectedFen != 0 || c.Remittance == nil || c.Remittance.RemittedFen != 0 {
			t.Fatalf("November %+v", c)
		}
	})
}

// A single voluntary payment of ¥1,000 goes to the Centre whole, through
// every level; ¥999.99 is shared like dues.
func TestVoluntaryToCentrePassesUpWhole(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		p := e.province(t)
		e.at(t, "2026-11-10")
		e.set(t, p.P, "dues.branch_share", "10%")
		e.set(t, p.P, "dues.committee_share", "20%")
		e.voluntary(t, p.C1, "p-zhang", 100000)
		e.voluntary(t, p.C1, "p-li", 99999)
		if n := e.count(t, "SELECT COUNT(*) FROM dues_entries WHERE kind = 'voluntary' AND to_centre = 1 AND member_id = 'p-zhang'"); n != 1 {
			t.Fatal("¥1,000.00 not flagged for the Centre")
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dues_entries WHERE to_centre = 1 AND member_id = 'p-li'"); n != 0 {
			t.Fatal("¥999.99 flagged for the Centre")
		}
		// Branch: 10% of 99,999 = 9,999.9 → 10,000 kept.
		b := e.close(t, p.C1, "2026-11")
		if b.CollectedFen != 199999 || b.CentreFen != 100000 || b.RetainedFen != 10000 || b.RemittedFen != 189999 {
			t.Fatalf("branch %+v", b)
		}
		e.close(t, p.C2, "2026-11")
		for _, x := range e.incoming(t, p.C) {
			e.confirm(t, p.C, x.ID)
		}
		// Committee: 20% of (189,999 − 100,000) = 17,999.8 → 18,000 kept.
		c := e.close(t, p.C, "2026-11")
		if c.ReceivedFen != 189999 || c.CentreFen != 100000 || c.RetainedFen != 18000 || c.RemittedFen != 171999 {
			t.Fatalf("committee %+v", c)
		}
		e.confirm(t, p.P, c.Remittance.ID)
		root := e.close(t, p.P, "2026-11")
		if root.ReceivedFen != 171999 || root.CentreFen != 100000 || root.RetainedFen != 71999 || root.RemittedFen != 100000 {
			t.Fatalf("root %+v", root)
		}
	})
}
