package commendations_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/commendations"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/outbox"
)

// t0 is Monday 2 March 2026, 09:00 in Shanghai.
var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// fakeDir is the orgs, members and archive capabilities as commendations
// sees them. stats are the archive's figures by year and member.
type fakeDir struct {
	mu      sync.Mutex
	orgs    map[string]commendations.OrgRef
	members map[string]commendations.MemberRef
	stats   map[int]map[string]commendations.YearStats
}

var _ commendations.Directory = (*fakeDir)(nil)

func (f *fakeDir) Org(_ context.Context, _ db.Querier, id string) (commendations.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.orgs[id]; ok {
		return o, nil
	}
	return commendations.OrgRef{}, db.ErrNoRows
}

func (f *fakeDir) OrgsUnder(_ context.Context, _ db.Querier, path string) ([]commendations.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []commendations.OrgRef
	for _, o := range f.orgs {
		if o.Active && strings.HasPrefix(o.Path, path) {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b commendations.OrgRef) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

func (f *fakeDir) Member(_ context.Context, _ db.Querier, id string) (commendations.MemberRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m, ok := f.members[id]; ok {
		return m, nil
	}
	return commendations.MemberRef{}, db.ErrNoRows
}

// under lists the members under path that keep says to, by path and name.
func (f *fakeDir) under(path string, keep func(commendations.MemberRef) bool) []commendations.MemberRef {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []commendations.MemberRef
	for _, m := range f.members {
		if m.Active && strings.HasPrefix(m.OrgPath, path) && keep(m) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b commendations.MemberRef) int {
		if c := strings.Compare(a.OrgPath, b.OrgPath); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

func (f *fakeDir) MembersUnder(_ context.Context, _ db.Querier, path string) ([]commendations.MemberRef, error) {
	return f.under(path, func(commendations.MemberRef) bool { return true }), nil
}

func (f *fakeDir) FullSince(_ context.Context, _ db.Querier, path, cutoff string) ([]commendations.MemberRef, error) {
	return f.under(path, func(m commendations.MemberRef) bool { return m.FullMemberOn != "" && m.FullMemberOn <= cutoff }), nil
}

func (f *fakeDir) YearStats(_ context.Context, _ db.Querier, ids []string, year int) (map[string]commendations.YearStats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]commendations.YearStats{}
	for _, id := range ids {
		if st, ok := f.stats[year][id]; ok {
			out[id] = st
		}
	}
	return out, nil
}

// env is a commendations service over a fake clock and directory.
type env struct {
	d   *db.DB
	clk *clock.Fake
	dir *fakeDir
	s   *commendations.Service
	srv *apitest.Server
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	steps := slices.Concat(audit.Migrations, outbox.Migrations, commendations.Migrations)
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e := &env{d: d, clk: clock.NewFake(t0), dir: &fakeDir{orgs: map[string]commendations.OrgRef{},
			members: map[string]commendations.MemberRef{}, stats: map[int]map[string]commendations.YearStats{}}}
		e.s = commendations.New(d, e.clk, e.dir)
		e.srv = apitest.New()
		e.s.Routes(e.srv.Router)
		fn(t, e)
	})
}

// org adds an active org of kind under parent (nil: a root) with ID id.
func (e *env) org(parent *commendations.OrgRef, id, kind, name string) commendations.OrgRef {
	o := commendations.OrgRef{ID: id, Name: name, Kind: kind, Path: "/" + id + "/", Active: true}
	if parent != nil {
		o.ParentID, o.Path = parent.ID, parent.Path+id+"/"
	}
	e.dir.mu.Lock()
	e.dir.orgs[id] = o
	e.dir.mu.Unlock()
	return o
}

// member adds an active member of o; status "full" (转正 on fullOn) or
// "probationary".
func (e *env) member(o commendations.OrgRef, id, status, fullOn string) commendations.MemberRef {
	m := commendations.MemberRef{ID: id, Name: "党员" + id, OrgID: o.ID, OrgPath: o.Path, Status: status,
		JoinedOn: "2000-07-01", FullMemberOn: fullOn, Active: true}
	e.put(m)
	return m
}

func (e *env) put(m commendations.MemberRef) {
	e.dir.mu.Lock()
	e.dir.members[m.ID] = m
	e.dir.mu.Unlock()
}

// stat sets a member's archive figures of year.
func (e *env) stat(year int, id string, st commendations.YearStats) {
	e.dir.mu.Lock()
	defer e.dir.mu.Unlock()
	if e.dir.stats[year] == nil {
		e.dir.stats[year] = map[string]commendations.YearStats{}
	}
	e.dir.stats[year][id] = st
}

// tree is 组织部 (leading body) over a committee with a general branch and
// two branches; the first branch has a party group. Branch one has full
// members m1, m2 and a probationary p1; branch two has n1.
type tree struct {
	lead, c, gb, b1, b2, g commendations.OrgRef
}

func (e *env) tree() tree {
	var tr tree
	tr.lead = e.org(nil, "L", "leading_body", "组织部")
	tr.c = e.org(&tr.lead, "C", "committee", "机关党委")
	tr.gb = e.org(&tr.c, "GB", "general_branch", "机关党总支")
	tr.b1 = e.org(&tr.c, "B1", "branch", "第一党支部")
	tr.b2 = e.org(&tr.c, "B2", "branch", "第二党支部")
	tr.g = e.org(&tr.b1, "G", "group", "第一党小组")
	e.member(tr.b1, "m1", "full", "2010-07-01")
	e.member(tr.b1, "m2", "full", "2012-07-01")
	e.member(tr.b1, "p1", "probationary", "")
	e.member(tr.b2, "n1", "full", "2015-07-01")
	return tr
}
