// Package notices is 通知公告: an organization publishes a notice (rich
// text, attachments) to an audience inside its subtree — whole subtrees,
// position holders, chosen members — now or at a set time, optionally asking
// for a receipt (回执) and an SMS. The message center (notify) delivers the
// copies and keeps the read and receipt counts; this package keeps the
// notice, its history, the publisher's drill-downs, one reminder of the
// unread, withdrawal, and late delivery to members who join a covered
// subtree afterwards.
package notices

import (
	"context"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"

	"dangjian/internal/notify"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/jobs"
)

// OrgRef is what notices needs to know about an organization.
type OrgRef struct {
	ID        string
	Name      string
	Path      string // "/root/.../id/"
	ParentID  string
	CreatedAt time.Time // when the org was set up in the platform
}

// MemberRef is an active member as an audience choice.
type MemberRef struct {
	ID      string
	Name    string
	OrgID   string
	OrgPath string
}

// OrgDirectory is what notices needs from the orgs and members
// capabilities; the application adapts them to it.
type OrgDirectory interface {
	// Get returns the org with id (an error satisfying db.IsNoRows when
	// unknown).
	Get(ctx context.Context, id string) (OrgRef, error)
	// Names maps org IDs to names (unknown IDs are left out).
	Names(ctx context.Context, ids []string) (map[string]string, error)
	// Members returns the active members among ids with their orgs
	// (unknown or ended ones are left out).
	Members(ctx context.Context, ids []string) ([]MemberRef, error)
}

// Notice states as stored; "expired" is derived for display from
// expires_at.
const (
	StateDraft     = "draft"
	StateScheduled = "scheduled"
	StatePublished = "published"
	StateWithdrawn = "withdrawn"
	StateExpired   = "expired"
)

const (
	kindNotice   = "notice"          // message kind of a notice's copies
	kindReminder = "notice.reminder" // message kind of its one reminder
	publishJob   = "notices.publish" // scheduled publication, keyed by notice ID
	fileOwner    = "notice"          // owner kind of attached files
)

// Limits on what a notice holds.
const (
	maxTitleRunes   = 120
	maxBodyBytes    = 200 << 10
	maxAttachments  = 20
	maxSubtrees     = 500
	maxMembers      = 5000
	maxReasonRunes  = 500
	maxUploadSize   = files.MaxSize
	systemActorName = "系统"
)

// Service is the notices capability.
type Service struct {
	db     *db.DB
	clk    clock.Clock
	notify *notify.Service
	orgs   OrgDirectory
	run    *jobs.Runner
	files  *files.Store
	policy *bluemonday.Policy
}

// New builds the service and registers its scheduled-publication job.
func New(d *db.DB, clk clock.Clock, n *notify.Service, orgs OrgDirectory, runner *jobs.Runner, fs *files.Store) *Service {
	s := &Service{db: d, clk: clk, notify: n, orgs: orgs, run: runner, files: fs, policy: newPolicy()}
	runner.Register(publishJob, s.runPublish, jobs.MaxAttempts(20))
	return s
}

// auditActor overrides the audit log's actor name when no one is signed in.
func auditActor(ctx context.Context) string {
	if authz.From(ctx) == nil {
		return systemActorName
	}
	return ""
}

// pathIDs splits an org path "/a/b/c/" into its org IDs, root first.
func pathIDs(path string) []string {
	return strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
