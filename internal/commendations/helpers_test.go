package commendations_test

import (
	"context"
	"dangjian/internal/commendations"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"fmt"
	"net/http"
	"testing"
)

// worker is a party worker (AssessmentManage) at o; viewer reads only.
func worker(o commendations.OrgRef) *authz.Principal { return principal(o, authz.PartyWorker) }
func viewer(o commendations.OrgRef) *authz.Principal { return principal(o, authz.Viewer) }

func principal(o commendations.OrgRef, r authz.Role) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + string(r) + o.ID, Username: string(r) + "@" + o.ID, DisplayName: o.Name + "书记",
		Grants: []authz.Grant{{ID: "g-" + o.ID, Role: r, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

// round is the part of a round the tests read.
type round struct {
	ID    string `json:"id"`
	State string `json:"state"`
	Kinds []struct {
		Kind     string `json:"kind"`
		Quota    int    `json:"quota"`
		Approved int    `json:"approved"`
		Pending  int    `json:"pending"`
	} `json:"kinds"`
	Disqualifiers []struct {
		Key string `json:"key"`
	} `json:"disqualifiers"`
	CanDecide   bool         `json:"can_decide"`
	Nominations []nomination `json:"nominations"`
}

type nomination struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	MemberID string   `json:"member_id"`
	OrgID    string   `json:"org_id"`
	State    string   `json:"state"`
	ByOrgID  string   `json:"nominated_by_org_id"`
	Eligible bool     `json:"eligible"`
	Reasons  []string `json:"reasons"`
}

// open opens a round of 2026 at o (as its worker) with kinds → quota and
// the disqualifiers (nil: the default, all of them).
func (e *env) open(t *testing.T, o commendations.OrgRef, kinds map[string]int, dqs []string) round {
	t.Helper()
	return e.openYear(t, o, 2026, kinds, dqs)
}

func (e *env) openYear(t *testing.T, o commendations.OrgRef, year int, kinds map[string]int, dqs []string) round {
	t.Helper()
	var list []map[string]any
	for k, q := range kinds {
		list = append(list, map[string]any{"kind": k, "quota": q})
	}
	body := map[string]any{"year": year, "title": fmt.Sprintf("%d年度两优一先评选", year), "kinds": list, "nominate_until": "2026-03-31"}
	if dqs != nil {
		body["disqualifiers"] = dqs
	}
	var r round
	e.srv.Expect(t, worker(o), "POST", "/api/v1/orgs/"+o.ID+"/commendations", body, http.StatusCreated).JSON(t, &r)
	return r
}

// nominate nominates member or org id for kind in round rid as p.
func (e *env) nominate(t *testing.T, p *authz.Principal, rid, kind, id string, want int) (nomination, *apitest.Response) {
	t.Helper()
	body := map[string]any{"kind": kind, "member_id": id, "deeds": "工作勤勉，成绩突出。"}
	if kind == "advanced_org" {
		body = map[string]any{"kind": kind, "org_id": id, "deeds": "组织建设扎实。"}
	}
	r := e.srv.Expect(t, p, "POST", "/api/v1/commendations/"+rid+"/nominations", body, want)
	var n nomination
	if want == http.StatusCreated {
		r.JSON(t, &n)
	}
	return n, r
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

// code asserts the problem code of a refused request.
func code(t *testing.T, r *apitest.Response, want string) {
	t.Helper()
	if got := fmt.Sprint(r.Map(t)["code"]); got != want {
		t.Errorf("code %q, want %q: %s", got, want, r.Body)
	}
}
