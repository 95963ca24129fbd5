package orglife

import (
	"context"
	"net/http"
	"strings"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/settings"
)

// Tally counts branches by colour.
type Tally struct {
	Branches int `json:"branches"`
	Green    int `json:"green"`
	Amber    int `json:"amber"`
	Red      int `json:"red"`
	None     int `json:"none"`
}

func (t *Tally) add(status string) {
	t.Branches++
	switch status {
	case Green:
		t.Green++
	case Amber:
		t.Amber++
	case Red:
		t.Red++
	default:
		t.None++
	}
}

// ChildTally is a child organization's branches by colour (drill-down).
type ChildTally struct {
	OrgID string `json:"org_id"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Tally
}

// ComplianceView is 三会一课落实情况 of an organization for a period.
type ComplianceView struct {
	OrgID       string       `json:"org_id"`
	OrgName     string       `json:"org_name"`
	Period      string       `json:"period"`
	PeriodLabel string       `json:"period_label"`
	Kind        string       `json:"kind"`
	Summary     Tally        `json:"summary"`
	Kinds       []KindStatus `json:"kinds"`
	Children    []ChildTally `json:"children"`
}

// complianceQuery reads the org, period (default: this month) and kind of a
// compliance request.
func (s *Service) complianceQuery(r *http.Request) (OrgRef, Period, Kind, error) {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.OrgLifeRead)
	if err != nil {
		return org, Period{}, "", err
	}
	key := r.URL.Query().Get("period")
	if key == "" {
		key = PeriodOf(Monthly, s.clk.Now()).Key
	}
	view, err := ParsePeriod(key)
	if err != nil {
		return org, view, "", fieldErr("period", "invalid", err.Error())
	}
	kind := Kind(r.URL.Query().Get("kind"))
	if kind != "" && !kind.Valid() {
		return org, view, kind, fieldErr("kind", "invalid", "会议类型不正确")
	}
	return org, view, kind, nil
}

func (s *Service) handleCompliance(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, view, kind, err := s.complianceQuery(r)
	if err != nil {
		return err
	}
	list, err := s.assess(ctx, org, view, kind)
	if err != nil {
		return err
	}
	out := ComplianceView{OrgID: org.ID, OrgName: org.Name, Period: view.Key, PeriodLabel: view.Label(),
		Kind: string(kind), Kinds: []KindStatus{}, Children: []ChildTally{}}
	for _, b := range list {
		out.Summary.add(b.Status)
		if b.ID == org.ID {
			out.Kinds = b.Kinds
		}
	}
	if out.Children, err = s.childTallies(ctx, org, list); err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}

// childTallies counts the branches under each child of org.
func (s *Service) childTallies(ctx context.Context, org OrgRef, list []branchStatus) ([]ChildTally, error) {
	children, err := s.dir.Children(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	byID := map[string]int{}
	out := make([]ChildTally, 0, len(children))
	for _, c := range children {
		if c.Kind == orgGroup {
			continue
		}
		byID[c.ID] = len(out)
		out = append(out, ChildTally{OrgID: c.ID, Name: c.Name, Kind: c.Kind})
	}
	depth := len(settings.PathIDs(org.Path))
	for _, b := range list {
		ids := settings.PathIDs(b.Path)
		if len(ids) > depth {
			if i, ok := byID[ids[depth]]; ok {
				out[i].add(b.Status)
			}
		}
	}
	return out, nil
}

// BranchLine is one branch behind a compliance number.
type BranchLine struct {
	OrgID     string       `json:"org_id"`
	Name      string       `json:"name"`
	PathNames string       `json:"path_names"`
	Status    string       `json:"status"`
	Missing   []string     `json:"missing"`
	Kinds     []KindStatus `json:"kinds"`
}

func (s *Service) handleComplianceBranches(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, view, kind, err := s.complianceQuery(r)
	if err != nil {
		return err
	}
	pg, err := httpx.PageOf(r)
	if err != nil {
		return err
	}
	list, err := s.assess(ctx, org, view, kind)
	if err != nil {
		return err
	}
	want := r.URL.Query().Get("status")
	var picked []branchStatus
	for _, b := range list {
		if want == "" || b.Status == want {
			picked = append(picked, b)
		}
	}
	out := httpx.List[BranchLine]{Items: []BranchLine{}, Total: len(picked), Page: pg.Page, PageSize: pg.Size}
	start := min(pg.Offset(), len(picked))
	page := picked[start:min(start+pg.Size, len(picked))]
	names, err := s.pathNames(ctx, org, page)
	if err != nil {
		return err
	}
	for _, b := range page {
		out.Items = append(out.Items, BranchLine{OrgID: b.ID, Name: b.Name, PathNames: names[b.ID], Status: b.Status,
			Missing: b.missing(), Kinds: b.Kinds})
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}

// pathNames names each branch's orgs between org and the branch ("甲总支 / 第一支部").
func (s *Service) pathNames(ctx context.Context, org OrgRef, list []branchStatus) (map[string]string, error) {
	depth := len(settings.PathIDs(org.Path))
	var all []string
	for _, b := range list {
		all = append(all, settings.PathIDs(b.Path)[max(depth-1, 0):]...)
	}
	names, err := s.dir.Names(ctx, all)
	out := map[string]string{}
	for _, b := range list {
		var parts []string
		for _, id := range settings.PathIDs(b.Path)[max(depth-1, 0):] {
			parts = append(parts, names[id])
		}
		out[b.ID] = strings.Join(parts, " / ")
	}
	return out, err
}
