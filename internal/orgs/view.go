package orgs

import (
	"context"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// OrgJSON is an org as the API shows it (docs/api.md).
type OrgJSON struct {
	ID                string         `json:"id"`
	ParentID          string         `json:"parent_id"`
	Name              string         `json:"name"`
	Code              string         `json:"code"`
	Kind              string         `json:"kind"`
	KindLabel         string         `json:"kind_label"`
	UnitType          string         `json:"unit_type"`
	UnitTypeLabel     string         `json:"unit_type_label"`
	Joint             bool           `json:"joint"`
	Temporary         bool           `json:"temporary"`
	EndDate           string         `json:"end_date"`
	Status            string         `json:"status"`
	DissolvedOn       string         `json:"dissolved_on"`
	TermStart         string         `json:"term_start"`
	TermEnd           string         `json:"term_end"`
	EstablishedOn     string         `json:"established_on"`
	Address           string         `json:"address"`
	Longitude         *float64       `json:"longitude"`
	Latitude          *float64       `json:"latitude"`
	Depth             int            `json:"depth"`
	Version           int            `json:"version"`
	ChildCount        int            `json:"child_count"`
	MemberCount       int            `json:"member_count"`
	FullCount         int            `json:"full_count"`
	ProbationaryCount int            `json:"probationary_count"`
	DirectMemberCount int            `json:"direct_member_count"`
	Secretary         *PersonJSON    `json:"secretary"`
	Committee         []PositionJSON `json:"committee,omitempty"`
	Warnings          []Warning      `json:"warnings,omitempty"`
	Path              []PathStepJSON `json:"path,omitempty"`
}

// PersonJSON names a member.
type PersonJSON struct {
	MemberID string `json:"member_id"`
	Name     string `json:"name"`
}

// PathStepJSON is one ancestor on the breadcrumb.
type PathStepJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// PositionJSON is a post as the API shows it.
type PositionJSON struct {
	ID         string `json:"id"`
	OrgID      string `json:"org_id"`
	OrgName    string `json:"org_name"`
	MemberID   string `json:"member_id"`
	MemberName string `json:"member_name"`
	Title      string `json:"title"`
	TitleLabel string `json:"title_label"`
	StartOn    string `json:"start_on"`
	EndOn      string `json:"end_on"`
	Active     bool   `json:"active"`
}

func positionView(p Position) PositionJSON {
	return PositionJSON{ID: p.ID, OrgID: p.OrgID, OrgName: p.OrgName, MemberID: p.MemberID, MemberName: p.MemberName,
		Title: p.Title, TitleLabel: p.TitleLabel, StartOn: p.StartOn, EndOn: p.EndOn, Active: p.Active}
}

func positionViews(list []Position) []PositionJSON {
	out := make([]PositionJSON, 0, len(list))
	for _, p := range list {
		out = append(out, positionView(p))
	}
	return out
}

func orgView(o Org) OrgJSON {
	return OrgJSON{ID: o.ID, ParentID: o.ParentID, Name: o.Name, Code: o.Code, Kind: o.Kind, KindLabel: KindLabel(o.Kind),
		UnitType: o.UnitType, UnitTypeLabel: unitLabels[o.UnitType], Joint: o.Joint, Temporary: o.Temporary,
		EndDate: o.EndDate, Status: o.Status, DissolvedOn: o.DissolvedOn, TermStart: o.TermStart, TermEnd: o.TermEnd,
		EstablishedOn: o.EstablishedOn, Address: o.Address, Longitude: o.Longitude, Latitude: o.Latitude, Depth: o.Depth, Version: o.Version, ChildCount: o.ChildCount}
}

// views turns orgs into their API form with counts and secretaries, in
// two batched queries whatever the number of orgs; detailed adds the
// committee, the structure warnings and the breadcrumb.
func (s *Service) views(ctx context.Context, q db.Querier, list []Org, detailed bool) ([]OrgJSON, error) {
	idsOf := make([]string, len(list))
	for i, o := range list {
		idsOf[i] = o.ID
	}
	counts := map[string]MemberCounts{}
	if s.members != nil && len(list) > 0 {
		var err error
		if counts, err = s.members.Counts(ctx, q, idsOf); err != nil {
			return nil, err
		}
	}
	posts, err := activePositions(ctx, q, idsOf)
	if err != nil {
		return nil, err
	}
	today := clock.Today(s.clk)
	out := make([]OrgJSON, len(list))
	for i, o := range list {
		v := orgView(o)
		c := counts[o.ID]
		v.MemberCount, v.FullCount, v.ProbationaryCount, v.DirectMemberCount = c.Total, c.Full, c.Probationary, c.Direct
		for _, p := range posts[o.ID] {
			if p.Title == "secretary" {
				v.Secretary = &PersonJSON{MemberID: p.MemberID, Name: p.MemberName}
			}
		}
		if detailed {
			v.Committee = positionViews(posts[o.ID])
			v.Warnings = Warnings(o, c, posts[o.ID], today)
			if v.Path, err = s.breadcrumb(ctx, q, o); err != nil {
				return nil, err
			}
		}
		out[i] = v
	}
	return out, nil
}

func (s *Service) breadcrumb(ctx context.Context, q db.Querier, o Org) ([]PathStepJSON, error) {
	pathIDs := o.IDs()
	names, err := s.Names(ctx, q, pathIDs)
	if err != nil {
		return nil, err
	}
	out := make([]PathStepJSON, len(pathIDs))
	for i, id := range pathIDs {
		out[i] = PathStepJSON{ID: id, Name: names[id]}
	}
	return out, nil
}

// View is one org in its detailed API form.
func (s *Service) View(ctx context.Context, o Org) (OrgJSON, error) {
	list, err := s.views(ctx, s.db, []Org{o}, true)
	if err != nil {
		return OrgJSON{}, err
	}
	return list[0], nil
}
