package app_test

import (
	"maps"
	"math/rand/v2"
	"testing"
	"time"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// The dues benchmarks (issue #5) run on the province of
// BenchmarkCompliance50kBranches with 20 members in each of its 50,000
// branches, like the organizational-life ones (see bench_orglife_test.go):
//
//	DANGJIAN_TEST_POSTGRES=postgres://... go test -run '^$' -bench Dues -benchtime 1x -timeout 60m ./internal/app/
const duesPerBranch = 20

// BenchmarkDuesPostMonth1M times posting November's charges for 1,000,000
// active members — one POST /orgs/{top}/dues/months/2026-11/post as the
// top's org_admin — each member with a confirmed base for 2026 (duesPlan).
// The member load and the bases (multi-row INSERTs) are not timed.
func BenchmarkDuesPostMonth1M(b *testing.B) {
	month := rules.MonthOf(2026, time.November)
	x := newBench(b, clock.NewFake(time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)))
	loadStart := time.Now()
	top, branches := x.duesProvince(b)
	people := x.loadMembers(b, branches, duesPerBranch)
	plan := duesPlan(len(people))
	x.seedBases(b, branches, people, plan)
	x.settle(b, "orgs", "members", "dues_bases")
	b.Logf("loaded %d members with bases in %d branches in %.0f s", len(people), len(branches),
		time.Since(loadStart).Seconds())
	var res struct {
		Posted  int   `json:"posted"`
		Missing []any `json:"missing"`
	}
	var took time.Duration
	for b.Loop() {
		var err error
		if took, err = x.call("POST", "/api/v1/orgs/"+top.id+"/dues/months/"+month.String()+"/post", "", nil,
			&res); err != nil {
			b.Fatal(err)
		}
	}
	entries := x.checkPosting(b, top, branches, plan, month, res.Posted, len(res.Missing))
	b.ReportMetric(took.Seconds(), "post-s")
	b.ReportMetric(float64(entries), "entries")
	b.ReportMetric(float64(entries)/took.Seconds(), "rows/s")
	b.Logf("posted %d charges in %.1f s: %.0f rows/s", entries, took.Seconds(), float64(entries)/took.Seconds())
}

// checkPosting checks the posting of month m against the plan: one charge
// entry for every member who owes the month (none missing), their sum as
// the plan's, and dues_tree_months equal to the plan's tallies for every
// branch and ancestor — the top's being the entries' sum; it returns the
// number of charge entries.
func (x *bench) checkPosting(b *testing.B, top benchOrg, branches []benchOrg, plan []duesBase, m rules.Month,
	posted, missing int) int64 {
	want := duesMonth(branches, plan, m, func(int) bool { return false })
	owing := duesOwing(len(plan), m)
	var entries, due int64
	x.row(b, []any{&entries, &due}, `SELECT COUNT(*), COALESCE(SUM(due_fen), 0) FROM dues_entries
		WHERE kind = 'charge' AND month = ?`, int(m))
	if int64(posted) != owing || missing != 0 || entries != owing || due != want.of(top.id).due {
		b.Fatalf("posted %d (%d missing), %d charge entries of %d fen; want %d members owing %d fen", posted,
			missing, entries, due, owing, want.of(top.id).due)
	}
	if got := x.treeMonths(b, m); !maps.Equal(got, want) || got.of(top.id).due != due {
		b.Fatalf("dues_tree_months: %d rows, %d fen due at the top; want %d rows, %d fen as the entries",
			len(got), got.of(top.id).due, len(want), due)
	}
	b.Logf("checked: %d charge entries of %d fen in all, %d dues_tree_months rows", entries, due, len(want))
	return entries
}

