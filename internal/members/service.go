// Package members is the party-member register (党员): members with their
// status (正式/预备), the derived 党龄, moves between branches, the end of
// membership (出党) kept as history, search inside the caller's subtree,
// spreadsheet import/export, and the member counts the org tree shows.
//
// Personal data (ID number, phone, address) is sealed at rest with a blind
// index for exact search and a masked copy for display; it is revealed only
// through an audited call.
package members

import (
	"context"

	"dangjian/internal/notify"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/pii"
)

// OrgDirectory is what members needs from the organization capability;
// *orgs.Service satisfies it.
type OrgDirectory interface {
	Get(ctx context.Context, q db.Querier, id string) (orgs.Org, error)
	Names(ctx context.Context, q db.Querier, ids []string) (map[string]string, error)
	Codes(ctx context.Context, q db.Querier, ids []string) (map[string]string, error)
	Named(ctx context.Context, q db.Querier, path, name string) ([]orgs.Org, error)
	PositionsOf(ctx context.Context, q db.Querier, memberID string) ([]orgs.Position, error)
}

// orgResolver is optionally offered by the directory: finding an org by
// its code (the "所在组织" import column).
type orgResolver interface {
	Resolve(ctx context.Context, idOrCode string) (orgs.Org, error)
}

// Service is the members capability.
type Service struct {
	db   *db.DB
	clk  clock.Clock
	orgs OrgDirectory
	prot *pii.Protector

	exports *throttle

	notify    *notify.Service // nil until UseGreetings
	birthdays BirthdayConfig
}

// New builds the service.
func New(d *db.DB, clk clock.Clock, dir OrgDirectory, prot *pii.Protector) *Service {
	return &Service{db: d, clk: clk, orgs: dir, prot: prot, exports: newThrottle(exportLimit, exportWindow)}
}

// Compile-time check that the service is what orgs expects.
var _ orgs.MemberLink = (*Service)(nil)
