package dues

import (
	"net/http"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
)

// collectionRoutes are periods, remittances, statements, reports and arrears.
func (s *Service) collectionRoutes(rt *httpx.Router) {
	rt.Handle("POST /api/v1/orgs/{id}/dues/periods/{period}/close", authz.DuesManage, "党费结账并上缴", s.handleClose)
	rt.Handle("GET /api/v1/orgs/{id}/dues/remittances", authz.DuesRead, "党费上缴记录", s.handleRemittances)
	rt.Handle("POST /api/v1/dues/remittances/{id}/confirm", authz.DuesManage, "确认收到下级上缴的党费", s.handleConfirm)
	rt.Handle("GET /api/v1/orgs/{id}/dues/statement", authz.DuesRead, "党费收缴报表", s.handleStatement)
	rt.Handle("GET /api/v1/orgs/{id}/dues/report", authz.DuesRead, "党费收缴统计", s.handleReport)
	rt.Handle("GET /api/v1/orgs/{id}/dues/report.xlsx", authz.DuesRead, "导出党费收缴登记表", s.handleRegister)
	rt.Handle("GET /api/v1/orgs/{id}/dues/arrears", authz.DuesRead, "党费欠缴名单", s.handleArrears)
}

// monthValue reads a month ("2026-11") given as field, or def when empty.
func monthValue(field, v string, def rules.Month) (rules.Month, error) {
	if v == "" {
		return def, nil
	}
	m, err := rules.ParseMonth(v)
	if err != nil {
		return 0, (&httpx.Fields{{Field: field, Code: "invalid", Message: err.Error()}}).Err()
	}
	return m, nil
}

func (s *Service) handleClose(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.DuesManage)
	if err != nil {
		return err
	}
	p, err := monthValue("period", r.PathValue("period"), 0)
	if err != nil {
		return err
	}
	res, err := s.Close(ctx, org, p)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, res)
}

// orgYear is the org of a read request and its ?year= (default: this year).
func (s *Service) orgYear(r *http.Request) (OrgRef, int, error) {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.DuesRead)
	if err != nil {
		return org, 0, err
	}
	year, err := s.yearParam(r)
	return org, year, err
}

func (s *Service) handleRemittances(w http.ResponseWriter, r *http.Request) error {
	org, year, err := s.orgYear(r)
	if err != nil {
		return err
	}
	out, err := s.remittances(r.Context(), org, year)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) handleConfirm(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Note string `json:"note"`
	}
	if err := httpx.DecodeOptionalJSON(r, &b); err != nil {
		return err
	}
	x, err := s.Confirm(r.Context(), r.PathValue("id"), b.Note)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, x)
}

// handleStatement answers ?year= (default: this year) or ?month=, which
// implies its year.
func (s *Service) handleStatement(w http.ResponseWriter, r *http.Request) error {
	org, year, err := s.orgYear(r)
	if err != nil {
		return err
	}
	var month *rules.Month
	if v := r.URL.Query().Get("month"); v != "" {
		m, err := monthValue("month", v, 0)
		if err != nil {
			return err
		}
		if r.URL.Query().Get("year") != "" && m.Year() != year {
			return (&httpx.Fields{{Field: "month", Code: "invalid", Message: "月份应在所选年度内"}}).Err()
		}
		year, month = m.Year(), &m
	}
	st, err := s.Statement(r.Context(), org, year, month)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, st)
}

// handleReport answers ?from=&to= (default: January to this month).
func (s *Service) handleReport(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.DuesRead)
	if err != nil {
		return err
	}
	now := rules.MonthOfTime(s.clk.Now())
	from, err := monthValue("from", r.URL.Query().Get("from"), rules.MonthOf(now.Year(), 1))
	if err != nil {
		return err
	}
	to, err := monthValue("to", r.URL.Query().Get("to"), now)
	if err != nil {
		return err
	}
	switch {
	case to < from:
		return (&httpx.Fields{{Field: "to", Code: "invalid", Message: "截止月份不能早于起始月份"}}).Err()
	case int(to-from) >= maxReportMonths:
		return (&httpx.Fields{{Field: "to", Code: "invalid", Message: "统计范围最多 120 个月"}}).Err()
	}
	rep, err := s.Report(r.Context(), org, from, to)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, rep)
}

func (s *Service) handleArrears(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.DuesRead)
	if err != nil {
		return err
	}
	items, err := s.Arrears(r.Context(), org)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}
