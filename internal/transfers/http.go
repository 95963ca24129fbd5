package transfers

import (
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Routes registers the transfers API.
func (s *Service) Routes(rt *httpx.Router) {
	rt.Handle("POST /api/v1/orgs/{id}/transfers", authz.TransferManage, "开具组织关系介绍信（系统内转接或转出系统外）", s.handleStart)
	rt.Handle("POST /api/v1/orgs/{id}/transfers/incoming", authz.TransferManage, "登记从系统外转入的党员", s.handleIncoming)
	rt.Handle("GET /api/v1/orgs/{id}/transfers", authz.TransferRead, "组织关系转接列表（转出/转入）", s.handleList)
	rt.Handle("GET /api/v1/orgs/{id}/transfers/settings", authz.TransferRead, "转接设置（含来源）", s.settingsHTTP().Get)
	rt.Handle("PUT /api/v1/orgs/{id}/transfers/settings", authz.TransferManage, "修改本组织的转接设置", s.settingsHTTP().Put)
	rt.Handle("GET /api/v1/transfers/targets", authz.TransferManage, "查找可接收的党支部（全平台，仅名称）", s.handleTargets)
	rt.Handle("GET /api/v1/transfers/{tid}", authz.TransferRead, "转接详情", s.handleGet)
	rt.Handle("POST /api/v1/transfers/{tid}/accept", authz.TransferManage, "接收党组织接收", s.handleDecide(actAccept))
	rt.Handle("POST /api/v1/transfers/{tid}/return", authz.TransferManage, "接收党组织退回（须说明理由）", s.handleDecide(actReturn))
	rt.Handle("POST /api/v1/transfers/{tid}/cancel", authz.TransferManage, "转出党组织撤销", s.handleDecide(actCancel))
	rt.Handle("POST /api/v1/transfers/{tid}/confirm", authz.TransferManage, "登记收到回执（转出系统外）", s.handleDecide(actConfirm))
	rt.Handle("GET /api/v1/transfers/{tid}/letter", authz.TransferRead, "介绍信（打印页）", s.handleLetter)
	rt.Handle("GET /api/v1/transfers/{tid}/letter.pdf", authz.TransferRead, "介绍信 PDF", s.handleLetterPDF)
	s.mobileRoutes(rt)
}

func (s *Service) handleStart(w http.ResponseWriter, r *http.Request) error {
	var req StartRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	t, err := s.start(r.Context(), r.PathValue("id"), req)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, t)
}

func (s *Service) handleIncoming(w http.ResponseWriter, r *http.Request) error {
	var req IncomingRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	t, err := s.incoming(r.Context(), r.PathValue("id"), req)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, t)
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, s.db, r.PathValue("id"), authz.TransferRead)
	if err != nil {
		return err
	}
	f, err := parseFilter(r)
	if err != nil {
		return err
	}
	items, next, err := s.list(ctx, org, f)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": next})
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	t, err := s.visibleTransfer(r)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, t)
}

// visibleTransfer is the transfer {tid} with its history when the caller
// may read it at either end; 404 otherwise.
func (s *Service) visibleTransfer(r *http.Request) (*Transfer, error) {
	t, err := s.detail(r.Context(), r.PathValue("tid"))
	if db.IsNoRows(err) || (err == nil && !visible(r.Context(), t)) {
		return nil, httpx.NotFound()
	}
	return t, err
}

func (s *Service) handleDecide(a action) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var d Decision
		if err := httpx.DecodeOptionalJSON(r, &d); err != nil {
			return err
		}
		t, err := s.decide(r.Context(), r.PathValue("tid"), a, d)
		if err != nil {
			return err
		}
		return httpx.WriteJSON(w, http.StatusOK, t)
	}
}
