package commendations_test

import (
	"net/http"
	"testing"
	"time"
)

// TestNominations: a branch nominates its own members to its committee's
// round — eligible ones only, once each — and the committee decides within
// the quota; a branch cannot decide for it.
func TestNominations(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		r := e.open(t, tr.c, map[string]int{"excellent_member": 1, "excellent_worker": 2}, nil)
		branch, upper := worker(tr.b1), worker(tr.c)

		_, resp := e.nominate(t, branch, r.ID, "excellent_member", "p1", http.StatusUnprocessableEntity)
		if !resp.Contains("预备党员不能评为优秀共产党员") || !resp.Contains(`"ineligible"`) {
			t.Errorf("probationary nominated: %s", resp.Body)
		}
		n1, _ := e.nominate(t, branch, r.ID, "excellent_member", "m1", http.StatusCreated)
		if n1.State != "pending" || n1.ByOrgID != "B1" || !n1.Eligible {
			t.Errorf("nominated %+v", n1)
		}
		_, resp = e.nominate(t, upper, r.ID, "excellent_member", "m1", http.StatusConflict)
		code(t, resp, "duplicate")
		e.nominate(t, branch, r.ID, "excellent_member", "n1", http.StatusNotFound) // another branch's member
		e.nominate(t, branch, r.ID, "advanced_org", "B1", http.StatusUnprocessableEntity)
		e.srv.Expect(t, branch, "POST", "/api/v1/commendations/"+r.ID+"/nominations",
			map[string]any{"kind": "excellent_member", "member_id": "m2", "deeds": "  "}, http.StatusUnprocessableEntity)

		approve := "/api/v1/commendations/nominations/" + n1.ID + "/approve"
		resp = e.srv.Expect(t, branch, "POST", approve, nil, http.StatusForbidden)
		code(t, resp, "upper_only")
		e.srv.Expect(t, worker(tr.b2), "POST", approve, nil, http.StatusNotFound)
		var got nomination
		e.srv.Expect(t, upper, "POST", approve, map[string]string{"note": "同意"}, http.StatusOK).JSON(t, &got)
		if got.State != "approved" {
			t.Errorf("approved %+v", got)
		}
		code(t, e.srv.Expect(t, upper, "POST", approve, nil, http.StatusConflict), "not_pending")

		n2, _ := e.nominate(t, branch, r.ID, "excellent_member", "m2", http.StatusCreated)
		code(t, e.srv.Expect(t, upper, "POST", "/api/v1/commendations/nominations/"+n2.ID+"/approve", nil, http.StatusConflict), "quota_full")
		reject := "/api/v1/commendations/nominations/" + n2.ID + "/reject"
		e.srv.Expect(t, upper, "POST", reject, nil, http.StatusUnprocessableEntity)
		e.srv.Expect(t, upper, "POST", reject, map[string]string{"note": "名额已满"}, http.StatusOK).JSON(t, &got)
		if got.State != "rejected" {
			t.Errorf("rejected %+v", got)
		}

		// Withdrawn by the nominating side only, while pending; the place is freed.
		w, _ := e.nominate(t, branch, r.ID, "excellent_worker", "m2", http.StatusCreated)
		e.srv.Expect(t, worker(tr.b2), "DELETE", "/api/v1/commendations/nominations/"+w.ID, nil, http.StatusNotFound)
		e.srv.Expect(t, viewer(tr.b1), "DELETE", "/api/v1/commendations/nominations/"+w.ID, nil, http.StatusForbidden)
		e.srv.Expect(t, branch, "DELETE", "/api/v1/commendations/nominations/"+w.ID, nil, http.StatusNoContent)
		e.srv.Expect(t, branch, "DELETE", "/api/v1/commendations/nominations/"+w.ID, nil, http.StatusConflict)
		e.nominate(t, branch, r.ID, "excellent_worker", "m2", http.StatusCreated)
		code(t, e.srv.Expect(t, branch, "DELETE", "/api/v1/commendations/nominations/"+n1.ID, nil, http.StatusConflict), "not_pending")

		var view round
		e.srv.Expect(t, upper, "GET", "/api/v1/commendations/"+r.ID, nil, http.StatusOK).JSON(t, &view)
		if k := view.Kinds[0]; k.Kind != "excellent_member" || k.Quota != 1 || k.Approved != 1 || len(view.Nominations) != 4 {
			t.Errorf("round %+v", view)
		}
		if k := view.Kinds[1]; k.Kind != "excellent_worker" || k.Pending != 1 {
			t.Errorf("worker kind %+v", k)
		}
		for _, action := range []string{"commendation.round.create", "commendation.nominate", "commendation.approve",
			"commendation.reject", "commendation.withdraw"} {
			if e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = ?", action) == 0 {
				t.Errorf("%s not audited", action)
			}
		}

		e.clk.Set(time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC)) // 1 April in Shanghai
		code(t, e.srv.Expect(t, branch, "POST", "/api/v1/commendations/"+r.ID+"/nominations",
			map[string]any{"kind": "excellent_worker", "member_id": "m1", "deeds": "好"}, http.StatusConflict), "nomination_closed")
	})
}

// TestNomineeChecks: the nominee must be inside the round's subtree, still
// a member, and an approval checks eligibility again (a mark recorded
// after the nomination).
func TestNomineeChecks(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		own := e.open(t, tr.b2, map[string]int{"excellent_member": 1}, nil)
		_, resp := e.nominate(t, worker(tr.c), own.ID, "excellent_member", "m1", http.StatusUnprocessableEntity)
		code(t, resp, "validation_failed")
		if !resp.Contains("not_in_round") {
			t.Errorf("outside the round: %s", resp.Body)
		}
		r := e.open(t, tr.c, map[string]int{"excellent_member": 2}, nil)
		left := e.member(tr.b1, "x1", "full", "2001-07-01")
		left.Active = false
		e.put(left)
		if _, resp := e.nominate(t, worker(tr.b1), r.ID, "excellent_member", "x1", http.StatusUnprocessableEntity); !resp.Contains("该党员已不在册") {
			t.Errorf("ended member: %s", resp.Body)
		}
		n, _ := e.nominate(t, worker(tr.b1), r.ID, "excellent_member", "m2", http.StatusCreated)
		e.srv.Expect(t, worker(tr.b1), "POST", "/api/v1/orgs/B1/commendations/marks", map[string]any{"member_id": "m2",
			"kind": "under_review", "reason": "立案审查", "on": "2026-03-01"}, http.StatusCreated)
		resp = e.srv.Expect(t, worker(tr.c), "POST", "/api/v1/commendations/nominations/"+n.ID+"/approve", nil, http.StatusUnprocessableEntity)
		if !resp.Contains("正在接受审查（2026-03-01）") {
			t.Errorf("approval of a nominee under review: %s", resp.Body)
		}
	})
}
