package elections_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/elections"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/outbox"
)

// t0 is Monday 2 March 2026, 09:00 in Shanghai.
var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

const today = "2026-03-02"

func steps() []db.Migration {
	return slices.Concat(audit.Migrations, outbox.Migrations, elections.Migrations)
}

// fakeDir is the orgs and members capabilities as elections sees them.
type fakeDir struct {
	mu        sync.Mutex
	orgs      map[string]elections.OrgRef
	members   map[string]elections.MemberRef
	positions map[string][]elections.Post // org → posts set by ReplacePositions
	posOn     map[string]string           // org → the date they start
	overdueQ  int                         // OverdueTerms calls
}

var _ elections.Directory = (*fakeDir)(nil)

func (f *fakeDir) Org(_ context.Context, _ db.Querier, id string) (elections.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.orgs[id]; ok {
		return o, nil
	}
	return elections.OrgRef{}, db.ErrNoRows
}

func (f *fakeDir) Member(_ context.Context, _ db.Querier, id string) (elections.MemberRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m, ok := f.members[id]; ok {
		return m, nil
	}
	return elections.MemberRef{}, db.ErrNoRows
}

func (f *fakeDir) Names(_ context.Context, _ db.Querier, ids []string) (map[string]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]string{}
	for _, id := range ids {
		out[id] = f.orgs[id].Name
	}
	return out, nil
}

func (f *fakeDir) FullMembersUnder(_ context.Context, _ db.Querier, path string) ([]elections.MemberRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []elections.MemberRef
	for _, m := range f.members {
		if m.Active && m.Status == "full" && strings.HasPrefix(m.OrgPath, path) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b elections.MemberRef) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func (f *fakeDir) FullMemberCount(ctx context.Context, q db.Querier, orgID string) (int, error) {
	f.mu.Lock()
	o := f.orgs[orgID]
	f.mu.Unlock()
	list, err := f.FullMembersUnder(ctx, q, o.Path)
	return len(list), err
}

// under lists the active orgs strictly under path with a term ending
// before `before`, by (term end, id).
func (f *fakeDir) under(path, before string) []elections.OrgRef {
	var out []elections.OrgRef
	for _, o := range f.orgs {
		if o.Active && o.Path != path && strings.HasPrefix(o.Path, path) && o.TermEnd != "" && o.TermEnd < before {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b elections.OrgRef) int {
		if c := strings.Compare(a.TermEnd, b.TermEnd); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

func (f *fakeDir) OverdueTerms(_ context.Context, _ db.Querier, path, before string, after elections.TermCursor, limit int) ([]elections.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.overdueQ++
	var out []elections.OrgRef
	for _, o := range f.under(path, before) {
		if after.ID != "" && (o.TermEnd < after.TermEnd || (o.TermEnd == after.TermEnd && o.ID <= after.ID)) {
			continue
		}
		if len(out) < limit {
			out = append(out, o)
		}
	}
	return out, nil
}

func (f *fakeDir) CountOverdue(_ context.Context, _ db.Querier, path, today string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.under(path, today)), nil
}

func (f *fakeDir) SetTerm(_ context.Context, _ *db.Tx, orgID, start, end string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.orgs[orgID]
	o.TermStart, o.TermEnd = start, end
	f.orgs[orgID] = o
	return nil
}

func (f *fakeDir) ReplacePositions(_ context.Context, _ *db.Tx, orgID, on string, posts []elections.Post) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.positions[orgID], f.posOn[orgID] = posts, on
	return nil
}

// env is an elections service over a fake clock and directory.
type env struct {
	d   *db.DB
	clk *clock.Fake
	dir *fakeDir
	s   *elections.Service
	srv *apitest.Server
	n   int // orgs made
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := &env{d: d, clk: clock.NewFake(t0), dir: &fakeDir{orgs: map[string]elections.OrgRef{},
			members: map[string]elections.MemberRef{}, positions: map[string][]elections.Post{}, posOn: map[string]string{}}}
		e.s = elections.New(d, e.clk, e.dir)
		e.srv = apitest.New()
		e.s.Routes(e.srv.Router)
		fn(t, e)
	})
}

