package rollup

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func TestOrgFiguresFollowOrgEvents(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.tree(t)
		e.org(t, orgs.NewOrg{Name: "A3", Kind: "branch", ParentID: e.ids["A"], UnitType: "school", TermEnd: "2026-12-31"})
		e.sync(t)
		e.want(t, "R", map[string]int64{"orgs.kind/leading_body": 1, "orgs.kind/committee": 2, "orgs.kind/branch": 4,
			"orgs.unit_type/none": 6, "orgs.unit_type/school": 1, "orgs.term_state/none": 5, "orgs.term_state/ok": 1})
		e.want(t, "A", map[string]int64{"orgs.kind/committee": 1, "orgs.kind/branch": 3, "orgs.kind/leading_body": 0})

		unit := "enterprise"
		if _, err := e.orgs.Update(ctx, e.ids["A1"], orgs.Fields{UnitType: &unit}, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := e.orgs.Dissolve(ctx, e.ids["A2"], "2026-11-20", "合并"); err != nil {
			t.Fatal(err)
		}
		e.sync(t)
		e.want(t, "A", map[string]int64{"orgs.kind/branch": 2, "orgs.unit_type/enterprise": 1, "orgs.unit_type/none": 1,
			"orgs.size/too_small": 2, "orgs.committee/not_required": 2})

		// The term runs out on 2026-12-31: overdue from 2027-01-01, once refreshed.
		e.clk.Set(time.Date(2026, 12, 31, 16, 5, 0, 0, time.UTC)) // 2027-01-01 00:05 in Shanghai
		e.want(t, "A3", map[string]int64{"orgs.term_state/ok": 1, "orgs.term_state/overdue": 0})
		if err := e.s.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		e.want(t, "A3", map[string]int64{"orgs.term_state/ok": 0, "orgs.term_state/overdue": 1})
		e.want(t, "R", map[string]int64{"orgs.term_state/overdue": 1, "orgs.term_state/none": 4})

		rows, err := e.s.Orgs(ctx, e.path(t, "R"), "orgs.term_state", "overdue", "", 10)
		if err != nil || len(rows) != 1 || rows[0].Name != "A3" || rows[0].TermEnd != "2026-12-31" || rows[0].ParentID != e.ids["A"] {
			t.Fatalf("overdue orgs %+v, %v", rows, err)
		}
	})
}

func TestTermState(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ kind, end, want string }{
		{"branch", "", "none"}, {"branch", "2026-11-22", "ok"}, {"committee", "2026-11-21", "overdue"},
		{"general_branch", "2030-01-01", "ok"}, {"group", "2020-01-01", ""}, {"leading_body", "", ""},
	} {
		if got := termState(c.kind, c.end, today); got != c.want {
			t.Errorf("termState(%s, %q) = %q, want %q", c.kind, c.end, got, c.want)
		}
	}
}

func TestBranchClasses(t *testing.T) {
	branch := org{Kind: "branch", Status: "active"}
	for _, c := range []struct {
		o               org
		total, full     int64
		size, committee string
	}{
		{branch, 2, 2, "too_small", "not_required"},
		{branch, 3, 3, "ok", "not_required"},
		{branch, 50, 7, "ok", "required"},
		{branch, 51, 40, "too_large", "required"},
		{org{Kind: "general_branch", Status: "active"}, 1, 1, "", ""},
		{org{Kind: "branch", Status: "dissolved"}, 0, 0, "", ""},
	} {
		size, committee := classes(c.o, c.total, c.full)
		if size != c.size || committee != c.committee {
			t.Errorf("classes(%+v, %d, %d) = %s, %s", c.o, c.total, c.full, size, committee)
		}
	}
}
