package transfers

import (
	"net/http"

	"dangjian/internal/platform/httpx"
)

// Target is a branch a member may be transferred to: its name and its
// upper organization's, nothing of its business (the sender usually has
// no permission there).
type Target struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	ParentName string `json:"parent_name"`
}

// targetLimit bounds a search: a longer name narrows it.
const targetLimit = 20

// handleTargets searches the whole platform for receiving branches, since
// a member goes wherever their work or home takes them (教育管理条例).
func (s *Service) handleTargets(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	found, err := s.dir.FindBranches(ctx, s.db, r.URL.Query().Get("q"), targetLimit)
	if err != nil {
		return err
	}
	parents := make([]string, 0, len(found))
	for _, o := range found {
		parents = append(parents, o.ParentID)
	}
	names, err := s.dir.Names(ctx, s.db, parents)
	if err != nil {
		return err
	}
	items := make([]Target, len(found))
	for i, o := range found {
		items[i] = Target{ID: o.ID, Name: o.Name, ParentName: names[o.ParentID]}
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}
