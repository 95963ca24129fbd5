package orglife_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/notify/notifytest"
	"dangjian/internal/orglife"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/pii"
)

// t0 is Monday 2 March 2026, 09:00 in Shanghai.
var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

func steps() []db.Migration {
	var all []db.Migration
	for _, m := range [][]db.Migration{audit.Migrations, outbox.Migrations, jobs.Migrations,
		notify.Migrations, files.Migrations, orglife.Migrations} {
		all = append(all, m...)
	}
	return all
}

// fakeDir is the orgs and members capabilities as organizational life
// sees them.
type fakeDir struct {
	mu        sync.Mutex
	orgs      map[string]orglife.OrgRef
	people    map[string]orglife.Person
	committee map[string][]string // org → member IDs holding a committee post
}

func (f *fakeDir) Org(_ context.Context, id string) (orglife.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.orgs[id]; ok {
		return o, nil
	}
	return orglife.OrgRef{}, db.ErrNoRows
}

func (f *fakeDir) Children(_ context.Context, id string) ([]orglife.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []orglife.OrgRef
	for _, o := range f.orgs {
		if o.ParentID == id {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b orglife.OrgRef) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func (f *fakeDir) Names(_ context.Context, idList []string) (map[string]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]string{}
	for _, id := range idList {
		if o, ok := f.orgs[id]; ok {
			out[id] = o.Name
		}
	}
	return out, nil
}

func (f *fakeDir) BranchMembers(_ context.Context, orgID string) ([]orglife.Person, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []orglife.Person
	for _, p := range f.people {
		if p.OrgID == orgID {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b orglife.Person) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func (f *fakeDir) Committee(_ context.Context, orgID string) ([]orglife.Person, error) {
	return f.People(context.Background(), f.committee[orgID])
}

func (f *fakeDir) People(_ context.Context, idList []string) ([]orglife.Person, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []orglife.Person
	for _, id := range idList {
		if p, ok := f.people[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

func (f *fakeDir) Branches(_ context.Context, path string) ([]orglife.BranchRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []orglife.BranchRef
	for _, o := range f.orgs {
		if o.Kind != "branch" || !strings.HasPrefix(o.Path, path) {
			continue
		}
		b := orglife.BranchRef{ID: o.ID, Name: o.Name, Path: o.Path, ParentID: o.ParentID,
			HasCommittee: len(f.committee[o.ID]) >= 3}
		for _, g := range f.orgs {
			if g.ParentID == o.ID && g.Kind == "group" {
				b.Groups++
			}
		}
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b orglife.BranchRef) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// env is an organizational-life service over a real message center, job
// runner, outbox and file store, with a fake clock and directory.
type env struct {
	d   *db.DB
	clk *clock.Fake
	dir *fakeDir
	nd  *notifytest.Directory
	n   *notify.Service
	run *jobs.Runner
	fs  *files.Store
	s   *orglife.Service
	srv *apitest.Server
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	clk := clock.NewFake(t0)
	prot, err := pii.New(pii.ProfileGM, []byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, clk: clk, nd: notifytest.New(), dir: &fakeDir{orgs: map[string]orglife.OrgRef{},
		people: map[string]orglife.Person{}, committee: map[string][]string{}}}
	e.run = jobs.NewRunner(d, clk, "test")
	e.n = notify.New(d, clk, e.nd, prot, e.run, notify.Config{})
	e.fs = files.New(d, clk, e.run)
	e.s = orglife.New(d, clk, e.dir, e.n, e.fs, e.run)
	e.srv = apitest.New()
	e.s.Routes(e.srv.Router)
	return e
}

// mkOrg adds an org of kind under parent (nil for a root).
func (e *env) mkOrg(parent *orglife.OrgRef, kind, name string) orglife.OrgRef {
	id := ids.New()
	o := orglife.OrgRef{ID: id, Name: name, Kind: kind, Path: "/" + id + "/"}
	if parent != nil {
		o.ParentID, o.Path = parent.ID, parent.Path+id+"/"
	}
	e.dir.mu.Lock()
	e.dir.orgs[id] = o
	e.dir.mu.Unlock()
	e.nd.Org(id, o.Path)
	return o
}

// person adds an active member of org with a status ("full" when empty).
func (e *env) person(id, name string, o orglife.OrgRef, status string) {
	if status == "" {
		status = "full"
	}
	e.dir.mu.Lock()
	e.dir.people[id] = orglife.Person{ID: id, Name: name, OrgID: o.ID, Status: status}
	e.dir.mu.Unlock()
	e.nd.Add(notifytest.Person{ID: id, Name: name, OrgID: o.ID, OrgPath: o.Path})
}

// drain runs due jobs until none is left.
func (e *env) drain(t *testing.T) {
	t.Helper()
	if err := e.run.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// secretary is a party worker at o.
func secretary(o orglife.OrgRef) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + o.ID, Username: "sec", DisplayName: "书记",
		Grants: []authz.Grant{{ID: "g", Role: authz.PartyWorker, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

// viewer is a read-only leader at o.
func viewer(o orglife.OrgRef) *authz.Principal {
	return &authz.Principal{AccountID: "view-" + o.ID, Username: "view",
		Grants: []authz.Grant{{ID: "v", Role: authz.Viewer, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

// member is a member's own account.
func member(id string, o orglife.OrgRef) *authz.Principal { return apitest.Member(id, o.ID, o.Path) }

// do sends a request as p and checks the status.
func (e *env) do(t *testing.T, p *authz.Principal, method, path string, body any, want int) *apitest.Response {
	t.Helper()
	return e.srv.Expect(t, p, method, path, body, want)
}

// world is a committee R with a branch A1 (committee 甲 乙 丙; members 丁
// full, 戊 probationary; party group G1 of 丁 and 戊), a second branch A2
// and an outside branch B1 under another committee.
type world struct {
	R, A1, G1, A2, B, B1 orglife.OrgRef
}

func (e *env) world(t *testing.T) world {
	t.Helper()
	var w world
	w.R = e.mkOrg(nil, "committee", "市委")
	w.A1 = e.mkOrg(&w.R, "branch", "第一支部")
	w.G1 = e.mkOrg(&w.A1, "group", "第一党小组")
	w.A2 = e.mkOrg(&w.R, "branch", "第二支部")
	w.B = e.mkOrg(nil, "committee", "外委")
	w.B1 = e.mkOrg(&w.B, "branch", "外支部")
	for _, p := range []struct{ id, name, status string }{{"m-jia", "甲", ""}, {"m-yi", "乙", ""},
		{"m-bing", "丙", ""}, {"m-ding", "丁", ""}, {"m-wu", "戊", "probationary"}} {
		e.person(p.id, p.name, w.A1, p.status)
	}
	e.person("m-a2", "己", w.A2, "")
	e.person("m-out", "外人", w.B1, "")
	e.dir.committee[w.A1.ID] = []string{"m-jia", "m-yi", "m-bing"}
	e.do(t, secretary(w.A1), "PUT", "/api/v1/orgs/"+w.G1.ID+"/orglife/group-members",
		map[string]any{"member_ids": []string{"m-ding", "m-wu"}}, 200)
	return w
}

// meetingAt calls a meeting of kind at the branch, starting at start.
func (e *env) meetingAt(t *testing.T, o orglife.OrgRef, kind string, start time.Time, extra map[string]any) orglife.Meeting {
	t.Helper()
	body := map[string]any{"org_id": o.ID, "kind": kind, "topic": "测试会议", "starts_at": stamp(start), "place": "党员活动室"}
	for k, v := range extra {
		body[k] = v
	}
	var m orglife.Meeting
	e.do(t, secretary(o), "POST", "/api/v1/meetings", body, 201).JSON(t, &m)
	return m
}

// attendeesOf lists a meeting's attendees.
func (e *env) attendeesOf(t *testing.T, id string) ([]orglife.AttendeeView, orglife.Summary) {
	t.Helper()
	var out struct {
		Items   []orglife.AttendeeView `json:"items"`
		Summary orglife.Summary        `json:"summary"`
	}
	e.do(t, viewer(e.rootOf(t, id)), "GET", "/api/v1/meetings/"+id+"/attendees", nil, 200).JSON(t, &out)
	return out.Items, out.Summary
}

// rootOf is the root org of a meeting's branch (for a viewer with scope).
func (e *env) rootOf(t *testing.T, meetingID string) orglife.OrgRef {
	t.Helper()
	v, err := e.s.View(context.Background(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	o, _ := e.dir.Org(context.Background(), v.OrgID)
	root, _ := e.dir.Org(context.Background(), strings.Split(strings.Trim(o.Path, "/"), "/")[0])
	return root
}

// inbox is the titles in an addressee's inbox.
func (e *env) inbox(t *testing.T, addressee string) []string {
	t.Helper()
	return notifytest.Titles(t, e.n, addressee)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
