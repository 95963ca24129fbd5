package orgs

import (
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Routes registers the organization API.
func (s *Service) Routes(rt *httpx.Router) {
	rt.Handle("GET /api/v1/orgs/roots", authz.OrgRead, "我可查看的顶层组织", s.handleRoots)
	rt.Handle("GET /api/v1/orgs/search", authz.OrgRead, "按名称或编码查找组织", s.handleSearch)
	rt.Handle("GET /api/v1/orgs/lookup", authz.AccountManage, "按名称或编码查找授权范围（仅名称与编码）", s.handleLookup)
	rt.Handle("GET /api/v1/orgs/import-template", authz.OrgManage, "组织导入模板（.xlsx）", s.handleImportTemplate)
	rt.Handle("POST /api/v1/orgs/{id}/import", authz.OrgManage, "批量导入下级组织（.xlsx/.csv）", s.handleImport)
	rt.Handle("POST /api/v1/orgs/{id}/import-report", authz.OrgManage, "检查组织导入文件并下载错误报告（不写入）", s.handleImportReport)
	rt.Handle("GET /api/v1/orgs/{id}", authz.OrgRead, "组织详情", s.handleGet)
	rt.Handle("GET /api/v1/orgs/{id}/children", authz.OrgRead, "下级组织（分页）", s.handleChildren)
	rt.Handle("GET /api/v1/orgs/{id}/chart", authz.OrgRead, "组织体系图", s.handleChart)
	rt.Handle("GET /api/v1/orgs/{id}/history", authz.OrgRead, "组织沿革", s.handleHistory)
	rt.Handle("POST /api/v1/orgs", authz.OrgManage, "新增组织", s.handleCreate)
	rt.Handle("PATCH /api/v1/orgs/{id}", authz.OrgUpdate, "修改组织信息", s.handleUpdate)
	rt.Handle("POST /api/v1/orgs/{id}/move", authz.OrgManage, "调整隶属关系（连同下级）", s.handleMove)
	rt.Handle("POST /api/v1/orgs/{id}/dissolve", authz.OrgManage, "撤销组织", s.handleDissolve)
	rt.Handle("GET /api/v1/orgs/{id}/positions", authz.OrgRead, "组织的职务", s.handlePositions)
	rt.Handle("POST /api/v1/orgs/{id}/positions", authz.OrgUpdate, "任命职务", s.handleAddPosition)
	rt.Handle("POST /api/v1/positions/{id}/end", authz.OrgUpdate, "职务离任", s.handleEndPosition)
}

// scoped loads the org named by the path and checks perm there; anything
// outside the caller's scope is not found.
func (s *Service) scoped(r *http.Request, perm authz.Perm, id string) (Org, error) {
	o, err := getOrg(r.Context(), s.db, id)
	if db.IsNoRows(err) || (err == nil && !authz.From(r.Context()).Can(perm, o.Path)) {
		return Org{}, httpx.NotFound()
	}
	return o, err
}

func allowedBy(r *http.Request, perm authz.Perm) func(string) bool {
	p := authz.From(r.Context())
	return func(path string) bool { return p.Can(perm, path) }
}

func (s *Service) handleRoots(w http.ResponseWriter, r *http.Request) error {
	scopes := authz.From(r.Context()).Scopes(authz.OrgRead)
	var list []Org
	for _, path := range scopes {
		found, err := queryOrgs(r.Context(), s.db, "WHERE path = ?", path)
		if err != nil {
			return err
		}
		list = append(list, found...)
	}
	items, err := s.views(r.Context(), s.db, list, false)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, httpx.List[OrgJSON]{Items: items, Total: len(items), Page: 1, PageSize: len(items)})
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	o, err := s.scoped(r, authz.OrgRead, r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := s.View(r.Context(), o)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}

func (s *Service) handleChildren(w http.ResponseWriter, r *http.Request) error {
	o, err := s.scoped(r, authz.OrgRead, r.PathValue("id"))
	if err != nil {
		return err
	}
	pg, err := httpx.PageOf(r)
	if err != nil {
		return err
	}
	where, total := "WHERE parent_id = ? AND status = 'active'", o.ChildCount
	args := []any{o.ID}
	if r.URL.Query().Get("include_dissolved") == "true" {
		where = "WHERE parent_id = ?"
		if err := s.db.QueryRowContext(r.Context(), "SELECT COUNT(*) FROM orgs "+where, o.ID).Scan(&total); err != nil {
			return err
		}
	}
	list, err := queryOrgs(r.Context(), s.db, where+" ORDER BY status, name, id LIMIT ? OFFSET ?",
		append(args, pg.Size, pg.Offset())...)
	if err != nil {
		return err
	}
	items, err := s.views(r.Context(), s.db, list, false)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, httpx.List[OrgJSON]{Items: items, Total: total, Page: pg.Page, PageSize: pg.Size})
}
