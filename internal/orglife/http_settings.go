package orglife

import (
	"context"
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/settings"
)

func (s *Service) settingsView(ctx context.Context, org OrgRef) (settings.View, error) {
	return catalog.View(ctx, s.db, org.ID, org.Path, s.dir.Names)
}

func (s *Service) handleSettings(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.OrgLifeRead)
	if err != nil {
		return err
	}
	v, err := s.settingsView(r.Context(), org)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}

// handleSetSettings sets (or, with null, removes) the org's own values; they
// hold for its subtree unless a lower org sets its own.
func (s *Service) handleSetSettings(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.OrgLifeManage)
	if err != nil {
		return err
	}
	var b struct {
		Values map[string]*string `json:"values"`
	}
	if err := httpx.DecodeJSON(r, &b); err != nil {
		return err
	}
	if err := catalog.Set(ctx, s.db, s.clk.Now(), actorName(ctx), org.ID, b.Values); err != nil {
		return err
	}
	v, err := s.settingsView(ctx, org)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}
