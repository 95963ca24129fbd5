package appraisal_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/appraisal"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
)

// t0 is 2026-11-20 10:00 in Shanghai.
var t0 = time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)

func steps() []db.Migration {
	var all []db.Migration
	for _, m := range [][]db.Migration{audit.Migrations, outbox.Migrations, appraisal.Migrations} {
		all = append(all, m...)
	}
	return all
}

// fakeDir is the orgs and members capabilities as the appraisal sees them.
type fakeDir struct {
	mu      sync.Mutex
	orgs    map[string]appraisal.OrgRef
	members map[string][]appraisal.Person // org ID → active members
	branch  map[string]string             // member ID → org ID
}

func (f *fakeDir) Org(_ context.Context, id string) (appraisal.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.orgs[id]; ok {
		return o, nil
	}
	return appraisal.OrgRef{}, db.ErrNoRows
}

func (f *fakeDir) BranchMembers(_ context.Context, orgID string) ([]appraisal.Person, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]appraisal.Person(nil), f.members[orgID]...), nil
}

func (f *fakeDir) MemberOrg(_ context.Context, memberID string) (appraisal.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.orgs[f.branch[memberID]]; ok {
		return o, nil
	}
	return appraisal.OrgRef{}, db.ErrNoRows
}

// fakeMeeting is a meeting of organizational life.
type fakeMeeting struct {
	appraisal.MeetingRef
	OrgID, Kind string
}

type fakeMeetings struct{ list map[string]fakeMeeting }

func (f *fakeMeetings) Assembly(_ context.Context, orgID, meetingID string) (appraisal.MeetingRef, error) {
	m, ok := f.list[meetingID]
	if !ok || m.OrgID != orgID || m.Kind != "member_assembly" {
		return appraisal.MeetingRef{}, db.ErrNoRows
	}
	return m.MeetingRef, nil
}

// fakeSettings holds per-subtree values: the deepest org path set wins.
type fakeSettings struct{ values map[string]string }

func (f *fakeSettings) Value(_ context.Context, orgPath, key string) (string, error) {
	best, v := "", "1/3"
	for p, val := range f.values {
		if strings.HasPrefix(orgPath, p) && len(p) > len(best) && key == "appraisal.excellent_cap" {
			best, v = p, val
		}
	}
	return v, nil
}

type env struct {
	d        *db.DB
	clk      *clock.Fake
	dir      *fakeDir
	meetings *fakeMeetings
	settings *fakeSettings
	srv      *apitest.Server
	root     appraisal.OrgRef
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	e := &env{d: d, clk: clock.NewFake(t0),
		dir:      &fakeDir{orgs: map[string]appraisal.OrgRef{}, members: map[string][]appraisal.Person{}, branch: map[string]string{}},
		meetings: &fakeMeetings{list: map[string]fakeMeeting{}}, settings: &fakeSettings{values: map[string]string{}}}
	s := appraisal.New(d, e.clk, e.dir, e.meetings, e.settings)
	e.srv = apitest.New()
	s.Routes(e.srv.Router)
	e.root = e.org(nil, "机关党委", "committee")
	return e
}

// org adds an org under parent (nil for a root).
func (e *env) org(parent *appraisal.OrgRef, name, kind string) appraisal.OrgRef {
	id := ids.New()
	o := appraisal.OrgRef{ID: id, Name: name, Path: "/" + id + "/", Kind: kind}
	if parent != nil {
		o.Path = parent.Path + id + "/"
	}
	e.dir.mu.Lock()
	e.dir.orgs[id] = o
	e.dir.mu.Unlock()
	return o
}

// branch adds a branch under the root with n full members named
// prefix-1 … prefix-n, the last probationary when probLast is set.
func (e *env) branch(name, prefix string, n int, probLast bool) (appraisal.OrgRef, []string) {
	b := e.org(&e.root, name, "branch")
	var idList []string
	for i := 1; i <= n; i++ {
		status := "full"
		if probLast && i == n {
			status = "probationary"
		}
		id := fmt.Sprintf("%s-%02d", prefix, i)
		e.person(b, id, status)
		idList = append(idList, id)
	}
	return b, idList
}

// person adds an active member of branch b.
func (e *env) person(b appraisal.OrgRef, id, status string) {
	e.dir.mu.Lock()
	defer e.dir.mu.Unlock()
	e.dir.members[b.ID] = append(e.dir.members[b.ID], appraisal.Person{ID: id, Name: "党员" + id, Status: status})
	e.dir.branch[id] = b.ID
}

// meeting records a meeting of o of kind at start.
func (e *env) meeting(o appraisal.OrgRef, kind string, start time.Time) string {
	id := ids.New()
	e.meetings.list[id] = fakeMeeting{MeetingRef: appraisal.MeetingRef{ID: id, Topic: "年度民主评议党员", StartsAt: start},
		OrgID: o.ID, Kind: kind}
	return id
}

func worker(o appraisal.OrgRef) *authz.Principal {
	return &authz.Principal{AccountID: "acc-w-" + o.ID, Username: "w", DisplayName: "组织委员",
		Grants: []authz.Grant{{ID: "g", Role: authz.PartyWorker, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

func viewer(o appraisal.OrgRef) *authz.Principal {
	return &authz.Principal{AccountID: "acc-v-" + o.ID, Username: "v",
		Grants: []authz.Grant{{ID: "g", Role: authz.Viewer, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

func member(id string, o appraisal.OrgRef) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + id, Username: "u-" + id, MemberID: id,
		Grants: []authz.Grant{{ID: "g-" + id, Role: authz.MemberRole, OrgID: o.ID, OrgPath: o.Path}}}
}

// do sends a request as p and checks the status.
func (e *env) do(t *testing.T, p *authz.Principal, method, path string, body any, want int) *apitest.Response {
	t.Helper()
	return e.srv.Expect(t, p, method, path, body, want)
}

// open opens the round of b for 2026 and returns it.
func (e *env) open(t *testing.T, b appraisal.OrgRef) appraisal.Round {
	t.Helper()
	var rd appraisal.Round
	e.do(t, worker(b), "POST", "/api/v1/orgs/"+b.ID+"/appraisals", map[string]int{"year": 2026}, 201).JSON(t, &rd)
	return rd
}

// round reads the committee's view of round id.
func (e *env) round(t *testing.T, b appraisal.OrgRef, id string) appraisal.Round {
	t.Helper()
	var rd appraisal.Round
	e.do(t, worker(b), "GET", "/api/v1/appraisals/"+id, nil, 200).JSON(t, &rd)
	return rd
}

// mine reads a participant's view of round id.
func (e *env) mine(t *testing.T, p *authz.Principal, id string) appraisal.MyRound {
	t.Helper()
	var v appraisal.MyRound
	e.do(t, p, "GET", "/api/v1/my/appraisals/"+id, nil, 200).JSON(t, &v)
	return v
}

// grades gives every member in idList the grade g, then applies over.
func grades(idList []string, g string, over map[string]string) map[string]string {
	out := map[string]string{}
	for _, id := range idList {
		out[id] = g
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// auditActions lists the actions of the audit log in order.
func auditActions(t *testing.T, d *db.DB) []string {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), "SELECT action FROM audit_log ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}
