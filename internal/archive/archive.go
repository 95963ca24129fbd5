// Package archive is the member archive (党员档案): one timeline of
// everything about a member across capabilities, year by year — the
// register's history (入党, 转正, positions, transfers, 民主评议 ...) read
// through Directory, and what the outbox tells about meetings, dues, arrears
// warnings, annual assessments and commendations, kept in archive_entries by
// a batch subscriber. It answers the archive as JSON, PDF and .xlsx, and
// gives the assessment and commendation capabilities each member's year
// figures (YearStats).
package archive

import (
	"context"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// MemberRef is a member as the archive sees them. Status is "full"
// (正式党员) or "probationary" (预备党员); Active is false once the member
// ended (died, left, transferred out), whose archive stays readable.
type MemberRef struct {
	ID, Name, OrgID, OrgPath, Status, JoinedOn, FullMemberOn string
	Active                                                   bool
}

// HistoryLine is one line of the register's history of a member: Kind is
// the register's history kind code ("admitted", "became_full",
// "position_started", "transfer_out", "appraised", ...), On the date it
// took effect, Detail the register's own text, kept as it is.
type HistoryLine struct{ Kind, On, Detail string }

// YearPoints is a member's points (积分) of one year: the total and the
// total per category label.
type YearPoints struct {
	Year, Total int
	ByCategory  map[string]int
}

// Directory is what the archive needs from the register and the points
// ledger; the application adapts them to it. Every call runs on q.
type Directory interface {
	// Member returns the member, ended ones too (db.ErrNoRows when unknown).
	Member(ctx context.Context, q db.Querier, id string) (MemberRef, error)
	// OrgName is the name of the org.
	OrgName(ctx context.Context, q db.Querier, id string) (string, error)
	// History is the register's history of the member, in any order.
	History(ctx context.Context, q db.Querier, memberID string) ([]HistoryLine, error)
	// Points is the member's points per year.
	Points(ctx context.Context, q db.Querier, memberID string) ([]YearPoints, error)
}

// Service is the member archive capability.
type Service struct {
	db  *db.DB
	clk clock.Clock
	dir Directory
}

// New builds the service; Subscribe connects it to the outbox and Routes
// to the API.
func New(d *db.DB, clk clock.Clock, dir Directory) *Service {
	return &Service{db: d, clk: clk, dir: dir}
}

// visibleMember returns the member when the caller may read their archive:
// anything outside the caller's scope is "not found" and reveals nothing.
func (s *Service) visibleMember(ctx context.Context, id string) (MemberRef, error) {
	m, err := s.dir.Member(ctx, s.db, id)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(authz.ArchiveRead, m.OrgPath)) {
		return MemberRef{}, httpx.NotFound()
	}
	return m, err
}

// myMember is the signed-in account's own member record.
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
