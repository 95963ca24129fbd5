package development_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/development"
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
)

func steps() []db.Migration {
	return slices.Concat(audit.Migrations, outbox.Migrations, jobs.Migrations, notify.Migrations, development.Migrations)
}

// env is a development service over a real message center, job runner
// and outbox, with a fake clock and directory.
type env struct {
	d   *db.DB
	clk *clock.Fake
	dir *fakeDir
	nd  *notifytest.Directory
	n   *notify.Service
	run *jobs.Runner
	s   *development.Service
	srv *apitest.Server
	w   world
}

// world is a committee R (机关党委) with branches A (第一支部) and B (第二
// 支部), and an outside committee X with branch X1. A has full members
// 甲 乙 丙 丁 and probationary 戊; each branch an officer for messages.
type world struct{ R, A, B, X, X1 development.OrgRef }

// at sets the clock to 09:00 Beijing on date.
func (e *env) at(date string) {
	d, _ := time.Parse(clock.DateLayout, date)
	e.clk.Set(time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, clock.Shanghai))
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) { fn(t, newEnv(t, d)) })
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	prot, err := pii.New(pii.ProfileGM, []byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, clk: clock.NewFake(time.Now()), dir: newFakeDir(), nd: notifytest.New()}
	e.at("2026-06-01")
	e.run = jobs.NewRunner(d, e.clk, "test")
	e.n = notify.New(d, e.clk, e.nd, prot, e.run, notify.Config{})
	e.s = development.New(d, e.clk, e.dir, prot, e.n)
	e.srv = apitest.New()
	e.s.Routes(e.srv.Router)
	e.w.R = e.mkOrg(nil, "committee", "机关党委")
	e.w.A = e.mkOrg(&e.w.R, "branch", "第一支部")
	e.w.B = e.mkOrg(&e.w.R, "branch", "第二支部")
	e.w.X = e.mkOrg(nil, "committee", "外委")
	e.w.X1 = e.mkOrg(&e.w.X, "branch", "外支部")
	for i, name := range []string{"甲", "乙", "丙", "丁"} {
		e.addMember(fmt.Sprintf("m%d", i+1), name, e.w.A, "full")
	}
	e.addMember("m5", "戊", e.w.A, "probationary")
	e.addMember("b1", "己", e.w.B, "full")
	e.addMember("b2", "庚", e.w.B, "full")
	for _, o := range []development.OrgRef{e.w.R, e.w.A, e.w.B, e.w.X1} {
		e.nd.Add(notifytest.Person{ID: "sec-" + o.Name, Name: "书记", OrgID: o.ID, OrgPath: o.Path, Officer: true})
	}
	return e
}

func (e *env) mkOrg(parent *development.OrgRef, kind, name string) development.OrgRef {
	id := ids.New()
	o := development.OrgRef{ID: id, Name: name, Kind: kind, Path: "/" + id + "/", Active: true}
	if parent != nil {
		o.ParentID, o.Path = parent.ID, parent.Path+id+"/"
	}
	e.dir.orgs[id] = o
	e.nd.Org(id, o.Path)
	return o
}

func (e *env) addMember(id, name string, o development.OrgRef, status string) {
	e.dir.members[id] = development.MemberRef{ID: id, Name: name, OrgID: o.ID, OrgPath: o.Path, Status: status,
		JoinedOn: "2010-07-01", Active: true}
}

func grant(role authz.Role, o development.OrgRef, who string) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + who + o.ID, Username: who, DisplayName: who,
		Grants: []authz.Grant{{ID: "g-" + who, Role: role, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

// The callers of the tests: the branch's party worker, the upper
// committee's, a read-only leader of the committee and an outsider.
func (e *env) branch() *authz.Principal   { return grant(authz.PartyWorker, e.w.A, "支部书记") }
func (e *env) upper() *authz.Principal    { return grant(authz.PartyWorker, e.w.R, "党委组织委员") }
func (e *env) viewer() *authz.Principal   { return grant(authz.Viewer, e.w.R, "领导") }
func (e *env) outsider() *authz.Principal { return grant(authz.OrgAdmin, e.w.X, "外人") }

func (e *env) do(t *testing.T, p *authz.Principal, method, path string, body any, want int) *apitest.Response {
	t.Helper()
	return e.srv.Expect(t, p, method, path, body, want)
}

// idNumber is a valid ID number of someone born on birth ("20000115").
func idNumber(birth string, seq int) string {
	first := fmt.Sprintf("110105%s%03d", birth, seq)
	c, _ := pii.IDCheckDigit(first)
	return first + string(c)
}

// applicant is a valid body for a file applied on date.
func applicant(name, birth string, seq int, applied string) map[string]any {
	return map[string]any{"name": name, "ethnicity": "汉族", "id_number": idNumber(birth, seq),
		"phone": "13912345678", "education": "bachelor", "category": "student", "applied_on": applied}
}

func (e *env) open(t *testing.T, name, birth string, seq int, applied string) development.File {
	t.Helper()
	var f development.File
	e.do(t, e.branch(), "POST", "/api/v1/orgs/"+e.w.A.ID+"/development/files", applicant(name, birth, seq, applied),
		http.StatusCreated).JSON(t, &f)
	return f
}

func (e *env) get(t *testing.T, id string) development.File {
	t.Helper()
	var f development.File
	e.do(t, e.upper(), "GET", "/api/v1/development/files/"+id, nil, http.StatusOK).JSON(t, &f)
	return f
}

// count runs a query returning one integer.
func (e *env) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// events is the payloads of the outbox events of a type, oldest first.
func (e *env) events(t testing.TB, typ string) []string {
	t.Helper()
	out, err := db.StringColumn(context.Background(), e.d,
		"SELECT payload FROM outbox_events WHERE type = ? ORDER BY created_at, id", typ)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fieldErr is the message of a field in a 422 answer ("" when absent).
func fieldErr(t *testing.T, r *apitest.Response, field string) string {
	t.Helper()
	var p struct {
		Errors []struct{ Field, Message string }
	}
	r.JSON(t, &p)
	for _, e := range p.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}
