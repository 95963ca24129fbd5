package elections_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"dangjian/internal/elections"
)

// tree is a committee with a branch of ten full members and one
// probationary member, and a small branch of four.
type tree struct {
	c, b, small elections.OrgRef
	full        []string
}

func (e *env) tree() tree {
	c := e.org(nil, "committee", "财政局机关党委")
	b := e.org(&c, "branch", "第一党支部")
	small := e.org(&c, "branch", "第二党支部")
	tr := tree{c: c, b: b, small: small, full: e.members(b, "m", "full", 10)}
	e.members(b, "p", "probationary", 1)
	e.members(small, "s", "full", 4)
	return tr
}

var committeePlan = map[string]any{"planned_on": "2026-03-20", "seats_committee": 5, "seats_secretary": 1, "seats_deputy": 1}

func TestWholeWorkflow(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		own, upper := worker(tr.b), worker(tr.c)
		el, _ := e.call(t, own, "POST", "/api/v1/orgs/"+tr.b.ID+"/elections", committeePlan, http.StatusCreated)
		if el.State != "draft" || el.Plan.TermYears != 3 || el.Plan.SeatsCommittee != 5 {
			t.Fatalf("created %+v", el)
		}
		base := "/api/v1/elections/" + el.ID
		e.call(t, own, "POST", base+"/submit", nil, http.StatusOK)
		e.refused(t, own, "POST", base+"/approve", map[string]string{"note": "同意"}, http.StatusForbidden, "须由上级党组织审批")
		el, _ = e.call(t, upper, "POST", base+"/approve", map[string]string{"note": "同意"}, http.StatusOK)
		if el.State != "approved" || el.ApprovedOn != today {
			t.Fatalf("approved %+v", el)
		}
		e.call(t, own, "PUT", base+"/candidates", cands("committee", tr.full[:6]...), http.StatusOK)

		// Five seats, six candidates: the fifth and sixth tie across the last seat.
		round := map[string]any{"held_on": today, "post": "committee", "present": 9, "ballots_issued": 9, "ballots_returned": 9,
			"votes": map[string]int{"m01": 9, "m02": 8, "m03": 8, "m04": 7, "m05": 6, "m06": 6}}
		el, _ = e.call(t, own, "POST", base+"/rounds", round, http.StatusOK)
		p := el.Posts[0]
		if el.State != "voting" || el.Rounds[0].Expected != 10 || !reflect.DeepEqual(p.Elected, []string{"m01", "m02", "m03", "m04"}) ||
			!reflect.DeepEqual(p.Revote, []string{"m05", "m06"}) || p.RevoteSeats != 1 || p.Next != "revote" {
			t.Fatalf("after the first round: %+v", el)
		}
		e.refused(t, own, "PUT", base+"/officers", map[string]any{"secretary_id": "m01"}, http.StatusConflict, "委员尚未选足")
		// The revote is among the tied only.
		e.refused(t, own, "POST", base+"/rounds", map[string]any{"held_on": today, "post": "committee", "present": 9,
			"ballots_issued": 9, "ballots_returned": 9, "votes": map[string]int{"m04": 5}}, http.StatusUnprocessableEntity, "不是本轮候选人")
		revote := map[string]any{"held_on": today, "post": "committee", "present": 9, "ballots_issued": 9, "ballots_returned": 9,
			"votes": map[string]int{"m05": 6, "m06": 3}}
		el, _ = e.call(t, own, "POST", base+"/rounds", revote, http.StatusOK)
		if r := el.Rounds[1]; r.Kind != "revote" || r.Seats != 1 || !reflect.DeepEqual(r.Elected, []string{"m05"}) || el.Posts[0].Next != "" {
			t.Fatalf("after the revote: %+v", el)
		}
		e.refused(t, own, "POST", base+"/rounds", revote, http.StatusConflict, "已经选足")

		// Chosen against the member IDs' order: the committee is still listed 书记, 副书记, 组织, 宣传, 纪检.
		officers := map[string]any{"secretary_id": "m05", "deputy_id": "m04",
			"roles": map[string]string{"m01": "discipline", "m02": "publicity", "m03": "organization"}}
		el, _ = e.call(t, own, "PUT", base+"/officers", officers, http.StatusOK)
		if el.State != "officers_pending" || el.Officers == nil || el.Officers.SecretaryID != "m05" || el.Officers.Approved {
			t.Fatalf("officers %+v", el)
		}
		var order []string
		for _, m := range el.Officers.Members {
			order = append(order, m.MemberID)
		}
		if !reflect.DeepEqual(order, []string{"m05", "m04", "m03", "m02", "m01"}) {
			t.Fatalf("officers listed %v; want 书记, 副书记, then by work", order)
		}
		e.refused(t, own, "POST", base+"/complete", nil, http.StatusConflict, "须经上级党组织批准")
		e.refused(t, own, "POST", base+"/approve-officers", nil, http.StatusForbidden, "须由上级党组织审批")
		e.call(t, upper, "POST", base+"/approve-officers", map[string]string{"note": "同意"}, http.StatusOK)
		el, _ = e.call(t, own, "POST", base+"/complete", nil, http.StatusOK)
		if el.State != "completed" || el.Term == nil || el.Term.Number != 1 || el.Term.StartOn != today || el.Term.EndOn != "2029-03-02" {
			t.Fatalf("completed %+v", el)
		}

		org, _ := e.dir.Org(t.Context(), nil, tr.b.ID)
		if org.TermStart != today || org.TermEnd != "2029-03-02" {
			t.Errorf("org term %s–%s", org.TermStart, org.TermEnd)
		}
		want := []elections.Post{{"m05", "secretary"}, {"m04", "deputy_secretary"}, {"m03", "organization"},
			{"m02", "publicity"}, {"m01", "discipline"}}
		if got := e.dir.positions[tr.b.ID]; !reflect.DeepEqual(got, want) || e.dir.posOn[tr.b.ID] != today {
			t.Errorf("positions %v from %s, want %v", got, e.dir.posOn[tr.b.ID], want)
		}
		for _, typ := range []string{"election.completed", "term.started"} {
			if n := e.count(t, "SELECT COUNT(*) FROM outbox_events WHERE type = ?", typ); n != 1 {
				t.Errorf("%d %s events", n, typ)
			}
		}
		// One audit record per decision: nine, one of them naming the candidates.
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'election.%'"); n != 9 {
			t.Errorf("%d audit records, want 9", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'election.candidates%' AND after_json LIKE '%m06%'"); n != 1 {
			t.Errorf("%d audit records of the candidates naming them, want 1", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM election_tallies WHERE election_id = ? AND outcome = 'elected'", el.ID); n != 5 {
			t.Errorf("%d elected tallies", n)
		}
		var actions []string
		for _, a := range el.Approvals {
			actions = append(actions, a.Action)
		}
		if got := strings.Join(actions, ","); got != "created,submitted,approved,candidates,round,round,officers,officers_approved,completed" {
			t.Errorf("log %s", got)
		}

		var terms struct {
			Current struct {
				Number   int    `json:"number"`
				Status   string `json:"status"`
				DaysLeft int    `json:"days_left"`
			} `json:"current"`
			History   []elections.Term `json:"history"`
			Elections []struct {
				State string `json:"state"`
			} `json:"elections"`
		}
		e.srv.Expect(t, viewer(tr.b), "GET", "/api/v1/orgs/"+tr.b.ID+"/terms", nil, http.StatusOK).JSON(t, &terms)
		if terms.Current.Number != 1 || terms.Current.Status != "normal" || terms.Current.DaysLeft != 1096 ||
			len(terms.History) != 1 || len(terms.Elections) != 1 || terms.Elections[0].State != "completed" {
			t.Errorf("terms %+v", terms)
		}

		// The next election's term is the second.
		e.clk.Set(t0.AddDate(3, 0, 0))
		next, _ := e.call(t, own, "POST", "/api/v1/orgs/"+tr.b.ID+"/elections", committeePlan, http.StatusCreated)
		if next.State != "draft" {
			t.Errorf("second election %+v", next)
		}
	})
}

