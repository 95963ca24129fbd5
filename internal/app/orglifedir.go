package app

import (
	"context"

	"dangjian/internal/appraisal"
	"dangjian/internal/members"
	"dangjian/internal/orglife"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
)

// orglifeDirectory tells organizational life (and 民主评议) about orgs and
// members.
type orglifeDirectory struct {
	d *db.DB
	o *orgs.Service
	m *members.Service
}

var _ orglife.Directory = orglifeDirectory{}

func orgRef(o orgs.Org) orglife.OrgRef {
	return orglife.OrgRef{ID: o.ID, Name: o.Name, Path: o.Path, Kind: o.Kind, ParentID: o.ParentID}
}

func (x orglifeDirectory) Org(ctx context.Context, id string) (orglife.OrgRef, error) {
	o, err := x.o.Get(ctx, x.d, id)
	return orgRef(o), err
}

func (x orglifeDirectory) Children(ctx context.Context, id string) ([]orglife.OrgRef, error) {
	list, err := x.o.Children(ctx, x.d, id)
	out := make([]orglife.OrgRef, len(list))
	for i, o := range list {
		out[i] = orgRef(o)
	}
	return out, err
}

func (x orglifeDirectory) Names(ctx context.Context, ids []string) (map[string]string, error) {
	return x.o.Names(ctx, x.d, ids)
}

func persons(list []members.Person, err error) ([]orglife.Person, error) {
	out := make([]orglife.Person, len(list))
	for i, p := range list {
		out[i] = orglife.Person{ID: p.ID, Name: p.Name, OrgID: p.OrgID, Status: p.Status}
	}
	return out, err
}

func (x orglifeDirectory) BranchMembers(ctx context.Context, orgID string) ([]orglife.Person, error) {
	path, err := x.o.PathOf(ctx, x.d, orgID)
	if err != nil {
		return nil, err
	}
	return persons(x.m.PeopleIn(ctx, path))
}

func (x orglifeDirectory) Committee(ctx context.Context, orgID string) ([]orglife.Person, error) {
	posts, err := x.o.CommitteeOf(ctx, x.d, orgID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, p := range posts {
		ids = append(ids, p.MemberID)
	}
	people, err := x.People(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := map[string]orglife.Person{}
	for _, p := range people {
		byID[p.ID] = p
	}
	var out []orglife.Person // in post order: the secretary first
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
			delete(byID, id) // one entry for a member holding two posts
		}
	}
	return out, nil
}

func (x orglifeDirectory) People(ctx context.Context, ids []string) ([]orglife.Person, error) {
	return persons(x.m.People(ctx, ids))
}

func (x orglifeDirectory) Branches(ctx context.Context, path string) ([]orglife.BranchRef, error) {
	list, err := x.o.BranchesUnder(ctx, x.d, path)
	out := make([]orglife.BranchRef, len(list))
	for i, b := range list {
		out[i] = orglife.BranchRef{ID: b.ID, Name: b.Name, Path: b.Path, ParentID: b.ParentID, Groups: b.Groups,
			HasCommittee: b.HasCommittee()}
	}
	return out, err
}

// appraisalDirectory adapts the same capabilities to 民主评议.
type appraisalDirectory struct{ orglifeDirectory }

var _ appraisal.Directory = appraisalDirectory{}

func (x appraisalDirectory) Org(ctx context.Context, id string) (appraisal.OrgRef, error) {
	o, err := x.o.Get(ctx, x.d, id)
	return appraisal.OrgRef{ID: o.ID, Name: o.Name, Path: o.Path, Kind: o.Kind}, err
}

func (x appraisalDirectory) BranchMembers(ctx context.Context, orgID string) ([]appraisal.Person, error) {
	list, err := x.orglifeDirectory.BranchMembers(ctx, orgID)
	out := make([]appraisal.Person, len(list))
	for i, p := range list {
		out[i] = appraisal.Person{ID: p.ID, Name: p.Name, Status: p.Status}
	}
	return out, err
}

func (x appraisalDirectory) MemberOrg(ctx context.Context, memberID string) (appraisal.OrgRef, error) {
	ref, err := x.m.Member(ctx, x.d, memberID)
	if err == nil && !ref.Active {
		err = db.ErrNoRows
	}
	if err != nil {
		return appraisal.OrgRef{}, err
	}
	return x.Org(ctx, ref.OrgID)
}

// assemblies lets 民主评议 confirm its grades at a 支部党员大会.
type assemblies struct{ l *orglife.Service }

func (x assemblies) Assembly(ctx context.Context, orgID, meetingID string) (appraisal.MeetingRef, error) {
	m, err := x.l.Assembly(ctx, orgID, meetingID)
	return appraisal.MeetingRef{ID: m.ID, Topic: m.Topic, StartsAt: m.StartsAt}, err
}
