package rollup

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/pii"
)

// testMigrations are the rollups on real orgs and members capabilities.
func testMigrations() []db.Migration {
	return slices.Concat(audit.Migrations, outbox.Migrations, jobs.Migrations, orgs.Migrations, members.Migrations,
		Migrations, ActivityMigrations)
}

// testNow is 2026-11-22 10:00 in Shanghai.
var testNow = time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)

// env runs the rollups behind the real orgs and members services, fed by
// their own events through a dispatcher.
type env struct {
	d    *db.DB
	clk  *clock.Fake
	orgs *orgs.Service
	m    *members.Service
	x    *outbox.Dispatcher
	s    *Store
	ids  map[string]string // org name → ID
	seq  int               // for unique ID numbers
}

// testDirectory is the test's Directory over the orgs and members
// services (the application's is internal/app/rollupdirs.go).
type testDirectory struct {
	orgs    *orgs.Service
	members *members.Service
}

func (x testDirectory) Org(ctx context.Context, q db.Querier, id string) (OrgRef, error) {
	o, err := x.orgs.Get(ctx, q, id)
	return refOf(o), err
}

func (x testDirectory) AllOrgs(ctx context.Context, q db.Querier) ([]OrgRef, error) {
	list, err := x.orgs.All(ctx, q)
	out := make([]OrgRef, len(list))
	for i, o := range list {
		out[i] = refOf(o)
	}
	return out, err
}

func (x testDirectory) MemberPage(ctx context.Context, q db.Querier, after string, limit int) ([]MemberFacts, error) {
	page, err := x.members.Snapshots(ctx, q, after, limit)
	out := make([]MemberFacts, len(page))
	for i, m := range page {
		out[i] = MemberFacts(m)
	}
	return out, err
}

func refOf(o orgs.Org) OrgRef {
	return OrgRef{ID: o.ID, ParentID: o.ParentID, Path: o.Path, Name: o.Name, Kind: o.Kind, UnitType: o.UnitType,
		Status: o.Status, EstablishedOn: o.EstablishedOn, DissolvedOn: o.DissolvedOn, TermEnd: o.TermEnd,
		Longitude: o.Longitude, Latitude: o.Latitude}
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	prot, err := pii.New(pii.ProfileGM, []byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, clk: clock.NewFake(testNow), ids: map[string]string{}}
	e.orgs = orgs.New(d, e.clk)
	e.m = members.New(d, e.clk, e.orgs, prot)
	e.orgs.SetMembers(e.m)
	e.x = outbox.NewDispatcher(d, outbox.WithClock(e.clk))
	e.s = New(d, e.clk, testDirectory{e.orgs, e.m})
	e.s.Subscribe(e.x)
	return e
}

// tree makes the usual test tree:
//
//	R (leading_body) ─┬─ A (committee) ─┬─ A1 (branch)
//	                  │                 └─ A2 (branch)
//	                  └─ B (committee) ─── B1 (branch)
func (e *env) tree(t testing.TB) {
	t.Helper()
	for _, o := range [][3]string{{"R", "leading_body", ""}, {"A", "committee", "R"}, {"B", "committee", "R"},
		{"A1", "branch", "A"}, {"A2", "branch", "A"}, {"B1", "branch", "B"}} {
		e.org(t, orgs.NewOrg{Name: o[0], Kind: o[1], ParentID: e.ids[o[2]]})
	}
}

// org creates an org and remembers its ID by name.
func (e *env) org(t testing.TB, n orgs.NewOrg) string {
	t.Helper()
	if n.Code == "" {
		n.Code = "C-" + n.Name
	}
	e.step()
	o, err := e.orgs.Create(context.Background(), n)
	if err != nil {
		t.Fatalf("create org %s: %v", n.Name, err)
	}
	e.ids[n.Name] = o.ID
	return o.ID
}

// path is the org's path now.
func (e *env) path(t testing.TB, name string) string {
	t.Helper()
	p, err := e.orgs.PathOf(context.Background(), e.d, e.ids[name])
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// person is a member's details with a valid ID number for birth (odd seq
// male, even female).
func (e *env) person(name, birth, status, joined, full string) members.Details {
	e.seq++
	first := "110105" + strings.ReplaceAll(birth, "-", "") + fmt.Sprintf("%03d", e.seq%1000)
	c, err := pii.IDCheckDigit(first)
	if err != nil {
		panic(err)
	}
	gender := "female"
	if e.seq%2 == 1 {
		gender = "male"
	}
	return members.Details{Name: name, Gender: gender, Ethnicity: "汉族", BirthDate: birth, IDNumber: first + string(c),
		Phone: fmt.Sprintf("139%08d", e.seq), Address: "北京市东城区某某街道", Education: "bachelor",
		Category: "enterprise", Status: status, JoinedOn: joined, FullMemberOn: full}
}

// step moves the clock on a second. Events are delivered in the order of
// their time and a random ID, so a test's operations on one member must not
// share a millisecond (as they never do for real).
func (e *env) step() { e.clk.Advance(time.Second) }

// add registers a member in the named org.
func (e *env) add(t testing.TB, org string, d members.Details) string {
	t.Helper()
	e.step()
	m, err := e.m.Create(context.Background(), e.ids[org], d)
	if err != nil {
		t.Fatalf("create member %s: %v", d.Name, err)
	}
	return m.ID
}

// sync delivers every pending event.
func (e *env) sync(t testing.TB) {
	t.Helper()
	for {
		n, err := e.x.DispatchOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// figures reads one org's figures.
func (e *env) figures(t testing.TB, name string) Figures {
	t.Helper()
	c, err := e.s.Counts(context.Background(), []string{e.ids[name]}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c[e.ids[name]]
}

// want checks single figures of an org: "metric/bucket" → n.
func (e *env) want(t testing.TB, name string, want map[string]int64) {
	t.Helper()
	f := e.figures(t, name)
	for k, n := range want {
		metric, bucket, _ := strings.Cut(k, "/")
		if got := f[metric][bucket]; got != n {
			t.Errorf("%s %s = %d, want %d", name, k, got, n)
		}
	}
}

// invalid reports whether err is a validation or conflict problem (a
// random operation the services refused), not a failure.
func invalid(err error) bool {
	var he *httpx.Error
	return errors.As(err, &he)
}
