package jobs_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/jobs"
)

var t0 = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

// steps add a table with a unique key, so a handler that ran twice for one
// job fails loudly.
var steps = append(append([]db.Migration(nil), jobs.Migrations...), db.Migration{
	ID: "test.0001_ran", SQL: "CREATE TABLE ran (job_id TEXT PRIMARY KEY, worker TEXT NOT NULL)",
})

func enqueue(t *testing.T, q db.Querier, kind, key string, payload any, runAt time.Time) string {
	t.Helper()
	id, err := jobs.Enqueue(context.Background(), q, kind, key, payload, runAt)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func runOnce(t *testing.T, r *jobs.Runner, want int) {
	t.Helper()
	n, err := r.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Fatalf("RunOnce ran %d jobs, want %d", n, want)
	}
}

// row is a job's bookkeeping as an operator would read it.
type row struct {
	attempts                      int
	runAt                         time.Time
	maxAttempts                   sql.NullInt64
	lastError, lockedBy           sql.NullString
	doneAt, cancelledAt, failedAt sql.NullInt64
}

func readRow(t *testing.T, d *db.DB, id string) row {
	t.Helper()
	var r row
	var runAt int64
	err := d.QueryRowContext(context.Background(), `SELECT attempts, run_at, max_attempts, last_error, locked_by,
		done_at, cancelled_at, failed_at FROM jobs WHERE id = ?`, id).Scan(&r.attempts, &runAt, &r.maxAttempts,
		&r.lastError, &r.lockedBy, &r.doneAt, &r.cancelledAt, &r.failedAt)
	if err != nil {
		t.Fatal(err)
	}
	r.runAt = time.UnixMilli(runAt).UTC()
	return r
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEnqueueRunsOnceAndIsDone(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		clk := clock.NewFake(t0)
		r := jobs.NewRunner(d, clk, "w1")
		var got []jobs.Job
		r.Register("notice.remind", func(_ context.Context, j jobs.Job) error {
			got = append(got, j)
			return nil
		})
		type reminder struct{ NoticeID string }
		id := enqueue(t, d, "notice.remind", "n1", reminder{"n1"}, t0.Add(time.Minute))

		runOnce(t, r, 0) // not due yet
		clk.Advance(time.Minute)
		runOnce(t, r, 1)
		runOnce(t, r, 0)
		if len(got) != 1 || got[0].ID != id || got[0].Kind != "notice.remind" || got[0].Key != "n1" ||
			got[0].Attempt != 1 || !got[0].RunAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("handler saw %+v", got)
		}
		var p reminder
		if err := got[0].Decode(&p); err != nil || p.NoticeID != "n1" {
			t.Fatalf("payload %s: %v", got[0].Payload, err)
		}
		row := readRow(t, d, id)
		if !row.doneAt.Valid || row.attempts != 1 || row.lockedBy.Valid || row.lastError.Valid {
			t.Fatalf("done job row: %+v", row)
		}
	})
}

func TestEnqueueDeduplicatesPendingKey(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var first, second string
		// Inside one transaction: on PostgreSQL a caught unique violation
		// would have aborted it, so the commit proves there was none.
		err := d.InTx(ctx, func(tx *db.Tx) error {
			first = enqueue(t, tx, "k", "same", 1, t0)
			second = enqueue(t, tx, "k", "same", 2, t0.Add(time.Hour))
			enqueue(t, tx, "other.kind", "same", 3, t0) // keys are per kind
			enqueue(t, tx, "k", "", 4, t0)
			enqueue(t, tx, "k", "", 5, t0) // no key, no dedup
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if first != second {
			t.Fatalf("same pending key must return the existing job: %s vs %s", first, second)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM jobs"); n != 4 {
			t.Fatalf("%d rows, want 4", n)
		}
		if row := readRow(t, d, first); !row.runAt.Equal(t0) {
			t.Fatalf("the duplicate must not change the pending job: %+v", row)
		}

		// Once the job has run, the key is free for a new one.
		r := jobs.NewRunner(d, clock.NewFake(t0), "w1")
		r.Register("k", func(context.Context, jobs.Job) error { return nil })
		runOnce(t, r, 3)
		if again := enqueue(t, d, "k", "same", 6, t0); again == first {
			t.Fatal("a finished job must not swallow a new one with its key")
		}
	})
}

