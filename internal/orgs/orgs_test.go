package orgs_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/outbox"
)

var steps = append(append(append([]db.Migration{}, audit.Migrations...), outbox.Migrations...), orgs.Migrations...)

type env struct {
	d   *db.DB
	s   *orgs.Service
	m   *fakeMembers
	clk *clock.Fake
}

func newEnv(t *testing.T, d *db.DB) *env {
	clk := clock.NewFake(time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC))
	e := &env{d: d, s: orgs.New(d, clk), m: newFakeMembers(), clk: clk}
	e.s.SetMembers(e.m)
	return e
}

func (e *env) mk(t *testing.T, parent orgs.Org, name, kind string) orgs.Org {
	t.Helper()
	o, err := e.s.Create(context.Background(), orgs.NewOrg{ParentID: parent.ID, Name: name, Kind: kind, Code: name})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return o
}

func (e *env) get(t *testing.T, id string) orgs.Org {
	t.Helper()
	o, err := e.s.Get(context.Background(), e.d, id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func code(err error) string {
	var he *httpx.Error
	if errors.As(err, &he) {
		if len(he.Fields) > 0 {
			return he.Code + ":" + he.Fields[0].Field
		}
		return he.Code
	}
	if err != nil {
		return "error:" + err.Error()
	}
	return ""
}

func TestTreeKindsAndPaths(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		root := e.mk(t, orgs.Org{}, "市委组织部", orgs.KindLeadingBody)
		c := e.mk(t, root, "某党委", orgs.KindCommittee)
		b := e.mk(t, c, "第一支部", orgs.KindBranch)
		g := e.mk(t, b, "第一党小组", orgs.KindGroup)
		if want := root.Path + c.ID + "/" + b.ID + "/" + g.ID + "/"; g.Path != want || g.Depth != 3 {
			t.Fatalf("path %q depth %d, want %q 3", g.Path, g.Depth, want)
		}
		if n := e.get(t, c.ID).ChildCount; n != 1 {
			t.Errorf("child count %d", n)
		}
		ctx := context.Background()
		cases := []struct {
			parent orgs.Org
			kind   string
			want   string
		}{
			{g, orgs.KindGroup, "validation_failed:kind"},
			{b, orgs.KindBranch, "validation_failed:kind"},
			{root, orgs.KindGroup, "validation_failed:kind"},
			{orgs.Org{ID: "nope"}, orgs.KindBranch, "validation_failed:parent_id"},
			{c, "club", "validation_failed:kind"},
		}
		for _, tc := range cases {
			_, err := e.s.Create(ctx, orgs.NewOrg{ParentID: tc.parent.ID, Name: "x", Kind: tc.kind})
			if got := code(err); got != tc.want {
				t.Errorf("%s under %q: %s, want %s", tc.kind, tc.parent.Name, got, tc.want)
			}
		}
		_, err := e.s.Create(ctx, orgs.NewOrg{ParentID: c.ID, Name: "重复编码", Kind: orgs.KindBranch, Code: "第一支部"})
		if code(err) != "duplicate_code" {
			t.Errorf("duplicate code: %v", err)
		}
		_, err = e.s.Create(ctx, orgs.NewOrg{ParentID: c.ID, Name: "临时", Kind: orgs.KindBranch, Temporary: true})
		if code(err) != "validation_failed:end_date" {
			t.Errorf("temporary without end date: %v", err)
		}
	})
}

