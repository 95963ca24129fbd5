package commendations_test

import (
	"bytes"
	"net/http"
	"reflect"
	"testing"

	"dangjian/internal/commendations"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/tabular"
)

// TestGolden: 光荣在党50年 of 2026 takes those full since 1 July 1976 or
// before — the day itself counts, the day after does not — living members
// only, within the caller's subtree; party age counts from 转正.
func TestGolden(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		e.member(tr.b1, "edge", "full", "1976-07-01")
		e.member(tr.b1, "late", "full", "1976-07-02")
		e.member(tr.b2, "elder", "full", "1960-08-15")
		gone := e.member(tr.b1, "gone", "full", "1950-07-01")
		gone.Active = false
		e.put(gone)
		e.member(tr.lead, "above", "full", "1950-07-01")

		var list commendations.GoldenList
		e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/orgs/C/commendations/golden?year=2026", nil, http.StatusOK).JSON(t, &list)
		want := []commendations.GoldenItem{
			{MemberID: "edge", Name: "党员edge", OrgID: "B1", OrgName: "第一党支部", FullMemberOn: "1976-07-01", PartyYears: 50},
			{MemberID: "elder", Name: "党员elder", OrgID: "B2", OrgName: "第二党支部", FullMemberOn: "1960-08-15", PartyYears: 65},
		}
		if list.Cutoff != "1976-07-01" || list.Year != 2026 || !reflect.DeepEqual(list.Items, want) {
			t.Errorf("golden 2026: %+v", list)
		}
		e.srv.Expect(t, viewer(tr.b1), "GET", "/api/v1/orgs/B1/commendations/golden?year=2027", nil, http.StatusOK).JSON(t, &list)
		if list.Cutoff != "1977-07-01" || len(list.Items) != 2 || list.Items[1].MemberID != "late" || list.Items[1].PartyYears != 50 ||
			list.Items[0].PartyYears != 51 {
			t.Errorf("golden 2027 of branch one: %+v", list)
		}
		e.srv.Expect(t, viewer(tr.b1), "GET", "/api/v1/orgs/B2/commendations/golden", nil, http.StatusNotFound)
		e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/orgs/C/commendations/golden?year=x", nil, http.StatusUnprocessableEntity)

		resp := e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/orgs/C/commendations/golden.xlsx?year=2026", nil, http.StatusOK)
		rows, problems, err := tabular.Read(bytes.NewReader(resp.Body), "golden.xlsx", []tabular.Column{{Key: "name", Title: "姓名"},
			{Key: "org", Title: "所在党组织"}, {Key: "years", Title: "党龄（截至7月1日）"}}, tabular.Limits{})
		if err != nil || len(problems) > 0 || len(rows) != 2 || rows[0].Values["name"] != "党员edge" ||
			rows[1].Values["org"] != "第二党支部" || rows[1].Values["years"] != "65" {
			t.Fatalf("xlsx rows %+v, problems %v, err %v", rows, problems, err)
		}
		if ok, err := audit.Has(t.Context(), e.d, "commendation.golden.export"); err != nil || !ok {
			t.Errorf("export not audited: %v %v", ok, err)
		}
	})
}