// BenchmarkDuesReport1M times the subtree report over the same 1,000,000
// members after a year: dues_tree_months for every month of 2026 as the
// postings leave them (duesMonth, which BenchmarkDuesPostMonth1M checks
// against a real posting), each member-month paid with probability 0.93,
// seeded by direct INSERT — twelve postings and 11 million payments through
// the API would take hours, and the report reads nothing else. The year,
// one month, and a committee's year are requested 50 times each after 3
// warm-ups, as the top's org_admin.
func BenchmarkDuesReport1M(b *testing.B) {
	x := newBench(b, clock.NewFake(time.Date(2027, 1, 10, 2, 0, 0, 0, time.UTC)))
	loadStart := time.Now()
	top, branches := x.duesProvince(b)
	rows := x.seedYear(b, branches, duesPlan(len(branches)*duesPerBranch), 2026)
	x.settle(b, "orgs", "dues_tree_months")
	b.Logf("loaded %d branches and %d dues_tree_months rows in %.0f s", len(branches), rows,
		time.Since(loadStart).Seconds())
	var committee benchOrg
	x.row(b, []any{&committee.id, &committee.path}, `SELECT id, path FROM orgs
		WHERE id = (SELECT parent_id FROM orgs WHERE id = ?)`, branches[0].id)
	views := []struct {
		name     string
		org      benchOrg
		from, to string
		children int
	}{{"report-year", top, "2026-01", "2026-12", 50}, {"report-month", top, "2026-10", "2026-10", 50},
		{"report-committee", committee, "2026-01", "2026-12", 1000}}
	reports := make([]duesReport, len(views))
	for b.Loop() {
		for i, v := range views {
			lat := make([]time.Duration, 0, 50)
			for n := range 53 {
				took, err := x.call("GET", "/api/v1/orgs/"+v.org.id+"/dues/report?from="+v.from+"&to="+v.to, "", nil,
					&reports[i])
				if err != nil {
					b.Fatal(err)
				}
				if n >= 3 {
					lat = append(lat, took)
				}
			}
			reportLatency(b, v.name, lat)
		}
	}
	for i, v := range views {
		from, _ := rules.ParseMonth(v.from)
		to, _ := rules.ParseMonth(v.to)
		var due, paid int64
		x.row(b, []any{&due, &paid}, `SELECT COALESCE(SUM(t.due_fen), 0), COALESCE(SUM(t.paid_fen), 0)
			FROM dues_tree_months t JOIN orgs o ON o.id = t.org_id WHERE o.kind = 'branch'
			AND t.month >= ? AND t.month <= ? AND o.path >= ? AND o.path < ?`,
			int(from), int(to), v.org.path, db.PrefixEnd(v.org.path))
		if err := reports[i].check(due, paid, int(to-from)+1, v.children); err != nil {
			b.Fatalf("%s: %v", v.name, err)
		}
		b.Logf("%s: due %d, paid %d fen, rate %.4f", v.name, due, paid, reports[i].Totals.Rate)
	}
}

// duesProvince is the province of BenchmarkCompliance50kBranches; dues
// needs only its branches.
func (x *bench) duesProvince(b *testing.B) (benchOrg, []benchOrg) {
	top, list := x.province(b)
	branches := make([]benchOrg, len(list))
	for i, br := range list {
		branches[i] = br.benchOrg
	}
	return top, branches
}

// duesBase is a member's confirmed base, with the monthly amount it gives.
type duesBase struct {
	category    rules.Category
	fen, amount int64
}

// duesPlan draws n members' categories and bases from a fixed seed: 25%
// retired (pensions over both pension bands), 2% self-employed, 2%
// farmers, 1% students, 1% on relief, and the rest salaried with incomes
// over all four bands.
func duesPlan(n int) []duesBase {
	r := rand.New(rand.NewPCG(5, 2026))
	between := func(lo, hi int64) int64 { return lo + r.Int64N(hi-lo+1) }
	out := make([]duesBase, n)
	for i := range out {
		p, q := r.Float64(), r.Float64()
		d := &out[i]
		switch {
		case p < 0.25:
			d.category, d.fen = rules.Retired, between(250000, 900000)
		case p < 0.27:
			d.category, d.fen = rules.SelfEmployed, between(150000, 800000)
		case p < 0.29:
			d.category = rules.Farmer
		case p < 0.30:
			d.category = rules.Student
		case p < 0.31:
			d.category = rules.Relief
		default:
			bands := []struct {
				share  float64
				lo, hi int64
			}{{0.15, 180000, 300000}, {0.50, 300001, 500000}, {0.85, 500001, 1000000}, {1, 1000001, 3000000}}
			d.category = rules.Salaried
			for _, band := range bands {
				if q < band.share {
					d.fen = between(band.lo, band.hi)
					break
				}
			}
		}
		a, err := rules.Monthly(d.category, d.fen, rules.DefaultOptions(), nil)
		if err != nil {
			panic(err)
		}
		d.amount = a.Fen
	}
	return out
}
