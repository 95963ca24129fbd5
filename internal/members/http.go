package members

import (
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
)

// Routes registers the members API; each route declares its permission and
// every handler checks the object's org against the caller's scope.
func (s *Service) Routes(rt *httpx.Router) {
	rt.Handle("GET /api/v1/orgs/{id}/political-birthdays", authz.MemberRead, "今日及近期的党员政治生日", s.handleBirthdays)
	rt.Handle("GET /api/v1/members", authz.MemberRead, "党员列表与检索（组织及下级）", s.handleList)
	rt.Handle("POST /api/v1/members", authz.MemberWrite, "登记党员", s.handleCreate)
	rt.Handle("GET /api/v1/members/import-template", authz.MemberImport, "下载党员导入模板", s.handleTemplate)
	rt.Handle("GET /api/v1/members/{id}", authz.MemberRead, "党员详情", s.handleGet)
	rt.Handle("PATCH /api/v1/members/{id}", authz.MemberWrite, "修改党员信息", s.handlePatch)
	rt.Handle("GET /api/v1/members/{id}/history", authz.MemberRead, "党员历史记录", s.handleHistory)
	rt.Handle("POST /api/v1/members/{id}/move", authz.MemberMove, "党员调转其他组织", s.handleMove)
	rt.Handle("POST /api/v1/members/{id}/end", authz.MemberWrite, "出党登记", s.handleEnd)
	rt.Handle("POST /api/v1/members/{id}/reveal", authz.MemberReveal, "查看完整身份证号、手机号或住址（留痕）", s.handleReveal)
	rt.Handle("POST /api/v1/orgs/{id}/members/import", authz.MemberImport, "从 Excel/CSV 导入党员", s.handleImport)
	rt.Handle("GET /api/v1/imports/{id}/report", authz.MemberImport, "下载导入错误报告", s.handleReport)
	rt.Handle("GET /api/v1/orgs/{id}/members/export", authz.MemberExport, "导出党员名册", s.handleExport)
	rt.Handle("GET /api/v1/me/member", authz.SignedIn, "我的党员信息", s.handleMine)
	s.rightsRoutes(rt)
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) error {
	f, err := filterOf(r.URL.Query())
	if err != nil {
		return err
	}
	pg, err := httpx.PageOf(r)
	if err != nil {
		return err
	}
	page, err := s.List(r.Context(), f, pg)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, page)
}

// createInput is the body of POST /members: the org and the details.
type createInput struct {
	OrgID string `json:"org_id"`
	Details
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) error {
	var in createInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.Create(r.Context(), in.OrgID, in.Details)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, m)
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	m, err := s.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, m)
}

func (s *Service) handlePatch(w http.ResponseWriter, r *http.Request) error {
	// Scope first: a member outside the caller's subtree is 404 whatever
	// the body says.
	if _, err := s.visible(r.Context(), s.db, r.PathValue("id"), authz.MemberWrite); err != nil {
		return err
	}
	var p Patch
	if err := httpx.DecodeJSON(r, &p); err != nil {
		return err
	}
	m, err := s.Update(r.Context(), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, m)
}

func (s *Service) handleHistory(w http.ResponseWriter, r *http.Request) error {
	items, err := s.History(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Service) handleMove(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.visible(r.Context(), s.db, r.PathValue("id"), authz.MemberMove); err != nil {
		return err
	}
	var in struct {
		OrgID  string `json:"org_id"`
		Reason string `json:"reason"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.Move(r.Context(), r.PathValue("id"), in.OrgID, in.Reason)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, m)
}

func (s *Service) handleEnd(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.visible(r.Context(), s.db, r.PathValue("id"), authz.MemberWrite); err != nil {
		return err
	}
	var e Ending
	if err := httpx.DecodeJSON(r, &e); err != nil {
		return err
	}
	m, err := s.End(r.Context(), r.PathValue("id"), e)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, m)
}

func (s *Service) handleReveal(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.visible(r.Context(), s.db, r.PathValue("id"), authz.MemberReveal); err != nil {
		return err
	}
	var in struct {
		Field string `json:"field"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	v, err := s.Reveal(r.Context(), r.PathValue("id"), in.Field)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]string{"value": v})
}
