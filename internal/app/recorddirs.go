package app

import (
	"context"

	"dangjian/internal/archive"
	"dangjian/internal/assessment"
	"dangjian/internal/commendations"
	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
	"dangjian/internal/points"
)

// The capabilities built on a member's record over the years — points
// (积分), the archive (党员档案), the annual assessment (年度考核) and
// commendations (两优一先) — see the register and each other through these
// adapters: lookups only, never another capability's tables. Each declares
// its own OrgRef and MemberRef with the same fields, so one shape converts
// to all of them.

type orgShape struct {
	ID, Name, Path, Kind, ParentID string
	Active                         bool
}

type memberShape struct {
	ID, Name, OrgID, OrgPath, Status, JoinedOn, FullMemberOn string
	Active                                                   bool
}

func refOfOrg(o orgs.Org) orgShape {
	return orgShape{ID: o.ID, Name: o.Name, Path: o.Path, Kind: o.Kind, ParentID: o.ParentID, Active: o.Active()}
}

func refOfCard(c members.Card) memberShape {
	return memberShape{ID: c.ID, Name: c.Name, OrgID: c.OrgID, OrgPath: c.OrgPath, Status: c.Status,
		JoinedOn: c.JoinedOn, FullMemberOn: c.FullMemberOn, Active: c.Active}
}

func convert[From, To any](list []From, err error, conv func(From) To) ([]To, error) {
	out := make([]To, len(list))
	for i, v := range list {
		out[i] = conv(v)
	}
	return out, err
}

// recordDirs is the register plus the capabilities the others read.
type recordDirs struct {
	register
	points  *points.Service
	archive *archive.Service
}

func (x recordDirs) org(ctx context.Context, q db.Querier, id string) (orgShape, error) {
	o, err := x.o.Get(ctx, q, id)
	return refOfOrg(o), err
}

func (x recordDirs) member(ctx context.Context, q db.Querier, id string) (memberShape, error) {
	c, err := x.m.CardOf(ctx, q, id)
	return refOfCard(c), err
}

