package development_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"dangjian/internal/development"
	"dangjian/internal/platform/apitest"
)

// TestStepCatalogue: the 25 steps as the console reads them, straight
// from the rules, to readers only.
func TestStepCatalogue(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		var c struct{ Steps []development.StepInfo }
		r := e.do(t, e.viewer(), "GET", "/api/v1/development/steps", nil, http.StatusOK)
		r.JSON(t, &c)
		if len(c.Steps) != 25 {
			t.Fatalf("%d steps", len(c.Steps))
		}
		for i, want := range []development.StepInfo{
			{No: 1, Stage: 1, StageLabel: "入党申请人", Name: "递交入党申请书", Actor: "branch", Needs: []string{}},
			{No: 9, Stage: 3, StageLabel: "发展对象", Name: "确定入党介绍人", Actor: "branch", Needs: []string{"sponsors"}},
			{No: 15, Stage: 4, StageLabel: "预备党员的接收", Name: "支部大会讨论接收预备党员", Actor: "branch",
				Needs: []string{"publicity", "vote"}},
			{No: 17, Stage: 4, StageLabel: "预备党员的接收", Name: "上级党委审批", Actor: "upper", Needs: []string{"approval"}},
			{No: 25, Stage: 5, StageLabel: "预备党员考察", Name: "材料归档", Actor: "branch", Needs: []string{}},
		} {
			if got := c.Steps[want.No-1]; !reflect.DeepEqual(got, want) {
				t.Errorf("catalogue item %d: %+v, want %+v", i, got, want)
			}
		}
		if !r.Contains(`"needs":[]`) || r.Contains(`"needs":null`) {
			t.Errorf("needs must be a list: %s", r.Body[:200])
		}
		e.do(t, apitest.Member("m1", e.w.A.ID, e.w.A.Path), "GET", "/api/v1/development/steps", nil, http.StatusForbidden)
	})
}

// TestNextStepsSayWhatTheyNeed: every step a file may take next carries
// the catalogue's needs.
func TestNextStepsSayWhatTheyNeed(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "甲", "20000101", 11, applied)
		if len(f.Next) == 0 || f.Next[0].No != 2 || !reflect.DeepEqual(f.Next[0].Needs, []string{"talkers"}) {
			t.Errorf("next of a new file: %+v", f.Next)
		}
		e.upTo(t, f.ID, 14)
		got := map[int]string{}
		for _, n := range e.get(t, f.ID).Next {
			got[n.No] = strings.Join(n.Needs, ",")
		}
		if v, ok := got[15]; !ok || v != "publicity,vote" {
			t.Errorf("next after step 14: %v", got)
		}
	})
}
