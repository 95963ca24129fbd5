package rollup

import (
	"context"
	"testing"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// A rebuild replays the outbox into empty tables and ends where the
// incremental rollups were, whatever had happened to them.
func TestRebuildReplaysFromZero(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.tree(t)
		id := e.add(t, "A1", e.person("甲", "1980-01-01", "full", "2010-07-01", "2011-07-01"))
		e.add(t, "B1", e.person("乙", "1990-01-01", "probationary", "2026-01-01", ""))
		e.step()
		if _, err := e.orgs.Move(ctx, e.ids["A1"], e.ids["B"], nil); err != nil {
			t.Fatal(err)
		}
		e.sync(t)
		if err := e.s.Refresh(ctx); err != nil { // a rebuild ends with one
			t.Fatal(err)
		}
		before := stored(t, d)
		if _, err := d.ExecContext(ctx, "UPDATE rollup_counts SET n = n + 5"); err != nil { // damage
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, "DELETE FROM rollup_members WHERE member_id = ?", id); err != nil {
			t.Fatal(err)
		}
		st, err := e.s.Rebuild(ctx, e.x)
		if err != nil {
			t.Fatal(err)
		}
		after := stored(t, d)
		var events int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM outbox_events").Scan(&events); err != nil {
			t.Fatal(err)
		}
		if st.Deliveries != events || len(after) != len(before) {
			t.Fatalf("rebuild delivered %d events, %d counters (was %d)", st.Deliveries, len(after), len(before))
		}
		for k, n := range before {
			if after[k] != n {
				t.Errorf("%v: %d after the rebuild, %d before", k, after[k], n)
			}
		}
		e.want(t, "B", map[string]int64{"members.total/all": 2, "orgs.kind/branch": 2})
		e.want(t, "A", map[string]int64{"members.total/all": 0, "orgs.kind/branch": 1})
	})
}
