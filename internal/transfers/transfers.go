// Package transfers is 组织关系转接 and 流动党员 (《中国共产党党员教育管理工作条例》):
// a member's organizational relationship moving to another branch on the
// platform (the receiving branch accepts or returns it), out to an
// organization elsewhere (the 介绍信 and its 回执), or in from elsewhere; and
// members away for a while who keep their record at home (mobile members).
//
// It talks to orgs and members only through Directory, whose writes run in
// this package's transactions: a member moves exactly when the transfer is
// accepted, and never otherwise.
package transfers

import (
	"context"

	"dangjian/internal/notify"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/pii"
)

// OrgRef is what transfers needs to know about an organization.
type OrgRef struct {
	ID, Name, Path, Kind, ParentID string
	Active                         bool
}

// MemberRef is a member as transfers sees them. IDMasked is the masked ID
// number (members' stored mask), printed on the 介绍信.
type MemberRef struct {
	ID, Name, OrgID, OrgPath, Status, IDMasked string
	Active                                     bool
}

// Person is a member arriving from outside, as written on their 介绍信:
// personal data in plaintext, for Directory.Register to validate and seal.
type Person struct {
	Name         string `json:"name"`
	Gender       string `json:"gender"`
	Ethnicity    string `json:"ethnicity"`
	BirthDate    string `json:"birth_date"`
	IDNumber     string `json:"id_number"`
	Phone        string `json:"phone"`
	Education    string `json:"education"`
	Category     string `json:"category"`
	Status       string `json:"status"` // full | probationary
	JoinedOn     string `json:"joined_on"`
	FullMemberOn string `json:"full_member_on"`
}

// Directory is what transfers needs from the orgs and members capabilities.
// The writes run inside the caller's transaction; the caller has checked
// permissions.
type Directory interface {
	// Org returns an org, dissolved ones included (db.ErrNoRows when unknown).
	Org(ctx context.Context, q db.Querier, id string) (OrgRef, error)
	// Member returns a member, ended ones included (db.ErrNoRows when unknown).
	Member(ctx context.Context, q db.Querier, id string) (MemberRef, error)
	// Names maps org IDs to names.
	Names(ctx context.Context, q db.Querier, orgIDs []string) (map[string]string, error)
	// Relocate moves the member to the branch toOrgID (history "moved").
	Relocate(ctx context.Context, tx *db.Tx, memberID, toOrgID, reason string) error
	// TransferOut records that the member left the platform by transfer on on.
	TransferOut(ctx context.Context, tx *db.Tx, memberID, on, detail string) error
	// Register creates the member in orgID from p (validating it like a new
	// member: 422 field errors), with note in their history; it returns the
	// new member's ID.
	Register(ctx context.Context, tx *db.Tx, orgID string, p Person, note string) (memberID string, err error)
	// Note adds a line of kind to the member's history.
	Note(ctx context.Context, tx *db.Tx, memberID, kind, on, detail, reason string) error
	// FindBranches finds active branches anywhere on the platform by name
	// or code (at most limit): where a member may be transferred.
	FindBranches(ctx context.Context, q db.Querier, text string, limit int) ([]OrgRef, error)
}

// Service is the transfers capability.
type Service struct {
	db     *db.DB
	clk    clock.Clock
	dir    Directory
	prot   *pii.Protector
	notify *notify.Service
}

// New builds the service and registers its reminder with the message center.
func New(d *db.DB, clk clock.Clock, dir Directory, prot *pii.Protector, n *notify.Service) *Service {
	s := &Service{db: d, clk: clk, dir: dir, prot: prot, notify: n}
	n.RegisterReminder(lapseKind, s.composeLapse)
	return s
}

type trustedKey struct{}

// asSystem marks ctx as the platform acting on its own (the demo loader):
// permission checks pass; validation and storage stay the same.
func asSystem(ctx context.Context) context.Context {
	return context.WithValue(ctx, trustedKey{}, true)
}

// may reports whether the caller holds perm at the org of path.
func may(ctx context.Context, perm authz.Perm, path string) bool {
	if ctx.Value(trustedKey{}) != nil {
		return true
	}
	return authz.From(ctx).Can(perm, path)
}

// today is the date in Asia/Shanghai, as stored.
func (s *Service) today() string { return clock.Today(s.clk).Format(clock.DateLayout) }
