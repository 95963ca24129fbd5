package app

import (
	"context"

	"dangjian/internal/dues"
	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
)

// duesDirectory tells dues about orgs and members.
type duesDirectory struct {
	d *db.DB
	o *orgs.Service
	m *members.Service
}

var _ dues.Directory = duesDirectory{}

func duesOrg(o orgs.Org) dues.OrgRef {
	return dues.OrgRef{ID: o.ID, Name: o.Name, Path: o.Path, Kind: o.Kind, ParentID: o.ParentID}
}

func (x duesDirectory) Org(ctx context.Context, id string) (dues.OrgRef, error) {
	o, err := x.o.Get(ctx, x.d, id)
	return duesOrg(o), err
}

func (x duesDirectory) Children(ctx context.Context, id string) ([]dues.OrgRef, error) {
	list, err := x.o.Children(ctx, x.d, id)
	out := make([]dues.OrgRef, len(list))
	for i, o := range list {
		out[i] = duesOrg(o)
	}
	return out, err
}

func (x duesDirectory) Names(ctx context.Context, ids []string) (map[string]string, error) {
	return x.o.Names(ctx, x.d, ids)
}

func duesMembers(list []members.Person, err error) ([]dues.Member, error) {
	out := make([]dues.Member, len(list))
	for i, p := range list {
		out[i] = dues.Member{ID: p.ID, Name: p.Name, OrgID: p.OrgID, OrgPath: p.OrgPath, Status: p.Status, JoinedOn: p.JoinedOn}
	}
	return out, err
}

func (x duesDirectory) Member(ctx context.Context, id string) (dues.Member, error) {
	list, err := duesMembers(x.m.People(ctx, []string{id}))
	if err == nil && len(list) == 0 {
		err = db.ErrNoRows
	}
	if err != nil {
		return dues.Member{}, err
	}
	return list[0], nil
}

func (x duesDirectory) BranchMembers(ctx context.Context, orgID string) ([]dues.Member, error) {
	path, err := x.o.PathOf(ctx, x.d, orgID)
	if err != nil {
		return nil, err
	}
	return duesMembers(x.m.PeopleIn(ctx, path))
}

func (x duesDirectory) MembersUnder(ctx context.Context, path string, after dues.Member, limit int) ([]dues.Member, error) {
	return duesMembers(x.m.PeopleUnder(ctx, path, members.Person{ID: after.ID, Name: after.Name, OrgPath: after.OrgPath}, limit))
}
