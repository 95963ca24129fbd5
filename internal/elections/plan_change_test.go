package elections_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestPlanChangeDropsStaleCandidates: PUT /plan keeps the candidates the
// new plan still admits and drops, per post, those it does not — a post it
// no longer elects, or seats raised beyond what the list covers (差额) —
// saying so in the log.
func TestPlanChangeDropsStaleCandidates(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		own := worker(tr.b)
		el, _ := e.call(t, own, "POST", "/api/v1/orgs/"+tr.b.ID+"/elections", committeePlan, http.StatusCreated)
		base := "/api/v1/elections/" + el.ID
		e.call(t, own, "PUT", base+"/candidates", cands("committee", tr.full[:6]...), http.StatusOK)
		plan := func(seats int) map[string]any {
			return map[string]any{"planned_on": "2026-03-25", "seats_committee": seats, "seats_secretary": 1, "seats_deputy": 1}
		}
		if el, _ = e.call(t, own, "PUT", base+"/plan", plan(5), http.StatusOK); len(el.Candidates) != 6 {
			t.Errorf("same seats: %d candidates kept, want 6", len(el.Candidates))
		}
		// Seven seats need nine candidates: the six no longer do.
		el, _ = e.call(t, own, "PUT", base+"/plan", plan(7), http.StatusOK)
		last := el.Approvals[len(el.Approvals)-1]
		if len(el.Candidates) != 0 || !strings.Contains(last.Note, "委员候选人不再符合要求，已清除") {
			t.Errorf("seven seats: candidates %+v, log %q", el.Candidates, last.Note)
		}
		e.call(t, own, "PUT", base+"/candidates", cands("committee", tr.full[:9]...), http.StatusOK)
		// Back to five: nine candidates still exceed the seats by 20%.
		if el, _ = e.call(t, own, "PUT", base+"/plan", plan(5), http.StatusOK); len(el.Candidates) != 9 {
			t.Errorf("fewer seats: %d candidates kept, want 9", len(el.Candidates))
		}

		// A branch without a committee dropping its deputy keeps its secretary's candidate.
		small := worker(tr.small)
		el, _ = e.call(t, small, "POST", "/api/v1/orgs/"+tr.small.ID+"/elections",
			map[string]any{"planned_on": "2026-03-20", "seats_secretary": 1, "seats_deputy": 1}, http.StatusCreated)
		base = "/api/v1/elections/" + el.ID
		e.call(t, small, "PUT", base+"/candidates", map[string]any{"candidates": []map[string]string{
			{"member_id": "s01", "post": "secretary"}, {"member_id": "s02", "post": "deputy"}}}, http.StatusOK)
		el, _ = e.call(t, small, "PUT", base+"/plan", map[string]any{"planned_on": "2026-03-20", "seats_secretary": 1}, http.StatusOK)
		last = el.Approvals[len(el.Approvals)-1]
		if len(el.Candidates) != 1 || el.Candidates[0].MemberID != "s01" || !strings.Contains(last.Note, "副书记候选人不再符合要求") {
			t.Errorf("deputy dropped from the plan: candidates %+v, log %q", el.Candidates, last.Note)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM election_candidates WHERE election_id = ?", el.ID); n != 1 {
			t.Errorf("%d candidates stored, want 1", n)
		}
	})
}