func TestCancelAndReschedule(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		r := jobs.NewRunner(d, clk, "w1")
		var ran []string
		r.Register("remind", func(_ context.Context, j jobs.Job) error {
			ran = append(ran, j.Key)
			return nil
		})
		cancelled := enqueue(t, d, "remind", "meeting-1", nil, t0)
		moved := enqueue(t, d, "remind", "meeting-2", nil, t0)
		if err := jobs.Cancel(ctx, d, "remind", "meeting-1"); err != nil {
			t.Fatal(err)
		}
		if err := jobs.Reschedule(ctx, d, "remind", "meeting-2", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		runOnce(t, r, 0)
		if row := readRow(t, d, cancelled); !row.cancelledAt.Valid || row.attempts != 0 {
			t.Fatalf("cancelled row: %+v", row)
		}
		clk.Advance(time.Hour)
		runOnce(t, r, 1)
		if len(ran) != 1 || ran[0] != "meeting-2" || !readRow(t, d, moved).doneAt.Valid {
			t.Fatalf("ran %v", ran)
		}

		if err := jobs.Cancel(ctx, d, "remind", "meeting-2"); err != nil {
			t.Fatalf("cancelling a job that already ran is not an error: %v", err)
		}
		if err := jobs.Reschedule(ctx, d, "remind", "meeting-2", t0); !errors.Is(err, jobs.ErrNotFound) {
			t.Fatalf("rescheduling a finished job: want ErrNotFound, got %v", err)
		}
		if again := enqueue(t, d, "remind", "meeting-1", nil, clk.Now()); again == cancelled {
			t.Fatal("a cancelled job's key must be free again")
		}
		runOnce(t, r, 1)
	})
}

func TestRetryWithBackoffThenSuccess(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		clk := clock.NewFake(t0)
		r := jobs.NewRunner(d, clk, "w1")
		var attempts []int
		r.Register("sms", func(_ context.Context, j jobs.Job) error {
			attempts = append(attempts, j.Attempt)
			if j.Attempt < 3 {
				return fmt.Errorf("gateway down (%d)", j.Attempt)
			}
			return nil
		})
		id := enqueue(t, d, "sms", "", "hello", t0)

		runOnce(t, r, 1)
		row := readRow(t, d, id)
		if row.attempts != 1 || !row.runAt.Equal(t0.Add(30*time.Second)) ||
			row.lastError.String != "gateway down (1)" || row.lockedBy.Valid || row.doneAt.Valid {
			t.Fatalf("after first failure: %+v", row)
		}
		clk.Advance(29 * time.Second)
		runOnce(t, r, 0) // backing off
		clk.Advance(time.Second)
		runOnce(t, r, 1)
		if row := readRow(t, d, id); !row.runAt.Equal(clk.Now().Add(time.Minute)) {
			t.Fatalf("second backoff must double to 1m: %+v", row)
		}
		clk.Advance(time.Minute)
		runOnce(t, r, 1)
		row = readRow(t, d, id)
		if !row.doneAt.Valid || row.attempts != 3 || row.lastError.Valid {
			t.Fatalf("after success: %+v", row)
		}
		if fmt.Sprint(attempts) != "[1 2 3]" {
			t.Fatalf("attempts %v", attempts)
		}
	})
}

