// Package partystats is 党内统计: the standard annual tables an upper level
// asks for — members by sex, ethnicity, age, education, category and 党龄,
// organizations by kind and unit type, admissions and losses in the year —
// of an organization's subtree as of a chosen date.
//
// A report is generated once from the rollups' as-of history (Source) and
// stored whole, so the screen and the .xlsx render the very same cells and
// a report can be reopened later with the numbers it had.
package partystats

import (
	"context"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/rollup"
)

// Source is the as-of history the tables are counted from (the rollup
// store). Every call visits the rows under path, the org itself included.
type Source interface {
	// MembersAsOf visits the members on date, as they stood then.
	MembersAsOf(ctx context.Context, path, date string, fn func(rollup.SpanRow) error) error
	// JoinedBetween visits the members who joined on a day in [from, to].
	JoinedBetween(ctx context.Context, path, from, to string, fn func(rollup.SpanRow) error) error
	// EndedBetween visits the members whose membership ended on a day in
	// [from, to], as they stood then.
	EndedBetween(ctx context.Context, path, from, to string, fn func(rollup.SpanRow) error) error
	// OrgsAsOf visits the orgs that existed on date.
	OrgsAsOf(ctx context.Context, path, date string, fn func(rollup.OrgRow) error) error
}

// OrgRef is an organization as partystats needs it.
type OrgRef struct{ ID, Name, Path string }

// Label is a code with its Chinese name.
type Label struct{ Code, Text string }

// LabelsOf pairs codes with their labels, in the codes' order.
func LabelsOf(codes []string, label func(code string) string) []Label {
	out := make([]Label, len(codes))
	for i, c := range codes {
		out[i] = Label{c, label(c)}
	}
	return out
}

// Labels are the codes the tables count, in display order, with the names
// the register gives them (the application takes them from members and
// orgs, so a table never says something the register does not).
type Labels struct {
	Genders, Educations, Categories, EndKinds, Kinds, UnitTypes []Label
	// Ethnicities are the ethnic groups as members store them, the
	// majority (汉族) first.
	Ethnicities []string
}

// Directory is what partystats needs from the orgs and members
// capabilities.
type Directory interface {
	// Org returns the org as it is now, dissolved ones too (db.ErrNoRows
	// when unknown).
	Org(ctx context.Context, q db.Querier, id string) (OrgRef, error)
	Labels() Labels
}

// Service is the 党内统计 capability.
type Service struct {
	db  *db.DB
	clk clock.Clock
	dir Directory
	src Source
}

// New builds the service.
func New(d *db.DB, clk clock.Clock, dir Directory, src Source) *Service {
	return &Service{db: d, clk: clk, dir: dir, src: src}
}

// scopedOrg returns the org when the caller may read figures there;
// anything outside the caller's subtree is "not found" and reveals nothing
// (the router has already answered 403 to a caller without the permission
// anywhere).
func (s *Service) scopedOrg(ctx context.Context, id string) (OrgRef, error) {
	org, err := s.dir.Org(ctx, s.db, id)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(authz.DashboardRead, org.Path)) {
		return OrgRef{}, httpx.NotFound()
	}
	return org, err
}
