package orgs

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// chartNodeLimit bounds an org chart so a province-level request stays small.
const chartNodeLimit = 500

// ChartNode is one box of the org chart (组织体系图).
type ChartNode struct {
	Org      OrgJSON      `json:"org"`
	Children []*ChartNode `json:"children"`
}

func (s *Service) handleChart(w http.ResponseWriter, r *http.Request) error {
	o, err := s.scoped(r, authz.OrgRead, r.PathValue("id"))
	if err != nil {
		return err
	}
	depth := 3
	if v := r.URL.Query().Get("depth"); v != "" {
		if depth, err = strconv.Atoi(v); err != nil || depth < 1 || depth > 4 {
			return fieldErr("depth", "invalid", "层级应为 1 到 4")
		}
	}
	root, truncated, err := s.chart(r, o, depth)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"org": root.Org, "children": root.Children, "truncated": truncated})
}

// chart reads the subtree level by level (each level an index range on
// (depth, path)) until depth or the node limit is reached.
func (s *Service) chart(r *http.Request, o Org, depth int) (*ChartNode, bool, error) {
	ctx := r.Context()
	all := []Org{o}
	truncated := false
	for level := o.Depth + 1; level <= o.Depth+depth && !truncated; level++ {
		list, err := queryOrgs(ctx, s.db, "WHERE depth = ? AND path >= ? AND path < ? AND status = 'active' ORDER BY path LIMIT ?",
			level, o.Path, db.PrefixEnd(o.Path), chartNodeLimit-len(all)+1)
		if err != nil {
			return nil, false, err
		}
		if len(all)+len(list) > chartNodeLimit {
			list, truncated = list[:chartNodeLimit-len(all)], true
		}
		all = append(all, list...)
	}
	views, err := s.views(ctx, s.db, all, false)
	if err != nil {
		return nil, false, err
	}
	return assemble(all, views), truncated, nil
}

func assemble(all []Org, views []OrgJSON) *ChartNode {
	byPath := make(map[string]*ChartNode, len(all))
	for i, o := range all {
		byPath[o.Path] = &ChartNode{Org: views[i], Children: []*ChartNode{}}
	}
	for _, o := range all[1:] {
		parentPath := strings.TrimSuffix(o.Path, o.ID+"/")
		if p := byPath[parentPath]; p != nil {
			p.Children = append(p.Children, byPath[o.Path])
		}
	}
	return byPath[all[0].Path]
}

func (s *Service) handleSearch(w http.ResponseWriter, r *http.Request) error {
	scopes := authz.From(r.Context()).Scopes(authz.OrgRead)
	if within := r.URL.Query().Get("within"); within != "" {
		o, err := s.scoped(r, authz.OrgRead, within)
		if err != nil {
			return err
		}
		scopes = []string{o.Path}
	}
	found, err := s.search(r, scopes)
	if err != nil {
		return err
	}
	items, err := s.views(r.Context(), s.db, found, false)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, httpx.List[OrgJSON]{Items: items, Total: len(items), Page: 1, PageSize: 20})
}

// OrgRefJSON names an org without any business data: what an account
// administrator needs to grant a role there (三员分立: the security
// administrator sees no member counts, secretaries or warnings).
type OrgRefJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Code      string `json:"code"`
	KindLabel string `json:"kind_label"`
}

func (s *Service) handleLookup(w http.ResponseWriter, r *http.Request) error {
	found, err := s.search(r, authz.From(r.Context()).Scopes(authz.AccountManage))
	if err != nil {
		return err
	}
	items := make([]OrgRefJSON, len(found))
	for i, o := range found {
		items[i] = OrgRefJSON{ID: o.ID, Name: o.Name, Code: o.Code, KindLabel: KindLabel(o.Kind)}
	}
	return httpx.WriteJSON(w, http.StatusOK, httpx.List[OrgRefJSON]{Items: items, Total: len(items), Page: 1, PageSize: 20})
}

// search finds at most 20 active orgs by name or code inside the scopes.
func (s *Service) search(r *http.Request, scopes []string) ([]Org, error) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var found []Org
	for _, path := range scopes {
		var a db.Args
		a.Add("path >= ? AND path < ?", path, db.PrefixEnd(path))
		a.Add("status = 'active'")
		if q != "" {
			a.Add("(name LIKE ? ESCAPE '\\' OR code = ?)", db.Contains(q), q)
		}
		list, err := queryOrgs(r.Context(), s.db, a.Where()+" ORDER BY depth, name LIMIT 20", a.Values()...)
		if err != nil {
			return nil, err
		}
		found = append(found, list...)
	}
	if len(found) > 20 {
		found = found[:20]
	}
	return found, nil
}
