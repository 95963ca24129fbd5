package dues

import (
	"net/http"
	"strings"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

func (s *Service) ledgerRoutes(rt *httpx.Router) {
	rt.Handle("POST /api/v1/orgs/{id}/dues/months/{month}/post", authz.DuesManage, "生成本组织及下级某月应缴党费", s.handlePost)
	rt.Handle("GET /api/v1/orgs/{id}/dues/ledger", authz.DuesRead, "党支部某月党费台账", s.handleLedger)
	rt.Handle("GET /api/v1/dues/members/{id}/entries", authz.DuesRead, "党员党费账目明细", s.handleEntries)
	rt.Handle("POST /api/v1/orgs/{id}/dues/payments", authz.DuesManage, "登记党费缴纳（可批量）", s.handlePayments)
	rt.Handle("POST /api/v1/orgs/{id}/dues/voluntary", authz.DuesManage, "登记自愿多交党费", s.handleVoluntary)
	rt.Handle("POST /api/v1/dues/entries/{id}/reverse", authz.DuesManage, "冲正党费账目", s.handleReverse)
	rt.Handle("GET /api/v1/dues/receipts/{id}", authz.DuesRead, "党费收据", s.handleReceipt)
	rt.Handle("GET /api/v1/dues/receipts/{id}/pdf", authz.DuesRead, "党费收据 PDF", s.handleReceiptPDF)
}

func (s *Service) handlePost(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.DuesManage)
	if err != nil {
		return err
	}
	m, err := rules.ParseMonth(r.PathValue("month"))
	var fe httpx.Fields
	switch {
	case err != nil:
		fe.Add("month", "invalid", err.Error())
	case m > rules.MonthOfTime(s.clk.Now()):
		fe.Add("month", "future", "不能提前生成以后月份的应缴党费："+m.Label())
	}
	if err := fe.Err(); err != nil {
		return err
	}
	res, err := s.post(ctx, org.Path, org.ID, m)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, res)
}

func (s *Service) handleLedger(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedBranch(ctx, r.PathValue("id"), authz.DuesRead, "党费台账按党支部查看，请选择党支部")
	if err != nil {
		return err
	}
	m, err := s.openPeriod(ctx, s.db, org.ID)
	if err != nil {
		return err
	}
	if q := r.URL.Query().Get("month"); q != "" {
		if m, err = rules.ParseMonth(q); err != nil {
			return (&httpx.Fields{{Field: "month", Code: "invalid", Message: err.Error()}}).Err()
		}
	}
	v, err := s.ledger(ctx, org, m)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}

// handleEntries lists a member's entries to whoever reads dues where the
// member is, or, for a member who has left, where the entries were made.
func (s *Service) handleEntries(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	path := ""
	mb, err := s.dir.Member(ctx, id)
	switch {
	case err == nil:
		path = mb.OrgPath
	case db.IsNoRows(err):
		err = s.db.QueryRowContext(ctx, "SELECT org_path FROM dues_entries WHERE member_id = ? LIMIT 1", id).Scan(&path)
	}
	if db.IsNoRows(err) || err == nil && !authz.From(ctx).Can(authz.DuesRead, path) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	items, err := memberEntries(ctx, s.db, id)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Service) handlePayments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedBranch(ctx, r.PathValue("id"), authz.DuesManage, "党费由党支部收缴，请选择党支部")
	if err != nil {
		return err
	}
	var b PaymentBatch
	if err := httpx.DecodeJSON(r, &b); err != nil {
		return err
	}
	rs, err := s.pay(ctx, org, b)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, map[string]any{"receipts": rs})
}

func (s *Service) handleVoluntary(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.DuesManage)
	if err != nil {
		return err
	}
	var v VoluntaryPayment
	if err := httpx.DecodeJSON(r, &v); err != nil {
		return err
	}
	rc, err := s.payVoluntary(ctx, org, v)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, rc)
}

func (s *Service) handleReverse(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Reason string `json:"reason"`
	}
	if err := httpx.DecodeJSON(r, &b); err != nil {
		return err
	}
	var fe httpx.Fields
	switch b.Reason = strings.TrimSpace(b.Reason); {
	case b.Reason == "":
		fe.Add("reason", "required", "请填写冲正原因")
	case len([]rune(b.Reason)) > 200:
		fe.Add("reason", "too_long", "冲正原因不能超过 200 个字符")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	e, err := s.reverse(r.Context(), r.PathValue("id"), b.Reason)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, e)
}

// scopedReceipt reads a receipt the caller may read (404 otherwise).
func (s *Service) scopedReceipt(r *http.Request) (Receipt, error) {
	rc, err := s.receipt(r.Context(), s.db, r.PathValue("id"))
	if db.IsNoRows(err) || err == nil && !authz.From(r.Context()).Can(authz.DuesRead, rc.orgPath) {
		return rc, httpx.NotFound()
	}
	return rc, err
}

func (s *Service) handleReceipt(w http.ResponseWriter, r *http.Request) error {
	rc, err := s.scopedReceipt(r)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, rc)
}

func (s *Service) handleReceiptPDF(w http.ResponseWriter, r *http.Request) error {
	rc, err := s.scopedReceipt(r)
	if err != nil {
		return err
	}
	return s.sendReceiptPDF(r.Context(), w, rc)
}
