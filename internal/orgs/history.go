package orgs

import (
	"net/http"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
)

// EventJSON is one entry of an org's history (组织沿革).
type EventJSON struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	At        string `json:"at"`
	ActorName string `json:"actor_name"`
	Detail    string `json:"detail"`
}

func (s *Service) handleHistory(w http.ResponseWriter, r *http.Request) error {
	o, err := s.scoped(r, authz.OrgRead, r.PathValue("id"))
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(r.Context(), `SELECT id, kind, at, actor_name, detail FROM org_events
		WHERE org_id = ? ORDER BY at DESC, id DESC LIMIT 500`, o.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	items := []EventJSON{}
	for rows.Next() {
		var e EventJSON
		var at int64
		if err := rows.Scan(&e.ID, &e.Kind, &at, &e.ActorName, &e.Detail); err != nil {
			return err
		}
		e.At = time.UnixMilli(at).UTC().Format(time.RFC3339)
		items = append(items, e)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}
