package elections_test

import (
	"net/http"
	"testing"

	"dangjian/internal/platform/authz"
)

// callerView is what an election tells its reader about what they may do
// and what the forms need.
type callerView struct {
	CanDecide      bool `json:"can_decide"`
	VotersExpected int  `json:"voters_expected"`
	Posts          []struct {
		Post          string `json:"post"`
		Seats         int    `json:"seats"`
		MinCandidates int    `json:"min_candidates"`
	} `json:"posts"`
}

func (e *env) callerView(t *testing.T, p *authz.Principal, id string) callerView {
	t.Helper()
	var v callerView
	e.srv.Expect(t, p, "GET", "/api/v1/elections/"+id, nil, http.StatusOK).JSON(t, &v)
	return v
}

// TestElectionForTheCaller: can_decide only for the upper organization's
// managers (the org's own for an org with no parent on the platform), voters_expected the subtree's active full members now, and
// each post's fewest candidates (差额 20% for committee members, as many as
// the seats for a secretary or deputy).
func TestElectionForTheCaller(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		el, _ := e.call(t, worker(tr.b), "POST", "/api/v1/orgs/"+tr.b.ID+"/elections", committeePlan, http.StatusCreated)
		for _, c := range []struct {
			who  string
			p    *authz.Principal
			want bool
		}{{"the branch", worker(tr.b), false}, {"the committee", worker(tr.c), true}, {"a reader of the committee", viewer(tr.c), false}} {
			if v := e.callerView(t, c.p, el.ID); v.CanDecide != c.want {
				t.Errorf("%s: can_decide %v", c.who, v.CanDecide)
			}
		}
		v := e.callerView(t, worker(tr.b), el.ID)
		if v.VotersExpected != 10 || len(v.Posts) != 1 || v.Posts[0].Seats != 5 || v.Posts[0].MinCandidates != 6 {
			t.Errorf("branch election %+v", v)
		}
		e.members(tr.b, "n", "full", 2)
		if v := e.callerView(t, worker(tr.b), el.ID); v.VotersExpected != 12 {
			t.Errorf("voters expected %d after two more full members, want 12", v.VotersExpected)
		}

		small, _ := e.call(t, worker(tr.small), "POST", "/api/v1/orgs/"+tr.small.ID+"/elections",
			map[string]any{"planned_on": "2026-03-20", "seats_secretary": 1, "seats_deputy": 1}, http.StatusCreated)
		v = e.callerView(t, worker(tr.c), small.ID)
		if !v.CanDecide || v.VotersExpected != 4 || len(v.Posts) != 2 || v.Posts[0].MinCandidates != 1 || v.Posts[1].MinCandidates != 1 {
			t.Errorf("small branch election %+v", v)
		}

		// The committee's own election has no upper organization here: its
		// managers decide for it, its readers do not.
		top, _ := e.call(t, worker(tr.c), "POST", "/api/v1/orgs/"+tr.c.ID+"/elections",
			map[string]any{"planned_on": "2026-03-20", "seats_committee": 7, "seats_secretary": 1}, http.StatusCreated)
		v = e.callerView(t, worker(tr.c), top.ID)
		if !v.CanDecide || v.VotersExpected != 16 || v.Posts[0].MinCandidates != 9 {
			t.Errorf("committee election %+v", v)
		}
		if e.callerView(t, viewer(tr.c), top.ID).CanDecide {
			t.Error("a reader of the root committee may decide")
		}
	})
}
