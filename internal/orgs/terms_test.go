package orgs_test

import (
	"context"
	"testing"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func setTermOn(t *testing.T, e *env, o orgs.Org, start, end string) {
	t.Helper()
	cur := e.get(t, o.ID)
	if _, err := e.s.Update(context.Background(), o.ID, orgs.Fields{TermStart: &start, TermEnd: &end}, cur.Version); err != nil {
		t.Fatal(err)
	}
}

func TestTermsEndingBeforeListsTheSubtreeEarliestFirstInPages(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		root := e.mk(t, orgs.Org{}, "市委组织部", orgs.KindLeadingBody)
		committee := e.mk(t, root, "局党委", orgs.KindCommittee)
		a := e.mk(t, committee, "一支部", orgs.KindBranch)
		b := e.mk(t, committee, "二支部", orgs.KindBranch)
		c := e.mk(t, committee, "三支部", orgs.KindBranch)
		other := e.mk(t, root, "另一党委", orgs.KindCommittee)
		setTermOn(t, e, committee, "2021-01-01", "2026-01-01") // the list's own org: never listed
		setTermOn(t, e, a, "2023-05-01", "2026-05-01")
		setTermOn(t, e, b, "2023-03-01", "2026-03-01")
		setTermOn(t, e, c, "2024-12-01", "2027-12-01") // not ended
		setTermOn(t, e, other, "2020-01-01", "2025-01-01")

		first, err := e.s.TermsEndingBefore(ctx, d, committee.Path, "2026-11-22", "", "", 1)
		if err != nil || len(first) != 1 || first[0].ID != b.ID {
			t.Fatalf("first page = %v, %v; want 二支部 (earliest)", first, err)
		}
		next, err := e.s.TermsEndingBefore(ctx, d, committee.Path, "2026-11-22", first[0].TermEnd, first[0].ID, 5)
		if err != nil || len(next) != 1 || next[0].ID != a.ID {
			t.Fatalf("second page = %v, %v; want 一支部 only", next, err)
		}
		n, err := e.s.CountTermsEndingBefore(ctx, d, committee.Path, "2026-11-22")
		if err != nil || n != 2 {
			t.Fatalf("count = %d, %v; want 2", n, err)
		}
		// The boundary: a term ending on the given day is not before it.
		if n, _ := e.s.CountTermsEndingBefore(ctx, d, committee.Path, "2026-03-01"); n != 0 {
			t.Fatalf("count before 2026-03-01 = %d; want 0", n)
		}
	})
}

func TestReplacePositionsEndsTheOldCommitteeAndAppointsTheNew(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		root := e.mk(t, orgs.Org{}, "组织部", orgs.KindLeadingBody)
		branch := e.mk(t, e.mk(t, root, "党委", orgs.KindCommittee), "支部", orgs.KindBranch)
		for _, id := range []string{"old-sec", "new-sec", "new-dep", "leader"} {
			e.m.add(id, id, branch, "full")
		}
		for _, p := range []orgs.NewPosition{{MemberID: "old-sec", Title: "secretary", StartOn: "2023-01-01"},
			{MemberID: "leader", Title: "group_leader", StartOn: "2023-01-01"}} {
			if _, err := e.s.AddPosition(ctx, branch.ID, p); err != nil {
				t.Fatal(err)
			}
		}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := e.s.SetTermIn(ctx, tx, branch.ID, "2026-11-20", "2029-11-19"); err != nil {
				return err
			}
			return e.s.ReplacePositionsIn(ctx, tx, branch.ID, "2026-11-20",
				[]orgs.Post{{MemberID: "new-sec", Title: "secretary"}, {MemberID: "new-dep", Title: "deputy_secretary"}})
		})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		all, _ := e.s.Positions(ctx, d, branch.ID, true)
		for _, p := range all {
			got[p.MemberID+"/"+p.Title] = p.StartOn + ".." + p.EndOn
		}
		want := map[string]string{"old-sec/secretary": "2023-01-01..2026-11-19", "leader/group_leader": "2023-01-01..",
			"new-sec/secretary": "2026-11-20..", "new-dep/deputy_secretary": "2026-11-20.."}
		if len(got) != len(want) {
			t.Fatalf("positions = %v; want %v", got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Fatalf("%s = %q; want %q (all: %v)", k, got[k], v, got)
			}
		}
		if o := e.get(t, branch.ID); o.TermStart != "2026-11-20" || o.TermEnd != "2029-11-19" {
			t.Fatalf("term = %s..%s", o.TermStart, o.TermEnd)
		}
		// A member outside the org cannot be appointed; nothing is half-written.
		outsider := e.mk(t, e.mk(t, root, "外单位党委", orgs.KindCommittee), "外单位支部", orgs.KindBranch)
		e.m.add("stranger", "stranger", outsider, "full")
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return e.s.ReplacePositionsIn(ctx, tx, branch.ID, "2026-12-01", []orgs.Post{{MemberID: "stranger", Title: "secretary"}})
		})
		if err == nil {
			t.Fatal("a member outside the org was appointed")
		}
		if cur, _ := e.s.Positions(ctx, d, branch.ID, false); len(cur) != 3 {
			t.Fatalf("after the refused replacement %d current posts; want 3", len(cur))
		}
	})
}

func TestFindBranchesSearchesTheWholePlatform(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		root := e.mk(t, orgs.Org{}, "省委组织部", orgs.KindLeadingBody)
		a := e.mk(t, e.mk(t, root, "甲县委", orgs.KindCommittee), "甲县财政局党支部", orgs.KindBranch)
		e.mk(t, e.mk(t, root, "乙县委", orgs.KindCommittee), "乙县财政局党委", orgs.KindCommittee)
		found, err := e.s.FindBranches(ctx, d, "财政局", 10)
		if err != nil || len(found) != 1 || found[0].ID != a.ID {
			t.Fatalf("found %v, %v; want only the branch", found, err)
		}
		if found, _ := e.s.FindBranches(ctx, d, "  ", 10); len(found) != 0 {
			t.Fatalf("an empty search found %d", len(found))
		}
		if found, _ := e.s.FindBranches(ctx, d, "100%", 10); len(found) != 0 {
			t.Fatalf("a LIKE wildcard matched %d", len(found))
		}
	})
}
