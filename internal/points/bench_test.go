package points_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/points"
)

// BenchmarkLedger200k times the points.ledger subscriber turning 200,000
// outbox events into ledger lines on PostgreSQL, with only it subscribed:
// 1,000 branches of 20 members each, a meeting a month per branch (到会,
// 线上, 请假, 未到), every member's dues of the month (a tenth late), about
// a third of the meetings with an attendance correction and a tenth of the
// branch-months with a reversed payment. It reports events/s for
//
//   - fresh: events just emitted, the dispatcher's numbering included;
//   - rebuild: ledger emptied and the cursor reset, events already numbered;
//   - replay: the cursor reset over a complete ledger (every effect deduped),
//
// and checks the ledger's line count and totals after each:
//
//	DANGJIAN_TEST_POSTGRES=postgres://... go test -run '^$' -bench Ledger200k -benchtime 1x ./internal/points/
//
// (DANGJIAN_BENCH_POSTGRES may name the database instead.)
func BenchmarkLedger200k(b *testing.B) {
	if dsn := os.Getenv("DANGJIAN_BENCH_POSTGRES"); dsn != "" {
		b.Setenv(dbtest.EnvPostgres, dsn)
	}
	d := dbtest.OpenPostgres(b, steps())
	ctx := b.Context()
	clk := clock.NewFake(time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC))
	g := newBenchGen(200_000)
	start := time.Now()
	if err := d.InTx(ctx, func(tx *db.Tx) error { return g.emit(ctx, tx) }); err != nil {
		b.Fatal(err)
	}
	benchExec(b, d, "ANALYZE outbox_events")
	b.Logf("emitted %d events (%d lines expected) in %.1f s", g.events, g.lines, time.Since(start).Seconds())
	for b.Loop() {
		benchExec(b, d, "UPDATE outbox_events SET seq = NULL, dispatched_at = NULL", "UPDATE outbox_sequence SET n = 0",
			"DELETE FROM outbox_cursors", "DELETE FROM points_ledger", "DELETE FROM points_member_years", "DELETE FROM points_buckets")
		for _, phase := range []struct {
			name  string
			reset []string
		}{
			{"fresh", nil},
			{"rebuild", []string{"DELETE FROM points_ledger", "DELETE FROM points_member_years", "DELETE FROM points_buckets",
				"UPDATE outbox_cursors SET last_seq = 0"}},
			{"replay", []string{"UPDATE outbox_cursors SET last_seq = 0"}},
		} {
			benchExec(b, d, phase.reset...)
			// What autovacuum does between bulk runs in production.
			benchExec(b, d, "VACUUM ANALYZE outbox_events", "VACUUM ANALYZE points_ledger", "VACUUM ANALYZE points_member_years",
				"VACUUM ANALYZE points_buckets")
			secs := runLedger(b, d, clk, g.events)
			b.ReportMetric(float64(g.events)/secs, phase.name+"-events/s")
			b.Logf("%s: %d events in %.2f s = %.0f events/s", phase.name, g.events, secs, float64(g.events)/secs)
			checkLedger(b, d, g.lines)
		}
	}
}

