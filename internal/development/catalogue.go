package development

import (
	"net/http"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/httpx"
)

// StepInfo is one of the 25 steps as the console builds its forms from it
// (stage, who takes it, what it needs), so the rules live only in
// development/rules.
type StepInfo struct {
	No         int      `json:"no"`
	Stage      int      `json:"stage"`
	StageLabel string   `json:"stage_label"`
	Name       string   `json:"name"`
	Actor      string   `json:"actor"`
	Needs      []string `json:"needs"`
}

// catalogue is rules.Steps as the API shows them.
var catalogue = func() []StepInfo {
	out := make([]StepInfo, len(rules.Steps))
	for i, st := range rules.Steps {
		out[i] = StepInfo{No: st.No, Stage: st.Stage, StageLabel: rules.StageLabel(st.Stage), Name: st.Name,
			Actor: st.Actor, Needs: needs(st.No)}
	}
	return out
}()

// needs is what step no needs besides its date (never null in JSON).
func needs(no int) []string {
	st, _ := rules.Lookup(no)
	return append([]string{}, st.Needs...)
}

func (s *Service) getSteps(w http.ResponseWriter, _ *http.Request) error {
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"steps": catalogue})
}
