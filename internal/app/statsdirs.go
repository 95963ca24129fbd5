package app

import (
	"context"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/partystats"
	"dangjian/internal/platform/db"
)

// statsDirectory adapts the register to internal/partystats: orgs by ID,
// and the register's own codes and labels for what the tables count.
type statsDirectory struct{ recordDirs }

var _ partystats.Directory = statsDirectory{}

func (x statsDirectory) Org(ctx context.Context, q db.Querier, id string) (partystats.OrgRef, error) {
	o, err := x.org(ctx, q, id)
	return partystats.OrgRef{ID: o.ID, Name: o.Name, Path: o.Path}, err
}

func (statsDirectory) Labels() partystats.Labels { return statsLabels }

var statsLabels = partystats.Labels{
	Genders: memberEnum("gender"), Educations: memberEnum("education"), Categories: memberEnum("category"),
	EndKinds: memberEnum("end_kind"), Ethnicities: members.EthnicGroups(),
	Kinds: partystats.LabelsOf([]string{orgs.KindLeadingBody, orgs.KindCommittee, orgs.KindGeneralBranch,
		orgs.KindBranch, orgs.KindGroup}, orgs.KindLabel),
	UnitTypes: partystats.LabelsOf(orgs.UnitTypes(), orgs.UnitTypeLabel),
}

func memberEnum(name string) []partystats.Label {
	return partystats.LabelsOf(members.EnumCodes(name), func(c string) string { return members.EnumLabel(name, c) })
}
