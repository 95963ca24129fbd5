package commendations_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestLoadDemo: the committee opens this year's round; a 诫勉 is recorded
// for the last member of the third branch who could be 优秀共产党员 (q2);
// the branches nominate the eligible member halfway down their lists —
// m2 of B1 (of m1 m2 m3; approved), n1 of B2 and, for 优秀党务工作者, q1
// of B3 (of q0 q1; q2 admonished, q3 probationary) — and nothing is
// published.
func TestLoadDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		e.member(tr.b1, "m3", "full", "2013-07-01")
		b3 := e.org(&tr.c, "B3", "branch", "第三党支部")
		e.member(b3, "q0", "full", "2016-07-01")
		e.member(b3, "q1", "full", "2016-07-01")
		e.member(b3, "q2", "full", "2017-07-01")
		e.member(b3, "q3", "probationary", "")
		if err := e.s.LoadDemo(context.Background(), tr.c.ID, []string{tr.b1.ID, tr.b2.ID, b3.ID}); err != nil {
			t.Fatal(err)
		}
		var list struct{ Items []round }
		e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/orgs/"+tr.c.ID+"/commendations", nil, http.StatusOK).JSON(t, &list)
		if len(list.Items) != 1 {
			t.Fatalf("rounds: %+v", list.Items)
		}
		var r round
		e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/commendations/"+list.Items[0].ID, nil, http.StatusOK).JSON(t, &r)
		var quotas []string
		for _, k := range r.Kinds {
			quotas = append(quotas, strings.Join([]string{k.Kind, strconv.Itoa(k.Quota), strconv.Itoa(k.Approved), strconv.Itoa(k.Pending)}, ":"))
		}
		if r.State != "open" || len(r.Disqualifiers) != 6 || !slices.Equal(quotas,
			[]string{"excellent_member:2:1:1", "excellent_worker:1:0:1", "advanced_org:1:0:0"}) {
			t.Errorf("round %+v, kinds (quota:approved:pending) %v", r, quotas)
		}
		var noms []string
		for _, n := range r.Nominations {
			noms = append(noms, strings.Join([]string{n.Kind, n.MemberID, n.ByOrgID, n.State}, ":"))
			if !n.Eligible {
				t.Errorf("nominee not eligible: %+v", n)
			}
		}
		slices.Sort(noms) // nominated at the same instant: their order is the IDs'
		if !slices.Equal(noms, []string{"excellent_member:m2:B1:approved", "excellent_member:n1:B2:pending",
			"excellent_worker:q1:B3:pending"}) {
			t.Errorf("nominations %v", noms)
		}
		var marks struct {
			Items []struct {
				MemberID string `json:"member_id"`
				Kind     string `json:"kind"`
				Reason   string `json:"reason"`
				On       string `json:"on"`
				OrgID    string `json:"org_id"`
			}
		}
		e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/orgs/"+tr.c.ID+"/commendations/marks?year=2026", nil, http.StatusOK).JSON(t, &marks)
		if len(marks.Items) != 1 || marks.Items[0].MemberID != "q2" || marks.Items[0].Kind != "admonished" ||
			marks.Items[0].Reason == "" || marks.Items[0].On != "2026-01-21" || marks.Items[0].OrgID != tr.c.ID {
			t.Errorf("marks %+v", marks.Items)
		}
		resp := e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/commendations/"+r.ID+"/eligibility?kind=excellent_member&org_id="+b3.ID,
			nil, http.StatusOK)
		if !resp.Contains("诫勉（2026-01-21）") {
			t.Errorf("q2's 诫勉 not among the reasons: %s", resp.Body)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM outbox_events"); n != 0 {
			t.Errorf("%d events: nothing is published", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM commendation_nominations WHERE nominated_by <> ?", "演示数据"); n != 0 {
			t.Errorf("%d nominations not by 演示数据", n)
		}
	})
}

// TestLoadDemoWithoutCandidates: a branch with nobody eligible nominates
// nobody and gets no mark; the round is still opened.
func TestLoadDemoWithoutCandidates(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		b3 := e.org(&tr.c, "B3", "branch", "第三党支部")
		e.member(b3, "q3", "probationary", "")
		if err := e.s.LoadDemo(context.Background(), tr.c.ID, []string{b3.ID}); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"commendation_rounds": 1, "commendation_marks": 0, "commendation_nominations": 0} {
			if n := e.count(t, "SELECT COUNT(*) FROM "+q); n != want {
				t.Errorf("%s: %d rows, want %d", q, n, want)
			}
		}
	})
}