// membersIn lists the active members directly in the org.
func (x recordDirs) membersIn(ctx context.Context, q db.Querier, orgID string) ([]memberShape, error) {
	path, err := x.o.PathOf(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	list, err := x.m.CardsIn(ctx, q, path)
	return convert(list, err, refOfCard)
}

// pointsDirectory adapts the register to internal/points.
type pointsDirectory struct{ recordDirs }

var _ points.Directory = pointsDirectory{}

func (x pointsDirectory) Org(ctx context.Context, q db.Querier, id string) (points.OrgRef, error) {
	o, err := x.org(ctx, q, id)
	return points.OrgRef(o), err
}

func (x pointsDirectory) Children(ctx context.Context, q db.Querier, id string) ([]points.OrgRef, error) {
	list, err := x.o.Children(ctx, q, id)
	return convert(list, err, func(o orgs.Org) points.OrgRef { return points.OrgRef(refOfOrg(o)) })
}

func (x pointsDirectory) Member(ctx context.Context, q db.Querier, id string) (points.MemberRef, error) {
	m, err := x.member(ctx, q, id)
	return points.MemberRef(m), err
}

func (x pointsDirectory) MembersIn(ctx context.Context, q db.Querier, orgID string) ([]points.MemberRef, error) {
	list, err := x.membersIn(ctx, q, orgID)
	return convert(list, err, func(m memberShape) points.MemberRef { return points.MemberRef(m) })
}

// CountUnder reads the register's running subtree counts (the last ID of a
// path is its org).
func (x pointsDirectory) CountUnder(ctx context.Context, q db.Querier, paths []string) (map[string]int, error) {
	ids := make([]string, 0, len(paths))
	for _, p := range paths {
		if list := orgs.PathIDs(p); len(list) > 0 {
			ids = append(ids, list[len(list)-1])
		}
	}
	counts, err := x.m.Counts(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(paths))
	for _, p := range paths {
		if list := orgs.PathIDs(p); len(list) > 0 {
			out[p] = counts[list[len(list)-1]].Total
		}
	}
	return out, nil
}

// archiveDirectory adapts the register and points to internal/archive.
type archiveDirectory struct{ recordDirs }

var _ archive.Directory = archiveDirectory{}

func (x archiveDirectory) Member(ctx context.Context, q db.Querier, id string) (archive.MemberRef, error) {
	m, err := x.member(ctx, q, id)
	return archive.MemberRef(m), err
}

func (x archiveDirectory) OrgName(ctx context.Context, q db.Querier, id string) (string, error) {
	names, err := x.o.Names(ctx, q, []string{id})
	return names[id], err
}

func (x archiveDirectory) History(ctx context.Context, q db.Querier, memberID string) ([]archive.HistoryLine, error) {
	list, err := x.m.HistoryIn(ctx, q, memberID)
	return convert(list, err, func(h members.HistoryItem) archive.HistoryLine {
		return archive.HistoryLine{Kind: h.Kind, On: h.On, Detail: h.Detail}
	})
}

func (x archiveDirectory) Points(ctx context.Context, q db.Querier, memberID string) ([]archive.YearPoints, error) {
	list, err := x.points.ByYear(ctx, q, memberID)
	return convert(list, err, func(y points.YearPoints) archive.YearPoints { return archive.YearPoints(y) })
}

// assessmentDirectory adapts the register, the archive and points to
// internal/assessment.
type assessmentDirectory struct{ recordDirs }

var _ assessment.Directory = assessmentDirectory{}

func (x assessmentDirectory) Org(ctx context.Context, q db.Querier, id string) (assessment.OrgRef, error) {
	o, err := x.org(ctx, q, id)
	return assessment.OrgRef(o), err
}

func (x assessmentDirectory) Member(ctx context.Context, q db.Querier, id string) (assessment.MemberRef, error) {
	m, err := x.member(ctx, q, id)
	return assessment.MemberRef(m), err
}

func (x assessmentDirectory) MembersIn(ctx context.Context, q db.Querier, orgID string) ([]assessment.MemberRef, error) {
	list, err := x.membersIn(ctx, q, orgID)
	return convert(list, err, func(m memberShape) assessment.MemberRef { return assessment.MemberRef(m) })
}

func (x assessmentDirectory) YearStats(ctx context.Context, q db.Querier, ids []string, year int) (map[string]assessment.YearStats, error) {
	stats, err := x.archive.YearStats(ctx, q, ids, year)
	return convertStats(stats, err, func(s archive.YearStats) assessment.YearStats { return assessment.YearStats(s) })
}

func (x assessmentDirectory) Points(ctx context.Context, q db.Querier, ids []string, year int) (map[string]int, error) {
	return x.points.YearTotals(ctx, q, ids, year)
}

// commendationsDirectory adapts the register and the archive to
// internal/commendations.
type commendationsDirectory struct{ recordDirs }

var _ commendations.Directory = commendationsDirectory{}

func (x commendationsDirectory) Org(ctx context.Context, q db.Querier, id string) (commendations.OrgRef, error) {
	o, err := x.org(ctx, q, id)
	return commendations.OrgRef(o), err
}

func (x commendationsDirectory) OrgsUnder(ctx context.Context, q db.Querier, path string) ([]commendations.OrgRef, error) {
	list, err := x.o.Subtree(ctx, q, path)
	return convert(list, err, func(o orgs.Org) commendations.OrgRef { return commendations.OrgRef(refOfOrg(o)) })
}

func (x commendationsDirectory) Member(ctx context.Context, q db.Querier, id string) (commendations.MemberRef, error) {
	m, err := x.member(ctx, q, id)
	return commendations.MemberRef(m), err
}

func commendationsMember(c members.Card) commendations.MemberRef {
	return commendations.MemberRef(refOfCard(c))
}

func (x commendationsDirectory) MembersUnder(ctx context.Context, q db.Querier, path string) ([]commendations.MemberRef, error) {
	list, err := x.m.CardsUnder(ctx, q, path)
	return convert(list, err, commendationsMember)
}

func (x commendationsDirectory) FullSince(ctx context.Context, q db.Querier, path, cutoff string) ([]commendations.MemberRef, error) {
	list, err := x.m.FullSince(ctx, q, path, cutoff)
	return convert(list, err, commendationsMember)
}

func (x commendationsDirectory) YearStats(ctx context.Context, q db.Querier, ids []string, year int) (map[string]commendations.YearStats, error) {
	stats, err := x.archive.YearStats(ctx, q, ids, year)
	return convertStats(stats, err, func(s archive.YearStats) commendations.YearStats { return commendations.YearStats(s) })
}

// convertStats maps the archive's year stats to a consumer's own type.
func convertStats[To any](in map[string]archive.YearStats, err error, conv func(archive.YearStats) To) (map[string]To, error) {
	out := make(map[string]To, len(in))
	for id, s := range in {
		out[id] = conv(s)
	}
	return out, err
}
