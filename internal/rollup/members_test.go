package rollup

import (
	"context"
	"testing"

	"dangjian/internal/members"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func ptr[T any](v T) *T { return &v }

func TestMemberEventsKeepSubtreeCounts(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.tree(t)
		p1 := e.add(t, "A1", e.person("甲", "1990-05-01", "full", "2015-07-01", "2016-07-01")) // male, 36, 党龄 10
		p2 := e.add(t, "A1", e.person("乙", "2000-01-01", "probationary", "2026-01-01", ""))   // female, 26
		e.sync(t)
		for _, org := range []string{"A1", "A", "R"} {
			e.want(t, org, map[string]int64{"members.total/all": 2, "members.status/full": 1,
				"members.status/probationary": 1, "members.gender/male": 1, "members.gender/female": 1,
				"members.age_band/31_40": 1, "members.age_band/u30": 1, "members.party_age_band/6_10": 1,
				"members.party_age_band/probationary": 1, "members.ethnicity/汉族": 2,
				"members.education/bachelor": 2, "members.category/enterprise": 2})
		}
		e.want(t, "B", map[string]int64{"members.total/all": 0})

		if _, err := e.m.Move(ctx, p1, e.ids["B1"], "工作调动"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.m.Update(ctx, p2, members.Patch{Status: ptr("full"), FullMemberOn: ptr("2026-11-01"),
			Education: ptr("master")}); err != nil {
			t.Fatal(err)
		}
		e.sync(t)
		e.want(t, "A1", map[string]int64{"members.total/all": 1, "members.status/full": 1, "members.gender/male": 0,
			"members.education/master": 1, "members.education/bachelor": 0, "members.party_age_band/u5": 1})
		e.want(t, "B1", map[string]int64{"members.total/all": 1, "members.gender/male": 1})
		e.want(t, "R", map[string]int64{"members.total/all": 2, "members.status/full": 2, "members.status/probationary": 0})

		if _, err := e.m.End(ctx, p1, members.Ending{Kind: "deceased", On: "2026-11-20", Reason: "病故"}); err != nil {
			t.Fatal(err)
		}
		e.sync(t)
		e.want(t, "B", map[string]int64{"members.total/all": 0, "members.gender/male": 0})
		e.want(t, "R", map[string]int64{"members.total/all": 1})

		// A redelivery of everything (a cursor moved back) counts nothing twice.
		if _, err := d.ExecContext(ctx, "UPDATE outbox_cursors SET last_seq = 0"); err != nil {
			t.Fatal(err)
		}
		e.sync(t)
		e.want(t, "R", map[string]int64{"members.total/all": 1, "members.status/full": 1, "members.gender/female": 1})
	})
}

// A branch's size and committee classes follow its own full members.
func TestBranchClassesFollowMembers(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.tree(t)
		e.sync(t)
		e.want(t, "R", map[string]int64{"orgs.size/too_small": 3, "orgs.committee/not_required": 3, "orgs.size/ok": 0})
		e.want(t, "A", map[string]int64{"orgs.size/too_small": 2})
		for i := range 7 {
			e.add(t, "A2", e.person("党员"+string(rune('a'+i)), "1980-01-01", "full", "2010-07-01", "2011-07-01"))
			if i == 2 {
				e.sync(t)
				e.want(t, "R", map[string]int64{"orgs.size/too_small": 2, "orgs.size/ok": 1, "orgs.committee/not_required": 3})
			}
		}
		e.sync(t)
		e.want(t, "R", map[string]int64{"orgs.size/ok": 1, "orgs.committee/required": 1, "orgs.committee/not_required": 2})
		e.want(t, "A2", map[string]int64{"orgs.committee/required": 1, "orgs.size/ok": 1})
		e.want(t, "B", map[string]int64{"orgs.committee/required": 0, "orgs.size/too_small": 1})
	})
}
