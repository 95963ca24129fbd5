package app_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/pii"
)

// The member archive benchmark (issue #7) runs on PostgreSQL like the
// others (see bench_orglife_test.go):
//
//	DANGJIAN_TEST_POSTGRES=postgres://... go test -run '^$' -bench MemberArchive10Years -benchtime 1x -timeout 30m ./internal/app/

// archiveNow is Friday 20 November 2026, 10:00 in Shanghai.
var archiveNow = time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)

// archiveBranchSize is the members of each branch of the population.
const archiveBranchSize = 20

// BenchmarkMemberArchive10Years times GET /members/{id}/archive (200
// requests after 5 warm-ups, as the top's org_admin) for a member who
// lived ten years through the real platform (archiveLife: admission in
// July 2016, 转正, positions, two transfers, about 40 meetings a year with
// absences, leave and corrections, twelve dues payments a year, a 民主评议
// every December), among 100,000 members (50 committees → 5,000 branches of
// 20) whose archive holds a year of lines each (seedArchive). The outbox
// is dispatched to every subscriber before the timing; the answer is
// checked against what the member lived.
func BenchmarkMemberArchive10Years(b *testing.B) {
	clk := clock.NewFake(time.Date(2016, 7, 1, 1, 0, 0, 0, time.UTC))
	x := newBench(b, clk)
	loadStart := time.Now()
	top := x.top(b)
	committees := x.loadOrgs(b, []benchOrg{top}, 50, orgs.KindCommittee,
		func(_, i int) string { return fmt.Sprintf("第%d党委", i+1) })
	branches := x.loadOrgs(b, committees, 100, orgs.KindBranch,
		func(p, i int) string { return fmt.Sprintf("第%d党委第%d党支部", p+1, i+1) })
	people := x.loadMembers(b, branches, archiveBranchSize)
	seeded := x.seedArchive(b)
	x.settle(b, "orgs", "members", "archive_entries")
	b.Logf("loaded %d members and %d archive lines in %.0f s", len(people), seeded, time.Since(loadStart).Seconds())

	lifeStart := time.Now()
	l := &archiveLife{x: x, clk: clk, branch: branches[0], other: branches[1],
		mates: map[string][]string{branches[0].id: slices.Clone(people[:archiveBranchSize]),
			branches[1].id: slices.Clone(people[archiveBranchSize : 2*archiveBranchSize])}}
	l.live(b, time.Date(2026, 11, 1, 0, 0, 0, 0, clock.Shanghai))
	clk.Set(archiveNow)
	events, took := x.dispatchAll(b)
	b.Logf("lived %d meetings (%d absent, %d on leave, %d corrected), %d dues months, %d appraisals in %.0f s; "+
		"made %d deliveries in %.1f s", l.meetings, l.absent, l.leave, l.corrected, l.duesMonths, l.appraisals,
		time.Since(lifeStart).Seconds(), events, took.Seconds())
	x.settle(b, "archive_entries", "member_events", "outbox_events")

	var a archiveAnswer
	path := "/api/v1/members/" + l.id + "/archive"
	for b.Loop() {
		x.timeArchive(b, "archive-json", path, 200, &a)
		x.timeArchive(b, "archive-pdf", path+".pdf", 50, nil)
	}
	x.checkArchive(b, l, a)
}

// archiveAnswer is what the checks read of the archive.
type archiveAnswer struct {
	Years []struct {
		Year    int `json:"year"`
		Summary struct {
			Expected int    `json:"meetings_expected"`
			Attended int    `json:"meetings_attended"`
			Leave    int    `json:"meetings_leave"`
			Absent   int    `json:"meetings_absent"`
			Paid     int    `json:"dues_months_paid"`
			Points   int    `json:"points"`
			Grade    string `json:"appraisal_grade_label"`
		} `json:"summary"`
		Items []struct {
			Kind string `json:"kind"`
		} `json:"items"`
	} `json:"years"`
}

// timeArchive requests path n times after 5 warm-ups as the boss and
// reports the latencies as name.
func (x *bench) timeArchive(b *testing.B, name, path string, n int, out any) {
	lat := make([]time.Duration, 0, n)
	for i := range n + 5 {
		took, err := x.call("GET", path, "", nil, out)
		if err != nil {
			b.Fatal(err)
		}
		if i >= 5 {
			lat = append(lat, took)
		}
	}
	reportLatency(b, name, lat)
}

