package dues_test

import (
	"net/http"
	"slices"
	"testing"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
)

// closeAll closes period at both branches, the committee and the root,
// each upper org confirming what it received first.
func (e *env) closeAll(t *testing.T, p province, period string) {
	t.Helper()
	e.close(t, p.C1, period)
	e.close(t, p.C2, period)
	for _, x := range e.incoming(t, p.C) {
		if x.State == "sent" {
			e.confirm(t, p.C, x.ID)
		}
	}
	c := e.close(t, p.C, period)
	e.confirm(t, p.P, c.Remittance.ID)
	e.close(t, p.P, period)
}

// The root's statement for a year lists its periods and what it owes the
// Centre: 5% of the year's dues it shares, the voluntary payments of ¥1,000
// or more besides, by 30 April of the next year.
func TestRootYearStatementCentreShare(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		p := e.province(t)
		e.set(t, p.P, "dues.branch_share", "10%")
		e.set(t, p.P, "dues.committee_share", "20%")
		e.confirmedBase(t, "p-zhang", rules.Salaried, 480000, "2026-01") // 48.00
		e.confirmedBase(t, "p-wang", rules.Retired, 600000, "2026-01")   // 60.00

		e.at(t, "2026-10-10")
		e.post(t, p.P, "2026-10")
		e.pay(t, p.C1, "p-zhang", "2026-10")
		e.pay(t, p.C2, "p-wang", "2026-10")
		// C1 keeps 480 of 4,800, C2 600 of 6,000; C gets 9,720 and keeps
		// 20% = 1,944; the root receives 7,776.
		e.closeAll(t, p, "2026-10")

		e.at(t, "2026-11-10")
		e.post(t, p.P, "2026-11")
		e.pay(t, p.C1, "p-zhang", "2026-11")
		e.voluntary(t, p.C1, "p-li", 100000)
		// C1 keeps 480 of 4,800 and sends 104,320; C keeps 20% of 4,320 =
		// 864 and sends 103,456, of which 100,000 for the Centre.
		e.closeAll(t, p, "2026-11")

		st := e.statement(t, p.P, "year=2026")
		want := []dues.StatementRow{
			{Period: "2026-10", Money: dues.Money{ReceivedFen: 7776, RetainedFen: 7776}, Closed: true},
			{Period: "2026-11", Money: dues.Money{ReceivedFen: 103456, RetainedFen: 3456, RemittedFen: 100000, CentreFen: 100000}, Closed: true},
		}
		if st.OrgName != "省委" || st.Year != 2026 || st.Month != nil || !slices.Equal(st.Rows, want) {
			t.Fatalf("rows %+v", st.Rows)
		}
		if st.Totals != (dues.Money{ReceivedFen: 111232, RetainedFen: 11232, RemittedFen: 100000, CentreFen: 100000}) {
			t.Fatalf("totals %+v", st.Totals)
		}
		// 5% of 7,776 + 3,456 = 11,232 is 561.6 → 562 fen.
		wantCentre := dues.CentreDue{ShareBP: 500, YearTotalFen: 11232, DueFen: 562, VoluntaryFen: 100000, Deadline: "2027-04-30"}
		if st.Centre == nil || *st.Centre != wantCentre {
			t.Fatalf("centre %+v", st.Centre)
		}

		nov := e.statement(t, p.P, "month=2026-11")
		if nov.Month == nil || *nov.Month != "2026-11" || !slices.Equal(nov.Rows, want[1:]) || nov.Totals != want[1].Money ||
			nov.Centre == nil || nov.Centre.YearTotalFen != 11232 {
			t.Fatalf("November %+v", nov)
		}
		if mid := e.statement(t, p.C, "year=2026"); mid.Centre != nil || len(mid.Rows) != 2 || mid.Totals.RetainedFen != 1944+864 {
			t.Fatalf("committee statement %+v", mid)
		}
		if prev := e.statement(t, p.P, "year=2025"); len(prev.Rows) != 0 || prev.Centre.DueFen != 0 || prev.Centre.Deadline != "2026-04-30" {
			t.Fatalf("2025 %+v", prev)
		}
		if r := e.do(t, viewer(p.P), http.MethodGet, "/api/v1/orgs/"+p.P.ID+"/dues/statement?year=2025", nil, http.StatusOK); !r.Contains(`"rows":[]`) {
			t.Fatalf("empty year: %s", r.Body)
		}
		e.do(t, viewer(p.P), http.MethodGet, "/api/v1/orgs/"+p.P.ID+"/dues/statement?year=2026&month=2025-11", nil, http.StatusUnprocessableEntity)
		e.do(t, viewer(p.C1), http.MethodGet, "/api/v1/orgs/"+p.P.ID+"/dues/statement", nil, http.StatusNotFound)
	})
}

// An open period shows what came in so far, shared by the current settings.
func TestStatementShowsOpenPeriod(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		p := e.province(t)
		e.at(t, "2026-11-10")
		e.set(t, p.P, "dues.branch_share", "25%")
		e.voluntary(t, p.C1, "p-zhang", 5000)
		st := e.statement(t, p.C1, "year=2026")
		want := []dues.StatementRow{{Period: "2026-11", Money: dues.Money{CollectedFen: 5000, RetainedFen: 1250, RemittedFen: 3750}}}
		if !slices.Equal(st.Rows, want) {
			t.Fatalf("open period %+v", st.Rows)
		}
		if empty := e.statement(t, p.C2, "year=2026"); !slices.Equal(empty.Rows, []dues.StatementRow{{Period: "2026-11"}}) {
			t.Fatalf("next period to close %+v", empty.Rows)
		}
	})
}
