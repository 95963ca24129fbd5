package appraisal

import (
	"context"
	"net/http"
	"strconv"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/timeline"
)

// Routes registers the appraisal API.
func (s *Service) Routes(rt *httpx.Router) {
	rt.Handle("POST /api/v1/orgs/{id}/appraisals", authz.OrgLifeManage, "开启年度民主评议党员", s.handleOpen)
	rt.Handle("GET /api/v1/orgs/{id}/appraisals", authz.OrgLifeRead, "支部历年民主评议党员", s.handleList)
	rt.Handle("GET /api/v1/orgs/{id}/appraisals/{year}", authz.OrgLifeRead, "支部某年度的民主评议党员", s.handleYear)
	rt.Handle("GET /api/v1/appraisals/{id}", authz.OrgLifeRead, "民主评议详情（自评、互评、测评统计、等次、处置）", s.handleGet)
	rt.Handle("GET /api/v1/appraisals/{id}/history", authz.OrgLifeRead, "民主评议操作记录", s.handleHistory)
	rt.Handle("POST /api/v1/appraisals/{id}/close-rating", authz.OrgLifeManage, "结束自评、互评和匿名测评", s.handleCloseRating)
	rt.Handle("PUT /api/v1/appraisals/{id}/proposal", authz.OrgLifeManage, "支部委员会拟定评议等次", s.handlePropose)
	rt.Handle("POST /api/v1/appraisals/{id}/confirm", authz.OrgLifeManage, "经支部党员大会确认评议等次", s.handleConfirm)
	rt.Handle("PUT /api/v1/appraisals/{id}/handlings/{hid}", authz.OrgLifeManage, "确定不合格党员的处置方式", s.handleDecide)
	rt.Handle("POST /api/v1/appraisals/{id}/handlings/{hid}/close", authz.OrgLifeManage, "不合格党员处置办结", s.handleCloseHandling)
	rt.Handle("GET /api/v1/my/appraisals", authz.SignedIn, "我的民主评议（本支部本年度及往年）", s.handleMyList)
	rt.Handle("GET /api/v1/my/appraisals/{id}", authz.SignedIn, "我参加的民主评议", s.handleMine)
	rt.Handle("PUT /api/v1/my/appraisals/{id}/self", authz.SignedIn, "填写自我评价", s.handleSelf)
	rt.Handle("PUT /api/v1/my/appraisals/{id}/peers/{member_id}", authz.SignedIn, "互评：对其他党员提出意见", s.handlePeer)
	rt.Handle("POST /api/v1/my/appraisals/{id}/ratings", authz.SignedIn, "提交匿名测评（只能提交一次）", s.handleRate)
}

// scopedOrg loads an org and checks perm there; anything outside the
// caller's scope is not found.
func (s *Service) scopedOrg(ctx context.Context, perm authz.Perm, id string) (OrgRef, error) {
	org, err := s.dir.Org(ctx, id)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(perm, org.Path)) {
		return OrgRef{}, httpx.NotFound()
	}
	return org, err
}

// scoped loads the round named by the path and checks perm at its branch
// as the branch is placed now.
func (s *Service) scoped(r *http.Request, perm authz.Perm) (round, OrgRef, error) {
	rd, err := loadRound(r.Context(), s.db, r.PathValue("id"))
	if db.IsNoRows(err) {
		return rd, OrgRef{}, httpx.NotFound()
	}
	if err != nil {
		return rd, OrgRef{}, err
	}
	org, err := s.scopedOrg(r.Context(), perm, rd.OrgID)
	return rd, org, err
}

// writeRound answers with the committee's view of round id.
func (s *Service) writeRound(w http.ResponseWriter, r *http.Request, id string, org OrgRef, status int) error {
	rd, err := loadRound(r.Context(), s.db, id)
	if err != nil {
		return err
	}
	v, err := s.view(r.Context(), rd, org)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, status, v)
}

// manage runs do, a committee's change to the round named by the path, and
// answers with the round as it is afterwards.
func (s *Service) manage(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, rd round, org OrgRef) error) error {
	rd, org, err := s.scoped(r, authz.OrgLifeManage)
	if err != nil {
		return err
	}
	if err := do(r.Context(), rd, org); err != nil {
		return err
	}
	return s.writeRound(w, r, rd.ID, org, http.StatusOK)
}

