package assessment

import (
	"context"
	"net/http"
	"strconv"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Routes registers the annual assessment API.
func (s *Service) Routes(rt *httpx.Router) {
	const org = "/api/v1/orgs/{id}/assessment"
	rt.Handle("GET "+org+"/cards", authz.AssessmentRead, "年度考核卡", s.handleCards)
	rt.Handle("POST "+org+"/cards/confirm", authz.AssessmentManage, "支部确定年度考核等次", s.handleConfirm)
	rt.Handle("GET "+org+"/cards.xlsx", authz.AssessmentRead, "导出年度考核卡", s.handleExport)
	rt.Handle("GET "+org+"/settings", authz.AssessmentRead, "年度考核等次建议规则", s.settingsHTTP().Get)
	rt.Handle("PUT "+org+"/settings", authz.AssessmentManage, "修改年度考核等次建议规则", s.settingsHTTP().Put)
	rt.Handle("GET /api/v1/my/assessment", authz.SignedIn, "我的年度考核", s.handleMy)
}

// minYear is the earliest year assessed on the platform.
const minYear = 2000

// checkYear refuses a malformed year and a year that has not begun: a
// year is assessed during or after it, never ahead.
func (s *Service) checkYear(field string, year int) error {
	var fe httpx.Fields
	now := clock.Today(s.clk).Year()
	switch {
	case year < minYear || year > 9999:
		fe.Add(field, "invalid", "年度格式不正确")
	case year > now:
		fe.Add(field, "future", strconv.Itoa(year)+" 年度尚未开始，不能进行年度考核")
	}
	return fe.Err()
}

// yearParam is ?year= (default: this year in Shanghai).
func (s *Service) yearParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return clock.Today(s.clk).Year(), nil
	}
	y, err := strconv.Atoi(v)
	if err != nil {
		y = 0
	}
	return y, s.checkYear("year", y)
}

// branchYear is the branch {id} (where the caller holds perm) and ?year=.
func (s *Service) branchYear(r *http.Request, perm authz.Perm) (OrgRef, int, error) {
	org, err := s.scopedBranch(r.Context(), r.PathValue("id"), perm)
	if err != nil {
		return org, 0, err
	}
	year, err := s.yearParam(r)
	return org, year, err
}

func (s *Service) handleCards(w http.ResponseWriter, r *http.Request) error {
	org, year, err := s.branchYear(r, authz.AssessmentRead)
	if err != nil {
		return err
	}
	out, err := s.cards(r.Context(), org, year)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) handleConfirm(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedBranch(r.Context(), r.PathValue("id"), authz.AssessmentManage)
	if err != nil {
		return err
	}
	var in ConfirmIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	out, err := s.confirm(r.Context(), org, in)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}

// MyCard is the signed-in member's own card with the year and the branch
// it was drawn up in.
type MyCard struct {
	Year    int    `json:"year"`
	OrgID   string `json:"org_id"`
	OrgName string `json:"org_name"`
	Card
}

func (s *Service) handleMy(w http.ResponseWriter, r *http.Request) error {
	year, err := s.yearParam(r)
	if err != nil {
		return err
	}
	out, err := s.myCard(r.Context(), year)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}

// myCard is the caller's own card of year, under the rules of their org.
func (s *Service) myCard(ctx context.Context, year int) (MyCard, error) {
	p := authz.From(ctx)
	if p == nil || p.MemberID == "" {
		return MyCard{}, httpx.Forbidden("当前账号未关联党员")
	}
	m, err := s.dir.Member(ctx, s.db, p.MemberID)
	var org OrgRef
	if err == nil {
		org, err = s.dir.Org(ctx, s.db, m.OrgID)
	}
	if db.IsNoRows(err) {
		return MyCard{}, httpx.NotFound()
	}
	if err != nil {
		return MyCard{}, err
	}
	list, err := s.cardsOf(ctx, org, []MemberRef{m}, year)
	if err != nil {
		return MyCard{}, err
	}
	return MyCard{Year: year, OrgID: org.ID, OrgName: org.Name, Card: list[0]}, nil
}