// org adds an active org of kind under parent (nil: a root).
func (e *env) org(parent *elections.OrgRef, kind, name string) elections.OrgRef {
	e.n++
	id := fmt.Sprintf("o%02d", e.n)
	o := elections.OrgRef{ID: id, Name: name, Kind: kind, Path: "/" + id + "/", Active: true}
	if parent != nil {
		o.ParentID, o.Path = parent.ID, parent.Path+id+"/"
	}
	e.put(o)
	return o
}

func (e *env) put(o elections.OrgRef) {
	e.dir.mu.Lock()
	e.dir.orgs[o.ID] = o
	e.dir.mu.Unlock()
}

// members adds n active members of o with status, named prefix1..prefixN.
func (e *env) members(o elections.OrgRef, prefix, status string, n int) []string {
	var out []string
	e.dir.mu.Lock()
	defer e.dir.mu.Unlock()
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("%s%02d", prefix, i)
		e.dir.members[id] = elections.MemberRef{ID: id, Name: "党员" + id, OrgID: o.ID, OrgPath: o.Path, Status: status,
			JoinedOn: "2010-07-01", FullMemberOn: "2011-07-01", Active: true}
		out = append(out, id)
	}
	return out
}

// worker is a party worker (ElectionManage) at o; viewer reads only.
func worker(o elections.OrgRef) *authz.Principal { return principal(o, authz.PartyWorker) }
func viewer(o elections.OrgRef) *authz.Principal { return principal(o, authz.Viewer) }

func principal(o elections.OrgRef, r authz.Role) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + string(r) + o.ID, Username: string(r) + "@" + o.Name, DisplayName: o.Name + "书记",
		Grants: []authz.Grant{{ID: "g-" + o.ID, Role: r, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

// election is the part of an election the tests read.
type election struct {
	ID         string `json:"id"`
	State      string `json:"state"`
	ApprovedOn string `json:"approved_on"`
	Plan       struct {
		SeatsCommittee int `json:"seats_committee"`
		TermYears      int `json:"term_years"`
	} `json:"plan"`
	Candidates []struct {
		MemberID string `json:"member_id"`
		Elected  bool   `json:"elected"`
	} `json:"candidates"`
	Posts []struct {
		Post        string   `json:"post"`
		Elected     []string `json:"elected"`
		Revote      []string `json:"revote"`
		RevoteSeats int      `json:"revote_seats"`
		Open        int      `json:"open"`
		Next        string   `json:"next"`
	} `json:"posts"`
	Rounds []struct {
		Kind        string         `json:"kind"`
		Seats       int            `json:"seats"`
		Expected    int            `json:"expected"`
		Elected     []string       `json:"elected"`
		Revote      []string       `json:"revote"`
		Votes       map[string]int `json:"votes"`
		Explanation string         `json:"explanation"`
	} `json:"rounds"`
	Officers *struct {
		SecretaryID string `json:"secretary_id"`
		DeputyID    string `json:"deputy_id"`
		Approved    bool   `json:"approved"`
		Members     []struct {
			MemberID string `json:"member_id"`
		} `json:"members"`
	} `json:"officers"`
	Approvals []struct {
		Action    string `json:"action"`
		ActorName string `json:"actor_name"`
		Note      string `json:"note"`
	} `json:"approvals"`
	Term *struct {
		Number  int    `json:"number"`
		StartOn string `json:"start_on"`
		EndOn   string `json:"end_on"`
	} `json:"term"`
}

// call sends a request as p, expects status want and decodes an election
// when the answer is 200 or 201.
func (e *env) call(t *testing.T, p *authz.Principal, method, path string, body any, want int) (election, *apitest.Response) {
	t.Helper()
	r := e.srv.Expect(t, p, method, path, body, want)
	var el election
	if want == http.StatusOK || want == http.StatusCreated {
		r.JSON(t, &el)
	}
	return el, r
}

// refused asserts a 4xx answer carrying msg.
func (e *env) refused(t *testing.T, p *authz.Principal, method, path string, body any, want int, msg string) {
	t.Helper()
	_, r := e.call(t, p, method, path, body, want)
	if !r.Contains(msg) {
		t.Errorf("%s %s: %s, want it to say %q", method, path, r.Body, msg)
	}
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

// cands lists ids as candidates for post.
func cands(post string, ids ...string) map[string]any {
	var list []map[string]string
	for _, id := range ids {
		list = append(list, map[string]string{"member_id": id, "post": post})
	}
	return map[string]any{"candidates": list}
}
