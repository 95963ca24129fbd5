package elections_test

import (
	"net/http"
	"testing"
)

// TestRefusalsAtEveryState walks an election through its states and tries,
// at each, the actions that state does not allow.
func TestRefusalsAtEveryState(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		own, upper := worker(tr.b), worker(tr.c)
		el, _ := e.call(t, own, "POST", "/api/v1/orgs/"+tr.b.ID+"/elections", committeePlan, http.StatusCreated)
		base := "/api/v1/elections/" + el.ID
		round := map[string]any{"held_on": today, "post": "committee", "present": 10, "ballots_issued": 10, "ballots_returned": 10,
			"votes": map[string]int{"m01": 10, "m02": 10, "m03": 10, "m04": 10, "m05": 10}}
		officers := map[string]any{"secretary_id": "m01", "deputy_id": "m02"}
		conflict := func(p any, method, path string, body any) {
			t.Helper()
			who := own
			if p == "upper" {
				who = upper
			}
			e.refused(t, who, method, base+path, body, http.StatusConflict, "不能")
		}

		// draft
		conflict("upper", "POST", "/approve", nil)
		conflict("upper", "POST", "/approve-officers", nil)
		conflict("own", "POST", "/rounds", round)
		conflict("own", "POST", "/complete", nil)
		e.call(t, own, "PUT", base+"/candidates", cands("committee", tr.full[:6]...), http.StatusOK)
		e.call(t, own, "PUT", base+"/plan", committeePlan, http.StatusOK)
		e.call(t, own, "POST", base+"/submit", nil, http.StatusOK)

		// submitted
		conflict("own", "POST", "/submit", nil)
		conflict("own", "PUT", "/plan", committeePlan)
		conflict("own", "PUT", "/candidates", cands("committee", tr.full[:6]...))
		conflict("own", "POST", "/rounds", round)
		e.refused(t, upper, "POST", base+"/return", map[string]string{"reason": " "}, http.StatusUnprocessableEntity, "退回须写明理由")
		el, _ = e.call(t, upper, "POST", base+"/return", map[string]string{"reason": "委员名额请再研究"}, http.StatusOK)
		if el.State != "draft" {
			t.Fatalf("returned to %s", el.State)
		}
		e.call(t, own, "POST", base+"/submit", nil, http.StatusOK)
		e.call(t, upper, "POST", base+"/approve", nil, http.StatusOK)

		// approved
		conflict("own", "POST", "/submit", nil)
		conflict("own", "PUT", "/plan", committeePlan)
		conflict("own", "PUT", "/officers", officers)
		conflict("own", "POST", "/complete", nil)
		e.call(t, own, "POST", base+"/rounds", round, http.StatusOK)

		// voting → every seat filled at once; officers may now be chosen
		conflict("own", "PUT", "/candidates", cands("committee", tr.full[:6]...))
		conflict("own", "PUT", "/plan", committeePlan)
		conflict("upper", "POST", "/approve-officers", nil)
		conflict("own", "POST", "/complete", nil)
		e.call(t, own, "PUT", base+"/officers", officers, http.StatusOK)

		// officers pending
		conflict("own", "POST", "/rounds", round)
		e.call(t, upper, "POST", base+"/approve-officers", nil, http.StatusOK)
		e.refused(t, upper, "POST", base+"/approve-officers", nil, http.StatusConflict, "已经批准")
		e.refused(t, own, "PUT", base+"/officers", officers, http.StatusConflict, "不能再修改")
		e.call(t, own, "POST", base+"/complete", nil, http.StatusOK)

		// completed
		conflict("own", "POST", "/complete", nil)
		conflict("own", "POST", "/cancel", map[string]string{"reason": "x"})
		conflict("own", "PUT", "/officers", officers)

		// cancelled
		el, _ = e.call(t, own, "POST", "/api/v1/orgs/"+tr.b.ID+"/elections", committeePlan, http.StatusCreated)
		base = "/api/v1/elections/" + el.ID
		e.refused(t, own, "POST", base+"/cancel", nil, http.StatusUnprocessableEntity, "取消换届须写明理由")
		el, _ = e.call(t, own, "POST", base+"/cancel", map[string]string{"reason": "上级要求推迟"}, http.StatusOK)
		if el.State != "cancelled" {
			t.Fatalf("cancelled: %s", el.State)
		}
		conflict("own", "POST", "/submit", nil)
		conflict("own", "POST", "/cancel", map[string]string{"reason": "x"})
	})
}

// TestOneOpenElection: an org runs one election at a time.
func TestOneOpenElection(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		e.call(t, worker(tr.b), "POST", "/api/v1/orgs/"+tr.b.ID+"/elections", committeePlan, http.StatusCreated)
		e.refused(t, worker(tr.b), "POST", "/api/v1/orgs/"+tr.b.ID+"/elections", committeePlan, http.StatusConflict, "已有正在进行的换届选举")
		group := e.org(&tr.b, "group", "第一党小组")
		e.refused(t, worker(tr.b), "POST", "/api/v1/orgs/"+group.ID+"/elections", committeePlan, http.StatusConflict, "只有党的基层委员会")
	})
}

// TestPermissions: approvals only by the upper org; nothing out of scope.
func TestPermissions(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		other := e.org(nil, "committee", "另一党委")
		el, _ := e.call(t, worker(tr.b), "POST", "/api/v1/orgs/"+tr.b.ID+"/elections", committeePlan, http.StatusCreated)
		base := "/api/v1/elections/" + el.ID
		e.call(t, worker(tr.b), "POST", base+"/submit", nil, http.StatusOK)

		outsider := worker(other)
		for _, c := range []struct{ method, path string }{
			{"GET", base}, {"POST", base + "/approve"}, {"POST", base + "/cancel"}, {"PUT", base + "/plan"},
			{"GET", "/api/v1/orgs/" + tr.b.ID + "/terms"}, {"GET", "/api/v1/orgs/" + tr.c.ID + "/terms/overdue"},
			{"POST", "/api/v1/orgs/" + tr.b.ID + "/elections"}, {"GET", "/api/v1/orgs/" + tr.b.ID + "/elections/settings"},
			{"GET", "/api/v1/elections/nope"},
		} {
			e.srv.Expect(t, outsider, c.method, c.path, map[string]string{}, http.StatusNotFound)
		}
		// A sibling branch's worker cannot see it either.
		e.srv.Expect(t, worker(tr.small), "GET", base, nil, http.StatusNotFound)
		// A viewer of the upper org reads but neither approves nor manages.
		e.srv.Expect(t, viewer(tr.c), "GET", base, nil, http.StatusOK)
		e.srv.Expect(t, viewer(tr.c), "POST", base+"/approve", nil, http.StatusForbidden)
		e.srv.Expect(t, viewer(tr.c), "POST", base+"/cancel", map[string]string{"reason": "x"}, http.StatusForbidden)
		// (The root org, with no upper org on the platform: TestOrgWithoutParentDecidesItself.)
	})
}
