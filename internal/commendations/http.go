package commendations

import (
	"context"
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Routes registers the commendations API.
func (s *Service) Routes(rt *httpx.Router) {
	const org, c = "/api/v1/orgs/{id}/commendations", "/api/v1/commendations"
	rt.Handle("GET "+c+"/catalog", authz.AssessmentRead, "表彰类别与否决情形", s.handleCatalog)
	rt.Handle("POST "+org, authz.AssessmentManage, "发起两优一先评选",
		s.withOrg(authz.AssessmentManage, http.StatusCreated, s.createIn))
	rt.Handle("GET "+org, authz.AssessmentRead, "两优一先评选列表", s.withOrg(authz.AssessmentRead, http.StatusOK, s.listIn))
	rt.Handle("GET "+c+"/{rid}", authz.AssessmentRead, "评选详情与提名", s.handleRound)
	rt.Handle("GET "+c+"/{rid}/eligibility", authz.AssessmentRead, "评选资格清单", s.handleEligibility)
	rt.Handle("POST "+c+"/{rid}/nominations", authz.AssessmentManage, "提名人选", act("rid", http.StatusCreated, s.nominate))
	rt.Handle("POST "+c+"/nominations/{nid}/approve", authz.AssessmentManage, "批准提名", act("nid", http.StatusOK,
		func(ctx context.Context, id string, in noteIn) (Nomination, error) {
			return s.decide(ctx, id, true, in.Note)
		}))
	rt.Handle("POST "+c+"/nominations/{nid}/reject", authz.AssessmentManage, "不批准提名", act("nid", http.StatusOK,
		func(ctx context.Context, id string, in noteIn) (Nomination, error) {
			return s.decide(ctx, id, false, in.Note)
		}))
	rt.Handle("DELETE "+c+"/nominations/{nid}", authz.AssessmentManage, "撤回提名", s.handleWithdraw)
	rt.Handle("POST "+c+"/{rid}/publish", authz.AssessmentManage, "公布评选结果", act("rid", http.StatusOK,
		func(ctx context.Context, id string, _ struct{}) (RoundView, error) { return s.publish(ctx, id) }))
	rt.Handle("POST "+org+"/marks", authz.AssessmentManage, "登记否决情形（诫勉、处分等）",
		s.withOrg(authz.AssessmentManage, http.StatusCreated, s.addMarkIn))
	rt.Handle("GET "+org+"/marks", authz.AssessmentRead, "否决情形登记记录", s.withOrg(authz.AssessmentRead, http.StatusOK, s.marksIn))
	rt.Handle("POST "+c+"/marks/{mid}/revoke", authz.AssessmentManage, "撤销否决情形登记", act("mid", http.StatusOK,
		func(ctx context.Context, id string, in reasonIn) (Mark, error) {
			return s.revokeMark(ctx, id, in.Reason)
		}))
	rt.Handle("GET "+org+"/golden", authz.AssessmentRead, "光荣在党50年名单", s.handleGolden)
	rt.Handle("GET "+org+"/golden.xlsx", authz.AssessmentRead, "导出光荣在党50年名单", s.handleGoldenXLSX)
	rt.Handle("GET /api/v1/members/{id}/commendations", authz.AssessmentRead, "党员获得的表彰", s.handleMemberAwards)
}

// act serves an action on the object named by path value key: the body
// (which may be left out) is read into T, fn's answer sent with status.
func act[T, R any](key string, status int, fn func(context.Context, string, T) (R, error)) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in T
		if err := httpx.DecodeOptionalJSON(r, &in); err != nil {
			return err
		}
		out, err := fn(r.Context(), r.PathValue(key), in)
		if err != nil {
			return err
		}
		return httpx.WriteJSON(w, status, out)
	}
}

// noteIn is the body of a decision; reasonIn of a revocation.
type noteIn struct {
	Note string `json:"note"`
}

type reasonIn struct {
	Reason string `json:"reason"`
}

// kindInfo is a kind as the catalogue lists it.
type kindInfo struct {
	Kind   string `json:"kind"`
	Label  string `json:"label"`
	ForOrg bool   `json:"for_org"`
}

func (s *Service) handleCatalog(w http.ResponseWriter, _ *http.Request) error {
	kinds := make([]kindInfo, 0, len(kindOrder))
	for _, k := range kindOrder {
		kinds = append(kinds, kindInfo{Kind: k, Label: kindLabels[k], ForOrg: forOrg(k)})
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"kinds": kinds, "disqualifiers": catalogue})
}

func (s *Service) handleRound(w http.ResponseWriter, r *http.Request) error {
	rd, err := s.visibleRound(r.Context(), r.PathValue("rid"))
	if err != nil {
		return err
	}
	v, err := s.roundView(r.Context(), s.db, rd)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}

func (s *Service) handleWithdraw(w http.ResponseWriter, r *http.Request) error {
	if err := s.withdraw(r.Context(), r.PathValue("nid")); err != nil {
		return err
	}
	return httpx.NoContent(w)
}

func (s *Service) handleMemberAwards(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := s.dir.Member(ctx, s.db, r.PathValue("id"))
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(authz.AssessmentRead, m.OrgPath)) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	items, err := s.memberAwards(ctx, m.ID)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"member_id": m.ID, "name": m.Name, "items": items})
}
