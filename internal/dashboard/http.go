package dashboard

import (
	"context"
	"net/http"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/rollup"
)

// Routes registers the dashboard API.
func (s *Service) Routes(rt *httpx.Router) {
	const org = "/api/v1/dashboard/orgs/{id}"
	read := authz.DashboardRead
	rt.Handle("GET "+org+"/panels/{panel}", read, "党建概况面板（组织及下级合计）", s.getPanel)
	rt.Handle("GET "+org+"/panels/{panel}/children", read, "党建概况面板的下级组织数字", s.getChildren)
	rt.Handle("GET "+org+"/list", read, "统计数字背后的名单", s.getList)
	rt.Handle("GET "+org+"/health", read, "党支部健康度（红黄绿）", s.getHealth)
	rt.Handle("GET "+org+"/risks", read, "软弱涣散风险党支部及原因", s.getRisks)
	rt.Handle("GET "+org+"/settings", read, "健康度权重与预警设置", s.settingsHTTP().Get)
	rt.Handle("PUT "+org+"/settings", authz.DashboardManage, "修改健康度权重与预警设置", s.putSettings)
	rt.Handle("GET "+org+"/screen", read, "数据大屏", s.getScreen)
	rt.Handle("GET "+org+"/screen/live", read, "数据大屏：进行中的会议签到", s.getLive)
	rt.Handle("GET /api/v1/members/{id}/portrait", authz.MemberRead, "党员画像", s.getPortrait)
	rt.Handle("GET /api/v1/my/portrait", authz.SignedIn, "我的党员画像", s.getMyPortrait)
}

// OrgBrief is an org at the head of an answer.
type OrgBrief struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
}

func brief(o OrgRef) OrgBrief {
	return OrgBrief{ID: o.ID, Name: o.Name, Kind: o.Kind, KindLabel: orgs.KindLabel(o.Kind)}
}

// scopedOrg is the org of id when the caller holds perm over it, else 404.
func (s *Service) scopedOrg(ctx context.Context, id string, perm authz.Perm) (OrgRef, error) {
	o, err := s.dir.Org(ctx, id)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(perm, o.Path)) {
		return OrgRef{}, httpx.NotFound()
	}
	return o, err
}

// Panel is a panel of an org's subtree.
type Panel struct {
	Org      OrgBrief   `json:"org"`
	AsOf     string     `json:"as_of"`
	Panel    string     `json:"panel"`
	Headline []Headline `json:"headline"`
	Figures  []Figure   `json:"figures"`
}

// scopedPanel is the org and the panel the request names.
func (s *Service) scopedPanel(r *http.Request) (OrgRef, string, error) {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.DashboardRead)
	if err != nil {
		return org, "", err
	}
	name := r.PathValue("panel")
	if _, ok := counterPanels[name]; !ok && name != panelNotices {
		return org, "", httpx.NotFound()
	}
	return org, name, nil
}

const panelNotices = "notices"

func (s *Service) getPanel(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, name, err := s.scopedPanel(r)
	if err != nil {
		return err
	}
	out := Panel{Org: brief(org), AsOf: s.today().Format(clock.DateLayout), Panel: name}
	if name == panelNotices {
		out.Headline, out.Figures, err = s.noticesPanel(ctx, org)
	} else {
		out.Headline, out.Figures, err = s.counterPanel(ctx, counterPanels[name], org)
	}
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) counterPanel(ctx context.Context, p counterPanel, org OrgRef) ([]Headline, []Figure, error) {
	rds, err := s.readings(ctx, p, []string{org.ID})
	if err != nil {
		return nil, nil, err
	}
	return p.headline(rds[org.ID]), p.figures(rds[org.ID]), nil
}

func (s *Service) reading(f rollup.Figures) reading {
	return reading{s: s, f: f, today: s.today()}
}

// readings are the panel's counters of each org: one Counts call, and one
// read of the points histogram when the panel shows it.
func (s *Service) readings(ctx context.Context, p counterPanel, ids []string) (map[string]reading, error) {
	counts, err := s.st.Counts(ctx, ids, p.metrics)
	if err != nil {
		return nil, err
	}
	var pts map[string]PointsCounts
	if p.points {
		if pts, err = s.dir.PointsBuckets(ctx, ids, s.today().Year()); err != nil {
			return nil, err
		}
	}
	out := make(map[string]reading, len(ids))
	for _, id := range ids {
		rd := s.reading(counts[id])
		rd.points = pts[id]
		out[id] = rd
	}
	return out, nil
}

// ChildRow is a child org with the panel's headline numbers.
type ChildRow struct {
	Org      OrgBrief   `json:"org"`
	Headline []Headline `json:"headline"`
}

func (s *Service) getChildren(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, name, err := s.scopedPanel(r)
	if err != nil {
		return err
	}
	kids, err := s.dir.Children(ctx, org.ID)
	if err != nil {
		return err
	}
	var heads map[string][]Headline
	if name == panelNotices {
		heads, err = s.noticesByChild(ctx, org, kids)
	} else {
		heads, err = s.counterChildren(ctx, counterPanels[name], kids)
	}
	if err != nil {
		return err
	}
	rows := make([]ChildRow, len(kids))
	for i, k := range kids {
		rows[i] = ChildRow{Org: brief(k), Headline: heads[k.ID]}
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"rows": rows})
}

func (s *Service) counterChildren(ctx context.Context, p counterPanel, kids []OrgRef) (map[string][]Headline, error) {
	ids := make([]string, len(kids))
	for i, k := range kids {
		ids[i] = k.ID
	}
	rds, err := s.readings(ctx, p, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]Headline, len(kids))
	for _, k := range kids {
		out[k.ID] = p.headline(rds[k.ID])
	}
	return out, nil
}
