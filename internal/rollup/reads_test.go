package rollup

import (
	"context"
	"slices"
	"testing"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func TestMembersListPagesByName(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.tree(t)
		for _, n := range []string{"丁", "甲", "乙", "丙", "戊"} {
			e.add(t, "A1", e.person(n, "1980-01-01", "full", "2010-07-01", "2011-07-01"))
		}
		e.add(t, "A1", e.person("甲", "1985-01-01", "probationary", "2026-01-01", "")) // a namesake
		e.add(t, "B1", e.person("己", "1980-01-01", "full", "2010-07-01", "2011-07-01"))
		e.sync(t)
		var names []string
		after := ""
		for {
			page, err := e.s.Members(ctx, e.path(t, "A"), "members.total", "all", after, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range page {
				names = append(names, m.Name)
			}
			if len(page) < 2 {
				break
			}
			last := page[len(page)-1]
			after = last.Name + "\x00" + last.ID
		}
		if got := len(names); got != 6 {
			t.Fatalf("listed %v, want the 6 members under A", names)
		}
		for i := 1; i < len(names); i++ {
			if names[i] < names[i-1] {
				t.Fatalf("not by name: %v", names)
			}
		}
		full, err := e.s.Members(ctx, e.path(t, "R"), "members.status", "full", "", 10)
		if err != nil || len(full) != 6 {
			t.Fatalf("full members under R: %d, %v", len(full), err)
		}
		if _, err := e.s.Members(ctx, e.path(t, "R"), "members.salary", "x", "", 10); !invalid(err) {
			t.Fatalf("unknown metric: %v, want a validation problem", err)
		}
		none, err := e.s.Orgs(ctx, e.path(t, "R"), "orgs.unit_type", "none", "", 10)
		if err != nil || len(none) != 6 {
			t.Fatalf("orgs without unit type: %d, %v", len(none), err)
		}
	})
}

// members.joined counts the active members by the month they joined, and
// its list is theirs.
func TestMembersJoinedByMonth(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.tree(t)
		first := e.add(t, "A1", e.person("甲", "1990-01-01", "probationary", "2026-05-01", ""))
		e.add(t, "B1", e.person("乙", "1990-01-01", "probationary", "2026-05-31", ""))
		e.add(t, "A1", e.person("丙", "1990-01-01", "probationary", "2026-06-01", ""))
		e.add(t, "A2", e.person("丁", "1990-01-01", "probationary", "2026-04-30", ""))
		e.sync(t)
		e.want(t, "R", map[string]int64{"members.joined/2026-04": 1, "members.joined/2026-05": 2, "members.joined/2026-06": 1})
		e.want(t, "A", map[string]int64{"members.joined/2026-04": 1, "members.joined/2026-05": 1, "members.joined/2026-06": 1})
		names := func(org, month string) []string {
			list, err := e.s.Members(ctx, e.path(t, org), "members.joined", month, "", 10)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range list {
				out = append(out, m.Name)
			}
			return out
		}
		if got := names("R", "2026-05"); !slices.Equal(got, []string{"乙", "甲"}) {
			t.Errorf("joined in May under R: %v", got)
		}
		if got := names("A", "2026-05"); !slices.Equal(got, []string{"甲"}) {
			t.Errorf("joined in May under A: %v", got)
		}
		if _, err := e.m.End(ctx, first, members.Ending{Kind: "withdrew", On: "2026-11-20", Reason: "测试"}); err != nil {
			t.Fatal(err)
		}
		e.sync(t)
		e.want(t, "R", map[string]int64{"members.joined/2026-05": 1})
		if got := names("R", "2026-05"); !slices.Equal(got, []string{"乙"}) {
			t.Errorf("joined in May under R after 甲 left: %v", got)
		}
		for _, bad := range []string{"2026-5", "2026", "2026-05-01"} {
			if _, err := e.s.Members(ctx, e.path(t, "R"), "members.joined", bad, "", 10); !invalid(err) {
				t.Errorf("bucket %q: %v, want a validation problem", bad, err)
			}
		}
	})
}

func TestCountsOfSeveralOrgs(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.tree(t)
		e.add(t, "A1", e.person("甲", "1980-01-01", "full", "2010-07-01", "2011-07-01"))
		e.sync(t)
		got, err := e.s.Counts(ctx, []string{e.ids["A"], e.ids["B"], "unknown"}, []string{"members.total", "orgs.kind"})
		if err != nil {
			t.Fatal(err)
		}
		if got[e.ids["A"]]["members.total"]["all"] != 1 || got[e.ids["A"]]["orgs.kind"]["branch"] != 2 ||
			got[e.ids["B"]]["members.total"]["all"] != 0 || got[e.ids["A"]]["members.gender"] != nil || got["unknown"] == nil {
			t.Fatalf("counts %v", got)
		}
	})
}

func TestLocatedOrgsHaveCoordinates(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.tree(t)
		e.org(t, orgs.NewOrg{Name: "A3", Kind: "branch", ParentID: e.ids["A"], Longitude: ptr(116.39), Latitude: ptr(39.91)})
		e.org(t, orgs.NewOrg{Name: "B2", Kind: "branch", ParentID: e.ids["B"], Longitude: ptr(121.47), Latitude: ptr(31.23)})
		e.sync(t)
		got, err := e.s.Located(ctx, e.path(t, "A"), 10)
		if err != nil || len(got) != 1 || got[0].Name != "A3" || *got[0].Longitude != 116.39 || *got[0].Latitude != 39.91 {
			t.Fatalf("located under A: %+v, %v", got, err)
		}
		if all, err := e.s.Located(ctx, e.path(t, "R"), 10); err != nil || len(all) != 2 {
			t.Fatalf("located under R: %+v, %v", all, err)
		}
	})
}
