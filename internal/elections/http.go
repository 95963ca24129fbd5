package elections

import (
	"context"
	"net/http"
	"strconv"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
)

// Routes registers the terms and elections API.
func (s *Service) Routes(rt *httpx.Router) {
	const org, el = "/api/v1/orgs/{id}", "/api/v1/elections/{eid}"
	rt.Handle("GET "+org+"/terms", authz.ElectionRead, "任期与换届情况", s.handleTerms)
	rt.Handle("GET "+org+"/terms/overdue", authz.ElectionRead, "下级党组织任期届满（超期）清单", s.handleOverdue)
	rt.Handle("POST "+org+"/terms/notices", authz.ElectionManage, "登记换届书面通知", s.handleAddNotice)
	rt.Handle("GET "+org+"/terms/notices", authz.ElectionRead, "换届书面通知记录", s.handleNotices)
	rt.Handle("POST "+org+"/elections", authz.ElectionManage, "拟订换届方案", s.handleCreate)
	rt.Handle("GET "+org+"/elections/settings", authz.ElectionRead, "换届设置", s.settingsHTTP().Get)
	rt.Handle("PUT "+org+"/elections/settings", authz.ElectionManage, "修改换届设置", s.settingsHTTP().Put)
	rt.Handle("GET "+el, authz.ElectionRead, "换届选举详情", s.handleGet)
	rt.Handle("PUT "+el+"/plan", authz.ElectionManage, "修改换届方案", act(s, manageAccess, s.updatePlan))
	rt.Handle("POST "+el+"/submit", authz.ElectionManage, "报上级审批", act(s, manageAccess,
		func(ctx context.Context, id string, _ struct{}) (Election, error) { return s.submit(ctx, id) }))
	rt.Handle("POST "+el+"/approve", authz.ElectionManage, "上级批复换届方案", act(s, upperAccess,
		func(ctx context.Context, id string, in noteIn) (Election, error) {
			return s.decidePlan(ctx, id, true, in.Note)
		}))
	rt.Handle("POST "+el+"/return", authz.ElectionManage, "上级退回换届方案", act(s, upperAccess,
		func(ctx context.Context, id string, in reasonIn) (Election, error) {
			return s.decidePlan(ctx, id, false, in.Reason)
		}))
	rt.Handle("PUT "+el+"/candidates", authz.ElectionManage, "确定候选人", act(s, manageAccess,
		func(ctx context.Context, id string, in candidatesIn) (Election, error) {
			return s.setCandidates(ctx, id, in.Candidates)
		}))
	rt.Handle("POST "+el+"/rounds", authz.ElectionManage, "登记选举投票结果", act(s, manageAccess, s.addRound))
	rt.Handle("PUT "+el+"/officers", authz.ElectionManage, "确定书记、副书记及分工", act(s, manageAccess, s.setOfficers))
	rt.Handle("POST "+el+"/approve-officers", authz.ElectionManage, "上级批准书记、副书记", act(s, upperAccess,
		func(ctx context.Context, id string, in noteIn) (Election, error) {
			return s.approveOfficers(ctx, id, in.Note)
		}))
	rt.Handle("POST "+el+"/complete", authz.ElectionManage, "完成换届", act(s, manageAccess,
		func(ctx context.Context, id string, _ struct{}) (Election, error) { return s.complete(ctx, id) }))
	rt.Handle("POST "+el+"/cancel", authz.ElectionManage, "取消换届", act(s, manageAccess,
		func(ctx context.Context, id string, in reasonIn) (Election, error) {
			return s.cancel(ctx, id, in.Reason)
		}))
}

type noteIn struct {
	Note string `json:"note"`
}

type reasonIn struct {
	Reason string `json:"reason"`
}

type candidatesIn struct {
	Candidates []CandidateIn `json:"candidates"`
}

// act serves an action on election {eid}: the caller's access is checked,
// the body (which may be left out) read into T, and the election answered
// as it is afterwards.
func act[T any](s *Service, a access, fn func(context.Context, string, T) (Election, error)) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := r.PathValue("eid")
		if _, err := s.electionOrg(r.Context(), id, a); err != nil {
			return err
		}
		var in T
		if r.ContentLength != 0 {
			if err := httpx.DecodeJSON(r, &in); err != nil {
				return err
			}
		}
		e, err := fn(r.Context(), id, in)
		if err != nil {
			return err
		}
		return httpx.WriteJSON(w, http.StatusOK, e)
	}
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("eid")
	if _, err := s.electionOrg(r.Context(), id, readAccess); err != nil {
		return err
	}
	e, err := s.view(r.Context(), id)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, e)
}

// planIn is a plan with the org it is for (optional: the path names it).
type planIn struct {
	OrgID string `json:"org_id"`
	Plan
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.ElectionManage)
	if err != nil {
		return err
	}
	var in planIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.OrgID != "" && in.OrgID != org.ID {
		return fieldErr("org_id", "invalid", "换届方案的组织与地址中的组织不一致")
	}
	e, err := s.createPlan(r.Context(), org, in.Plan)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, e)
}

func (s *Service) handleTerms(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.ElectionRead)
	if err != nil {
		return err
	}
	v, err := s.terms(r.Context(), org)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}

// Page sizes of the overdue list.
const defaultLimit, maxLimit = 50, 200

func (s *Service) handleOverdue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.ElectionRead)
	if err != nil {
		return err
	}
	v, err := s.values(ctx, s.db, org.Path)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var fe httpx.Fields
	within, ok := withinParam(q.Get("within"), v)
	if !ok {
		fe.Add("within", "invalid", "提前月数应为 0–24 的整数")
	}
	after, ok := decodeCursor(q.Get("cursor"))
	if !ok {
		fe.Add("cursor", "invalid", "分页位置无效，请从第一页重新查询")
	}
	limit := defaultLimit
	if l := q.Get("limit"); l != "" {
		if limit, err = strconv.Atoi(l); err != nil || limit < 1 || limit > maxLimit {
			fe.Add("limit", "invalid", "每页条数应为 1–200")
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	page, err := s.overdue(ctx, org, within, after, limit)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, page)
}

func (s *Service) handleAddNotice(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.ElectionManage)
	if err != nil {
		return err
	}
	var in NoticeIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	n, err := s.addNotice(r.Context(), org, in)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, n)
}

func (s *Service) handleNotices(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.ElectionRead)
	if err != nil {
		return err
	}
	about := r.URL.Query().Get("org_id")
	if about != "" {
		target, err := s.scopedOrg(ctx, about, authz.ElectionRead)
		if err != nil || !inSubtree(target.Path, org.Path) {
			return httpx.NotFound()
		}
	}
	list, err := s.notices(ctx, org.Path, about)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
}

// view is the election as the API shows it to the caller.
func (s *Service) view(ctx context.Context, id string) (Election, error) {
	e, err := s.load(ctx, s.db, id, false)
	if err != nil {
		return Election{}, err
	}
	org, err := s.dir.Org(ctx, s.db, e.OrgID)
	if err != nil {
		return Election{}, err
	}
	voters, err := s.dir.FullMemberCount(ctx, s.db, org.ID)
	if err != nil {
		return Election{}, err
	}
	e.OrgName, e.OrgKind, e.VotersExpected = org.Name, org.Kind, voters
	e.CanDecide = authz.From(ctx).Can(authz.ElectionManage, authz.UpperPath(org.Path))
	return e, nil
}
