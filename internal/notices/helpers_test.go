package notices_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/notices"
	"dangjian/internal/notify"
	"dangjian/internal/notify/notifytest"
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

var t0 = time.Date(2025, 3, 3, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai

func steps() []db.Migration {
	var all []db.Migration
	for _, m := range [][]db.Migration{audit.Migrations, outbox.Migrations, jobs.Migrations,
		notify.Migrations, files.Migrations, notices.Migrations} {
		all = append(all, m...)
	}
	return all
}

// fakeOrgs is the orgs and members capabilities as notices sees them.
type fakeOrgs struct {
	mu      sync.Mutex
	orgs    map[string]notices.OrgRef
	members map[string]notices.MemberRef
}

func (f *fakeOrgs) Get(_ context.Context, id string) (notices.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.orgs[id]; ok {
		return o, nil
	}
	return notices.OrgRef{}, db.ErrNoRows
}

func (f *fakeOrgs) Names(_ context.Context, idList []string) (map[string]string, error) {
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

func (f *fakeOrgs) Members(_ context.Context, idList []string) ([]notices.MemberRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []notices.MemberRef
	for _, id := range idList {
		if m, ok := f.members[id]; ok {
			out = append(out, m)
		}
	}
	return out, nil
}

// env is a notices service over a real message center, job runner, outbox
// dispatcher and file store, with a fake clock and an in-memory directory.
type env struct {
	d   *db.DB
	clk *clock.Fake
	dir *notifytest.Directory
	org *fakeOrgs
	n   *notify.Service
	run *jobs.Runner
	x   *outbox.Dispatcher
	fs  *files.Store
	s   *notices.Service
	srv *apitest.Server
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	clk := clock.NewFake(t0)
	prot, err := pii.New(pii.ProfileGM, []byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, clk: clk, dir: notifytest.New(),
		org: &fakeOrgs{orgs: map[string]notices.OrgRef{}, members: map[string]notices.MemberRef{}}}
	e.run = jobs.NewRunner(d, clk, "test")
	e.n = notify.New(d, clk, e.dir, prot, e.run, notify.Config{})
	e.fs = files.New(d, clk, e.run)
	e.s = notices.New(d, clk, e.n, e.org, e.run, e.fs)
	e.x = outbox.NewDispatcher(d, outbox.WithClock(clk))
	e.s.Subscribe(e.x)
	e.srv = apitest.New()
	e.s.Routes(e.srv.Router)
	return e
}

// mkOrg adds an org under parent (nil for a root), set up at the clock's
// current time.
func (e *env) mkOrg(parent *notices.OrgRef, name string) notices.OrgRef {
	id := ids.New()
	o := notices.OrgRef{ID: id, Name: name, Path: "/" + id + "/", CreatedAt: e.clk.Now()}
	if parent != nil {
		o.ParentID, o.Path = parent.ID, parent.Path+id+"/"
	}
	e.org.mu.Lock()
	e.org.orgs[id] = o
	e.org.mu.Unlock()
	e.dir.Org(id, o.Path)
	return o
}

// person adds an active member of org, holding the given positions.
func (e *env) person(id, name string, o notices.OrgRef, positions ...string) {
	e.dir.Add(notifytest.Person{ID: id, Name: name, OrgID: o.ID, OrgPath: o.Path, Positions: positions})
	e.org.mu.Lock()
	e.org.members[id] = notices.MemberRef{ID: id, Name: name, OrgID: o.ID, OrgPath: o.Path}
	e.org.mu.Unlock()
}

// drain runs due jobs until none is left.
func (e *env) drain(t *testing.T) {
	t.Helper()
	if err := e.run.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func worker(o notices.OrgRef) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + o.ID, Username: "w", DisplayName: "党务干事",
		Grants: []authz.Grant{{ID: "g", Role: authz.PartyWorker, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

func member(id string, o notices.OrgRef) *authz.Principal { return apitest.Member(id, o.ID, o.Path) }

// do sends a request as p and checks the status.
func (e *env) do(t *testing.T, p *authz.Principal, method, path string, body any, want int) *apitest.Response {
	t.Helper()
	return e.srv.Expect(t, p, method, path, body, want)
}

// upload posts a file as the multipart field "file".
func (e *env) upload(t *testing.T, p *authz.Principal, name string, data []byte) *apitest.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", "/api/v1/notices/attachments", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	e.srv.As(p)
	return e.srv.DoRequest(req)
}

// inbox is the titles in an addressee's inbox.
func (e *env) inbox(t *testing.T, addressee string) []string {
	t.Helper()
	return notifytest.Titles(t, e.n, addressee)
}

// notice decodes a Notice answer.
func notice(t *testing.T, r *apitest.Response) notices.Notice {
	t.Helper()
	var n notices.Notice
	r.JSON(t, &n)
	return n
}

// tree is a committee R with branches A1 and A2 under the general branch A,
// and B1 under B:
//
//	R ─ A ─ A1 (甲 书记, 乙, 丙)
//	  │   ├ A2 (丁, 戊)
//	  │   └ (己, directly in A)
//	  └ B ─ B1 (外人)
type tree struct {
	R, A, A1, A2, B, B1 notices.OrgRef
}

func (e *env) tree() tree {
	var tr tree
	tr.R = e.mkOrg(nil, "市委")
	tr.A = e.mkOrg(&tr.R, "甲总支")
	tr.B = e.mkOrg(&tr.R, "乙总支")
	tr.A1 = e.mkOrg(&tr.A, "第一支部")
	tr.A2 = e.mkOrg(&tr.A, "第二支部")
	tr.B1 = e.mkOrg(&tr.B, "乙一支部")
	e.person("m-jia", "甲", tr.A1, "书记")
	e.person("m-yi", "乙", tr.A1)
	e.person("m-bing", "丙", tr.A1)
	e.person("m-ding", "丁", tr.A2)
	e.person("m-wu", "戊", tr.A2)
	e.person("m-ji", "己", tr.A)
	e.person("m-out", "外人", tr.B1)
	return tr
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
