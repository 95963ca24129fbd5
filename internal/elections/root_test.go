package elections_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"dangjian/internal/elections"
)

// TestOrgWithoutParentDecidesItself: the root committee's upper
// organization is not on the platform, so its own managers take the upper
// steps (approve the plan, approve the officers), each logged as such; its
// readers still may not. Its two deputy secretaries (党委) round-trip
// through the officers' view and PUT.
func TestOrgWithoutParentDecidesItself(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		own := worker(tr.c)
		el, _ := e.call(t, own, "POST", "/api/v1/orgs/"+tr.c.ID+"/elections",
			map[string]any{"planned_on": "2026-03-20", "seats_committee": 5, "seats_secretary": 1, "seats_deputy": 2}, http.StatusCreated)
		base := "/api/v1/elections/" + el.ID
		e.call(t, own, "POST", base+"/submit", nil, http.StatusOK)
		e.refused(t, viewer(tr.c), "POST", base+"/approve", nil, http.StatusForbidden, "")
		e.refused(t, worker(tr.b), "POST", base+"/approve", nil, http.StatusNotFound, "")
		el, _ = e.call(t, own, "POST", base+"/approve", map[string]string{"note": "经上级党委批复同意"}, http.StatusOK)
		const outside = "上级党组织不在本平台，由本组织办理"
		if last := el.Approvals[len(el.Approvals)-1]; el.State != "approved" || last.Action != "approved" ||
			last.Note != outside+"。经上级党委批复同意" {
			t.Fatalf("approved by itself: %+v", el)
		}
		e.call(t, own, "PUT", base+"/candidates", cands("committee", tr.full[:6]...), http.StatusOK)
		e.call(t, own, "POST", base+"/rounds", map[string]any{"held_on": today, "post": "committee", "present": 12,
			"ballots_issued": 12, "ballots_returned": 12,
			"votes": map[string]int{"m01": 12, "m02": 12, "m03": 12, "m04": 12, "m05": 10, "m06": 0}}, http.StatusOK)
		e.call(t, own, "PUT", base+"/officers", map[string]any{"secretary_id": "m01", "deputy_id": "m03",
			"roles": map[string]string{"m02": "deputy_secretary", "m04": "organization", "m05": "publicity"}}, http.StatusOK)

		var view struct {
			Officers elections.Officers `json:"officers"`
		}
		e.srv.Expect(t, own, "GET", base, nil, http.StatusOK).JSON(t, &view)
		o := view.Officers
		wantRoles := map[string]string{"m03": "deputy_secretary", "m04": "organization", "m05": "publicity"}
		if o.SecretaryID != "m01" || o.DeputyID != "m02" || !reflect.DeepEqual(o.Roles, wantRoles) || len(o.Members) != 5 {
			t.Fatalf("officers with two deputies: %+v", o)
		}
		// The view's data sent back as it is.
		e.call(t, own, "PUT", base+"/officers", map[string]any{"secretary_id": o.SecretaryID, "deputy_id": o.DeputyID,
			"roles": o.Roles}, http.StatusOK)

		el, _ = e.call(t, own, "POST", base+"/approve-officers", nil, http.StatusOK)
		if last := el.Approvals[len(el.Approvals)-1]; !el.Officers.Approved || last.Note != outside {
			t.Fatalf("officers approved by itself: %+v", el)
		}
		e.call(t, own, "POST", base+"/complete", nil, http.StatusOK)
		var deputies []string
		for _, p := range e.dir.positions[tr.c.ID] {
			if p.Title == "deputy_secretary" {
				deputies = append(deputies, p.MemberID)
			}
		}
		if strings.Join(deputies, ",") != "m02,m03" && strings.Join(deputies, ",") != "m03,m02" {
			t.Errorf("deputy secretaries in office: %v", e.dir.positions[tr.c.ID])
		}
	})
}