// TestBranchWithoutCommittee: under seven full members the assembly elects
// the secretary directly; the upper org still approves them.
func TestBranchWithoutCommittee(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		own, upper := worker(tr.small), worker(tr.c)
		create := "/api/v1/orgs/" + tr.small.ID + "/elections"
		e.refused(t, own, "POST", create, committeePlan, http.StatusUnprocessableEntity, "正式党员 4 人，不足 7 人，不设支部委员会")
		e.refused(t, worker(tr.b), "POST", "/api/v1/orgs/"+tr.b.ID+"/elections",
			map[string]any{"planned_on": "2026-03-20", "seats_secretary": 1}, http.StatusUnprocessableEntity, "应设支部委员会")
		el, _ := e.call(t, own, "POST", create, map[string]any{"planned_on": "2026-03-20", "seats_secretary": 1}, http.StatusCreated)
		base := "/api/v1/elections/" + el.ID
		e.call(t, own, "POST", base+"/submit", nil, http.StatusOK)
		e.call(t, upper, "POST", base+"/approve", nil, http.StatusOK)
		e.refused(t, own, "PUT", base+"/candidates", cands("committee", "s01", "s02"), http.StatusUnprocessableEntity, "不选举该职务")
		e.call(t, own, "PUT", base+"/candidates", cands("secretary", "s01"), http.StatusOK)
		el, _ = e.call(t, own, "POST", base+"/rounds", map[string]any{"held_on": today, "post": "secretary", "present": 4,
			"ballots_issued": 4, "ballots_returned": 4, "votes": map[string]int{"s01": 3}}, http.StatusOK)
		if el.State != "officers_pending" || el.Officers == nil || el.Officers.SecretaryID != "s01" {
			t.Fatalf("after the vote %+v", el)
		}
		e.refused(t, own, "PUT", base+"/officers", map[string]any{"secretary_id": "s01"}, http.StatusConflict, "由党员大会直接选举产生")
		e.call(t, upper, "POST", base+"/approve-officers", nil, http.StatusOK)
		el, _ = e.call(t, own, "POST", base+"/complete", nil, http.StatusOK)
		if el.State != "completed" || !reflect.DeepEqual(e.dir.positions[tr.small.ID], []elections.Post{{"s01", "secretary"}}) {
			t.Errorf("completed %+v, positions %v", el, e.dir.positions[tr.small.ID])
		}
	})
}
