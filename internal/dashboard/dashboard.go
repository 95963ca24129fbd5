// Package dashboard is the HTTP side of 党建数据分析: the panels of an
// organization's subtree and of its children, the list behind a number,
// the 红黄绿 health of branches and the 软弱涣散 risks, the big screen and
// the member portrait (党员画像).
//
// Every figure is read from the rollups (internal/rollup, this
// capability's storage): one Counts call for the org and one for its
// children, never a count over members per request. The few things the
// rollups do not hold — notice receipts, the points histogram the points
// ledger keeps as counters of its own, meetings under way, one member's
// portrait — come through Directory, which the application adapts from
// the capabilities that keep them.
package dashboard

import (
	"context"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/rollup"
)

// OrgRef is an organization as the dashboard addresses it.
type OrgRef struct {
	ID, ParentID, Path, Name, Kind string
}

// Tally is how many recipients got and read a notice.
type Tally struct {
	OrgID       string
	Total, Read int64
}

// NoticeRate is a published notice's receipts under an org: Whole for the
// subtree and ByOrg per child org (the org's own members under its ID).
type NoticeRate struct {
	ID, Title string
	Whole     Tally
	ByOrg     []Tally
}

// LiveMeeting is a meeting under way with its 应到 and 实到 so far.
type LiveMeeting struct {
	ID, OrgID, Topic    string
	StartsAt            time.Time
	Expected, CheckedIn int
}

// Person is a member as the portrait shows them (the register's masked
// view: no ID number or phone).
type Person struct {
	ID, Name, OrgID, OrgName, Gender, Ethnicity, Education, Category, Status string
	JoinedOn, FullMemberOn                                                   string
	Age, PartyAge                                                            int
	Positions                                                                []Position
}

// Position is a post a member holds or held.
type Position struct {
	OrgName, Title, StartOn, EndOn string
}

// Year is a member's record of one year, as the archive and the points
// ledger keep it. AttendanceRate is nil without expected meetings.
type Year struct {
	MeetingsExpected, MeetingsAttended int
	AttendanceRate                     *int
	DuesMonthsPaid, DuesMonthsOnTime   int
	Points                             int
	PointsByCategory                   map[string]int
	AppraisalGrade, AssessmentGrade    string
	Commendations                      []string
}

// Directory is what the dashboard reads from the other capabilities; the
// application adapts it. Reads are trusted unless said otherwise: the
// dashboard checks scope first.
type Directory interface {
	// Org is the org as it is now (db.ErrNoRows when unknown).
	Org(ctx context.Context, id string) (OrgRef, error)
	// Children are the org's active children, by name.
	Children(ctx context.Context, id string) ([]OrgRef, error)
	OrgNames(ctx context.Context, ids []string) (map[string]string, error)
	// Label names a code of the register's closed lists: gender, status,
	// education, category (members) and unit_type (orgs); "" when unknown.
	Label(list, code string) string
	// NoticeRates are the notices published under path since since,
	// newest first, at most limit, with their receipts under path.
	NoticeRates(ctx context.Context, path string, since time.Time, limit int) ([]NoticeRate, error)
	// LiveMeetings are the meetings under path in progress at now.
	LiveMeetings(ctx context.Context, path string, now time.Time, limit int) ([]LiveMeeting, error)
	// Member is the member if the caller may read them (member.read in
	// scope), else an httpx 404; Me is the caller's own member record.
	Member(ctx context.Context, id string) (Person, error)
	Me(ctx context.Context) (Person, error)
	// Year is the member's record of year.
	Year(ctx context.Context, memberID string, year int) (Year, error)
	// PointsBuckets is how year's points spread over each org's subtree
	// (every org of orgIDs answered, empty ones too).
	PointsBuckets(ctx context.Context, orgIDs []string, year int) (map[string]PointsCounts, error)
}

// Service serves the dashboards.
type Service struct {
	db  *db.DB
	clk clock.Clock
	dir Directory
	st  *rollup.Store
}

// New builds the service over the rollup store.
func New(d *db.DB, clk clock.Clock, dir Directory, st *rollup.Store) *Service {
	return &Service{db: d, clk: clk, dir: dir, st: st}
}

// today is the day (Shanghai) the figures stand on.
func (s *Service) today() time.Time { return clock.Today(s.clk) }
