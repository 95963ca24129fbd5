package assessment_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/assessment"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/outbox"
)

// t0 is Wednesday 20 May 2026, 10:00 in Shanghai.
var t0 = time.Date(2026, 5, 20, 2, 0, 0, 0, time.UTC)

func steps() []db.Migration {
	return slices.Concat(audit.Migrations, outbox.Migrations, assessment.Migrations)
}

// fakeDir is the orgs, members, archive and points capabilities as
// assessment sees them; stats and points are for year 2026 only.
type fakeDir struct {
	mu      sync.Mutex
	orgs    map[string]assessment.OrgRef
	members map[string]assessment.MemberRef
	stats   map[string]assessment.YearStats
	points  map[string]int
}

var _ assessment.Directory = (*fakeDir)(nil)

func (f *fakeDir) Org(_ context.Context, _ db.Querier, id string) (assessment.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.orgs[id]; ok {
		return o, nil
	}
	return assessment.OrgRef{}, db.ErrNoRows
}

func (f *fakeDir) Member(_ context.Context, _ db.Querier, id string) (assessment.MemberRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m, ok := f.members[id]; ok {
		return m, nil
	}
	return assessment.MemberRef{}, db.ErrNoRows
}

func (f *fakeDir) MembersIn(_ context.Context, _ db.Querier, orgID string) ([]assessment.MemberRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []assessment.MemberRef
	for _, m := range f.members {
		if m.Active && m.OrgID == orgID {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b assessment.MemberRef) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func (f *fakeDir) YearStats(_ context.Context, _ db.Querier, ids []string, year int) (map[string]assessment.YearStats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]assessment.YearStats{}
	for _, id := range ids {
		if st, ok := f.stats[id]; ok && year == 2026 {
			out[id] = st
		}
	}
	return out, nil
}

func (f *fakeDir) Points(_ context.Context, _ db.Querier, ids []string, year int) (map[string]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for _, id := range ids {
		if p, ok := f.points[id]; ok && year == 2026 {
			out[id] = p
		}
	}
	return out, nil
}

// env is the service over a fake clock and directory: committee c with
// branches a and b.
type env struct {
	d       *db.DB
	clk     *clock.Fake
	dir     *fakeDir
	srv     *apitest.Server
	c, a, b assessment.OrgRef
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := &env{d: d, clk: clock.NewFake(t0), dir: &fakeDir{orgs: map[string]assessment.OrgRef{},
			members: map[string]assessment.MemberRef{}, stats: map[string]assessment.YearStats{}, points: map[string]int{}}}
		e.c = e.org("c", "/c/", "committee", "机关党委")
		e.a = e.org("a", "/c/a/", "branch", "第一党支部")
		e.b = e.org("b", "/c/b/", "branch", "第二党支部")
		e.srv = apitest.New()
		assessment.New(d, e.clk, e.dir).Routes(e.srv.Router)
		fn(t, e)
	})
}

func (e *env) org(id, path, kind, name string) assessment.OrgRef {
	o := assessment.OrgRef{ID: id, Name: name, Path: path, Kind: kind, Active: true}
	e.dir.orgs[id] = o
	return o
}

// member adds an active full member of o with the year's stats and points.
func (e *env) member(o assessment.OrgRef, id, name string, st assessment.YearStats, points int) {
	e.dir.mu.Lock()
	defer e.dir.mu.Unlock()
	e.dir.members[id] = assessment.MemberRef{ID: id, Name: name, OrgID: o.ID, OrgPath: o.Path, Status: "full",
		JoinedOn: "2010-07-01", FullMemberOn: "2011-07-01", Active: true}
	e.dir.stats[id], e.dir.points[id] = st, points
}

// meetings are year stats with attended of expected meetings (the rest
// absent) and no other record.
func meetings(attended, expected int) assessment.YearStats {
	return assessment.YearStats{MeetingsExpected: expected, MeetingsAttended: attended,
		MeetingsAbsent: expected - attended, DuesMonthsPaid: 5, DuesMonthsOnTime: 5, DuesPaidFen: 5000}
}

func worker(o assessment.OrgRef) *authz.Principal { return principal(o, authz.PartyWorker) }
func viewer(o assessment.OrgRef) *authz.Principal { return principal(o, authz.Viewer) }

func principal(o assessment.OrgRef, r authz.Role) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + string(r) + o.ID, Username: string(r) + "@" + o.ID,
		DisplayName: o.Name + "书记", Grants: []authz.Grant{{ID: "g-" + o.ID, Role: r, OrgID: o.ID, OrgPath: o.Path}}}
}

// cards fetches the cards of o as p.
func (e *env) cards(t *testing.T, p *authz.Principal, o assessment.OrgRef, query string) assessment.Cards {
	t.Helper()
	var out assessment.Cards
	e.srv.Expect(t, p, "GET", "/api/v1/orgs/"+o.ID+"/assessment/cards"+query, nil, http.StatusOK).JSON(t, &out)
	return out
}

// confirm posts items for year at o as p and expects want.
func (e *env) confirm(t *testing.T, p *authz.Principal, o assessment.OrgRef, year int, want int, items ...map[string]string) *apitest.Response {
	t.Helper()
	return e.srv.Expect(t, p, "POST", "/api/v1/orgs/"+o.ID+"/assessment/cards/confirm",
		map[string]any{"year": year, "items": items}, want)
}

func item(member, grade, note string) map[string]string {
	return map[string]string{"member_id": member, "grade": grade, "note": note}
}

// byMember finds member's card.
func byMember(t *testing.T, cs assessment.Cards, member string) assessment.Card {
	t.Helper()
	for _, c := range cs.Cards {
		if c.MemberID == member {
			return c
		}
	}
	t.Fatalf("no card for %s in %+v", member, cs)
	return assessment.Card{}
}

// count runs a COUNT query.
func (e *env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.d.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// fieldErr asserts a 422 naming field with code.
func fieldErr(t *testing.T, r *apitest.Response, field, code string) {
	t.Helper()
	var p struct {
		Errors []struct{ Field, Code, Message string } `json:"errors"`
	}
	r.JSON(t, &p)
	for _, f := range p.Errors {
		if f.Field == field && f.Code == code {
			return
		}
	}
	t.Errorf("no %s error on %s in %s", code, field, r.Body)
}
