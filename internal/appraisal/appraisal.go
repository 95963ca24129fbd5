// Package appraisal is 民主评议党员, the annual democratic appraisal of a
// branch's members: the branch opens a round for a year, the participants
// write a self-assessment (自我评价), comment on each other (互评) and rate
// each other anonymously (匿名测评); the committee proposes a grade for
// everyone under the cap on 优秀, the 支部党员大会 confirms them, and each
// 不合格 opens a handling record (处置) under 处置办法.
//
// The anonymous rating is stored as counters per (round, ratee, grade) and
// a separate list of who has rated, written in one transaction; nothing
// stored links a rater to a grade (see rating.go).
package appraisal

import (
	"context"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// OrgRef is what the appraisal needs to know about an organization.
type OrgRef struct{ ID, Name, Path, Kind string }

// Person is an active member of a branch; Status is "full" or
// "probationary".
type Person struct{ ID, Name, Status string }

// Directory is what the appraisal needs from the orgs and members
// capabilities; the application adapts them to it.
type Directory interface {
	// Org returns the org (an error satisfying db.IsNoRows when unknown).
	Org(ctx context.Context, id string) (OrgRef, error)
	// BranchMembers returns the active members directly in the org.
	BranchMembers(ctx context.Context, orgID string) ([]Person, error)
	// MemberOrg returns the member's branch.
	MemberOrg(ctx context.Context, memberID string) (OrgRef, error)
}

// MeetingRef is a meeting as the appraisal cites it.
type MeetingRef struct {
	ID, Topic string
	StartsAt  time.Time
}

// Meetings is what the appraisal needs from organizational life.
type Meetings interface {
	// Assembly returns the 支部党员大会 with id if it belongs to orgID
	// (kind member_assembly, not cancelled), else an error satisfying
	// db.IsNoRows.
	Assembly(ctx context.Context, orgID, meetingID string) (MeetingRef, error)
}

// Settings reads per-subtree settings (with inheritance) for an org path.
type Settings interface {
	Value(ctx context.Context, orgPath, key string) (string, error)
}

// Setting keys and org kinds the appraisal uses.
const (
	capSetting = "appraisal.excellent_cap" // share of participants who may be 优秀, e.g. "1/3"
	defaultCap = "1/3"
	kindBranch = "branch" // orgs.KindBranch: appraisals are held per 党支部
)

// Service is the appraisal capability.
type Service struct {
	db       *db.DB
	clk      clock.Clock
	dir      Directory
	meetings Meetings
	settings Settings
}

// New builds the service.
func New(d *db.DB, clk clock.Clock, dir Directory, meetings Meetings, settings Settings) *Service {
	return &Service{db: d, clk: clk, dir: dir, meetings: meetings, settings: settings}
}

// Option is a code with its Chinese label, for pickers.
type Option struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

func labelOf(opts []Option, code string) string {
	for _, o := range opts {
		if o.Code == code {
			return o.Label
		}
	}
	return ""
}

// Grades (评议等次), best first.
const (
	gradeExcellent   = "excellent"
	gradeUnqualified = "unqualified"
)

var gradeOptions = []Option{{gradeExcellent, "优秀"}, {"qualified", "合格"},
	{"basically_qualified", "基本合格"}, {gradeUnqualified, "不合格"}}

// Stages of a round.
const (
	stageOpen      = "open"          // self-assessment, peer comments and rating under way
	stageReviewing = "rating_closed" // rating closed; the committee proposes grades
	stageProposed  = "proposed"      // grades proposed, awaiting the 支部党员大会
	stageConfirmed = "confirmed"     // confirmed by the 支部党员大会; locked
)

var stageOptions = []Option{{stageOpen, "自评互评和匿名测评中"}, {stageReviewing, "测评已结束，待拟定等次"},
	{stageProposed, "已拟定等次，待支部党员大会确认"}, {stageConfirmed, "已经支部党员大会确认"}}

// Member statuses as the directory reports them.
const (
	statusFull         = "full"
	statusProbationary = "probationary"
)

var statusOptions = []Option{{statusFull, "正式党员"}, {statusProbationary, "预备党员"}}

func ms(t time.Time) int64 { return t.UnixMilli() }
