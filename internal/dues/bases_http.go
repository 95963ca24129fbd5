package dues

import (
	"net/http"
	"strconv"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// baseRoutes registers settings, bases, their import, hardships and the
// member's own dues.
func (s *Service) baseRoutes(rt *httpx.Router) {
	rt.Handle("GET /api/v1/orgs/{id}/dues/settings", authz.DuesRead, "党费设置（含来源）", s.settingsHTTP().Get)
	rt.Handle("PUT /api/v1/orgs/{id}/dues/settings", authz.DuesManage, "修改本组织的党费设置", s.settingsHTTP().Put)
	rt.Handle("GET /api/v1/orgs/{id}/dues/bases", authz.DuesRead, "党支部党员的缴费类别与基数", s.handleBases)
	rt.Handle("POST /api/v1/orgs/{id}/dues/bases", authz.DuesManage, "录入党员的缴费基数（直接确认）", s.handleDeclare)
	rt.Handle("POST /api/v1/dues/bases/{id}/confirm", authz.DuesManage, "确认党员申报的基数", s.handleDecideBase(true))
	rt.Handle("POST /api/v1/dues/bases/{id}/reject", authz.DuesManage, "驳回党员申报的基数", s.handleDecideBase(false))
	rt.Handle("GET /api/v1/orgs/{id}/dues/bases/template", authz.DuesManage, "下载基数导入模板", s.handleBaseTemplate)
	rt.Handle("POST /api/v1/orgs/{id}/dues/bases/import", authz.DuesManage, "导入缴费基数（全部成功或全部不导入）", s.handleBaseImport)
	rt.Handle("GET /api/v1/orgs/{id}/dues/hardships", authz.DuesRead, "困难党员减免申请", s.handleHardships)
	rt.Handle("POST /api/v1/orgs/{id}/dues/hardships", authz.DuesManage, "党支部提出困难党员减免", s.handlePropose)
	rt.Handle("POST /api/v1/dues/hardships/{id}/approve", authz.DuesManage, "上级党组织批准困难党员减免", s.handleDecideHardship(true))
	rt.Handle("POST /api/v1/dues/hardships/{id}/reject", authz.DuesManage, "上级党组织不予批准困难党员减免", s.handleDecideHardship(false))
	rt.Handle("GET /api/v1/my/dues", authz.SignedIn, "我的党费", s.handleMyDues)
	rt.Handle("POST /api/v1/my/dues/bases", authz.SignedIn, "申报本人的缴费基数", s.handleMyDeclare)
	rt.Handle("GET /api/v1/my/dues/receipts/{id}/pdf", authz.SignedIn, "本人党费收据 PDF", s.handleMyReceiptPDF)
}

const notBranchBases = "缴费基数按党支部管理，请选择党支部"

func (s *Service) handleBases(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	branch, year, err := s.branchYear(r, authz.DuesRead)
	if err != nil {
		return err
	}
	items, err := s.branchBases(ctx, branch, year)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"org_id": branch.ID, "year": year, "items": items})
}

// branchYear is the branch {id} (perm there) and ?year=.
func (s *Service) branchYear(r *http.Request, perm authz.Perm) (OrgRef, int, error) {
	branch, err := s.scopedBranch(r.Context(), r.PathValue("id"), perm, notBranchBases)
	if err != nil {
		return OrgRef{}, 0, err
	}
	y, err := s.yearParam(r)
	return branch, y, err
}

// yearParam is ?year=, this year when left out.
func (s *Service) yearParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return rules.MonthOfTime(s.clk.Now()).Year(), nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < minYear || y > 9999 {
		return 0, (&httpx.Fields{{Field: "year", Code: "invalid", Message: "年度格式不正确"}}).Err()
	}
	return y, nil
}

func (s *Service) handleDeclare(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	branch, err := s.scopedBranch(ctx, r.PathValue("id"), authz.DuesManage, notBranchBases)
	if err != nil {
		return err
	}
	var d Declaration
	if err := httpx.DecodeJSON(r, &d); err != nil {
		return err
	}
	m, err := s.dir.Member(ctx, d.MemberID)
	if db.IsNoRows(err) || (err == nil && m.OrgID != branch.ID) {
		return (&httpx.Fields{{Field: "member_id", Code: "not_in_branch", Message: "该党员不在本支部"}}).Err()
	}
	if err != nil {
		return err
	}
	b, err := s.declare(ctx, m, d, sourceSecretary)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, b)
}

// handleDecideBase is confirm (confirm=true) or reject.
func (s *Service) handleDecideBase(confirm bool) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var b struct {
			Reason string `json:"reason"`
		}
		if err := httpx.DecodeOptionalJSON(r, &b); err != nil {
			return err
		}
		base, err := s.decideBase(r.Context(), r.PathValue("id"), confirm, b.Reason)
		if err != nil {
			return err
		}
		return httpx.WriteJSON(w, http.StatusOK, base)
	}
}
