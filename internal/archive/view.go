package archive

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	"dangjian/internal/platform/clock"
)

// Archive is a member's archive: who they are and their years, newest
// first.
type Archive struct {
	Member MemberView `json:"member"`
	Years  []Year     `json:"years"`
}

// MemberView is the member at the head of the archive.
type MemberView struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	OrgID        string `json:"org_id"`
	OrgName      string `json:"org_name"`
	Status       string `json:"status"`
	StatusLabel  string `json:"status_label"`
	JoinedOn     string `json:"joined_on"`
	FullMemberOn string `json:"full_member_on"`
	Active       bool   `json:"active"`
}

// Year is one year of the archive: its figures and its timeline, newest
// first. The figures count what belongs to the year (a meeting by its day,
// dues by the month paid for, grades and commendations by the year they
// are for); the timeline lists things by the day they happened.
type Year struct {
	Year    int     `json:"year"`
	Summary Summary `json:"summary"`
	Items   []Item  `json:"items"`
}

// Summary is a year's figures. AttendanceRate is attended / expected in
// whole percent, rounded down, null without expected meetings.
type Summary struct {
	MeetingsExpected     int      `json:"meetings_expected"`
	MeetingsAttended     int      `json:"meetings_attended"`
	MeetingsLeave        int      `json:"meetings_leave"`
	MeetingsAbsent       int      `json:"meetings_absent"`
	AttendanceRate       *int     `json:"attendance_rate"`
	DuesMonthsPaid       int      `json:"dues_months_paid"`
	DuesMonthsOnTime     int      `json:"dues_months_on_time"`
	DuesPaidFen          int64    `json:"dues_paid_fen"`
	ArrearsWarnings      int      `json:"arrears_warnings"`
	Points               int      `json:"points"`
	AppraisalGradeLabel  string   `json:"appraisal_grade_label"`
	AssessmentGradeLabel string   `json:"assessment_grade_label"`
	Commendations        []string `json:"commendations"`
}

// Item is one line of the timeline.
type Item struct {
	On        string `json:"on"`
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Title     string `json:"title"`
	Detail    string `json:"detail"`
}

// build gathers member m's archive: the register's history and points
// through Directory, everything else from archive_entries.
func (s *Service) build(ctx context.Context, m MemberRef) (Archive, error) {
	orgName, err := s.dir.OrgName(ctx, s.db, m.OrgID)
	if err != nil {
		return Archive{}, err
	}
	history, err := s.dir.History(ctx, s.db, m.ID)
	if err != nil {
		return Archive{}, err
	}
	points, err := s.dir.Points(ctx, s.db, m.ID)
	if err != nil {
		return Archive{}, err
	}
	entries, err := entriesWhere(ctx, s.db, "member_id = ?", m.ID)
	if err != nil {
		return Archive{}, err
	}
	b := newYearBook(clock.Today(s.clk).Year())
	b.span(yearOf(m.JoinedOn))
	for _, h := range history {
		if !historyHidden[h.Kind] {
			b.item(Item{On: h.On, Kind: h.Kind, KindLabel: historyLabel(h.Kind), Title: h.Detail})
		}
	}
	for _, e := range entries {
		b.figures(e.Year).add(e)
		if it, ok := itemOf(e); ok {
			b.item(it)
		}
	}
	for _, p := range points {
		b.span(p.Year)
		b.points[p.Year] = p.Total
	}
	return Archive{Member: memberView(m, orgName), Years: b.years()}, nil
}

func memberView(m MemberRef, orgName string) MemberView {
	return MemberView{ID: m.ID, Name: m.Name, OrgID: m.OrgID, OrgName: orgName, Status: m.Status,
		StatusLabel: memberStatusLabels[m.Status], JoinedOn: m.JoinedOn, FullMemberOn: m.FullMemberOn, Active: m.Active}
}

// yearBook sorts figures and items into years, from the earliest year
// anything happened to this year (or a later year already paid for).
type yearBook struct {
	first, last int
	figs        map[int]*figures
	items       map[int][]Item
	points      map[int]int
}

func newYearBook(thisYear int) *yearBook {
	return &yearBook{first: thisYear, last: thisYear, figs: map[int]*figures{}, items: map[int][]Item{},
		points: map[int]int{}}
}

// span widens the range to include y (0: an unknown year, ignored).
func (b *yearBook) span(y int) {
	if y > 0 {
		b.first, b.last = min(b.first, y), max(b.last, y)
	}
}

func (b *yearBook) figures(y int) *figures {
	b.span(y)
	if b.figs[y] == nil {
		b.figs[y] = newFigures()
	}
	return b.figs[y]
}

func (b *yearBook) item(it Item) {
	y := yearOf(it.On)
	b.span(y)
	b.items[y] = append(b.items[y], it)
}

func (b *yearBook) years() []Year {
	out := make([]Year, 0, b.last-b.first+1)
	for y := b.last; y >= b.first; y-- {
		items := b.items[y]
		slices.SortFunc(items, func(a, b Item) int {
			return cmp.Or(cmp.Compare(b.On, a.On), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Title, b.Title),
				cmp.Compare(a.Detail, b.Detail))
		})
		f := b.figs[y]
		if f == nil {
			f = newFigures()
		}
		out = append(out, Year{Year: y, Summary: summaryOf(f, b.points[y]), Items: append([]Item{}, items...)})
	}
	return out
}

func summaryOf(f *figures, points int) Summary {
	st := f.stats()
	sum := Summary{MeetingsExpected: st.MeetingsExpected, MeetingsAttended: st.MeetingsAttended,
		MeetingsLeave: st.MeetingsLeave, MeetingsAbsent: st.MeetingsAbsent, DuesMonthsPaid: st.DuesMonthsPaid,
		DuesMonthsOnTime: st.DuesMonthsOnTime, DuesPaidFen: st.DuesPaidFen, ArrearsWarnings: st.ArrearsWarnings,
		Points: points, AppraisalGradeLabel: st.AppraisalGradeLabel, AssessmentGradeLabel: f.assessment,
		Commendations: f.commendationLabels()}
	if st.MeetingsExpected > 0 {
		rate := st.MeetingsAttended * 100 / st.MeetingsExpected
		sum.AttendanceRate = &rate
	}
	return sum
}

// yearOf is the year of a "YYYY-MM-DD" date, 0 when there is none.
func yearOf(date string) int {
	if len(date) < 4 {
		return 0
	}
	y, err := strconv.Atoi(date[:4])
	if err != nil {
		return 0
	}
	return y
}