// checkArchive compares the archive with what the member lived: the years
// 2016–2026, every meeting of the year counted once with its absences
// corrected, twelve dues months in each full year, the December grades
// and points in each year, and the register's lines (admission, 转正,
// positions, transfers).
func (x *bench) checkArchive(b *testing.B, l *archiveLife, a archiveAnswer) {
	if len(a.Years) != 11 || a.Years[0].Year != 2026 || a.Years[10].Year != 2016 {
		b.Fatalf("archive years: %d, want 2026 down to 2016", len(a.Years))
	}
	items, kinds := 0, map[string]int{}
	for _, y := range a.Years {
		items += len(y.Items)
		for _, it := range y.Items {
			kinds[it.Kind]++
		}
		s, want := y.Summary, l.years[y.Year]
		if s.Expected != want.meetings || s.Attended != want.meetings-want.absent-want.leave+want.corrected ||
			s.Leave != want.leave || s.Absent != want.absent-want.corrected || s.Paid != want.duesMonths ||
			(y.Year < 2026 && (s.Grade == "" || s.Points == 0)) {
			b.Fatalf("archive year %d: %+v; lived %+v", y.Year, s, want)
		}
	}
	if kinds["meeting"] != l.meetings || kinds["dues"] != l.duesMonths || kinds["appraised"] != l.appraisals ||
		kinds["admitted"] != 1 || kinds["became_full"] != 1 || kinds["position_started"] != 3 {
		b.Fatalf("archive items by kind: %v", kinds)
	}
	var lines int
	x.row(b, []any{&lines}, "SELECT COUNT(*) FROM archive_entries WHERE member_id = ?", l.id)
	b.Logf("archive checked: %d years, %d lines on the timeline %v, %d archive_entries rows of the member", len(a.Years),
		items, kinds, lines)
}

// dispatchAll runs the outbox until every event is numbered and every
// subscriber is up to date; it returns the deliveries made.
func (x *bench) dispatchAll(b *testing.B) (int, time.Duration) {
	start, total := time.Now(), 0
	for {
		n, err := x.a.Events.DispatchOnce(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		total += n
		var pending int
		x.row(b, []any{&pending}, "SELECT COUNT(*) FROM outbox_events WHERE dispatched_at IS NULL")
		if n == 0 && pending == 0 {
			return total, time.Since(start)
		}
	}
}

// seedArchive writes a year (2025) of archive lines for every loaded
// member, as the outbox would have left them: 40 meetings (one absence,
// one leave) and 12 dues months each. PostgreSQL only, like the bench.
func (x *bench) seedArchive(b *testing.B) int64 {
	ctx := context.Background()
	res, err := x.a.DB.ExecContext(ctx, `INSERT INTO archive_entries (member_id, source, ref, year, on_date, code, label,
		status, title, version)
		SELECT m.id, 'meeting', 'seed-' || g, 2025, '2025-' || lpad(((g - 1) / 4 + 1)::text, 2, '0') || '-15',
			'theme_day', '主题党日', CASE g WHEN 7 THEN 'absent' WHEN 19 THEN 'leave' ELSE 'present' END, '学习', g
		FROM members m CROSS JOIN generate_series(1, 40) g`)
	if err != nil {
		b.Fatal(err)
	}
	meetings, _ := res.RowsAffected()
	res, err = x.a.DB.ExecContext(ctx, `INSERT INTO archive_entries (member_id, source, ref, year, on_date, code,
		month, amount_fen, on_time, version)
		SELECT m.id, 'dues', 'seed-' || g, 2025, '2025-' || lpad(g::text, 2, '0') || '-05', 'regular',
			'2025-' || lpad(g::text, 2, '0'), 2400, 1, g FROM members m CROSS JOIN generate_series(1, 12) g`)
	if err != nil {
		b.Fatal(err)
	}
	dues, _ := res.RowsAffected()
	return meetings + dues
}

// archiveIDNumber is a valid ID number for the member who lives the
// archive.
func archiveIDNumber(b *testing.B) string {
	first := "11010519900101123"
	c, err := pii.IDCheckDigit(first)
	if err != nil {
		b.Fatal(err)
	}
	return first + string(c)
}

// asMember makes requests with the member header act as id in branch.
func (x *bench) asMember(branch benchOrg) {
	x.auth.branch = authz.Grant{OrgID: branch.id, OrgPath: branch.path}
}
