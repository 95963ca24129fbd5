package commendations_test

import (
	"net/http"
	"reflect"
	"testing"

	"dangjian/internal/commendations"
	"dangjian/internal/platform/authz"
)

// candidate is one line of an eligibility list.
type candidate struct {
	MemberID        string   `json:"member_id"`
	OrgID           string   `json:"org_id"`
	Eligible        bool     `json:"eligible"`
	Reasons         []string `json:"reasons"`
	NominationState string   `json:"nomination_state"`
}

// eligibility reads round rid's list of kind for org as p, keyed by the
// member (or, for orgs, the org) ID.
func (e *env) eligibility(t *testing.T, p *authz.Principal, rid, kind, orgID string) map[string]candidate {
	t.Helper()
	var body struct{ Items []candidate }
	e.srv.Expect(t, p, "GET", "/api/v1/commendations/"+rid+"/eligibility?kind="+kind+"&org_id="+orgID, nil, http.StatusOK).JSON(t, &body)
	out := map[string]candidate{}
	for _, c := range body.Items {
		id := c.MemberID
		if kind == "advanced_org" {
			id = c.OrgID
		}
		if c.Eligible != (len(c.Reasons) == 0) {
			t.Errorf("%s: eligible %v with reasons %v", id, c.Eligible, c.Reasons)
		}
		out[id] = c
	}
	return out
}

// reasons is what each candidate lacks (eligible ones left out).
func reasons(list map[string]candidate) map[string][]string {
	out := map[string][]string{}
	for id, c := range list {
		if len(c.Reasons) > 0 {
			out[id] = c.Reasons
		}
	}
	return out
}

// TestKindRules: 优秀共产党员 full members only, 优秀党务工作者 not
// probationary, 先进基层党组织 committees, general branches and branches but
// not a leading body or a party group.
func TestKindRules(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		r := e.open(t, tr.lead, map[string]int{"excellent_member": 3, "excellent_worker": 1, "advanced_org": 2}, []string{})
		p := viewer(tr.lead)
		members := e.eligibility(t, p, r.ID, "excellent_member", tr.c.ID)
		if len(members) != 4 || !reflect.DeepEqual(reasons(members), map[string][]string{"p1": {"预备党员不能评为优秀共产党员"}}) {
			t.Errorf("优秀共产党员: %+v", members)
		}
		workers := e.eligibility(t, p, r.ID, "excellent_worker", tr.c.ID)
		if len(workers) != 4 || !reflect.DeepEqual(reasons(workers), map[string][]string{"p1": {"预备党员不能评为优秀党务工作者"}}) {
			t.Errorf("优秀党务工作者: %+v", workers)
		}
		orgs := e.eligibility(t, p, r.ID, "advanced_org", tr.lead.ID)
		const msg = "仅基层党组织可评为先进基层党组织"
		if len(orgs) != 6 || !reflect.DeepEqual(reasons(orgs), map[string][]string{"L": {msg}, "G": {msg}}) {
			t.Errorf("先进基层党组织: %+v", orgs)
		}
		_, resp := e.nominate(t, worker(tr.lead), r.ID, "advanced_org", tr.g.ID, http.StatusUnprocessableEntity)
		if !resp.Contains(msg) {
			t.Errorf("a party group nominated: %s", resp.Body)
		}
		e.srv.Expect(t, p, "GET", "/api/v1/commendations/"+r.ID+"/eligibility?kind=bogus", nil, http.StatusUnprocessableEntity)
	})
}