// runLedger dispatches to a fresh points.ledger subscriber until its
// cursor has passed every event, and returns the seconds it took.
func runLedger(b *testing.B, d *db.DB, clk clock.Clock, events int) float64 {
	x := outbox.NewDispatcher(d, outbox.WithClock(clk))
	points.New(d, clk, &fakeDir{}, nil).Subscribe(x)
	start := time.Now()
	for {
		n, err := x.DispatchOnce(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	secs := time.Since(start).Seconds()
	var last int64
	if err := d.QueryRowContext(b.Context(), "SELECT last_seq FROM outbox_cursors WHERE subscriber = 'points.ledger'").
		Scan(&last); err != nil || last != int64(events) {
		b.Fatalf("cursor at %d (%v), want %d", last, err, events)
	}
	return secs
}

func checkLedger(b *testing.B, d *db.DB, want int) {
	var lines, off int
	if err := d.QueryRowContext(b.Context(), "SELECT COUNT(*) FROM points_ledger").Scan(&lines); err != nil || lines != want {
		b.Fatalf("%d ledger lines (%v), want %d", lines, err, want)
	}
	if err := d.QueryRowContext(b.Context(), `SELECT COUNT(*) FROM points_member_years y WHERE y.total <>
		(SELECT SUM(points) FROM points_ledger l WHERE l.member_id = y.member_id AND l.year = y.year)`).Scan(&off); err != nil || off != 0 {
		b.Fatalf("%d totals differ from their lines (%v)", off, err)
	}
	counted := recount(b, d, ranges(b, points.New(d, nil, &fakeDir{}, nil), d))
	if kept := counters(b, d); !maps.Equal(counted, kept) {
		b.Fatalf("the histogram counters differ from a recount of the totals\n%s", diff(counted, kept))
	}
}

func benchExec(b *testing.B, d *db.DB, stmts ...string) {
	for _, s := range stmts {
		if _, err := d.ExecContext(b.Context(), s); err != nil {
			b.Fatal(err)
		}
	}
}

// benchGen makes the events of 1,000 branches month by month, and counts
// the lines they must give.
type benchGen struct {
	rng           *rand.Rand
	limit         int
	events, lines int
	at            time.Time
	groups        [][]outbox.Event
	times         []time.Time
}

const (
	benchBranches = 1000
	benchMembers  = 20
)

func newBenchGen(limit int) *benchGen {
	g := &benchGen{rng: rand.New(rand.NewPCG(7, 7)), limit: limit, at: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for month := 1; g.events < limit; month++ {
		for br := range benchBranches {
			g.branchMonth(br, month)
		}
	}
	return g
}

// add records a group of events emitted together, a second after the last,
// up to the limit, and returns how many it kept.
func (g *benchGen) add(evs ...outbox.Event) int {
	evs = evs[:min(len(evs), g.limit-g.events)]
	if len(evs) == 0 {
		return 0
	}
	g.at = g.at.Add(time.Second)
	g.groups, g.times = append(g.groups, evs), append(g.times, g.at)
	g.events += len(evs)
	return len(evs)
}

var benchStatuses = []struct {
	status, event string
	share         float64
}{{"present", "meeting.attended", 0.80}, {"remote", "meeting.attended", 0.85},
	{"leave", "meeting.leave", 0.92}, {"absent", "meeting.absent", 1}}

func (g *benchGen) status() (string, string) {
	r := g.rng.Float64()
	for _, s := range benchStatuses {
		if r < s.share {
			return s.status, s.event
		}
	}
	return "absent", "meeting.absent"
}

// branchMonth is a branch's meeting of the month with its attendance, a
// correction now and then, the members' dues and now and then a reversal.
func (g *benchGen) branchMonth(br, month int) {
	org := points.OrgRef{ID: fmt.Sprintf("b%04d", br), Path: fmt.Sprintf("/c%02d/b%04d/", br%50, br)}
	meetingID := fmt.Sprintf("mt-%04d-%02d", br, month)
	date := fmt.Sprintf("2026-%02d-%02d", month, 1+br%28)
	if first := time.Date(2026, time.Month(month), 1, 0, 0, 0, 0, clock.Shanghai); g.at.Before(first) {
		g.at = first
	}
	var evs []outbox.Event
	statuses := make([]string, benchMembers)
	for j := range benchMembers {
		st, typ := g.status()
		statuses[j] = st
		evs = append(evs, attendance(typ, meetingID, org, date, benchMember(br, j), st, ""))
	}
	g.lines += g.add(evs...)
	if g.rng.Float64() < 0.33 {
		j := g.rng.IntN(benchMembers)
		to := map[string]string{"absent": "present", "leave": "present", "present": "absent", "remote": "leave"}[statuses[j]]
		g.lines += 2 * g.add(attendance("meeting.attendance_corrected", meetingID, org, date, benchMember(br, j), to, statuses[j]))
	}
	g.dues(br, month, org)
}

func (g *benchGen) dues(br, month int, org points.OrgRef) {
	var evs []outbox.Event
	onTime := make([]bool, benchMembers)
	for j := range benchMembers {
		onTime[j] = g.rng.Float64() < 0.9
		evs = append(evs, paid(benchMember(br, j), org, fmt.Sprintf("2026-%02d", month), benchEntry(br, month, j), onTime[j], false))
	}
	for j := range g.add(evs...) {
		if onTime[j] {
			g.lines++
		}
	}
	if g.rng.Float64() < 0.1 {
		j := g.rng.IntN(benchMembers)
		n := g.add(paymentReversed(benchMember(br, j), org, fmt.Sprintf("2026-%02d", month), benchEntry(br, month, j)+"r",
			benchEntry(br, month, j)))
		if n == 1 && onTime[j] {
			g.lines++
		}
	}
}

func benchMember(br, j int) string       { return fmt.Sprintf("m%04d-%02d", br, j) }
func benchEntry(br, month, j int) string { return fmt.Sprintf("e%04d-%02d-%02d", br, month, j) }

// emit writes the groups into the outbox in order, unnumbered.
func (g *benchGen) emit(ctx context.Context, tx *db.Tx) error {
	for i, evs := range g.groups {
		if err := outbox.EmitAllAt(ctx, tx, g.times[i], evs); err != nil {
			return err
		}
	}
	return nil
}
