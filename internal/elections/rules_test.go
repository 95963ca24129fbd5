package elections_test

import (
	"net/http"
	"reflect"
	"testing"
)

// approved makes an approved committee election at tr.b and returns its path.
func (e *env) approved(t *testing.T, tr tree, plan map[string]any) string {
	t.Helper()
	el, _ := e.call(t, worker(tr.b), "POST", "/api/v1/orgs/"+tr.b.ID+"/elections", plan, http.StatusCreated)
	base := "/api/v1/elections/" + el.ID
	e.call(t, worker(tr.b), "POST", base+"/submit", nil, http.StatusOK)
	e.call(t, worker(tr.c), "POST", base+"/approve", nil, http.StatusOK)
	return base
}

func TestCandidateRules(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		outside := e.members(e.org(nil, "branch", "外单位支部"), "x", "full", 1)[0]
		base := e.approved(t, tr, committeePlan)
		own := worker(tr.b)
		e.refused(t, own, "PUT", base+"/candidates", cands("committee", "m01", "m02", "m03", "m04", "m05", "p01"),
			http.StatusUnprocessableEntity, "预备党员没有表决权、选举权和被选举权")
		e.refused(t, own, "PUT", base+"/candidates", cands("committee", "m01", "m02", "m03", "m04", "m05", "s01"),
			http.StatusUnprocessableEntity, "候选人须为本组织的党员") // a sibling branch's member
		e.refused(t, own, "PUT", base+"/candidates", cands("committee", "m01", "m02", "m03", "m04", "m05", outside),
			http.StatusUnprocessableEntity, "候选人须为本组织的党员")
		e.refused(t, own, "PUT", base+"/candidates", cands("committee", "m01", "m02", "m03", "m04", "m05", "nobody"),
			http.StatusUnprocessableEntity, "候选人须为本组织的党员")
		e.refused(t, own, "PUT", base+"/candidates", cands("committee", "m01", "m02", "m03", "m04", "m05"),
			http.StatusUnprocessableEntity, "委员候选人差额不少于20%，至少须 6 名")
		e.refused(t, own, "PUT", base+"/candidates", cands("committee", "m01", "m01", "m02", "m03", "m04", "m05"),
			http.StatusUnprocessableEntity, "同一党员只能列为一次候选人")
		e.call(t, own, "PUT", base+"/candidates", cands("committee", "m01", "m02", "m03", "m04", "m05", "m06"), http.StatusOK)
		if n := e.count(t, "SELECT COUNT(*) FROM election_candidates"); n != 6 {
			t.Errorf("%d candidates stored", n)
		}

		// A candidate who has since become ineligible is caught at the vote.
		e.dir.mu.Lock()
		m := e.dir.members["m06"]
		m.Active = false
		e.dir.members["m06"] = m
		e.dir.mu.Unlock()
		e.refused(t, own, "POST", base+"/rounds", map[string]any{"held_on": today, "post": "committee", "present": 9,
			"ballots_issued": 9, "ballots_returned": 9, "votes": map[string]int{}}, http.StatusUnprocessableEntity, "候选人党员m06")
	})
}

