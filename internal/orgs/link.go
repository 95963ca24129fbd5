package orgs

import (
	"context"

	"dangjian/internal/platform/db"
)

// MemberCounts are the member numbers shown for an organization.
type MemberCounts struct {
	Total        int // active members in the whole subtree
	Full         int // of which full members (正式党员)
	Probationary int // of which probationary (预备党员)
	Direct       int // active members belonging to this org itself
	DirectFull   int // full members belonging to this org itself (for the 7+ committee rule)
}

// MemberRef is what orgs needs to know about a member (for positions).
type MemberRef struct {
	ID      string
	Name    string
	OrgID   string
	OrgPath string
	Status  string // "full" | "probationary"
	Active  bool   // false once the member has left the Party
}

// MemberLink is what the organization capability needs from the members
// capability. The members package implements it; the application wires it
// in with SetMembers, so orgs never reads the members tables itself.
type MemberLink interface {
	// Counts returns the counts for each org ID (missing IDs count zero).
	Counts(ctx context.Context, q db.Querier, orgIDs []string) (map[string]MemberCounts, error)
	// SubtreeMoved is called inside the move transaction after every org
	// path under oldPath has become newPath (both end in "/").
	SubtreeMoved(ctx context.Context, tx *db.Tx, oldPath, newPath string) error
	// Member looks a member up by ID (db.ErrNoRows when unknown).
	Member(ctx context.Context, q db.Querier, id string) (MemberRef, error)
}
