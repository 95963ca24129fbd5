package dashboard

import (
	"context"
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/settings"
	"dangjian/internal/rollup"
)

// componentLabels name the health components.
var componentLabels = map[string]string{"orglife": "组织生活", "attendance": "参会率", "dues": "党费收缴",
	"term": "按期换届", "activity": "活跃度"}

const msgColor = "颜色应为 green、yellow 或 red"

func validColor(c string) bool { return c == colorGreen || c == colorYellow || c == colorRed }

// BranchItem is a branch's health as of the last refresh, with labels.
type BranchItem struct {
	rollup.Branch
	ColorLabel      string            `json:"color_label"`
	ComponentLabels map[string]string `json:"component_labels"`
}

// branches is a page of the branches under path that pass f, worst first.
func (s *Service) branches(ctx context.Context, path string, f rollup.BranchFilter, pg page) ([]BranchItem, string, error) {
	list, err := s.st.Branches(ctx, path, f, pg.after, pg.limit+1)
	if err != nil {
		return nil, "", err
	}
	list, next := paged(list, pg.limit, rollup.Branch.Cursor)
	items := make([]BranchItem, len(list))
	for i, b := range list {
		items[i] = BranchItem{Branch: b, ColorLabel: s.bucketLabel("health.color", b.Color), ComponentLabels: componentLabels}
	}
	return items, next, nil
}

// HealthPage is a page of branches by health with the subtree's color
// counts.
type HealthPage struct {
	Items      []BranchItem     `json:"items"`
	NextCursor string           `json:"next_cursor"`
	Counts     map[string]int64 `json:"counts"`
}

func (s *Service) getHealth(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, pg, err := s.pagedOrg(r)
	if err != nil {
		return err
	}
	color := r.URL.Query().Get("color")
	if color != "" && !validColor(color) {
		return invalid("color", msgColor)
	}
	items, next, err := s.branches(ctx, org.Path, rollup.BranchFilter{Color: color}, pg)
	if err != nil {
		return err
	}
	counts, err := s.st.Counts(ctx, []string{org.ID}, []string{"health.color"})
	if err != nil {
		return err
	}
	colors := map[string]int64{}
	for _, c := range scales["health.color"] {
		colors[c.code] = counts[org.ID]["health.color"][c.code]
	}
	return httpx.WriteJSON(w, http.StatusOK, HealthPage{Items: items, NextCursor: next, Counts: colors})
}

func (s *Service) getRisks(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, pg, err := s.pagedOrg(r)
	if err != nil {
		return err
	}
	items, next, err := s.branches(ctx, org.Path, rollup.BranchFilter{AtRisk: true}, pg)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": next})
}

// settingsHTTP serves the health settings (weights, color thresholds, the
// dues warning line) as the other capabilities' settings are served.
func (s *Service) settingsHTTP() settings.HTTP {
	return settings.HTTP{Catalog: s.st.HealthSettings(), DB: s.db, Now: s.clk.Now,
		Read: authz.DashboardRead, Manage: authz.DashboardManage, Names: s.dir.OrgNames,
		Org: func(ctx context.Context, id string, perm authz.Perm) (string, string, error) {
			o, err := s.scopedOrg(ctx, id, perm)
			return o.ID, o.Path, err
		}}
}

// putSettings sets the org's own health settings through the rollups,
// which check them together and re-judge the subtree's branches at once.
func (s *Service) putSettings(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.DashboardManage)
	if err != nil {
		return err
	}
	var b struct {
		Values map[string]*string `json:"values"`
	}
	if err := httpx.DecodeJSON(r, &b); err != nil {
		return err
	}
	if err := s.st.SetHealthSettings(ctx, s.clk.Now(), authz.ActorName(ctx, "系统"), org.ID, org.Path, b.Values); err != nil {
		return err
	}
	v, err := s.st.HealthSettings().View(ctx, s.db, org.ID, org.Path, s.dir.OrgNames)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}
