// Package dues is 党费: each member's category and base (declared yearly),
// the monthly amount by the rules of internal/dues/rules, the append-only
// ledger of charges, payments and reversals per branch, arrears warnings,
// the two-level remittance (两级收缴) with statements, and subtree reports.
package dues

import (
	"context"

	"dangjian/internal/notify"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/jobs"
)

// OrgRef is what dues needs to know about an organization.
type OrgRef struct {
	ID, Name, Path, Kind, ParentID string
}

// IsBranch reports whether the org keeps a dues ledger of its own members
// (a 党支部; members are recorded in branches).
func (o OrgRef) IsBranch() bool { return o.Kind == "branch" }

// Member is an active member as dues sees them.
type Member struct {
	ID, Name, OrgID, OrgPath string
	Status                   string // full | probationary
	JoinedOn                 string // YYYY-MM-DD: dues are owed from this month
}

// Directory is what dues needs from the orgs and members capabilities; the
// application adapts them to it.
type Directory interface {
	// Org returns the org (an error satisfying db.IsNoRows when unknown).
	Org(ctx context.Context, id string) (OrgRef, error)
	// Children returns the active child orgs of id.
	Children(ctx context.Context, id string) ([]OrgRef, error)
	// Names maps org IDs to names.
	Names(ctx context.Context, ids []string) (map[string]string, error)
	// Member returns an active member (db.IsNoRows when unknown or ended).
	Member(ctx context.Context, id string) (Member, error)
	// BranchMembers returns the active members directly in the org, by name.
	BranchMembers(ctx context.Context, orgID string) ([]Member, error)
	// MembersUnder pages through the active members under path (itself
	// included) ordered by (OrgPath, Name, ID), after the given member (the
	// zero Member starts at the beginning), at most limit of them.
	MembersUnder(ctx context.Context, path string, after Member, limit int) ([]Member, error)
}

// Service is the dues capability.
type Service struct {
	db     *db.DB
	clk    clock.Clock
	dir    Directory
	notify *notify.Service
	run    *jobs.Runner
}

// New builds the service and registers its reminders and jobs.
func New(d *db.DB, clk clock.Clock, dir Directory, n *notify.Service, runner *jobs.Runner) *Service {
	s := &Service{db: d, clk: clk, dir: dir, notify: n, run: runner}
	s.registerJobs()
	return s
}

// Event types dues records in the outbox for points, the member archive and
// dashboards.
const (
	EventPaid            = "dues.paid"             // a month's dues paid (or a voluntary payment)
	EventPaymentReversed = "dues.payment_reversed" // a payment entry reversed by a correction
	EventArrears         = "dues.arrears"          // a member reached a warning level of consecutive unpaid months
)

// actorID is the signed-in account ("" for the system).
func actorID(ctx context.Context) string {
	if p := authz.From(ctx); p != nil {
		return p.AccountID
	}
	return ""
}

// scopedOrg returns the org when the caller holds perm there; anything
// outside the caller's subtree is "not found" and reveals nothing.
func (s *Service) scopedOrg(ctx context.Context, id string, perm authz.Perm) (OrgRef, error) {
	org, err := s.dir.Org(ctx, id)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(perm, org.Path)) {
		return OrgRef{}, httpx.NotFound()
	}
	return org, err
}
