package appraisal_test

import (
	"testing"

	"dangjian/internal/appraisal"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// TestScope: another branch's workers and members see nothing of a round
// (404); the committee above reads and manages it; a viewer reads only; on
// the member routes only participants who are still in the branch get in,
// and an account without a member gets 403.
func TestScope(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a1, ms := e.branch("第一支部", "s", 3, false)
		a2, others := e.branch("第二支部", "o", 2, false)
		rd := e.open(t, a1)
		base := "/api/v1/appraisals/" + rd.ID
		hid := "/handlings/x"

		outsider := worker(a2)
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", base, nil},
			{"GET", base + "/history", nil},
			{"POST", base + "/close-rating", nil},
			{"PUT", base + "/proposal", map[string]any{"grades": map[string]string{}}},
			{"POST", base + "/confirm", map[string]string{"meeting_id": "x"}},
			{"PUT", base + hid, map[string]string{"measure": "rectify"}},
			{"POST", base + hid + "/close", map[string]string{"outcome": "x"}},
			{"GET", "/api/v1/orgs/" + a1.ID + "/appraisals", nil},
			{"GET", "/api/v1/orgs/" + a1.ID + "/appraisals/2026", nil},
			{"POST", "/api/v1/orgs/" + a1.ID + "/appraisals", map[string]int{"year": 2025}},
			{"GET", "/api/v1/appraisals/unknown", nil},
		} {
			e.do(t, outsider, c.method, c.path, c.body, 404)
		}

		// The committee above reads and manages; a viewer of the branch only reads.
		e.do(t, worker(e.root), "GET", base, nil, 200)
		e.do(t, viewer(a1), "GET", base, nil, 200)
		e.do(t, viewer(a1), "POST", base+"/close-rating", nil, 403)
		var v appraisal.Round
		e.do(t, viewer(e.root), "GET", base, nil, 200).JSON(t, &v)
		if v.CanManage {
			t.Errorf("viewer can manage: %+v", v.Summary)
		}

		// Member routes.
		my := "/api/v1/my/appraisals/" + rd.ID
		stranger := member(others[0], a2)
		e.do(t, stranger, "GET", my, nil, 404)
		e.do(t, stranger, "PUT", my+"/self", map[string]string{"text": "x"}, 404)
		e.do(t, stranger, "PUT", my+"/peers/"+ms[0], map[string]string{"comment": "x"}, 404)
		e.do(t, stranger, "POST", my+"/ratings", map[string]any{"grades": map[string]string{ms[0]: "qualified"}}, 404)
		var list struct{ Items []appraisal.MyRound }
		e.do(t, stranger, "GET", "/api/v1/my/appraisals", nil, 200).JSON(t, &list)
		if len(list.Items) != 0 {
			t.Errorf("stranger's list: %+v", list.Items)
		}

		// A member who joined after the opening is not a participant.
		e.person(a1, "s-late", "full")
		late := member("s-late", a1)
		e.do(t, late, "GET", my, nil, 404)
		e.do(t, late, "POST", my+"/ratings", map[string]any{"grades": map[string]string{ms[0]: "qualified"}}, 404)
		e.do(t, late, "GET", "/api/v1/my/appraisals", nil, 200).JSON(t, &list)
		if len(list.Items) != 0 {
			t.Errorf("late member's list: %+v", list.Items)
		}
		// A participant sees the round in their list; after moving to another branch, no longer.
		e.do(t, member(ms[1], a1), "GET", "/api/v1/my/appraisals", nil, 200).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != rd.ID {
			t.Errorf("participant's list: %+v", list.Items)
		}
		e.dir.mu.Lock()
		e.dir.branch[ms[1]] = a2.ID
		e.dir.mu.Unlock()
		e.do(t, member(ms[1], a2), "GET", my, nil, 404)

		r := e.do(t, &authz.Principal{AccountID: "acc-x", Username: "x"}, "GET", "/api/v1/my/appraisals", nil, 403)
		if !r.Contains("此账号未关联党员") {
			t.Errorf("no member: %s", r.Body)
		}
		e.do(t, &authz.Principal{AccountID: "acc-x", Username: "x"}, "PUT", my+"/self", map[string]string{"text": "x"}, 403)
	})
}
