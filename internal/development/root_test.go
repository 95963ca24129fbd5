package development_test

import (
	"net/http"
	"testing"

	"dangjian/internal/development"
	"dangjian/internal/platform/authz"
)

// TestOrgWithoutParentTakesItsUpperSteps: a branch with no parent on the
// platform has its upper organization elsewhere; its own managers record
// the upper steps (13, 16, 17, 18 …), each noted as such, while a branch
// with a parent here still may not (TestUpperStepsNeedAStrictAncestor).
func TestOrgWithoutParentTakesItsUpperSteps(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		z := e.mkOrg(nil, "branch", "独立支部")
		for _, id := range []string{"z1", "z2", "z3"} {
			e.addMember(id, "党员"+id, z, "full")
		}
		own := grant(authz.PartyWorker, z, "独立支部书记")
		var f struct{ ID string }
		e.do(t, own, "POST", "/api/v1/orgs/"+z.ID+"/development/files", applicant("张三", "20000115", 11, applied),
			http.StatusCreated).JSON(t, &f)
		e.do(t, grant(authz.Viewer, z, "支部委员"), "POST", stepPath(f.ID), body(2, timeline[2]), http.StatusForbidden)
		for _, no := range order {
			if no > 17 {
				break
			}
			b := body(no, timeline[no])
			if _, ok := b["vote"]; ok {
				b["vote"] = voteOf([]string{"z1", "z2", "z3"}, 3)
			}
			if no == 16 {
				b["note"] = "谈话认真"
			}
			e.do(t, own, "POST", stepPath(f.ID), b, http.StatusOK)
		}
		var got development.File
		e.do(t, own, "GET", "/api/v1/development/files/"+f.ID, nil, http.StatusOK).JSON(t, &got)
		notes := map[int]string{}
		for _, st := range got.Steps {
			notes[st.No] = st.Note
		}
		const outside = "上级党组织不在本平台，由本组织办理"
		if notes[13] != outside || notes[16] != outside+"。谈话认真" || notes[17] != outside || notes[12] != "" {
			t.Errorf("step notes: %v", notes)
		}
		if got.MemberID == "" || e.dir.member(got.MemberID).OrgID != z.ID {
			t.Errorf("step 17 by the branch itself admitted no member: %+v", got.FileSummary)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE target_id = ? AND after_json LIKE ?", f.ID,
			"%"+outside+"%"); n != 3 {
			t.Errorf("%d audit records note the upper organization outside, want 3 (steps 13, 16, 17)", n)
		}
		// 取消预备党员资格 is the upper committee's too.
		e.do(t, own, "POST", "/api/v1/development/files/"+f.ID+"/stop", map[string]any{"reason": "本人要求"}, http.StatusOK)
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE target_id = ? AND action = 'development.stop' AND after_json LIKE ?",
			f.ID, "%"+outside+"%"); n != 1 || len(e.dir.canceled) != 1 {
			t.Errorf("probation cancelled by the branch itself: %d audit records noting it, %v cancelled", n, e.dir.canceled)
		}
	})
}
