package orglife

import (
	"context"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/jobs"
)

// OrgRef is what organizational life needs to know about an organization.
type OrgRef struct {
	ID, Name, Path, Kind, ParentID string
}

// Branch kinds (orgs.KindBranch, orgs.KindGroup): a branch holds the
// meetings; a party group (党小组) is a part of its branch.
const (
	orgBranch = "branch"
	orgGroup  = "group"
)

// Person is an active member as a meeting sees them.
type Person struct {
	ID, Name, OrgID, Status string
	PartyProbation          bool // 留党察看: no vote while it lasts
}

// BranchRef is a branch as compliance sees it: Groups is how many party
// groups it has (each should hold its 党小组会); a branch without a
// committee has no 支委会 to hold.
type BranchRef struct {
	ID, Name, Path, ParentID string
	Groups                   int
	HasCommittee             bool
}

// Directory is what organizational life needs from the orgs and members
// capabilities; the application adapts them to it.
type Directory interface {
	// Org returns the org (an error satisfying db.IsNoRows when unknown).
	Org(ctx context.Context, id string) (OrgRef, error)
	// Children returns the active child orgs of id.
	Children(ctx context.Context, id string) ([]OrgRef, error)
	// Names maps org IDs to names.
	Names(ctx context.Context, ids []string) (map[string]string, error)
	// BranchMembers returns the active members directly in the org.
	BranchMembers(ctx context.Context, orgID string) ([]Person, error)
	// Committee returns the active members holding a committee post
	// (书记, 副书记, 委员 ...) at the org.
	Committee(ctx context.Context, orgID string) ([]Person, error)
	// People returns the active members among ids.
	People(ctx context.Context, ids []string) ([]Person, error)
	// Branches returns the active branches under path (itself included).
	Branches(ctx context.Context, path string) ([]BranchRef, error)
}

// Service is the organizational-life capability.
type Service struct {
	db     *db.DB
	clk    clock.Clock
	dir    Directory
	notify *notify.Service
	files  *files.Store
	run    *jobs.Runner
}

// New builds the service and registers its reminders and jobs.
func New(d *db.DB, clk clock.Clock, dir Directory, n *notify.Service, fs *files.Store, runner *jobs.Runner) *Service {
	s := &Service{db: d, clk: clk, dir: dir, notify: n, files: fs, run: runner}
	s.registerJobs()
	return s
}

const systemActorName = "系统"

func ms(t time.Time) int64 { return t.UnixMilli() }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
