package notify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/notify/notifytest"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/jobs"
)

const crashMembers = 30000

// crashDirectory is the same 30,000 members in the parent and in the child.
func crashDirectory() *notifytest.Directory {
	dir := notifytest.New()
	tree(dir, crashMembers-13, 10)
	return dir
}

// TestCrashChild is the server that gets killed: it runs the job runner on
// the database named by CRASH_DSN until its parent kills it with SIGKILL.
func TestCrashChild(t *testing.T) {
	dsn := os.Getenv("CRASH_DSN")
	if dsn == "" {
		t.Skip("run by TestExactlyOnceAcrossKill")
	}
	d, err := db.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, d, clock.NewFake(time.Now()), crashDirectory(), "child")
	e.run.Run(context.Background())
}

// TestExactlyOnceAcrossKill kills the process while it sends a fan-out, then
// lets another process finish it: every recipient has exactly one copy and
// the counts agree.
func TestExactlyOnceAcrossKill(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	dbtest.EachDSN(t, steps, func(t *testing.T, d *db.DB, dsn string) {
		e := newEnv(t, d, clock.NewFake(time.Now()), crashDirectory(), "parent")
		start(t, e, notify.Fanout{Message: notice("K1"), Audience: notify.Audience{Subtrees: []string{orgID("R")}}})

		child := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		child.Env = append(os.Environ(), "CRASH_DSN="+dsn)
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		sent := waitForProgress(t, d, child)
		if err := child.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		child.Wait()
		if sent >= crashMembers {
			t.Fatalf("the child finished before it was killed (%d sent); the test proves nothing", sent)
		}
		t.Logf("killed the sender after %d of %d copies", sent, crashMembers)

		// The dead worker's lease has to lapse before anyone takes the job.
		e.clk.Advance(jobs.DefaultLease + time.Minute)
		e.drain(t)
		assertExactlyOnce(t, e, "K1", crashMembers)
	})
}

// waitForProgress polls until the child has committed some batches.
func waitForProgress(t *testing.T, d *db.DB, child *exec.Cmd) int64 {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var sent int64
		err := d.QueryRowContext(context.Background(), "SELECT sent FROM fanouts WHERE subject_id = 'K1'").Scan(&sent)
		if err == nil && sent >= 4000 {
			return sent
		}
		time.Sleep(5 * time.Millisecond)
	}
	child.Process.Kill()
	t.Fatal("the child made no progress")
	return 0
}

func assertExactlyOnce(t *testing.T, e *env, subject string, want int) {
	t.Helper()
	ctx := context.Background()
	var copies, recipients int
	if err := e.d.QueryRowContext(ctx, "SELECT COUNT(*), COUNT(DISTINCT recipient) FROM messages WHERE subject_id = ?",
		subject).Scan(&copies, &recipients); err != nil {
		t.Fatal(err)
	}
	if copies != want || recipients != want {
		t.Errorf("%s: %d copies to %d recipients, want exactly %d each", subject, copies, recipients, want)
	}
	whole, _, err := e.n.Tallies(ctx, "notice", subject, "/"+orgID("R")+"/")
	if err != nil || whole.Total != int64(want) {
		t.Errorf("%s: tallied %d, want %d (%v)", subject, whole.Total, want, err)
	}
	if p, _ := e.n.FanoutProgress(ctx, "notice", subject); !p.Finished || p.Sent != int64(want) {
		t.Errorf("%s: progress %+v", subject, p)
	}
}

// TestTwoRunnersOnePostgres runs two servers' runners side by side on one
// PostgreSQL database, with each fan-out queued twice (as if a lease had
// lapsed while its first runner was still working), plus many reminders:
// still exactly one copy per key, and counts that match.
func TestTwoRunnersOnePostgres(t *testing.T) {
	dbtest.EachDSN(t, steps, func(t *testing.T, d *db.DB, dsn string) {
		if !strings.HasPrefix(dsn, "postgres") {
			t.Skip("two servers on one database is the PostgreSQL deployment")
		}
		d2, err := db.Open(dsn) // the second server's own connections
		if err != nil {
			t.Fatal(err)
		}
		defer d2.Close()
		dir := notifytest.New()
		tree(dir, 6000, 500)
		clk := clock.NewFake(time.Now())
		a, b := newEnv(t, d, clk, dir, "server-a"), newEnv(t, d2, clk, dir, "server-b")
		subjects := queueTwice(t, a, 4)
		for _, e := range []*env{a, b} {
			e.n.RegisterReminder("meeting", func(ctx context.Context, _ string, raw json.RawMessage) ([]notify.Message, error) {
				var p struct{ Occasion int }
				if err := json.Unmarshal(raw, &p); err != nil {
					return nil, err
				}
				return []notify.Message{{Key: fmt.Sprint("meeting:", p.Occasion), Kind: "meeting", Title: "明天开会",
					To: []notify.Recipient{{ID: "a00001"}}}}, nil
			})
		}
		ctx := context.Background()
		for i := 0; i < 100; i++ {
			occasion := map[string]int{"occasion": i}
			if err := a.n.Remind(ctx, d, "meeting", fmt.Sprint(i), clk.Now(), occasion); err != nil {
				t.Fatal(err)
			}
			// The same occasion queued under a second key: two jobs, one message.
			if _, err := jobs.Enqueue(ctx, d, "reminder.meeting", fmt.Sprint(i, "-dup"), occasion, clk.Now()); err != nil {
				t.Fatal(err)
			}
		}
		runSideBySide(t, a, b)
		for _, s := range subjects {
			assertExactlyOnce(t, a, s, 6503)
		}
		if n := count(t, d, "kind = 'meeting'"); n != 100 {
			t.Errorf("meeting reminders = %d, want 100", n)
		}
	})
}

// queueTwice starts n fan-outs and queues each a second time under another
// job key, so two runners can work on one fan-out at once.
func queueTwice(t *testing.T, e *env, n int) []string {
	ctx := context.Background()
	var subjects []string
	for i := 0; i < n; i++ {
		s := fmt.Sprintf("T%d", i)
		subjects = append(subjects, s)
		start(t, e, notify.Fanout{Message: notice(s), Audience: notify.Audience{Subtrees: []string{orgID("R")}}})
		var id string
		if err := e.d.QueryRowContext(ctx, "SELECT id FROM fanouts WHERE subject_id = ?", s).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := jobs.Enqueue(ctx, e.d, "notify.fanout", id+"-again", map[string]string{"fanout": id}, e.clk.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return subjects
}

// runSideBySide runs both runners concurrently until neither finds work.
func runSideBySide(t *testing.T, envs ...*env) {
	var wg sync.WaitGroup
	errs := make(chan error, len(envs))
	for _, e := range envs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n, err := e.run.RunOnce(context.Background())
				if err != nil {
					errs <- err
					return
				}
				if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	envs[0].drain(t) // anything one runner released while the other stopped
}
