// Package notify is the message center every capability sends through:
// in-app messages (站内信) with read and acknowledgement receipts, large
// fan-outs to a whole subtree, SMS and e-mail deliveries with preferences,
// quiet hours and a daily budget, and the reminders engine on the job runner.
//
// It never reads another capability's tables: who is in an audience, who
// serves an organization and how to reach a member come from a Directory the
// application supplies.
package notify

import (
	"context"
	"log/slog"
	"time"

	"dangjian/internal/notify/channel"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/pii"
)

// Recipient is one addressee with the organization they belong to. ID is a
// member ID, or an account ID for an account that belongs to no member.
type Recipient struct {
	ID      string
	OrgID   string
	OrgPath string
}

// Audience is who a fan-out reaches. Parts are unioned; a recipient in two
// parts gets one message.
type Audience struct {
	Subtrees  []string `json:"subtrees,omitempty"`  // org IDs: all active members of each subtree
	Positions []string `json:"positions,omitempty"` // position titles (书记, 委员 ...) held inside Within
	Within    string   `json:"within,omitempty"`    // org ID bounding Positions
	Members   []string `json:"members,omitempty"`   // member IDs
}

// Cursor is where a stream of recipients stopped, in the stream's order;
// the zero Cursor starts at the beginning.
type Cursor struct {
	Path string `json:"p,omitempty"`
	Name string `json:"n,omitempty"`
	ID   string `json:"i,omitempty"`
}

// Directory is what notify needs to know about people and organizations.
type Directory interface {
	// SubtreeMembers returns up to limit active members under the org path
	// after the cursor, in a stable order, and the cursor after the last.
	SubtreeMembers(ctx context.Context, path string, after Cursor, limit int) ([]Recipient, Cursor, error)
	// PositionHolders returns the members holding one of titles under path.
	PositionHolders(ctx context.Context, path string, titles []string) ([]Recipient, error)
	// Members returns the active members among ids, with their orgs.
	Members(ctx context.Context, ids []string) ([]Recipient, error)
	// Officers are who should hear about an organization's affairs: its
	// secretary and deputies, and the accounts administering it.
	Officers(ctx context.Context, orgID string) ([]Recipient, error)
	// OrgPath resolves an org ID to its path (db.ErrNoRows when unknown).
	OrgPath(ctx context.Context, orgID string) (string, error)
	// Phone is the recipient's mobile number for SMS, "" when none is known.
	Phone(ctx context.Context, addressee string) (string, error)
	// Names maps addressees to display names, for receipt drill-downs.
	Names(ctx context.Context, ids []string) (map[string]string, error)
}

// Config is the operator's choice of channels and limits.
type Config struct {
	SMS   channel.Sender // nil: SMS is not configured
	Email channel.Sender // nil: e-mail is not configured
	// SMSTemplates maps a message kind to the provider's approved template
	// code (Chinese SMS may only use approved templates); a kind without one
	// is recorded as not sent.
	SMSTemplates map[string]string
	// SMSDailyBudget is how many SMS an organization may send per day unless
	// it has its own figure (default 200).
	SMSDailyBudget int
	// EmailSubjectPrefix starts every e-mail subject (default "【智慧党建】").
	EmailSubjectPrefix string
}

// Service is the message center.
type Service struct {
	db   *db.DB
	clk  clock.Clock
	dir  Directory
	prot *pii.Protector
	cfg  Config
	run  *jobs.Runner

	reminders map[string]ReminderFunc
}

// New makes the message center and registers its jobs on runner.
func New(d *db.DB, clk clock.Clock, dir Directory, prot *pii.Protector, runner *jobs.Runner, cfg Config) *Service {
	if cfg.SMSDailyBudget <= 0 {
		cfg.SMSDailyBudget = 200
	}
	if cfg.EmailSubjectPrefix == "" {
		cfg.EmailSubjectPrefix = "【智慧党建】"
	}
	s := &Service{db: d, clk: clk, dir: dir, prot: prot, cfg: cfg, run: runner, reminders: map[string]ReminderFunc{}}
	runner.Register(fanoutJob, s.runFanout, jobs.MaxAttempts(20))
	runner.Register(deliverJob, s.runDelivery, jobs.MaxAttempts(deliverAttempts))
	return s
}

// wake asks the runner to look for due jobs now (after a commit that
// enqueued some); harmless when nothing is due.
func (s *Service) wake() { s.run.Wake() }

func logErr(msg string, err error) {
	if err != nil {
		slog.Error(msg, "err", err)
	}
}

func ms(t time.Time) int64 { return t.UnixMilli() }

// Addressee is who the principal's messages are addressed to: their member
// record when the account belongs to one, else the account itself.
func Addressee(p *authz.Principal) string {
	if p.MemberID != "" {
		return p.MemberID
	}
	return p.AccountID
}
