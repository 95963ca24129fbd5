package dues_test

import (
	"net/http"
	"testing"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
)

// incoming lists the remittances sent to o this year.
func (e *env) incoming(t *testing.T, o dues.OrgRef) []dues.Remittance {
	t.Helper()
	var list dues.Remittances
	e.do(t, viewer(o), http.MethodGet, "/api/v1/orgs/"+o.ID+"/dues/remittances", nil, http.StatusOK).JSON(t, &list)
	return list.Incoming
}

// A committee closes only once it has confirmed what its branches sent; a
// branch cannot confirm its own remittance; the root closes without one.
func TestCommitteeClosesAfterConfirming(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		p := e.province(t)
		e.at(t, "2026-11-10")
		e.set(t, p.P, "dues.committee_share", "20%")
		e.confirmedBase(t, "p-zhang", rules.Salaried, 480000, "2026-01")
		e.confirmedBase(t, "p-wang", rules.Retired, 600000, "2026-01") // 1% → 60.00
		e.post(t, p.P, "2026-11")
		e.pay(t, p.C1, "p-zhang", "2026-11")
		e.pay(t, p.C2, "p-wang", "2026-11")
		x1 := e.close(t, p.C1, "2026-11").Remittance
		x2 := e.close(t, p.C2, "2026-11").Remittance

		r := e.do(t, secretary(p.C), http.MethodPost, "/api/v1/orgs/"+p.C.ID+"/dues/periods/2026-11/close", nil, http.StatusConflict)
		if !r.Contains("一支部（2026年11月）") || !r.Contains("二支部（2026年11月）") {
			t.Fatalf("unconfirmed children not named: %s", r.Body)
		}
		e.do(t, secretary(p.C1), http.MethodPost, "/api/v1/dues/remittances/"+x1.ID+"/confirm", nil, http.StatusNotFound)
		e.do(t, viewer(p.C), http.MethodPost, "/api/v1/dues/remittances/"+x1.ID+"/confirm", nil, http.StatusForbidden)
		e.do(t, secretary(p.C), http.MethodPost, "/api/v1/dues/remittances/nope/confirm", nil, http.StatusNotFound)
		got := e.confirm(t, p.C, x1.ID)
		if got.State != "confirmed" || got.Counted != "2026-11" || got.ConfirmedBy != "书记" || got.Note != "已到账" ||
			got.FromOrgName != "一支部" {
			t.Fatalf("confirmed %+v", got)
		}
		e.do(t, secretary(p.C), http.MethodPost, "/api/v1/dues/remittances/"+x1.ID+"/confirm", nil, http.StatusConflict)
		e.do(t, secretary(p.C), http.MethodPost, "/api/v1/orgs/"+p.C.ID+"/dues/periods/2026-11/close", nil, http.StatusConflict)
		e.confirm(t, p.C, x2.ID)

		// 4,800 + 6,000 collected below; the branches keep 0% (default).
		c := e.close(t, p.C, "2026-11")
		if c.CollectedFen != 0 || c.ReceivedFen != 10800 || c.RetainedFen != 2160 || c.RemittedFen != 8640 ||
			c.Remittance == nil || c.Remittance.ToOrgID != p.P.ID || c.Remittance.RetainBP != 2000 {
			t.Fatalf("committee closed %+v", c)
		}
		var list dues.Remittances
		e.do(t, viewer(p.C), http.MethodGet, "/api/v1/orgs/"+p.C.ID+"/dues/remittances?year=2026", nil, http.StatusOK).JSON(t, &list)
		if len(list.Incoming) != 2 || len(list.Outgoing) != 1 || list.Outgoing[0].RemittedFen != 8640 ||
			list.Incoming[0].State != "confirmed" || list.Incoming[1].State != "confirmed" {
			t.Fatalf("remittances %+v", list)
		}
		e.do(t, viewer(p.C1), http.MethodGet, "/api/v1/orgs/"+p.C.ID+"/dues/remittances", nil, http.StatusNotFound)

		e.confirm(t, p.P, c.Remittance.ID)
		root := e.close(t, p.P, "2026-11")
		if root.Remittance != nil || root.ReceivedFen != 8640 || root.RetainedFen != 8640 || root.RemittedFen != 0 {
			t.Fatalf("root closed %+v", root)
		}
	})
}

// A remittance confirmed after its month counts in that month at the upper
// org while the upper org has not closed it, else in its next period.
func TestLateConfirmationCountsInItsPeriod(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		p := e.octoberPaid(t)
		x1 := e.close(t, p.C1, "2026-10").Remittance
		e.at(t, "2026-11-03")
		if got := e.confirm(t, p.C, x1.ID); got.Counted != "2026-10" {
			t.Fatalf("counted in %s, want 2026-10", got.Counted)
		}
		if c := e.close(t, p.C, "2026-10"); c.ReceivedFen != 4800 || c.RemittedFen != 4800 {
			t.Fatalf("committee October %+v", c)
		}
		x2 := e.close(t, p.C2, "2026-10").Remittance // after the committee closed October
		if got := e.confirm(t, p.C, x2.ID); got.Counted != "2026-11" {
			t.Fatalf("counted in %s, want 2026-11", got.Counted)
		}
	})
}
