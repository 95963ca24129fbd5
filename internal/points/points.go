// Package points is 积分: a member's points for real participation, derived
// from the events other capabilities record in the outbox (meetings
// attended, dues paid on time, 民主评议 and 两优一先 results) by the rules of
// a per-subtree catalogue, into an append-only ledger with caps per day,
// month and year; corrections at the source reverse what they awarded.
// Manual awards and deductions need a reason, evidence and a second
// person's approval. Rankings are off unless a branch switches them on;
// upper levels see distributions, never names (DESIGN.md §6).
package points

import (
	"context"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
)

// OrgRef is what points needs to know about an organization.
type OrgRef struct {
	ID, Name, Path, Kind, ParentID string
	Active                         bool
}

// MemberRef is what points needs to know about a member.
type MemberRef struct {
	ID, Name, OrgID, OrgPath, Status, JoinedOn, FullMemberOn string
	Active                                                   bool
}

// Directory is what points needs from the orgs and members capabilities;
// the application adapts them to it. Every call runs in q.
type Directory interface {
	// Org returns the org (db.ErrNoRows when unknown).
	Org(ctx context.Context, q db.Querier, id string) (OrgRef, error)
	// Children returns the active child orgs of id.
	Children(ctx context.Context, q db.Querier, id string) ([]OrgRef, error)
	// Member returns the member, ended ones too (db.ErrNoRows when unknown).
	Member(ctx context.Context, q db.Querier, id string) (MemberRef, error)
	// MembersIn returns the active members directly in orgID, by name.
	MembersIn(ctx context.Context, q db.Querier, orgID string) ([]MemberRef, error)
	// CountUnder counts the active members under each path (its subtree).
	CountUnder(ctx context.Context, q db.Querier, paths []string) (map[string]int, error)
}

// Service is the points capability.
type Service struct {
	db    *db.DB
	clk   clock.Clock
	dir   Directory
	files *files.Store
}

// New builds the service; Subscribe connects it to the outbox.
func New(d *db.DB, clk clock.Clock, dir Directory, store *files.Store) *Service {
	return &Service{db: d, clk: clk, dir: dir, files: store}
}

// scopedOrg returns the org when the caller may read points there (404
// otherwise, revealing nothing) and holds perm there (403).
func (s *Service) scopedOrg(ctx context.Context, id string, perm authz.Perm) (OrgRef, error) {
	org, err := s.dir.Org(ctx, s.db, id)
	p := authz.From(ctx)
	switch {
	case db.IsNoRows(err) || (err == nil && !p.Can(authz.PointsRead, org.Path)):
		return OrgRef{}, httpx.NotFound()
	case err != nil:
		return OrgRef{}, err
	case !p.Can(perm, org.Path):
		return OrgRef{}, httpx.Forbidden("")
	}
	return org, nil
}

// scopedMember returns a member whose points the caller may read; anyone
// else is "not found".
func (s *Service) scopedMember(ctx context.Context, id string) (MemberRef, error) {
	m, err := s.dir.Member(ctx, s.db, id)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(authz.PointsRead, m.OrgPath)) {
		return MemberRef{}, httpx.NotFound()
	}
	return m, err
}

// myMember is the signed-in member.
func (s *Service) myMember(ctx context.Context) (MemberRef, error) {
	p := authz.From(ctx)
	if p == nil || p.MemberID == "" {
		return MemberRef{}, httpx.Forbidden("当前账号未关联党员")
	}
	m, err := s.dir.Member(ctx, s.db, p.MemberID)
	if db.IsNoRows(err) {
		return MemberRef{}, httpx.NotFound()
	}
	return m, err
}