func TestAttendanceAndBallots(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		base := e.approved(t, tr, committeePlan)
		own := worker(tr.b)
		e.call(t, own, "PUT", base+"/candidates", cands("committee", tr.full[:6]...), http.StatusOK)
		round := func(present, issued, returned int, excluded []map[string]string) map[string]any {
			return map[string]any{"held_on": today, "post": "committee", "present": present, "ballots_issued": issued,
				"ballots_returned": returned, "excluded": excluded, "votes": map[string]int{"m01": present}}
		}
		// Ten full members should attend: exactly eight (4/5) is not enough.
		e.refused(t, own, "POST", base+"/rounds", round(8, 8, 8, nil), http.StatusUnprocessableEntity,
			"应到会有选举权的党员 10 人，到会 8 人未超过应到会人数的五分之四")
		e.refused(t, own, "POST", base+"/rounds", round(9, 8, 9, nil), http.StatusUnprocessableEntity,
			"收回选票 9 张，多于发出选票 8 张，本次选举无效")
		e.refused(t, own, "POST", base+"/rounds", round(8, 8, 8, []map[string]string{{"member_id": "m10"}}),
			http.StatusUnprocessableEntity, "须写明原因")
		e.refused(t, own, "POST", base+"/rounds", round(8, 8, 8, []map[string]string{{"member_id": "p01", "reason": "出国"}}),
			http.StatusUnprocessableEntity, "有选举权的正式党员")
		e.refused(t, own, "POST", base+"/rounds", map[string]any{"held_on": "2026-03-03", "post": "committee", "present": 9,
			"ballots_issued": 9, "ballots_returned": 9}, http.StatusUnprocessableEntity, "不能晚于今天")
		e.refused(t, own, "POST", base+"/rounds", map[string]any{"held_on": "2026-03-01", "post": "committee", "present": 9,
			"ballots_issued": 9, "ballots_returned": 9}, http.StatusUnprocessableEntity, "不能早于上级批复")
		e.refused(t, own, "POST", base+"/rounds", map[string]any{"held_on": today, "post": "committee", "present": 9,
			"ballots_issued": 9, "ballots_returned": 9, "candidates": tr.full[:6]}, http.StatusUnprocessableEntity, "只有另行选举时")
		if n := e.count(t, "SELECT COUNT(*) FROM election_rounds"); n != 0 {
			t.Fatalf("%d rounds stored by refused requests", n)
		}
		// One member abroad left out with a reason: nine should attend, and
		// eight is then more than 4/5.
		el, _ := e.call(t, own, "POST", base+"/rounds",
			round(8, 8, 8, []map[string]string{{"member_id": "m10", "reason": "出国半年以上"}}), http.StatusOK)
		if r := el.Rounds[0]; r.Expected != 9 || len(r.Elected) != 1 || el.Posts[0].Next != "another" || el.Posts[0].Open != 4 {
			t.Fatalf("round %+v, posts %+v", r, el.Posts)
		}
		// Another round (另行选举) for the four open seats needs five candidates
		// among those not yet elected.
		e.refused(t, own, "POST", base+"/rounds", map[string]any{"held_on": today, "post": "committee", "present": 9,
			"ballots_issued": 9, "ballots_returned": 9, "candidates": []string{"m02", "m03", "m04", "m05"}},
			http.StatusUnprocessableEntity, "至少须 5 名")
		e.refused(t, own, "POST", base+"/rounds", map[string]any{"held_on": today, "post": "committee", "present": 9,
			"ballots_issued": 9, "ballots_returned": 9, "candidates": []string{"m01", "m02", "m03", "m04", "m05"}},
			http.StatusUnprocessableEntity, "尚未当选")
		el, _ = e.call(t, own, "POST", base+"/rounds", map[string]any{"held_on": today, "post": "committee", "present": 9,
			"ballots_issued": 9, "ballots_returned": 9, "candidates": []string{"m02", "m03", "m04", "m05", "m06"},
			"votes": map[string]int{"m02": 9, "m03": 8, "m04": 7, "m05": 5, "m06": 5}}, http.StatusOK)
		// Expected is 10 again (nobody left out): 5 of 10 is exactly half and fails.
		if r := el.Rounds[1]; r.Kind != "another" || r.Seats != 4 || r.Expected != 10 || len(r.Elected) != 3 || el.Posts[0].Open != 1 {
			t.Fatalf("another round %+v", r)
		}
	})
}

func TestPlanRules(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		create := "/api/v1/orgs/" + tr.b.ID + "/elections"
		e.refused(t, worker(tr.b), "POST", create, map[string]any{"planned_on": "2026-03-20", "seats_committee": 8, "seats_secretary": 1},
			http.StatusUnprocessableEntity, "委员应为 3 至 7 名")
		e.refused(t, worker(tr.b), "POST", create, map[string]any{"planned_on": "2026-03-20", "seats_committee": 5, "seats_secretary": 1,
			"term_years": 6}, http.StatusUnprocessableEntity, "每届任期为 3 至 5 年")
		e.refused(t, worker(tr.b), "POST", create, map[string]any{"planned_on": "", "seats_committee": 5, "seats_secretary": 1,
			"seats_deputy": 2}, http.StatusUnprocessableEntity, "副书记可设 0 至 1 名")
		e.refused(t, worker(tr.c), "POST", "/api/v1/orgs/"+tr.c.ID+"/elections", map[string]any{"planned_on": "2026-03-20",
			"seats_committee": 3, "seats_secretary": 1}, http.StatusUnprocessableEntity, "党的基层委员会委员应为 5 至 11 名")
		e.refused(t, worker(tr.b), "POST", create, map[string]any{"org_id": tr.c.ID, "planned_on": "2026-03-20", "seats_committee": 5,
			"seats_secretary": 1}, http.StatusUnprocessableEntity, "不一致")

		// A village branch's term is five years by default, and a setting
		// of the upper org changes the branches' default.
		village := tr.small
		village.UnitType = "village"
		e.put(village)
		el, _ := e.call(t, worker(village), "POST", "/api/v1/orgs/"+village.ID+"/elections",
			map[string]any{"planned_on": "2026-03-20", "seats_secretary": 1}, http.StatusCreated)
		if el.Plan.TermYears != 5 {
			t.Errorf("village term %d years", el.Plan.TermYears)
		}
		e.srv.Expect(t, worker(tr.c), "PUT", "/api/v1/orgs/"+tr.c.ID+"/elections/settings",
			map[string]any{"values": map[string]string{"elections.term_years_branch": "4"}}, http.StatusOK)
		el, _ = e.call(t, worker(tr.b), "POST", create, committeePlan, http.StatusCreated)
		if el.Plan.TermYears != 4 {
			t.Errorf("branch term %d years after the setting", el.Plan.TermYears)
		}
	})
}

