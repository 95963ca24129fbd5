package commendations_test

import (
	"net/http"
	"testing"

	"dangjian/internal/commendations"
)

// TestScope: a branch sees its committee's round but only its own nominees
// in it; another branch's round, members and marks do not exist for it.
func TestScope(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		r := e.open(t, tr.c, map[string]int{"excellent_member": 2}, nil)
		own := e.open(t, tr.b1, map[string]int{"excellent_member": 1}, []string{})
		e.nominate(t, worker(tr.b1), r.ID, "excellent_member", "m1", http.StatusCreated)
		e.nominate(t, worker(tr.b2), r.ID, "excellent_member", "n1", http.StatusCreated)

		var view round
		e.srv.Expect(t, viewer(tr.b2), "GET", "/api/v1/commendations/"+r.ID, nil, http.StatusOK).JSON(t, &view)
		if len(view.Nominations) != 1 || view.Nominations[0].MemberID != "n1" || view.CanDecide {
			t.Errorf("branch two sees %+v", view)
		}
		e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/commendations/"+r.ID, nil, http.StatusOK).JSON(t, &view)
		if len(view.Nominations) != 2 {
			t.Errorf("the committee sees %+v", view.Nominations)
		}
		e.srv.Expect(t, viewer(tr.b2), "GET", "/api/v1/commendations/"+own.ID, nil, http.StatusNotFound)
		e.srv.Expect(t, viewer(tr.b2), "GET", "/api/v1/commendations/"+own.ID+"/eligibility?kind=excellent_member", nil, http.StatusNotFound)
		e.srv.Expect(t, viewer(tr.b2), "GET", "/api/v1/commendations/"+r.ID+"/eligibility?kind=excellent_member", nil, http.StatusNotFound)
		e.srv.Expect(t, viewer(tr.b2), "GET", "/api/v1/commendations/"+r.ID+"/eligibility?kind=excellent_member&org_id=B1",
			nil, http.StatusNotFound)
		list := e.eligibility(t, viewer(tr.b2), r.ID, "excellent_member", "B2")
		if len(list) != 1 || list["n1"].NominationState != "pending" {
			t.Errorf("branch two's list %+v", list)
		}

		var rounds struct{ Items []round }
		e.srv.Expect(t, viewer(tr.b2), "GET", "/api/v1/orgs/B2/commendations", nil, http.StatusOK).JSON(t, &rounds)
		if len(rounds.Items) != 1 || rounds.Items[0].ID != r.ID {
			t.Errorf("branch two lists %+v", rounds.Items)
		}
		e.srv.Expect(t, viewer(tr.lead), "GET", "/api/v1/orgs/L/commendations", nil, http.StatusOK).JSON(t, &rounds)
		if len(rounds.Items) != 2 {
			t.Errorf("the leading body lists %+v", rounds.Items)
		}
		e.srv.Expect(t, viewer(tr.b2), "GET", "/api/v1/orgs/B1/commendations", nil, http.StatusNotFound)
		e.srv.Expect(t, worker(tr.b2), "POST", "/api/v1/orgs/B1/commendations", map[string]any{}, http.StatusNotFound)
		e.srv.Expect(t, viewer(tr.c), "POST", "/api/v1/orgs/C/commendations", map[string]any{}, http.StatusForbidden)
		e.srv.Expect(t, worker(tr.b2), "POST", "/api/v1/commendations/"+own.ID+"/publish", nil, http.StatusNotFound)
		e.srv.Expect(t, viewer(tr.b2), "GET", "/api/v1/commendations/nope", nil, http.StatusNotFound)
	})
}

// TestMarks: a mark is recorded for a member of the org's subtree, listed
// with its history, revoked once with a reason by the recording side.
func TestMarks(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		add := "/api/v1/orgs/B1/commendations/marks"
		bad := []map[string]any{
			{"member_id": "m1", "kind": "appraisal_low", "reason": "x", "on": "2026-01-05"},
			{"member_id": "n1", "kind": "admonished", "reason": "x", "on": "2026-01-05"},
			{"member_id": "m1", "kind": "admonished", "reason": " ", "on": "2026-01-05"},
			{"member_id": "m1", "kind": "admonished", "reason": "x", "on": "2026-03-03"},
		}
		for _, b := range bad {
			e.srv.Expect(t, worker(tr.b1), "POST", add, b, http.StatusUnprocessableEntity)
		}
		var m commendations.Mark
		e.srv.Expect(t, worker(tr.b1), "POST", add, map[string]any{"member_id": "m1", "kind": "disciplined",
			"reason": "党内警告处分", "on": "2026-01-05"}, http.StatusCreated).JSON(t, &m)
		if m.Year != 2026 || m.KindLabel != "受到党纪处分" || m.OrgID != "B1" || m.MemberName != "党员m1" || m.Revoked {
			t.Errorf("recorded %+v", m)
		}
		revoke := "/api/v1/commendations/marks/" + m.ID + "/revoke"
		e.srv.Expect(t, worker(tr.b2), "POST", revoke, map[string]string{"reason": "x"}, http.StatusNotFound)
		e.srv.Expect(t, worker(tr.b1), "POST", revoke, nil, http.StatusUnprocessableEntity)
		e.srv.Expect(t, worker(tr.c), "POST", revoke, map[string]string{"reason": "处分已撤销"}, http.StatusOK).JSON(t, &m)
		if !m.Revoked || m.RevokeReason != "处分已撤销" || m.RevokedBy != "机关党委书记" {
			t.Errorf("revoked %+v", m)
		}
		code(t, e.srv.Expect(t, worker(tr.b1), "POST", revoke, map[string]string{"reason": "再撤"}, http.StatusConflict), "already_revoked")

		var list struct{ Items []commendations.Mark }
		e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/orgs/C/commendations/marks?year=2026", nil, http.StatusOK).JSON(t, &list)
		if len(list.Items) != 1 || !list.Items[0].Revoked || list.Items[0].Reason != "党内警告处分" {
			t.Errorf("the committee's list %+v", list.Items)
		}
		e.srv.Expect(t, viewer(tr.b2), "GET", "/api/v1/orgs/B2/commendations/marks", nil, http.StatusOK).JSON(t, &list)
		if len(list.Items) != 0 {
			t.Errorf("branch two sees %+v", list.Items)
		}
		e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/orgs/C/commendations/marks?year=2025", nil, http.StatusOK).JSON(t, &list)
		if len(list.Items) != 0 {
			t.Errorf("2025 lists %+v", list.Items)
		}
		for _, action := range []string{"commendation.mark.record", "commendation.mark.revoke"} {
			if e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = ?", action) != 1 {
				t.Errorf("%s not audited once", action)
			}
		}
	})
}
