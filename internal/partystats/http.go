package partystats

import (
	"context"
	"net/http"
	"strings"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Routes registers the 党内统计 API. A report's file is its JSON address
// with ".xlsx" appended: the mux takes wildcards only as whole segments, so
// one route serves both.
func (s *Service) Routes(rt *httpx.Router) {
	const org = "/api/v1/stats/orgs/{id}/reports"
	read := authz.DashboardRead
	rt.Handle("POST "+org, read, "生成党内统计报表（截至指定日期）", s.handleGenerate)
	rt.Handle("GET "+org, read, "党内统计报表列表", s.handleList)
	rt.Handle("GET /api/v1/stats/reports/{rid}", read, "党内统计报表（加 .xlsx 后缀导出 Excel）", s.handleReport)
}

// firstDay is the founding of the party: no report is dated before it.
const firstDay = "1921-07-01"

// asOfDay validates the report date: a real day, not before the founding
// of the party and not after today (Shanghai).
func (s *Service) asOfDay(v string) (time.Time, error) {
	var fe httpx.Fields
	on, err := time.Parse(clock.DateLayout, v)
	switch {
	case v == "":
		fe.Add("as_of", "required", "请选择统计截止日期")
	case err != nil:
		fe.Add("as_of", "invalid", "统计截止日期格式应为 YYYY-MM-DD，且须是真实存在的日期")
	case v < firstDay:
		fe.Add("as_of", "too_early", "统计截止日期不能早于 1921-07-01")
	case on.After(clock.Today(s.clk)):
		fe.Add("as_of", "future", "统计截止日期不能晚于今天")
	}
	return on, fe.Err()
}

func (s *Service) handleGenerate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	var in struct {
		AsOf string `json:"as_of"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	on, err := s.asOfDay(strings.TrimSpace(in.AsOf))
	if err != nil {
		return err
	}
	rep, err := s.generate(ctx, org, on)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, rep)
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	list, err := s.reports(r.Context(), org.ID)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
}

// handleReport answers a report as JSON, or as .xlsx when the ID carries
// that suffix.
func (s *Service) handleReport(w http.ResponseWriter, r *http.Request) error {
	id, file := strings.CutSuffix(r.PathValue("rid"), ".xlsx")
	rep, err := s.scopedReport(r.Context(), id)
	if err != nil {
		return err
	}
	if !file {
		return httpx.WriteJSON(w, http.StatusOK, rep)
	}
	return s.sendXLSX(r.Context(), w, rep)
}

// sendXLSX renders the stored tables and audits stats.export before a byte
// is sent.
func (s *Service) sendXLSX(ctx context.Context, w http.ResponseWriter, rep Report) error {
	data, err := reportXLSX(rep)
	if err != nil {
		return err
	}
	if err := s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "stats.export", TargetType: "stats_report",
			TargetID: rep.ID, After: map[string]any{"org_id": rep.Org.ID, "as_of": rep.AsOf}})
	}); err != nil {
		return err
	}
	httpx.Download(w, httpx.XLSX, rep.Org.Name+"党内统计（截至"+rep.AsOf+"）.xlsx")
	_, err = w.Write(data)
	return err
}
