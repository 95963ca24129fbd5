package transfers_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/notify/notifytest"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/pii"
	"dangjian/internal/transfers"
)

// t0 is Monday 2 March 2026, 09:00 in Shanghai.
var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

var steps = slices.Concat(audit.Migrations, outbox.Migrations, jobs.Migrations, notify.Migrations, transfers.Migrations)

// env is a transfers service over a real message center, job runner and
// outbox, with a fake clock and directory.
type env struct {
	d   *db.DB
	clk *clock.Fake
	dir *fakeDir
	nd  *notifytest.Directory
	n   *notify.Service
	run *jobs.Runner
	s   *transfers.Service
	srv *apitest.Server
	w   world
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) { fn(t, newEnv(t, d)) })
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	prot, err := pii.New(pii.ProfileGM, []byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, clk: clock.NewFake(t0), nd: notifytest.New(), dir: newFakeDir()}
	e.run = jobs.NewRunner(d, e.clk, "test")
	e.n = notify.New(d, e.clk, e.nd, prot, e.run, notify.Config{})
	e.s = transfers.New(d, e.clk, e.dir, prot, e.n)
	e.srv = apitest.New()
	e.s.Routes(e.srv.Router)
	e.w = e.world()
	return e
}

// world is a committee R (机关党委) with branches A (第一支部, with a party
// group G) and B (第二支部) and a dissolved branch D; and elsewhere on the
// platform a committee X with branch X1. A has 甲, 乙 (full) and 丙
// (probationary); X1 has 外人. Each branch has an officer.
type world struct {
	R, A, B, G, D, X, X1 transfers.OrgRef
}

func (e *env) world() world {
	var w world
	w.R = e.mkOrg(nil, "committee", "机关党委")
	w.A = e.mkOrg(&w.R, "branch", "第一支部")
	w.B = e.mkOrg(&w.R, "branch", "第二支部")
	w.G = e.mkOrg(&w.A, "group", "第一党小组")
	w.D = e.mkOrg(&w.R, "branch", "已撤销支部")
	w.D.Active = false
	e.dir.orgs[w.D.ID] = w.D
	w.X = e.mkOrg(nil, "committee", "外委")
	w.X1 = e.mkOrg(&w.X, "branch", "外支部")
	e.addMember("m-jia", "甲", w.A, "full")
	e.addMember("m-yi", "乙", w.A, "full")
	e.addMember("m-bing", "丙", w.A, "probationary")
	e.addMember("m-out", "外人", w.X1, "full")
	for id, o := range map[string]transfers.OrgRef{"sec-a": w.A, "sec-b": w.B, "sec-x1": w.X1} {
		e.nd.Add(notifytest.Person{ID: id, Name: id, OrgID: o.ID, OrgPath: o.Path, Officer: true})
	}
	return w
}

func (e *env) mkOrg(parent *transfers.OrgRef, kind, name string) transfers.OrgRef {
	id := ids.New()
	o := transfers.OrgRef{ID: id, Name: name, Kind: kind, Path: "/" + id + "/", Active: true}
	if parent != nil {
		o.ParentID, o.Path = parent.ID, parent.Path+id+"/"
	}
	e.dir.orgs[id] = o
	e.nd.Org(id, o.Path)
	return o
}

func (e *env) addMember(id, name string, o transfers.OrgRef, status string) {
	e.dir.mu.Lock()
	defer e.dir.mu.Unlock()
	e.dir.members[id] = transfers.MemberRef{ID: id, Name: name, OrgID: o.ID, OrgPath: o.Path, Status: status,
		IDMasked: "110105********123X", Active: true}
}

func grant(role authz.Role, o transfers.OrgRef) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + string(role) + "-" + o.ID, Username: string(role), DisplayName: "书记" + o.Name,
		Grants: []authz.Grant{{ID: "g", Role: role, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

// secretary is a party worker (党务工作者) at o.
func secretary(o transfers.OrgRef) *authz.Principal { return grant(authz.PartyWorker, o) }

// viewer is a read-only leader at o.
func viewer(o transfers.OrgRef) *authz.Principal { return grant(authz.Viewer, o) }

func (e *env) do(t *testing.T, p *authz.Principal, method, path string, body any, want int) *apitest.Response {
	t.Helper()
	return e.srv.Expect(t, p, method, path, body, want)
}

// transfer decodes a Transfer answer.
func transfer(t *testing.T, r *apitest.Response) transfers.Transfer {
	t.Helper()
	var tr transfers.Transfer
	r.JSON(t, &tr)
	return tr
}

// internal starts an internal transfer of memberID from o to the branch to
// as o's secretary.
func (e *env) internal(t *testing.T, o transfers.OrgRef, memberID string, to transfers.OrgRef) transfers.Transfer {
	t.Helper()
	return transfer(t, e.do(t, secretary(o), "POST", "/api/v1/orgs/"+o.ID+"/transfers", map[string]any{
		"member_id": memberID, "kind": "internal", "to_org_id": to.ID, "reason": "工作调动", "dues_paid_until": "2026-02"}, 201))
}

// outgoing starts a transfer of memberID out of the platform as o's secretary.
func (e *env) outgoing(t *testing.T, o transfers.OrgRef, memberID string) transfers.Transfer {
	t.Helper()
	return transfer(t, e.do(t, secretary(o), "POST", "/api/v1/orgs/"+o.ID+"/transfers", map[string]any{
		"member_id": memberID, "kind": "outgoing", "to_org_name": "中共杭州市西湖区委组织部", "reason": "调往外省",
		"dues_paid_until": "2026-02"}, 201))
}

// at sets the clock to 09:00 on date (Shanghai) and runs the jobs due.
func (e *env) at(t *testing.T, date string) {
	t.Helper()
	d, _ := time.Parse(clock.DateLayout, date)
	e.clk.Set(time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, clock.Shanghai))
	if err := e.run.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// count runs a query returning one integer.
func (e *env) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