func TestOfficerRules(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		base := e.approved(t, tr, committeePlan)
		own := worker(tr.b)
		e.call(t, own, "PUT", base+"/candidates", cands("committee", tr.full[:6]...), http.StatusOK)
		e.call(t, own, "POST", base+"/rounds", map[string]any{"held_on": today, "post": "committee", "present": 10,
			"ballots_issued": 10, "ballots_returned": 10, "votes": map[string]int{"m01": 9, "m02": 9, "m03": 9, "m04": 9, "m05": 9, "m06": 1}},
			http.StatusOK)
		for _, c := range []struct {
			body map[string]any
			msg  string
		}{
			{map[string]any{"secretary_id": "m06", "deputy_id": "m02"}, "书记须从当选的委员中产生"},
			{map[string]any{"secretary_id": "m01", "deputy_id": "m01"}, "不能由书记兼任"},
			{map[string]any{"secretary_id": "m01"}, "换届方案设副书记 1 名"},
			{map[string]any{"secretary_id": "m01", "deputy_id": "m02", "roles": map[string]string{"m06": "publicity"}}, "分工只能安排给"},
			{map[string]any{"secretary_id": "m01", "deputy_id": "m02", "roles": map[string]string{"m03": "secretary"}}, "委员分工应为"},
			{map[string]any{"secretary_id": "m01", "deputy_id": "m02", "roles": map[string]string{"m03": "publicity", "m04": "publicity"}}, "宣传委员只能安排 1 名"},
		} {
			e.refused(t, own, "PUT", base+"/officers", c.body, http.StatusUnprocessableEntity, c.msg)
		}
		el, _ := e.call(t, own, "PUT", base+"/officers", map[string]any{"secretary_id": "m01", "deputy_id": "m02",
			"roles": map[string]string{"m03": "discipline"}}, http.StatusOK)
		titles := map[string]string{}
		var o struct {
			Officers struct {
				Members []struct {
					MemberID string `json:"member_id"`
					Title    string `json:"title"`
				} `json:"members"`
			} `json:"officers"`
		}
		e.srv.Expect(t, own, "GET", base, nil, http.StatusOK).JSON(t, &o)
		for _, m := range o.Officers.Members {
			titles[m.MemberID] = m.Title
		}
		want := map[string]string{"m01": "secretary", "m02": "deputy_secretary", "m03": "discipline", "m04": "committee_member", "m05": "committee_member"}
		if el.State != "officers_pending" || !reflect.DeepEqual(titles, want) {
			t.Errorf("officers %v, want %v", titles, want)
		}
	})
}

// TestCongress: a 党员代表大会 counts the delegates who should attend, as given.
func TestCongress(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		plan := map[string]any{"planned_on": "2026-03-20", "seats_committee": 5, "seats_secretary": 1, "method": "党员代表大会"}
		base := e.approved(t, tr, plan)
		own := worker(tr.b)
		e.call(t, own, "PUT", base+"/candidates", cands("committee", tr.full[:6]...), http.StatusOK)
		round := map[string]any{"held_on": today, "post": "committee", "present": 81, "ballots_issued": 81, "ballots_returned": 81,
			"votes": map[string]int{"m01": 51}}
		e.refused(t, own, "POST", base+"/rounds", round, http.StatusUnprocessableEntity, "请填写应到会代表人数")
		round["expected"] = 100
		el, _ := e.call(t, own, "POST", base+"/rounds", round, http.StatusOK)
		if r := el.Rounds[0]; r.Expected != 100 || len(r.Elected) != 1 {
			t.Errorf("congress round %+v", r)
		}
	})
}