// disqualified sets up, in branch two, one member per disqualifier of 2026
// and one with a mark and a poor 民主评议 of 2025 only.
func (e *env) disqualified(t *testing.T, tr tree) map[string]map[string][]string {
	t.Helper()
	for _, id := range []string{"a1", "d1", "o1", "u1", "ap", "un", "ar", "old"} {
		e.member(tr.b2, id, "full", "2010-07-01")
	}
	for id, kind := range map[string]string{"a1": "admonished", "d1": "disciplined", "o1": "org_handled", "u1": "under_review"} {
		e.srv.Expect(t, worker(tr.b2), "POST", "/api/v1/orgs/B2/commendations/marks", map[string]any{"member_id": id,
			"kind": kind, "reason": "经查实", "on": "2026-02-10"}, http.StatusCreated)
	}
	e.srv.Expect(t, worker(tr.c), "POST", "/api/v1/orgs/C/commendations/marks", map[string]any{"member_id": "old",
		"kind": "admonished", "reason": "经查实", "on": "2025-06-01", "year": 2025}, http.StatusCreated)
	e.stat(2026, "ap", commendations.YearStats{AppraisalGrade: "basically_qualified", AppraisalGradeLabel: "基本合格"})
	e.stat(2026, "un", commendations.YearStats{AppraisalGrade: "unqualified", AppraisalGradeLabel: "不合格"})
	e.stat(2026, "ar", commendations.YearStats{ArrearsWarnings: 2, AppraisalGrade: "qualified", AppraisalGradeLabel: "合格"})
	e.stat(2026, "n1", commendations.YearStats{AppraisalGrade: "excellent", AppraisalGradeLabel: "优秀"})
	e.stat(2025, "old", commendations.YearStats{AppraisalGrade: "unqualified", AppraisalGradeLabel: "不合格", ArrearsWarnings: 1})
	return map[string]map[string][]string{
		"admonished":    {"a1": {"诫勉（2026-02-10）"}},
		"disciplined":   {"d1": {"受到党纪处分（2026-02-10）"}},
		"org_handled":   {"o1": {"受到组织处理（2026-02-10）"}},
		"under_review":  {"u1": {"正在接受审查（2026-02-10）"}},
		"appraisal_low": {"ap": {"2026年民主评议为基本合格"}, "un": {"2026年民主评议为不合格"}},
		"dues_arrears":  {"ar": {"2026年有欠缴党费提醒（2次）"}},
	}
}

// TestDisqualifiers: each disqualifier excludes exactly its members when
// the round chose it and nobody when it did not; a mark or figures of
// another year do not count, a revoked mark no longer does.
func TestDisqualifiers(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		want := e.disqualified(t, tr)
		kinds := map[string]int{"excellent_member": 1}
		p := viewer(tr.c)
		for key, who := range want {
			r := e.open(t, tr.c, kinds, []string{key})
			if got := reasons(e.eligibility(t, p, r.ID, "excellent_member", tr.b2.ID)); !reflect.DeepEqual(got, who) {
				t.Errorf("%s on: %v, want %v", key, got, who)
			}
		}
		none := e.open(t, tr.c, kinds, []string{})
		if got := reasons(e.eligibility(t, p, none.ID, "excellent_member", tr.b2.ID)); len(got) != 0 {
			t.Errorf("no disqualifier chosen, still excluded: %v", got)
		}
		all := e.open(t, tr.c, kinds, nil)
		got := reasons(e.eligibility(t, p, all.ID, "excellent_member", tr.b2.ID))
		if len(all.Disqualifiers) != 6 || len(got) != 7 || got["old"] != nil || got["n1"] != nil {
			t.Errorf("default round %+v excludes %v", all.Disqualifiers, got)
		}

		var marks struct{ Items []commendations.Mark }
		e.srv.Expect(t, p, "GET", "/api/v1/orgs/B2/commendations/marks?member_id=a1", nil, http.StatusOK).JSON(t, &marks)
		e.srv.Expect(t, worker(tr.b2), "POST", "/api/v1/commendations/marks/"+marks.Items[0].ID+"/revoke",
			map[string]string{"reason": "经复核不属实"}, http.StatusOK)
		if got := reasons(e.eligibility(t, p, all.ID, "excellent_member", tr.b2.ID)); got["a1"] != nil || len(got) != 6 {
			t.Errorf("after the revocation: %v", got)
		}

		last := e.openYear(t, tr.c, 2025, kinds, []string{"admonished", "appraisal_low", "dues_arrears"})
		got = reasons(e.eligibility(t, p, last.ID, "excellent_member", tr.b2.ID))
		wantOld := []string{"诫勉（2025-06-01）", "2025年民主评议为不合格", "2025年有欠缴党费提醒（1次）"}
		if !reflect.DeepEqual(got, map[string][]string{"old": wantOld}) {
			t.Errorf("2025 round: %v", got)
		}
	})
}
