package app

import (
	"context"
	"time"

	"dangjian/internal/archive"
	"dangjian/internal/dashboard"
	"dangjian/internal/members"
	"dangjian/internal/notices"
	"dangjian/internal/notify"
	"dangjian/internal/orglife"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
	"dangjian/internal/points"
)

// dashDirectory adapts the capabilities the dashboards read beside the
// rollups: the register, notice receipts, meetings under way and, for the
// portrait, the archive and the points ledger.
type dashDirectory struct {
	d *db.DB
	register
	notices *notices.Service
	orglife *orglife.Service
	points  *points.Service
	archive *archive.Service
}

var _ dashboard.Directory = dashDirectory{}

func dashOrg(o orgs.Org) dashboard.OrgRef {
	return dashboard.OrgRef{ID: o.ID, ParentID: o.ParentID, Path: o.Path, Name: o.Name, Kind: o.Kind}
}

func (x dashDirectory) Org(ctx context.Context, id string) (dashboard.OrgRef, error) {
	o, err := x.o.Get(ctx, x.d, id)
	return dashOrg(o), err
}

func (x dashDirectory) Children(ctx context.Context, id string) ([]dashboard.OrgRef, error) {
	list, err := x.o.Children(ctx, x.d, id)
	return convert(list, err, dashOrg)
}

func (x dashDirectory) OrgNames(ctx context.Context, ids []string) (map[string]string, error) {
	return x.o.Names(ctx, x.d, ids)
}

func (x dashDirectory) Label(list, code string) string {
	if list == "unit_type" {
		return orgs.UnitTypeLabel(code)
	}
	return members.EnumLabel(list, code)
}

func dashTally(t notify.Tally) dashboard.Tally {
	return dashboard.Tally{OrgID: t.OrgID, Total: t.Total, Read: t.Read}
}

func (x dashDirectory) NoticeRates(ctx context.Context, path string, since time.Time, limit int) ([]dashboard.NoticeRate, error) {
	list, err := x.notices.ReadRates(ctx, path, since, limit)
	return convert(list, err, func(r notices.ReadRate) dashboard.NoticeRate {
		byOrg, _ := convert(r.ByOrg, nil, dashTally)
		return dashboard.NoticeRate{ID: r.ID, Title: r.Title, Whole: dashTally(r.Whole), ByOrg: byOrg}
	})
}

func (x dashDirectory) LiveMeetings(ctx context.Context, path string, now time.Time, limit int) ([]dashboard.LiveMeeting, error) {
	list, err := x.orglife.Live(ctx, path, now, limit)
	return convert(list, err, func(m orglife.LiveMeeting) dashboard.LiveMeeting {
		return dashboard.LiveMeeting{ID: m.ID, OrgID: m.OrgID, Topic: m.Topic, StartsAt: m.StartsAt,
			Expected: m.Expected, CheckedIn: m.CheckedIn}
	})
}

// Member reads through the register's own scope check (member.read), so a
// member out of the caller's scope is its 404.
func (x dashDirectory) Member(ctx context.Context, id string) (dashboard.Person, error) {
	m, err := x.m.Get(ctx, id)
	if err != nil {
		return dashboard.Person{}, err
	}
	posts, err := x.o.PositionsOf(ctx, x.d, id)
	p := dashPerson(m)
	p.Positions, err = convert(posts, err, func(p orgs.Position) dashboard.Position {
		return dashboard.Position{OrgName: p.OrgName, Title: p.TitleLabel, StartOn: p.StartOn, EndOn: p.EndOn}
	})
	return p, err
}

func (x dashDirectory) Me(ctx context.Context) (dashboard.Person, error) {
	m, err := x.m.Me(ctx)
	p := dashPerson(m.Member)
	p.Positions, _ = convert(m.Positions, nil, func(p members.Position) dashboard.Position {
		return dashboard.Position{OrgName: p.OrgName, Title: p.TitleLabel, StartOn: p.StartOn, EndOn: p.EndOn}
	})
	return p, err
}

func dashPerson(m members.Member) dashboard.Person {
	return dashboard.Person{ID: m.ID, Name: m.Name, OrgID: m.OrgID, OrgName: m.OrgName, Gender: m.Gender,
		Ethnicity: m.Ethnicity, Education: m.Education, Category: m.Category, Status: m.Status,
		JoinedOn: m.JoinedOn, FullMemberOn: m.FullMemberOn, Age: m.Age, PartyAge: m.PartyAge}
}

// Year is the archive's summary of the year with the points ledger's
// split by category.
func (x dashDirectory) Year(ctx context.Context, memberID string, year int) (dashboard.Year, error) {
	sum, err := x.archive.YearSummary(ctx, x.d, memberID, year)
	if err != nil {
		return dashboard.Year{}, err
	}
	out := dashboard.Year{MeetingsExpected: sum.MeetingsExpected, MeetingsAttended: sum.MeetingsAttended,
		AttendanceRate: sum.AttendanceRate, DuesMonthsPaid: sum.DuesMonthsPaid, DuesMonthsOnTime: sum.DuesMonthsOnTime,
		AppraisalGrade: sum.AppraisalGradeLabel, AssessmentGrade: sum.AssessmentGradeLabel, Commendations: sum.Commendations}
	years, err := x.points.ByYear(ctx, x.d, memberID)
	for _, y := range years {
		if y.Year == year {
			out.Points, out.PointsByCategory = y.Total, y.ByCategory
		}
	}
	return out, err
}

// PointsBuckets reads the points ledger's histogram counters.
func (x dashDirectory) PointsBuckets(ctx context.Context, orgIDs []string, year int) (map[string]dashboard.PointsCounts, error) {
	counts, err := x.points.BucketCounts(ctx, x.d, orgIDs, year)
	out := make(map[string]dashboard.PointsCounts, len(counts))
	for id, c := range counts {
		bs, _ := convert(c.Buckets, nil, func(b points.Bucket) dashboard.PointsBucket {
			return dashboard.PointsBucket{Label: b.Label, Min: b.Min, Max: b.Max, Members: int64(b.Count)}
		})
		out[id] = dashboard.PointsCounts{Buckets: bs, Members: int64(c.Members), Points: c.Points}
	}
	return out, err
}
