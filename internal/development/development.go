// Package development is 发展党员: an applicant's file from the written
// application to 转正 through the 25 steps of 《中国共产党发展党员工作细则》
// (the rules are in development/rules), the votes of the 支部大会 counted
// by internal/voting, the admission and 转正 made in the member register
// through the Directory in the same transaction, the pipeline of a subtree
// read from rollups, the overdue list, yearly plans, settings and the
// reminders of what falls due.
package development

import (
	"context"

	"dangjian/internal/notify"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/pii"
)

// OrgRef is what development needs to know about an organization.
type OrgRef struct {
	ID, Name, Path, Kind, ParentID, TermStart, TermEnd string
	Active                                             bool
}

// MemberRef is what development needs to know about a member (a contact,
// a sponsor, a voter, the member an admission created).
type MemberRef struct {
	ID, Name, OrgID, OrgPath, Status, JoinedOn, FullMemberOn string
	Active                                                   bool
}

// Person is the applicant's data handed to the register at admission, in
// plain text (the register seals it again).
type Person struct {
	Name, Gender, Ethnicity, BirthDate, IDNumber, Phone, Education, Category string
}

// Directory is what development needs from the orgs and members
// capabilities; the application adapts them to it. Every call runs in the
// caller's transaction (q or tx); the trusted writes do not check
// permissions, development has.
type Directory interface {
	// Org returns the org (db.ErrNoRows when unknown).
	Org(ctx context.Context, q db.Querier, id string) (OrgRef, error)
	// Member returns the member (db.ErrNoRows when unknown).
	Member(ctx context.Context, q db.Querier, id string) (MemberRef, error)
	// Names maps org IDs to names.
	Names(ctx context.Context, q db.Querier, orgIDs []string) (map[string]string, error)
	// Children returns the active child orgs of orgID.
	Children(ctx context.Context, q db.Querier, orgID string) ([]OrgRef, error)
	// FullMembers returns the active full members directly in orgID: the
	// roster a 支部大会 vote is checked against, and the demo's talkers,
	// contacts, sponsors and voters.
	FullMembers(ctx context.Context, q db.Querier, orgID string) ([]MemberRef, error)
	// CheckPerson refuses, per field, the codes (ethnicity, education,
	// category) the register would refuse when Admit registers p, so a
	// wrong code is caught when the file is opened, not at admission.
	CheckPerson(p Person) httpx.Fields
	// Admit registers p as a probationary member of orgID admitted on
	// joinedOn (the 支部大会's date) and returns the new member's ID.
	Admit(ctx context.Context, tx *db.Tx, orgID string, p Person, joinedOn string) (memberID string, err error)
	// BecomeFull is 转正 on fullOn (the day probation ended).
	BecomeFull(ctx context.Context, tx *db.Tx, memberID, fullOn string) error
	// CancelProbation is 取消预备党员资格.
	CancelProbation(ctx context.Context, tx *db.Tx, memberID, on, reason string) error
	// Note adds a line to the member's history (kind "development",
	// "probation_extended").
	Note(ctx context.Context, tx *db.Tx, memberID, kind, on, detail string) error
}

// Service is the member-development capability.
type Service struct {
	db     *db.DB
	clk    clock.Clock
	dir    Directory
	prot   *pii.Protector
	notify *notify.Service
}

// New builds the service and registers its reminder with the message
// center (n may be nil: no reminders).
func New(d *db.DB, clk clock.Clock, dir Directory, prot *pii.Protector, n *notify.Service) *Service {
	s := &Service{db: d, clk: clk, dir: dir, prot: prot, notify: n}
	if n != nil {
		n.RegisterReminder(reminderKind, s.composeReminder)
	}
	return s
}

// Event types development records in the outbox.
const (
	EventStepRecorded      = "development.step_recorded"
	EventAdmitted          = "development.admitted"
	EventBecameFull        = "development.became_full"
	EventProbationExtended = "development.probation_extended"
	EventStopped           = "development.stopped"
	auditTarget            = "development_file"
)

// File states.
const (
	StateActive   = "active"   // applicant, activist or candidate
	StateAdmitted = "admitted" // 预备党员
	StateFull     = "full"     // 转正 approved
	StateStopped  = "stopped"  // 停止发展 / 取消预备党员资格
)

// inProgress reports whether a file counts in the pipeline.
func inProgress(state string) bool { return state == StateActive || state == StateAdmitted }
