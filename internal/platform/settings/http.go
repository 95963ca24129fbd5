package settings

import (
	"context"
	"net/http"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// HTTP serves one capability's settings routes: GET the values at the org
// of the path's {id} with their provenance, PUT the org's own values.
type HTTP struct {
	Catalog *Catalog
	DB      *db.DB
	Now     func() time.Time
	Names   func(context.Context, []string) (map[string]string, error)
	// Org finds the org of id where the caller holds perm (httpx.NotFound
	// outside the caller's subtree).
	Org          func(ctx context.Context, id string, perm authz.Perm) (orgID, path string, err error)
	Read, Manage authz.Perm
}

// Get answers with every setting as it applies at the org.
func (h HTTP) Get(w http.ResponseWriter, r *http.Request) error {
	id, path, err := h.Org(r.Context(), r.PathValue("id"), h.Read)
	if err != nil {
		return err
	}
	return h.write(w, r, id, path)
}

// Put sets (or, with null, removes) the org's own values; they hold for
// its subtree unless a lower org sets its own.
func (h HTTP) Put(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, path, err := h.Org(ctx, r.PathValue("id"), h.Manage)
	if err != nil {
		return err
	}
	var b struct {
		Values map[string]*string `json:"values"`
	}
	if err := httpx.DecodeJSON(r, &b); err != nil {
		return err
	}
	if err := h.Catalog.Set(ctx, h.DB, h.Now(), authz.ActorName(ctx, "系统"), id, b.Values); err != nil {
		return err
	}
	return h.write(w, r, id, path)
}

func (h HTTP) write(w http.ResponseWriter, r *http.Request, id, path string) error {
	v, err := h.Catalog.View(r.Context(), h.DB, id, path, h.Names)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}
