package points

import (
	"context"
	"net/http"
	"slices"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/settings"
)

// Routes registers the points API.
func (s *Service) Routes(rt *httpx.Router) {
	const org, award = "/api/v1/orgs/{id}/points", "/api/v1/points/awards/{aid}"
	read, manage := authz.PointsRead, authz.PointsManage
	rt.Handle("GET /api/v1/points/catalog", read, "积分规则目录", s.getCatalog)
	sh := s.settingsHTTP()
	rt.Handle("GET "+org+"/settings", read, "积分规则设置（分值、上限、排名）", sh.Get)
	rt.Handle("PUT "+org+"/settings", manage, "修改积分规则设置", sh.Put)
	rt.Handle("GET "+org+"/distribution", read, "积分分布（不含姓名）", s.getDistribution)
	rt.Handle("GET "+org+"/members", read, "党支部党员积分名单", s.getBranchMembers)
	rt.Handle("GET /api/v1/members/{id}/points", read, "党员积分明细", s.getMemberPoints)
	rt.Handle("GET /api/v1/my/points", authz.SignedIn, "我的积分", s.getMyPoints)
	rt.Handle("POST "+org+"/evidence", manage, "上传加减分证明材料", s.postEvidence)
	rt.Handle("POST "+org+"/awards", manage, "申请手动加分或扣分", s.postAward)
	rt.Handle("GET "+org+"/awards", read, "手动加减分申请列表", s.listAwardsHTTP)
	rt.Handle("POST "+award+"/approve", manage, "审批通过加减分申请（须另一人）", s.postApprove)
	rt.Handle("POST "+award+"/reject", manage, "驳回加减分申请", s.postReject)
	rt.Handle("GET "+award+"/files/{fid}", read, "下载加减分证明材料", s.getEvidence)
}

func (s *Service) getCatalog(w http.ResponseWriter, _ *http.Request) error {
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"rules": Rules, "categories": Categories})
}

// settingsHTTP serves GET and PUT /api/v1/orgs/{id}/points/settings.
func (s *Service) settingsHTTP() settings.HTTP {
	return settings.HTTP{Catalog: settingsCatalog, DB: s.db, Now: s.clk.Now,
		Read: authz.PointsRead, Manage: authz.PointsManage, Names: s.orgNames,
		Org: func(ctx context.Context, id string, perm authz.Perm) (string, string, error) {
			org, err := s.scopedOrg(ctx, id, perm)
			return org.ID, org.Path, err
		}}
}

// orgNames names the (few) orgs settings come from.
func (s *Service) orgNames(ctx context.Context, orgIDs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range orgIDs {
		o, err := s.dir.Org(ctx, s.db, id)
		if err != nil && !db.IsNoRows(err) {
			return nil, err
		}
		out[id] = o.Name
	}
	return out, nil
}

// postEvidence keeps an upload for an award that follows; until attached
// it is temporary and purged after a day.
func (s *Service) postEvidence(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.PointsManage); err != nil {
		return err
	}
	return s.files.Upload(w, r, files.MaxSize)
}

func (s *Service) postAward(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.PointsManage)
	if err != nil {
		return err
	}
	var in AwardInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := s.requestAward(ctx, org, in)
	if err != nil {
		return err
	}
	a, err := loadAward(ctx, s.db, id, "")
	if err != nil {
		return err
	}
	return s.writeAward(w, r, http.StatusCreated, a)
}

func (s *Service) writeAward(w http.ResponseWriter, r *http.Request, status int, a Award) error {
	list := []Award{a}
	if err := s.describe(r.Context(), list); err != nil {
		return err
	}
	return httpx.WriteJSON(w, status, list[0])
}

func (s *Service) listAwardsHTTP(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.PointsRead)
	if err != nil {
		return err
	}
	state := r.URL.Query().Get("state")
	if state != "" && stateLabels[state] == "" {
		var fe httpx.Fields
		fe.Add("state", "invalid", "状态应为 pending、approved 或 rejected")
		return fe.Err()
	}
	list, err := listAwards(ctx, s.db, org.Path, state)
	if err != nil {
		return err
	}
	if err := s.describe(ctx, list); err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (s *Service) postApprove(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Note string `json:"note"`
	}
	if err := httpx.DecodeOptionalJSON(r, &b); err != nil {
		return err
	}
	a, err := s.approve(r.Context(), r.PathValue("aid"), b.Note)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, a)
}

func (s *Service) postReject(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Reason string `json:"reason"`
	}
	if err := httpx.DecodeJSON(r, &b); err != nil {
		return err
	}
	a, err := s.reject(r.Context(), r.PathValue("aid"), b.Reason)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, a)
}

// getEvidence sends one of an award's evidence files to a reader of the
// award's org.
func (s *Service) getEvidence(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := loadAward(ctx, s.db, r.PathValue("aid"), "")
	fid := r.PathValue("fid")
	if db.IsNoRows(err) || (err == nil && (!authz.From(ctx).Can(authz.PointsRead, a.hidden.orgPath) ||
		!slices.Contains(a.hidden.fileIDs, fid))) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	f, err := s.files.Get(ctx, fid)
	if db.IsNoRows(err) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	return files.Serve(w, f)
}
