package orgs

import (
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/timeline"
)

func (s *Service) handleHistory(w http.ResponseWriter, r *http.Request) error {
	o, err := s.scoped(r, authz.OrgRead, r.PathValue("id"))
	if err != nil {
		return err
	}
	items, err := timeline.Read(r.Context(), s.db, `SELECT id, kind, at, actor_name, detail FROM org_events
		WHERE org_id = ? ORDER BY at DESC, id DESC LIMIT 500`, o.ID)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}
