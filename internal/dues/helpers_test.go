package dues_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
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

// t0 is Monday 2 March 2026, 09:00 in Shanghai: the open period is 2026-03.
var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

func steps() []db.Migration {
	var all []db.Migration
	for _, m := range [][]db.Migration{audit.Migrations, outbox.Migrations, jobs.Migrations,
		notify.Migrations, dues.Migrations} {
		all = append(all, m...)
	}
	return all
}

// fakeDir is the orgs and members capabilities as dues sees them.
type fakeDir struct {
	mu      sync.Mutex
	orgs    map[string]dues.OrgRef
	members map[string]dues.Member
}

var _ dues.Directory = (*fakeDir)(nil)

func (f *fakeDir) Org(_ context.Context, id string) (dues.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.orgs[id]; ok {
		return o, nil
	}
	return dues.OrgRef{}, db.ErrNoRows
}

func (f *fakeDir) Children(_ context.Context, id string) ([]dues.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []dues.OrgRef
	for _, o := range f.orgs {
		if o.ParentID == id {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b dues.OrgRef) int { return strings.Compare(a.Name, b.Name) })
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

func (f *fakeDir) Member(_ context.Context, id string) (dues.Member, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m, ok := f.members[id]; ok {
		return m, nil
	}
	return dues.Member{}, db.ErrNoRows
}

// sorted lists the members that keep passes, ordered as MembersUnder pages.
func (f *fakeDir) sorted(keep func(dues.Member) bool) []dues.Member {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []dues.Member
	for _, m := range f.members {
		if keep(m) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, memberOrder)
	return out
}

func memberOrder(a, b dues.Member) int {
	if c := strings.Compare(a.OrgPath, b.OrgPath); c != 0 {
		return c
	}
	if c := strings.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

func (f *fakeDir) BranchMembers(_ context.Context, orgID string) ([]dues.Member, error) {
	return f.sorted(func(m dues.Member) bool { return m.OrgID == orgID }), nil
}

func (f *fakeDir) MembersUnder(_ context.Context, path string, after dues.Member, limit int) ([]dues.Member, error) {
	var out []dues.Member
	for _, m := range f.sorted(func(m dues.Member) bool { return strings.HasPrefix(m.OrgPath, path) }) {
		if after.ID != "" && memberOrder(m, after) <= 0 {
			continue
		}
		if len(out) == limit {
			break
		}
		out = append(out, m)
	}
	return out, nil
}

// env is a dues service over a real message center, job runner and outbox,
// with a fake clock and directory.
type env struct {
	d   *db.DB
	clk *clock.Fake
	dir *fakeDir
	nd  *notifytest.Directory
	n   *notify.Service
	run *jobs.Runner
	s   *dues.Service
	srv *apitest.Server
}

// each runs fn on every engine with a fresh environment.
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
	e := &env{d: d, clk: clock.NewFake(t0), nd: notifytest.New(),
		dir: &fakeDir{orgs: map[string]dues.OrgRef{}, members: map[string]dues.Member{}}}
	e.run = jobs.NewRunner(d, e.clk, "test")
	e.n = notify.New(d, e.clk, e.nd, prot, e.run, notify.Config{})
	e.s = dues.New(d, e.clk, e.dir, e.n, e.run)
	e.srv = apitest.New()
	e.s.Routes(e.srv.Router)
	return e
}

// mkOrg adds an org of kind (committee | branch | group …) under parent
// (nil for a root).
func (e *env) mkOrg(parent *dues.OrgRef, kind, name string) dues.OrgRef {
	id := ids.New()
	o := dues.OrgRef{ID: id, Name: name, Kind: kind, Path: "/" + id + "/"}
	if parent != nil {
		o.ParentID, o.Path = parent.ID, parent.Path+id+"/"
	}
	e.dir.mu.Lock()
	e.dir.orgs[id] = o
	e.dir.mu.Unlock()
	e.nd.Org(id, o.Path)
	return o
}

// addMember adds an active member of o, admitted on joinedOn (YYYY-MM-DD),
// with status full | probationary ("" = full).
func (e *env) addMember(id, name string, o dues.OrgRef, joinedOn, status string) dues.Member {
	if status == "" {
		status = "full"
	}
	m := dues.Member{ID: id, Name: name, OrgID: o.ID, OrgPath: o.Path, Status: status, JoinedOn: joinedOn}
	e.dir.mu.Lock()
	e.dir.members[id] = m
	e.dir.mu.Unlock()
	e.nd.Add(notifytest.Person{ID: id, Name: name, OrgID: o.ID, OrgPath: o.Path})
	return m
}

// endMember removes a member from the directory (membership ended).
func (e *env) endMember(id string) {
	e.dir.mu.Lock()
	defer e.dir.mu.Unlock()
	delete(e.dir.members, id)
}

// officer adds a branch officer (书记) to the message directory, so that
// messages ToOfficersOf the org reach someone.
func (e *env) officer(id, name string, o dues.OrgRef) {
	e.nd.Add(notifytest.Person{ID: id, Name: name, OrgID: o.ID, OrgPath: o.Path, Officer: true, Positions: []string{"书记"}})
}

// world is a committee R (机关党委) with branch A (第一支部: 甲 and 乙 full
// members since long ago, 丙 probationary, admitted 2026-01-15) and branch B
// (第二支部: 丁 and 戊), and an outside committee X with branch X1 (外人).
// Each branch has an officer (sec-a, sec-b, sec-x1) in the message directory.
type world struct {
	R, A, B, X, X1 dues.OrgRef
}

func (e *env) world(t *testing.T) world {
	t.Helper()
	var w world
	w.R = e.mkOrg(nil, "committee", "机关党委")
	w.A = e.mkOrg(&w.R, "branch", "第一支部")
	w.B = e.mkOrg(&w.R, "branch", "第二支部")
	w.X = e.mkOrg(nil, "committee", "外委")
	w.X1 = e.mkOrg(&w.X, "branch", "外支部")
	e.addMember("m-jia", "甲", w.A, "2010-07-01", "")
	e.addMember("m-yi", "乙", w.A, "2015-06-01", "")
	e.addMember("m-bing", "丙", w.A, "2026-01-15", "probationary")
	e.addMember("m-ding", "丁", w.B, "2012-03-01", "")
	e.addMember("m-wu", "戊", w.B, "2020-09-01", "")
	e.addMember("m-out", "外人", w.X1, "2011-01-01", "")
	e.officer("sec-a", "书记甲", w.A)
	e.officer("sec-b", "书记乙", w.B)
	e.officer("sec-x1", "书记外", w.X1)
	return w
}

// confirmedBase stores a confirmed base for a member from month from
// ("2026-01") as if declared and confirmed, bypassing the HTTP flow.
func (e *env) confirmedBase(t *testing.T, memberID string, c rules.Category, baseFen int64, from string) {
	t.Helper()
	m, err := e.dir.Member(context.Background(), memberID)
	if err != nil {
		t.Fatal(err)
	}
	mo := month(t, from)
	at := e.clk.Now().UnixMilli()
	if _, err := e.d.ExecContext(context.Background(), `INSERT INTO dues_bases (id, member_id, member_name, org_id,
		org_path, year, effective_month, category, base_fen, source, state, declared_by, declared_at, decided_by, decided_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'secretary', 'confirmed', '书记', ?, '书记', ?)`,
		ids.New(), m.ID, m.Name, m.OrgID, m.OrgPath, mo.Year(), int(mo), string(c), baseFen, at, at); err != nil {
		t.Fatal(err)
	}
}

// approvedHardship stores an approved hardship (exempt when reducedFen is
// 0) for months from..to, bypassing the HTTP flow.
func (e *env) approvedHardship(t *testing.T, memberID string, reducedFen int64, from, to string) {
	t.Helper()
	m, err := e.dir.Member(context.Background(), memberID)
	if err != nil {
		t.Fatal(err)
	}
	kind := "reduced"
	if reducedFen == 0 {
		kind = "exempt"
	}
	at := e.clk.Now().UnixMilli()
	if _, err := e.d.ExecContext(context.Background(), `INSERT INTO dues_hardships (id, member_id, member_name, org_id,
		org_path, kind, reduced_fen, from_month, to_month, discussed_on, discussion, state, proposed_by, proposed_at,
		decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-10', '支部委员会讨论同意', 'approved', '书记', ?, '上级', ?)`,
		ids.New(), m.ID, m.Name, m.OrgID, m.OrgPath, kind, reducedFen, int(month(t, from)), int(month(t, to)), at, at); err != nil {
		t.Fatal(err)
	}
}

// month parses "2026-03".
func month(t testing.TB, s string) rules.Month {
	t.Helper()
	m, err := rules.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// secretary is a party worker (党务工作者) at o.
func secretary(o dues.OrgRef) *authz.Principal {
	return &authz.Principal{AccountID: "acc-sec-" + o.ID, Username: "sec", DisplayName: "书记",
		Grants: []authz.Grant{{ID: "g-sec", Role: authz.PartyWorker, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

// admin is an organization administrator at o.
func admin(o dues.OrgRef) *authz.Principal {
	return &authz.Principal{AccountID: "acc-adm-" + o.ID, Username: "adm", DisplayName: "管理员",
		Grants: []authz.Grant{{ID: "g-adm", Role: authz.OrgAdmin, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

// viewer is a read-only leader at o.
func viewer(o dues.OrgRef) *authz.Principal {
	return &authz.Principal{AccountID: "acc-view-" + o.ID, Username: "view", DisplayName: "领导",
		Grants: []authz.Grant{{ID: "g-view", Role: authz.Viewer, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

// member is a member's own account (MemberID set).
func member(id string, o dues.OrgRef) *authz.Principal { return apitest.Member(id, o.ID, o.Path) }

// as is a context carrying p, for calling the service directly.
func as(p *authz.Principal) context.Context {
	return authz.WithPrincipal(context.Background(), p)
}

// do sends a request as p and checks the status.
func (e *env) do(t *testing.T, p *authz.Principal, method, path string, body any, want int) *apitest.Response {
	t.Helper()
	return e.srv.Expect(t, p, method, path, body, want)
}

// drain runs due jobs until none is left.
func (e *env) drain(t *testing.T) {
	t.Helper()
	if err := e.run.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// count runs a query returning one integer (COUNT, SUM …; NULL is 0).
func (e *env) count(t testing.TB, query string, args ...any) int64 {
	t.Helper()
	var n *int64
	if err := e.d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if n == nil {
		return 0
	}
	return *n
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

// table runs a query and returns its rows with every column as text.
func (e *env) table(t testing.TB, query string, args ...any) [][]string {
	t.Helper()
	rows, err := e.d.QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		r := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range r {
			ptrs[i] = &r[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
