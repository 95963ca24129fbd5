package development

import (
	"net/http"
	"strconv"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/httpx"
)

// Routes registers the development API.
func (s *Service) Routes(rt *httpx.Router) {
	const org, file = "/api/v1/orgs/{id}/development", "/api/v1/development/files/{fid}"
	read, manage := authz.DevelopmentRead, authz.DevelopmentManage
	rt.Handle("GET /api/v1/development/steps", read, "发展党员的 25 个步骤（阶段、办理主体、所需事项）", s.getSteps)
	rt.Handle("GET "+org+"/pipeline", read, "发展党员概况：各阶段人数、逾期和年度计划", s.getPipeline)
	rt.Handle("GET "+org+"/files", read, "发展党员档案列表（逾期列表）", s.listFiles)
	rt.Handle("POST "+org+"/files", manage, "建立入党申请人档案（记录第 1 步）", s.createFileHTTP)
	rt.Handle("GET "+file, read, "发展党员档案", s.getFile)
	rt.Handle("POST "+file+"/steps", manage, "办理发展党员步骤", s.postStep)
	rt.Handle("POST "+file+"/extend-probation", manage, "延长预备期（上级党委审批）", s.postExtend)
	rt.Handle("POST "+file+"/stop", manage, "停止发展或取消预备党员资格", s.postStop)
	rt.Handle("GET "+org+"/plans", read, "年度发展党员计划及完成情况", s.getPlans)
	rt.Handle("PUT "+org+"/plans/{year}", manage, "设置年度发展党员计划", s.putPlan)
	sh := s.settingsHTTP()
	rt.Handle("GET "+org+"/settings", read, "发展党员设置", sh.Get)
	rt.Handle("PUT "+org+"/settings", manage, "修改发展党员设置", sh.Put)
}

func (s *Service) getPipeline(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.DevelopmentRead)
	if err != nil {
		return err
	}
	p, err := s.pipeline(r.Context(), org)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, p)
}

func (s *Service) listFiles(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.DevelopmentRead)
	if err != nil {
		return err
	}
	lq, err := parseList(r)
	if err != nil {
		return err
	}
	items, next, err := s.list(r.Context(), org.Path, lq)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": next})
}

func (s *Service) createFileHTTP(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.DevelopmentManage)
	if err != nil {
		return err
	}
	var a Applicant
	if err := httpx.DecodeJSON(r, &a); err != nil {
		return err
	}
	id, err := s.createFile(ctx, org, a)
	if err != nil {
		return err
	}
	return s.writeFile(w, r, http.StatusCreated, id)
}

func (s *Service) getFile(w http.ResponseWriter, r *http.Request) error {
	return s.writeFile(w, r, http.StatusOK, r.PathValue("fid"))
}

// writeFile answers with the file as the caller may now read it.
func (s *Service) writeFile(w http.ResponseWriter, r *http.Request, status int, id string) error {
	f, err := s.file(r.Context(), id)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, status, f)
}

func (s *Service) postStep(w http.ResponseWriter, r *http.Request) error {
	var in StepInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.recordStep(r.Context(), r.PathValue("fid"), in, callerAccess(r.Context())); err != nil {
		return err
	}
	return s.writeFile(w, r, http.StatusOK, r.PathValue("fid"))
}

func (s *Service) postExtend(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Months int    `json:"months"`
		Reason string `json:"reason"`
	}
	if err := httpx.DecodeJSON(r, &b); err != nil {
		return err
	}
	if err := s.extendProbation(r.Context(), r.PathValue("fid"), b.Months, b.Reason, callerAccess(r.Context())); err != nil {
		return err
	}
	return s.writeFile(w, r, http.StatusOK, r.PathValue("fid"))
}

func (s *Service) postStop(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Reason string `json:"reason"`
	}
	if err := httpx.DecodeJSON(r, &b); err != nil {
		return err
	}
	if err := s.stop(r.Context(), r.PathValue("fid"), b.Reason, callerAccess(r.Context())); err != nil {
		return err
	}
	return s.writeFile(w, r, http.StatusOK, r.PathValue("fid"))
}

func (s *Service) getPlans(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.DevelopmentRead)
	if err != nil {
		return err
	}
	year := clock.Today(s.clk).Year()
	if v := r.URL.Query().Get("year"); v != "" {
		if year, err = strconv.Atoi(v); err != nil || year < firstYear || year > lastYear {
			return (&httpx.Fields{{Field: "year", Code: "invalid", Message: "年度格式不正确"}}).Err()
		}
	}
	p, err := s.plans(r.Context(), org, year)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, p)
}

func (s *Service) putPlan(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.DevelopmentManage)
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return (&httpx.Fields{{Field: "year", Code: "invalid", Message: "年度格式不正确"}}).Err()
	}
	var in PlanInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	row, err := s.setPlan(r.Context(), org, year, in)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, row)
}
