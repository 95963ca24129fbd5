package rollup

import (
	"context"
	"testing"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// A moved subtree takes its totals from the ancestors it left to the ones
// it joined, and its members' paths follow.
func TestOrgMoveCarriesSubtreeTotals(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.tree(t)
		for _, name := range []string{"甲", "乙", "丙"} {
			e.add(t, "A1", e.person(name, "1980-01-01", "full", "2010-07-01", "2011-07-01"))
		}
		e.add(t, "B1", e.person("丁", "1985-01-01", "probationary", "2026-03-01", ""))
		e.sync(t)
		if _, err := e.orgs.Move(ctx, e.ids["A1"], e.ids["B"], nil); err != nil {
			t.Fatal(err)
		}
		e.add(t, "A1", e.person("戊", "1990-01-01", "full", "2012-07-01", "2013-07-01")) // counted at A1's new path
		e.sync(t)
		e.want(t, "A", map[string]int64{"members.total/all": 0, "members.status/full": 0, "orgs.kind/branch": 1,
			"orgs.size/ok": 0, "orgs.size/too_small": 1})
		e.want(t, "B", map[string]int64{"members.total/all": 5, "members.status/full": 4, "orgs.kind/branch": 2,
			"orgs.size/ok": 1, "orgs.size/too_small": 1})
		e.want(t, "A1", map[string]int64{"members.total/all": 4, "orgs.kind/branch": 1})
		e.want(t, "R", map[string]int64{"members.total/all": 5, "orgs.kind/branch": 3})

		list, err := e.s.Members(ctx, e.path(t, "B"), "members.status", "full", "", 10)
		if err != nil || len(list) != 4 {
			t.Fatalf("full members under B: %+v, %v", list, err)
		}
		for _, m := range list {
			if m.OrgPath != e.path(t, "A1") {
				t.Errorf("%s listed at %s, want A1's new path %s", m.Name, m.OrgPath, e.path(t, "A1"))
			}
		}
		var depth int
		var parent string
		if err := d.QueryRowContext(ctx, "SELECT depth, parent_id FROM rollup_orgs WHERE org_id = ?", e.ids["A1"]).
			Scan(&depth, &parent); err != nil || depth != 2 || parent != e.ids["B"] {
			t.Fatalf("A1 depth %d parent %s (%v)", depth, parent, err)
		}
	})
}