func TestGivesUpAfterMaxAttemptsAndKeepsTheRow(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		clk := clock.NewFake(t0)
		r := jobs.NewRunner(d, clk, "w1")
		calls := 0
		r.Register("flaky", func(context.Context, jobs.Job) error {
			calls++
			return errors.New("still broken")
		}, jobs.MaxAttempts(3))
		r.Register("bad", func(context.Context, jobs.Job) error {
			return jobs.Permanent(errors.New("payload names no member"))
		})
		r.Register("panics", func(context.Context, jobs.Job) error { panic("nil map") })
		flaky := enqueue(t, d, "flaky", "", nil, t0)
		bad := enqueue(t, d, "bad", "", nil, t0)
		panics := enqueue(t, d, "panics", "", nil, t0)

		for range 10 {
			r.RunOnce(context.Background())
			clk.Advance(7 * time.Hour) // beyond the backoff cap
		}
		if calls != 3 {
			t.Fatalf("handler called %d times, want 3", calls)
		}
		row := readRow(t, d, flaky)
		if !row.failedAt.Valid || row.doneAt.Valid || row.attempts != 3 || row.maxAttempts.Int64 != 3 ||
			row.lastError.String != "still broken" || row.lockedBy.Valid {
			t.Fatalf("given-up row: %+v", row)
		}
		if row := readRow(t, d, bad); !row.failedAt.Valid || row.attempts != 1 {
			t.Fatalf("a permanent error gives up at once: %+v", row)
		}
		row = readRow(t, d, panics)
		if !row.failedAt.Valid || row.attempts != jobs.DefaultMaxAttempts || !strings.Contains(row.lastError.String, "panic: nil map") {
			t.Fatalf("a panic counts as a failure: %+v", row)
		}
		runOnce(t, r, 0)
	})
}

func TestExpiredLeaseIsTakenOverByAnotherRunner(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		clk := clock.NewFake(t0)
		entered, unblock := make(chan struct{}), make(chan struct{})
		crashed := jobs.NewRunner(d, clk, "crashed")
		crashed.Register("import", func(context.Context, jobs.Job) error {
			close(entered)
			<-unblock // a worker that hangs (or died) mid-job
			return nil
		})
		var byOther []jobs.Job
		other := jobs.NewRunner(d, clk, "other")
		other.Register("import", func(_ context.Context, j jobs.Job) error {
			byOther = append(byOther, j)
			return nil
		})
		id := enqueue(t, d, "import", "batch-7", nil, t0)

		done := make(chan struct{})
		go func() { crashed.RunOnce(context.Background()); close(done) }()
		<-entered
		runOnce(t, other, 0) // leased
		clk.Advance(jobs.DefaultLease - time.Second)
		runOnce(t, other, 0)
		clk.Advance(2 * time.Second)
		runOnce(t, other, 1) // lease expired: at-least-once
		if len(byOther) != 1 || byOther[0].Attempt != 2 {
			t.Fatalf("the taking-over run must be attempt 2: %+v", byOther)
		}
		close(unblock)
		<-done
		row := readRow(t, d, id)
		if !row.doneAt.Valid || row.attempts != 2 || row.lockedBy.Valid {
			t.Fatalf("row after take-over: %+v", row)
		}
	})
}

func TestJobSurvivesRestart(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		clk := clock.NewFake(t0)
		id := enqueue(t, d, "rollup", "2025-03-01", nil, t0)
		later := enqueue(t, d, "rollup", "2025-03-02", nil, t0.Add(time.Hour))
		unknown := enqueue(t, d, "from.newer.binary", "", nil, t0)

		// The first process is stopped while the job runs: it hands the job
		// back without counting the attempt.
		ctx, stop := context.WithCancel(context.Background())
		first := jobs.NewRunner(d, clk, "before")
		first.Register("rollup", func(ctx context.Context, _ jobs.Job) error {
			stop()
			<-ctx.Done()
			return ctx.Err()
		})
		if n, err := first.RunOnce(ctx); n != 1 || err != nil {
			t.Fatalf("RunOnce = %d, %v", n, err)
		}
		if row := readRow(t, d, id); row.attempts != 0 || row.lockedBy.Valid || row.lastError.Valid {
			t.Fatalf("interrupted job must be handed back untouched: %+v", row)
		}

		// A new process over a new connection finds everything.
		d2 := reopen(t, d)
		second := jobs.NewRunner(d2, clk, "after")
		var ran []string
		second.Register("rollup", func(_ context.Context, j jobs.Job) error {
			ran = append(ran, j.Key)
			return nil
		})
		runOnce(t, second, 1)
		clk.Advance(time.Hour)
		runOnce(t, second, 1)
		if fmt.Sprint(ran) != "[2025-03-01 2025-03-02]" || !readRow(t, d, later).doneAt.Valid {
			t.Fatalf("ran %v", ran)
		}
		if row := readRow(t, d, unknown); row.attempts != 0 || row.lockedBy.Valid || row.failedAt.Valid {
			t.Fatalf("a job of an unregistered kind must be left alone: %+v", row)
		}
	})
}

