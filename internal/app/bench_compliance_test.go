package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"dangjian/internal/orglife"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
)

// BenchmarkCompliance50kBranches times 三会一课落实情况 of a top organization
// with 50,000 branches under it (1 leading body → 50 committees → 1,000
// branches each; a third of the branches with 3 party groups, 60% with a
// committee of 3 posts and the rest with a secretary only) and counts for
// every month, quarter and the year up to 22 November 2026. Each view —
// October, the fourth quarter, the year, and the first page of October's
// red branches — is requested 50 times in a row after 3 warm-ups, as an
// org_admin at the top; then the orgs part alone (BranchesUnder) 20 times.
func BenchmarkCompliance50kBranches(b *testing.B) {
	now := time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC) // Sunday 10:00 in Shanghai
	x := newBench(b, clock.NewFake(now))
	loadStart := time.Now()
	top, branches := x.province(b)
	rows := x.seedCounts(b, branches, now)
	x.settle(b, "orgs", "positions", "meeting_period_counts")
	b.Logf("loaded %d branches and %d meeting_period_counts rows in %.0f s", len(branches), rows,
		time.Since(loadStart).Seconds())
	var month struct {
		Summary map[string]int `json:"summary"`
	}
	var red struct {
		Total int `json:"total"`
		Items []struct {
			Status string `json:"status"`
		} `json:"items"`
	}
	base := "/api/v1/orgs/" + top.id + "/orglife/compliance"
	views := []struct {
		name, path string
		out        any
	}{{"month", base + "?period=2026-10", &month}, {"quarter", base + "?period=2026-Q4", nil},
		{"year", base + "?period=2026", nil}, {"branches-red", base + "/branches?period=2026-10&status=red", &red}}
	for b.Loop() {
		for _, v := range views {
			lat := make([]time.Duration, 0, 50)
			for i := range 53 {
				took, err := x.call("GET", v.path, "", nil, v.out)
				if err != nil {
					b.Fatal(err)
				}
				if i >= 3 {
					lat = append(lat, took)
				}
			}
			reportLatency(b, v.name, lat)
		}
		x.timeBranchesUnder(b, top)
	}
	if month.Summary["branches"] != len(branches) || red.Total != month.Summary["red"] || len(red.Items) == 0 ||
		red.Items[0].Status != "red" {
		b.Fatalf("month view %v and red list (%d, first page %+v) disagree", month.Summary, red.Total, red.Items)
	}
	b.Logf("month view: %v; red list: %d branches, %d on the first page", month.Summary, red.Total, len(red.Items))
}

// timeBranchesUnder times the orgs part of a view alone: the Directory's
// list of branches with their groups and committees.
func (x *bench) timeBranchesUnder(b *testing.B, top benchOrg) {
	lat := make([]time.Duration, 0, 20)
	for i := range 23 {
		start := time.Now()
		if _, err := x.a.Orgs.BranchesUnder(context.Background(), x.a.DB, top.path); err != nil {
			b.Fatal(err)
		}
		if i >= 3 {
			lat = append(lat, time.Since(start))
		}
	}
	reportLatency(b, "branches-under", lat)
}

// benchBranch is a loaded branch with what its requirements depend on.
type benchBranch struct {
	benchOrg
	groups    int
	committee bool
}