func TestMoveRewritesTheSubtree(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		root := e.mk(t, orgs.Org{}, "R", orgs.KindLeadingBody)
		a := e.mk(t, root, "A", orgs.KindCommittee)
		bc := e.mk(t, root, "B", orgs.KindCommittee)
		gb := e.mk(t, a, "A-GB", orgs.KindGeneralBranch)
		br := e.mk(t, gb, "A-GB-1", orgs.KindBranch)
		grp := e.mk(t, br, "A-GB-1-g", orgs.KindGroup)
		e.m.add("m1", "张三", br, "full")

		moved, err := e.s.Move(ctx, gb.ID, bc.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := bc.Path + gb.ID + "/"; moved.Path != want || moved.ParentID != bc.ID {
			t.Fatalf("moved path %q parent %q", moved.Path, moved.ParentID)
		}
		g := e.get(t, grp.ID)
		if want := bc.Path + gb.ID + "/" + br.ID + "/" + grp.ID + "/"; g.Path != want || g.Depth != 4 {
			t.Errorf("descendant path %q depth %d, want %q", g.Path, g.Depth, want)
		}
		if m, _ := e.m.Member(ctx, d, "m1"); !strings.HasPrefix(m.OrgPath, bc.Path) {
			t.Errorf("members not told of the move: %s", m.OrgPath)
		}
		if e.get(t, a.ID).ChildCount != 0 || e.get(t, bc.ID).ChildCount != 1 {
			t.Error("child counts not moved")
		}
		if _, err := e.s.Move(ctx, bc.ID, br.ID, nil); code(err) != "validation_failed:new_parent_id" {
			t.Errorf("move under own descendant: %v", err)
		}
		if _, err := e.s.Move(ctx, root.ID, a.ID, nil); code(err) != "move_root" {
			t.Errorf("move root: %v", err)
		}
		if _, err := e.s.Move(ctx, gb.ID, a.ID, func(string) bool { return false }); code(err) != "not_found" {
			t.Errorf("move outside scope: %v", err)
		}
	})
}

func TestDissolveKeepsHistoryAndNeedsAnEmptyOrg(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		root := e.mk(t, orgs.Org{}, "R", orgs.KindLeadingBody)
		c := e.mk(t, root, "C", orgs.KindCommittee)
		b := e.mk(t, c, "B", orgs.KindBranch)
		e.m.add("m1", "李四", b, "full")
		if _, err := e.s.Dissolve(ctx, c.ID, "2026-11-01", "合并"); code(err) != "org_not_empty" {
			t.Errorf("dissolve with a child: %v", err)
		}
		if _, err := e.s.Dissolve(ctx, b.ID, "2026-11-01", "合并"); code(err) != "org_not_empty" {
			t.Errorf("dissolve with a member: %v", err)
		}
		e.m.list["m1"].Active = false
		if _, err := e.s.Dissolve(ctx, b.ID, "", ""); code(err) != "validation_failed:dissolved_on" {
			t.Errorf("dissolve without date: %v", err)
		}
		done, err := e.s.Dissolve(ctx, b.ID, "2026-11-01", "单位撤并")
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != orgs.StatusDissolved || done.DissolvedOn != "2026-11-01" {
			t.Errorf("dissolved: %+v", done)
		}
		if e.get(t, c.ID).ChildCount != 0 {
			t.Error("parent still counts the dissolved child")
		}
		var n int
		d.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_events WHERE org_id = ?", b.ID).Scan(&n)
		if n != 2 {
			t.Errorf("history entries %d, want created+dissolved", n)
		}
		if _, err := e.s.Update(ctx, b.ID, orgs.Fields{}, 0); code(err) != "org_dissolved" {
			t.Errorf("edit a dissolved org: %v", err)
		}
	})
}

func TestUpdateIsVersionedAndAudited(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		root := e.mk(t, orgs.Org{}, "R", orgs.KindLeadingBody)
		b := e.mk(t, root, "B", orgs.KindBranch)
		name := "机关第一党支部"
		up, err := e.s.Update(ctx, b.ID, orgs.Fields{Name: &name}, b.Version)
		if err != nil || up.Name != name || up.Version != b.Version+1 {
			t.Fatalf("update: %+v %v", up, err)
		}
		if _, err := e.s.Update(ctx, b.ID, orgs.Fields{Name: &name}, b.Version); code(err) != "version_conflict" {
			t.Errorf("stale version: %v", err)
		}
		var n int
		d.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'org.updated' AND target_id = ?", b.ID).Scan(&n)
		if n != 1 {
			t.Errorf("audit rows %d", n)
		}
		d.QueryRowContext(ctx, "SELECT COUNT(*) FROM outbox_events WHERE type = 'org.updated' AND subject_id = ?", b.ID).Scan(&n)
		if n != 1 {
			t.Errorf("outbox rows %d", n)
		}
	})
}
