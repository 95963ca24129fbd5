// Package commendations is 两优一先 (优秀共产党员, 优秀党务工作者, 先进基层党组织)
// and the 光荣在党50年 list. An organization opens a commendation round
// (表彰评选) for a year with a quota per kind and the disqualifiers of that
// year's notice; organizations inside its subtree nominate members or
// grassroots organizations with their deeds (事迹); the round's
// organization approves within the quotas and publishes the results, which
// reach the members' records as commendation.awarded events.
//
// Eligibility is computed, never stored: the kind's own rule (full members,
// not probationary, grassroots organizations), the manual marks an
// organization recorded (诫勉, 党纪处分, ...) and the year's figures from the
// archive (民主评议 grade, dues arrears warnings), as the round chose.
package commendations

import (
	"context"
	"strings"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// OrgRef is what commendations needs to know about an organization. Kind:
// leading_body 组织部/工委, committee 党委, general_branch 党总支, branch
// 党支部, group 党小组.
type OrgRef struct {
	ID, Name, Path, Kind, ParentID string
	Active                         bool
}

// MemberRef is a member as commendations sees them. Status is "full"
// (正式党员) or "probationary" (预备党员); Active is false once the
// membership ended (died, left, transferred out).
type MemberRef struct {
	ID, Name, OrgID, OrgPath, Status, JoinedOn, FullMemberOn string
	Active                                                   bool
}

// YearStats are a member's figures of one year, from the archive.
type YearStats struct {
	MeetingsExpected, MeetingsAttended, MeetingsLeave, MeetingsAbsent int
	DuesMonthsPaid, DuesMonthsOnTime, ArrearsWarnings                 int
	DuesPaidFen                                                       int64
	AppraisalGrade, AppraisalGradeLabel                               string
}

// Directory is what commendations needs from the orgs, members and archive
// capabilities; every call runs on q.
type Directory interface {
	// Org returns the org (db.ErrNoRows when unknown).
	Org(ctx context.Context, q db.Querier, id string) (OrgRef, error)
	// OrgsUnder lists the active orgs of the subtree of path, the org
	// itself included, by path.
	OrgsUnder(ctx context.Context, q db.Querier, path string) ([]OrgRef, error)
	// Member returns the member, ended ones too (db.ErrNoRows when unknown).
	Member(ctx context.Context, q db.Querier, id string) (MemberRef, error)
	// MembersUnder lists the active members of the subtree of path, by org
	// path and name.
	MembersUnder(ctx context.Context, q db.Querier, path string) ([]MemberRef, error)
	// FullSince lists the active members under path whose FullMemberOn is
	// set and on or before cutoff.
	FullSince(ctx context.Context, q db.Querier, path, cutoff string) ([]MemberRef, error)
	// YearStats are the members' figures of year (members without any are
	// left out).
	YearStats(ctx context.Context, q db.Querier, memberIDs []string, year int) (map[string]YearStats, error)
}

// Service is the commendations capability.
type Service struct {
	db  *db.DB
	clk clock.Clock
	dir Directory
}

// New builds the service.
func New(d *db.DB, clk clock.Clock, dir Directory) *Service {
	return &Service{db: d, clk: clk, dir: dir}
}

// EventAwarded is emitted per approved nominee when a round is published;
// SubjectID is the member (or org) commended, OrgPath the nominee's org.
const EventAwarded = "commendation.awarded"

// errUpperOnly answers an org below the round's org that tries a decision
// reserved to it.
var errUpperOnly = &httpx.Error{Status: 403, Code: "upper_only", Detail: "须由表彰组织审批"}

// scopedOrg returns the org when the caller holds perm there; anything
// outside the caller's subtree is "not found" and reveals nothing.
func (s *Service) scopedOrg(ctx context.Context, id string, perm authz.Perm) (OrgRef, error) {
	org, err := s.dir.Org(ctx, s.db, id)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(perm, org.Path)) {
		return OrgRef{}, httpx.NotFound()
	}
	return org, err
}

// inSubtree reports whether path lies within (or is) the subtree of root.
func inSubtree(path, root string) bool { return strings.HasPrefix(path, root) }

// today is the date in Shanghai.
func (s *Service) today() string { return clock.Today(s.clk).Format(clock.DateLayout) }

// fieldErr is a 422 answer about one field.
func fieldErr(field, code, msg string) error {
	return (&httpx.Fields{{Field: field, Code: code, Message: msg}}).Err()
}