// province loads the tree of BenchmarkCompliance50kBranches.
func (x *bench) province(b *testing.B) (benchOrg, []benchBranch) {
	ctx := context.Background()
	top := x.top(b)
	committees := x.loadOrgs(b, []benchOrg{top}, 50, orgs.KindCommittee,
		func(_, i int) string { return fmt.Sprintf("第%d党委", i+1) })
	list := x.loadOrgs(b, committees, 1000, orgs.KindBranch,
		func(p, i int) string { return fmt.Sprintf("第%d党委第%d支部", p+1, i+1) })
	branches := make([]benchBranch, len(list))
	var grouped []benchOrg
	var posts []orgs.BulkPosition
	for i, o := range list {
		branches[i] = benchBranch{benchOrg: o, committee: i%5 < 3}
		if i%3 == 0 {
			branches[i].groups = 3
			grouped = append(grouped, o)
		}
		titles := []string{"secretary"}
		if branches[i].committee {
			titles = append(titles, "organization", "publicity")
		}
		for _, t := range titles {
			posts = append(posts, orgs.BulkPosition{OrgID: o.id, MemberID: ids.New(), MemberName: "委员", Title: t,
				StartOn: "2024-06-01"})
		}
	}
	x.loadOrgs(b, grouped, 3, orgs.KindGroup, func(_, i int) string { return fmt.Sprintf("第%d党小组", i+1) })
	if err := x.a.DB.InTx(ctx, func(tx *db.Tx) error { return x.a.Orgs.BulkLoadPositions(ctx, tx, posts) }); err != nil {
		b.Fatal(err)
	}
	return top, branches
}

// seedCounts writes meeting_period_counts as Finalize (countHeld) would
// have left them after the year so far — each finalized meeting adds one
// to its kind in the rows of its month, quarter and year; a 党小组会 counts
// the groups that met — by direct INSERTs: a year of finalized meetings of
// 50,000 branches is about 1.6 million meetings, hours through the API.
// The mix: in a month a branch holds everything due with probability 0.7,
// else each monthly kind with probability 0.5; a quarter's 支部党员大会 and
// 党课 each with probability 0.8; a 组织生活会 so far with probability 0.3.
func (x *bench) seedCounts(b *testing.B, branches []benchBranch, now time.Time) int {
	const assembly, committee, group, lecture, themeDay, life = 0, 1, 2, 3, 4, 5
	r := rand.New(rand.NewPCG(4, 2026))
	var args []any
	total := 0
	flush := func() {
		if _, err := x.a.DB.ExecContext(context.Background(), `INSERT INTO meeting_period_counts (org_id, org_path,
			period_key, member_assembly, committee, grp, lecture, theme_day, life_meeting) VALUES `+db.Rows(len(args)/9, 9),
			args...); err != nil {
			b.Fatal(err)
		}
		total, args = total+len(args)/9, args[:0]
	}
	for _, br := range branches {
		rows := map[string]*[6]int{}
		held := func(at time.Time, kind, n int) {
			for _, key := range orglife.CountedKeys(at) {
				if rows[key] == nil {
					rows[key] = &[6]int{}
				}
				if kind == group {
					rows[key][kind] = max(rows[key][kind], n) // the same groups meet again
				} else {
					rows[key][kind] += n
				}
			}
		}
		for m := time.January; m <= now.In(clock.Shanghai).Month(); m++ {
			at := time.Date(2026, m, 10, 15, 0, 0, 0, clock.Shanghai)
			all := r.Float64() < 0.7
			due := func(p float64) bool { return all || r.Float64() < p }
			if br.committee && due(0.5) {
				held(at, committee, 1)
			}
			if due(0.5) {
				held(at, themeDay, 1)
			}
			if met := br.groups; met > 0 {
				if !due(0.5) {
					met-- // one group did not meet
				}
				held(at, group, met)
			}
			if m%3 == 2 && r.Float64() < 0.8 {
				held(at, assembly, 1)
			}
			if m%3 == 2 && r.Float64() < 0.8 {
				held(at, lecture, 1)
			}
		}
		if r.Float64() < 0.3 {
			held(time.Date(2026, time.Month(1+r.IntN(10)), 20, 15, 0, 0, 0, clock.Shanghai), life, 1)
		}
		for key, n := range rows {
			args = append(args, br.id, br.path, key, n[0], n[1], n[2], n[3], n[4], n[5])
		}
		if len(args) >= 900*9 {
			flush()
		}
	}
	flush()
	return total
}