func (s *Service) handleOpen(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), authz.OrgLifeManage, r.PathValue("id"))
	if err != nil {
		return err
	}
	var req struct {
		Year int `json:"year"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	id, err := s.open(r.Context(), org, req.Year)
	if err != nil {
		return err
	}
	return s.writeRound(w, r, id, org, http.StatusCreated)
}

// counted adds the participant and rater counts to a round's scan.
type counted struct {
	sc                  interface{ Scan(...any) error }
	participants, rated *int
}

func (c counted) Scan(dest ...any) error { return c.sc.Scan(append(dest, c.participants, c.rated)...) }

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, authz.OrgLifeRead, r.PathValue("id"))
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+roundColumns+`,
		(SELECT COUNT(*) FROM appraisal_participants p WHERE p.appraisal_id = a.id),
		(SELECT COUNT(*) FROM appraisal_raters x WHERE x.appraisal_id = a.id)
		FROM appraisals a WHERE org_id = ? ORDER BY year DESC`, org.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	items := []Summary{}
	for rows.Next() {
		var n, rated int
		rd, err := scanRound(counted{rows, &n, &rated})
		if err != nil {
			return err
		}
		items = append(items, summaryOf(rd, org, n, rated))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Service) handleYear(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, authz.OrgLifeRead, r.PathValue("id"))
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return httpx.NotFound()
	}
	rd, err := scanRound(s.db.QueryRowContext(ctx, "SELECT "+roundColumns+" FROM appraisals WHERE org_id = ? AND year = ?",
		org.ID, year))
	if db.IsNoRows(err) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	return s.writeRound(w, r, rd.ID, org, http.StatusOK)
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	rd, org, err := s.scoped(r, authz.OrgLifeRead)
	if err != nil {
		return err
	}
	return s.writeRound(w, r, rd.ID, org, http.StatusOK)
}

func (s *Service) handleHistory(w http.ResponseWriter, r *http.Request) error {
	rd, _, err := s.scoped(r, authz.OrgLifeRead)
	if err != nil {
		return err
	}
	items, err := timeline.Read(r.Context(), s.db, `SELECT id, kind, at, actor_name, detail FROM appraisal_events
		WHERE appraisal_id = ? ORDER BY seq DESC LIMIT 500`, rd.ID)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Service) handleCloseRating(w http.ResponseWriter, r *http.Request) error {
	return s.manage(w, r, func(ctx context.Context, rd round, _ OrgRef) error { return s.closeRating(ctx, rd.ID) })
}

func (s *Service) handlePropose(w http.ResponseWriter, r *http.Request) error {
	return s.manage(w, r, func(ctx context.Context, rd round, org OrgRef) error {
		var req struct {
			Grades map[string]string `json:"grades"`
		}
		if err := httpx.DecodeJSON(r, &req); err != nil {
			return err
		}
		return s.propose(ctx, org, rd.ID, req.Grades)
	})
}

func (s *Service) handleConfirm(w http.ResponseWriter, r *http.Request) error {
	return s.manage(w, r, func(ctx context.Context, rd round, org OrgRef) error {
		var req struct {
			MeetingID string `json:"meeting_id"`
		}
		if err := httpx.DecodeJSON(r, &req); err != nil {
			return err
		}
		return s.confirm(ctx, org, rd.ID, req.MeetingID)
	})
}

// handlingAction runs do on the handling named by the path and answers
// with that handling as it is afterwards.
func (s *Service) handlingAction(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, roundID, hid string) error) error {
	rd, _, err := s.scoped(r, authz.OrgLifeManage)
	if err != nil {
		return err
	}
	hid := r.PathValue("hid")
	if err := do(r.Context(), rd.ID, hid); err != nil {
		return err
	}
	list, err := loadHandlings(r.Context(), s.db, rd.ID)
	if err != nil {
		return err
	}
	for _, h := range list {
		if h.ID == hid {
			return httpx.WriteJSON(w, http.StatusOK, h)
		}
	}
	return httpx.NotFound()
}

func (s *Service) handleDecide(w http.ResponseWriter, r *http.Request) error {
	return s.handlingAction(w, r, func(ctx context.Context, roundID, hid string) error {
		var req HandlingDecision
		if err := httpx.DecodeJSON(r, &req); err != nil {
			return err
		}
		return s.decide(ctx, roundID, hid, req)
	})
}

func (s *Service) handleCloseHandling(w http.ResponseWriter, r *http.Request) error {
	return s.handlingAction(w, r, func(ctx context.Context, roundID, hid string) error {
		var req struct {
			Outcome string `json:"outcome"`
		}
		if err := httpx.DecodeJSON(r, &req); err != nil {
			return err
		}
		return s.closeHandling(ctx, roundID, hid, req.Outcome)
	})
}