func TestConcurrentRunnersRunEachJobOnce(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		const total = 200
		for i := range total {
			enqueue(t, d, "count", fmt.Sprintf("job-%03d", i), i, t0)
		}
		clk := clock.NewFake(t0)
		var seen sync.Map
		var dup atomic.Int32
		var wg sync.WaitGroup
		perWorker := make([]int, 2)
		for w := range 2 {
			conn := reopen(t, d) // its own pool, as a second instance would have
			r := jobs.NewRunner(conn, clk, fmt.Sprintf("w%d", w))
			r.Register("count", func(ctx context.Context, j jobs.Job) error {
				if _, loaded := seen.LoadOrStore(j.ID, w); loaded {
					dup.Add(1)
				}
				_, err := conn.ExecContext(ctx, "INSERT INTO ran (job_id, worker) VALUES (?, ?)", j.ID, fmt.Sprint(w))
				if err != nil {
					t.Errorf("job %s ran twice: %v", j.Key, err)
				}
				return err
			})
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					n, err := r.RunOnce(context.Background())
					if err != nil {
						t.Error(err)
						return
					}
					if n == 0 {
						return
					}
					perWorker[w] += n
				}
			}()
		}
		wg.Wait()
		if dup.Load() != 0 {
			t.Fatalf("%d jobs ran twice", dup.Load())
		}
		if n := count(t, d, "SELECT COUNT(*) FROM ran"); n != total {
			t.Fatalf("%d jobs ran, want %d", n, total)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM jobs WHERE done_at IS NOT NULL AND attempts = 1"); n != total {
			t.Fatalf("%d jobs done, want %d", n, total)
		}
		t.Logf("jobs per runner: %v", perWorker)
	})
}

func TestRunLoopWakesRunsTicksAndStops(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		clk := clock.NewFake(t0)
		r := jobs.NewRunner(d, clk, "w1")
		ran := make(chan string, 1)
		r.Register("hello", func(_ context.Context, j jobs.Job) error {
			ran <- j.Key
			return nil
		})
		var ticks atomic.Int32
		r.AddTick(func(context.Context) error {
			ticks.Add(1)
			return errors.New("ticks may fail; the loop goes on")
		})
		ctx, stop := context.WithCancel(context.Background())
		stopped := make(chan struct{})
		go func() { r.Run(ctx); close(stopped) }()

		enqueue(t, d, "hello", "now", nil, t0)
		r.Wake()
		select {
		case key := <-ran:
			if key != "now" {
				t.Fatalf("ran %q", key)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not run the due job")
		}
		stop()
		select {
		case <-stopped:
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not stop with its context")
		}
		if ticks.Load() == 0 {
			t.Fatal("ticks must run on every loop")
		}
	})
}

// reopen opens a second handle on the same database, as another process
// (or a restarted one) would.
func reopen(t *testing.T, d *db.DB) *db.DB {
	t.Helper()
	ctx := context.Background()
	var dsn string
	if d.Dialect() == db.Postgres {
		var schema string
		if err := d.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(os.Getenv(dbtest.EnvPostgres))
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		dsn = u.String()
	} else {
		var seq int
		var name, file string
		if err := d.QueryRowContext(ctx, "PRAGMA database_list").Scan(&seq, &name, &file); err != nil {
			t.Fatal(err)
		}
		dsn = "sqlite:" + file
	}
	d2, err := db.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d2.Close() })
	return d2
}
