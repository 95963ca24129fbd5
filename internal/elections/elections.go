// Package elections is 换届选举 and the term history of organizations: the
// election plan and its approval by the upper organization, candidates,
// the voting rounds (counted by internal/voting, the one implementation of
// the vote rules), the officers and their approval, and the completion that
// records the new term (第N届) and its positions. It also lists the orgs of a
// subtree whose term is ending or overdue and keeps the written notices an
// upper organization sent them.
//
// The org's current term dates and its positions belong to the orgs
// capability; this package reads and sets them only through Directory.
package elections

import (
	"context"
	"strings"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// OrgRef is what elections needs to know about an organization. UnitType is
// the orgs unit type code ("village", "community", ...): their terms are
// five years.
type OrgRef struct {
	ID, Name, Path, Kind, ParentID, UnitType, TermStart, TermEnd string
	Active                                                       bool
}

// MemberRef is a member as elections sees them; Status is "full" or
// "probationary".
type MemberRef struct {
	ID, Name, OrgID, OrgPath, Status, JoinedOn, FullMemberOn string
	Active                                                   bool
}

// Post is a position the completed election creates; Title is an orgs
// position code: secretary, deputy_secretary, organization, publicity,
// discipline, committee_member.
type Post struct{ MemberID, Title string }

// TermCursor is where a page of OverdueTerms ends: orgs are ordered by
// (TermEnd, ID). The zero cursor starts at the beginning.
type TermCursor struct{ TermEnd, ID string }

// Directory is what elections needs from the orgs and members capabilities;
// every call runs on q (the caller's transaction where there is one).
type Directory interface {
	// Org returns the org (db.ErrNoRows when unknown).
	Org(ctx context.Context, q db.Querier, id string) (OrgRef, error)
	// Member returns the member (db.ErrNoRows when unknown).
	Member(ctx context.Context, q db.Querier, id string) (MemberRef, error)
	// Names maps org IDs to names.
	Names(ctx context.Context, q db.Querier, orgIDs []string) (map[string]string, error)
	// FullMembersUnder lists the active full members of the subtree of path
	// (the org itself included): the voters.
	FullMembersUnder(ctx context.Context, q db.Querier, path string) ([]MemberRef, error)
	// FullMemberCount is how many active full members the org's subtree
	// has (the register's running count: no list is read).
	FullMemberCount(ctx context.Context, q db.Querier, orgID string) (int, error)
	// OverdueTerms pages through the active orgs strictly under path whose
	// term_end is set and before `before`, ordered by (term_end, id), after
	// the cursor.
	OverdueTerms(ctx context.Context, q db.Querier, path, before string, after TermCursor, limit int) ([]OrgRef, error)
	// CountOverdue counts the active orgs strictly under path whose term
	// ended before today.
	CountOverdue(ctx context.Context, q db.Querier, path, today string) (int, error)
	// SetTerm sets the org's current term dates.
	SetTerm(ctx context.Context, tx *db.Tx, orgID, start, end string) error
	// ReplacePositions ends the org's current posts the day before `on` and
	// creates posts starting `on`.
	ReplacePositions(ctx context.Context, tx *db.Tx, orgID, on string, posts []Post) error
}

// Service is the elections capability.
type Service struct {
	db  *db.DB
	clk clock.Clock
	dir Directory
}

// New builds the service.
func New(d *db.DB, clk clock.Clock, dir Directory) *Service {
	return &Service{db: d, clk: clk, dir: dir}
}

// Event types recorded in the outbox.
const (
	EventCompleted   = "election.completed" // an election completed: payload election_id, org_id, term number
	EventTermStarted = "term.started"       // a new term (第N届) of an org began
	EventNoticeSent  = "term.notice_sent"   // an upper org recorded a written notice to an overdue org
)

// scopedOrg returns the org when the caller holds perm there; anything
// outside the caller's subtree is "not found" and reveals nothing.
func (s *Service) scopedOrg(ctx context.Context, id string, perm authz.Perm) (OrgRef, error) {
	org, err := s.dir.Org(ctx, s.db, id)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(perm, org.Path)) {
		return OrgRef{}, httpx.NotFound()
	}
	return org, err
}

// access is who may act on an election.
type access int

const (
	readAccess   access = iota // ElectionRead at the org
	manageAccess               // ElectionManage at the org
	upperAccess                // ElectionManage at a strict ancestor (上级党组织)
)

// electionOrg finds the org of election id and checks the caller's access.
// Whoever cannot read the election learns nothing of it; the org's own
// officers are told why they cannot approve.
func (s *Service) electionOrg(ctx context.Context, id string, a access) (OrgRef, error) {
	var orgID string
	err := s.db.QueryRowContext(ctx, "SELECT org_id FROM elections WHERE id = ?", id).Scan(&orgID)
	if db.IsNoRows(err) {
		return OrgRef{}, httpx.NotFound()
	}
	if err != nil {
		return OrgRef{}, err
	}
	org, err := s.scopedOrg(ctx, orgID, authz.ElectionRead)
	if err != nil {
		return OrgRef{}, err
	}
	p := authz.From(ctx)
	switch {
	case a == manageAccess && !p.Can(authz.ElectionManage, org.Path):
		return OrgRef{}, httpx.Forbidden("")
	case a == upperAccess && !p.Can(authz.ElectionManage, authz.UpperPath(org.Path)):
		return OrgRef{}, httpx.Forbidden("须由上级党组织审批")
	}
	return org, nil
}

// inSubtree reports whether path lies within (or is) the subtree of root.
func inSubtree(path, root string) bool { return strings.HasPrefix(path, root) }
