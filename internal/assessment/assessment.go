// Package assessment is the annual assessment of members (年度考核): a year
// card per member of a branch combining attendance, points, the 民主评议
// grade and dues, a grade proposed by configurable rules with its reasons,
// and the branch's confirmation of the grades, whose history is kept.
//
// Every figure on a card comes from other capabilities through Directory
// (the member archive's year statistics and the points totals); this
// package owns only the rules' settings and the confirmations.
package assessment

import (
	"context"
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// OrgRef is what assessment needs to know about an organization. Kind is
// leading_body, committee, general_branch, branch (党支部) or group.
type OrgRef struct {
	ID, Name, Path, Kind, ParentID string
	Active                         bool
}

// MemberRef is a member as assessment sees them; Status is "full" (正式党员)
// or "probationary" (预备党员), Active false once the membership ended.
type MemberRef struct {
	ID, Name, OrgID, OrgPath, Status, JoinedOn, FullMemberOn string
	Active                                                   bool
}

// YearStats is a member's year as the member archive counts it.
// MeetingsExpected = MeetingsAttended + MeetingsLeave + MeetingsAbsent.
type YearStats struct {
	MeetingsExpected, MeetingsAttended, MeetingsLeave, MeetingsAbsent int
	DuesMonthsPaid, DuesMonthsOnTime, ArrearsWarnings                 int
	DuesPaidFen                                                       int64
	AppraisalGrade, AppraisalGradeLabel                               string
}

// Directory is what assessment needs from the orgs, members, archive and
// points capabilities; every call runs on q.
type Directory interface {
	// Org returns the org (db.ErrNoRows when unknown).
	Org(ctx context.Context, q db.Querier, id string) (OrgRef, error)
	// MembersIn lists the active members directly in the org, by name.
	MembersIn(ctx context.Context, q db.Querier, orgID string) ([]MemberRef, error)
	// Member returns the member, ended ones too (db.ErrNoRows when unknown).
	Member(ctx context.Context, q db.Querier, id string) (MemberRef, error)
	// YearStats is the archive's statistics of each member for year; a
	// member without any record may be missing from the map.
	YearStats(ctx context.Context, q db.Querier, memberIDs []string, year int) (map[string]YearStats, error)
	// Points is each member's points total of year (missing: 0).
	Points(ctx context.Context, q db.Querier, memberIDs []string, year int) (map[string]int, error)
}

// Service is the annual assessment capability.
type Service struct {
	db  *db.DB
	clk clock.Clock
	dir Directory
}

// New builds the service.
func New(d *db.DB, clk clock.Clock, dir Directory) *Service {
	return &Service{db: d, clk: clk, dir: dir}
}

// EventConfirmed is emitted per member each time the branch confirms (or
// re-confirms) their grade: payload member_id, org_id, year, grade,
// grade_label.
const EventConfirmed = "assessment.confirmed"

const kindBranch = "branch"

// scopedOrg returns the org when the caller holds perm there; anything
// outside the caller's subtree is "not found" and reveals nothing.
func (s *Service) scopedOrg(ctx context.Context, id string, perm authz.Perm) (OrgRef, error) {
	org, err := s.dir.Org(ctx, s.db, id)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(perm, org.Path)) {
		return OrgRef{}, httpx.NotFound()
	}
	return org, err
}

// scopedBranch is scopedOrg for the cards: members are assessed by their
// branch (党支部), so any other kind of org is refused.
func (s *Service) scopedBranch(ctx context.Context, id string, perm authz.Perm) (OrgRef, error) {
	org, err := s.scopedOrg(ctx, id, perm)
	if err == nil && org.Kind != kindBranch {
		return OrgRef{}, &httpx.Error{Status: http.StatusUnprocessableEntity, Code: "not_branch",
			Detail: "年度考核以党支部为单位进行，请选择党支部"}
	}
	return org, err
}
