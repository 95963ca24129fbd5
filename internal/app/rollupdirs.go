package app

import (
	"context"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
	"dangjian/internal/rollup"
)

// rollupDirectory lets the rollups re-read an organization on its events
// (which carry only its name and kind), and seed themselves from the
// register as it stands when rebuilt (bulk loads record no events).
type rollupDirectory struct {
	orgs    *orgs.Service
	members *members.Service
}

func (x rollupDirectory) Org(ctx context.Context, q db.Querier, id string) (rollup.OrgRef, error) {
	o, err := x.orgs.Get(ctx, q, id)
	if err != nil {
		return rollup.OrgRef{}, err
	}
	return rollupOrg(o), nil
}

func (x rollupDirectory) AllOrgs(ctx context.Context, q db.Querier) ([]rollup.OrgRef, error) {
	list, err := x.orgs.All(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]rollup.OrgRef, len(list))
	for i, o := range list {
		out[i] = rollupOrg(o)
	}
	return out, nil
}

func (x rollupDirectory) MemberPage(ctx context.Context, q db.Querier, after string, limit int) ([]rollup.MemberFacts, error) {
	page, err := x.members.Snapshots(ctx, q, after, limit)
	if err != nil {
		return nil, err
	}
	out := make([]rollup.MemberFacts, len(page))
	for i, m := range page {
		out[i] = rollup.MemberFacts(m) // the same facts, field for field
	}
	return out, nil
}

func rollupOrg(o orgs.Org) rollup.OrgRef {
	return rollup.OrgRef{ID: o.ID, ParentID: o.ParentID, Path: o.Path, Name: o.Name, Kind: o.Kind,
		UnitType: o.UnitType, Status: o.Status, EstablishedOn: o.EstablishedOn, DissolvedOn: o.DissolvedOn,
		TermEnd: o.TermEnd, Longitude: o.Longitude, Latitude: o.Latitude}
}
