package outbox_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/outbox"
)

var t0 = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

func emit(t *testing.T, q db.Querier, at time.Time, typ, subject string) {
	t.Helper()
	err := outbox.EmitAt(context.Background(), q, at, outbox.Event{Type: typ, SubjectID: subject,
		OrgPath: "/1/2/", Payload: map[string]string{"subject": subject}})
	if err != nil {
		t.Fatal(err)
	}
}

// recorder is a subscriber that remembers the subjects it was given.
type recorder struct {
	mu   sync.Mutex
	got  []string
	fail func(e outbox.Delivered) error
}

func (r *recorder) sub(_ context.Context, e outbox.Delivered) error {
	if r.fail != nil {
		if err := r.fail(e); err != nil {
			return err
		}
	}
	r.mu.Lock()
	r.got = append(r.got, e.SubjectID)
	r.mu.Unlock()
	return nil
}

func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.got, " ")
}

func dispatch(t *testing.T, x *outbox.Dispatcher, want int) {
	t.Helper()
	n, err := x.DispatchOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Fatalf("DispatchOnce delivered %d, want %d", n, want)
	}
}

func TestDispatchDeliversOncePerSubscriberInOrder(t *testing.T) {
	dbtest.Each(t, outbox.Migrations, func(t *testing.T, d *db.DB) {
		emit(t, d, t0, "member.created", "m1")
		emit(t, d, t0.Add(time.Second), "org.moved", "o1")
		emit(t, d, t0.Add(2*time.Second), "member.created", "m2")

		x := outbox.NewDispatcher(d)
		all, members := &recorder{}, &recorder{}
		var first outbox.Delivered
		x.Subscribe("archive", "", func(ctx context.Context, e outbox.Delivered) error {
			if first.ID == "" {
				first = e
			}
			return all.sub(ctx, e)
		})
		x.Subscribe("points", "member.created", members.sub)

		dispatch(t, x, 5)
		dispatch(t, x, 0)
		if all.String() != "m1 o1 m2" || members.String() != "m1 m2" {
			t.Fatalf("archive got %q, points got %q", all, members)
		}
		var p map[string]string
		if err := first.Decode(&p); err != nil || p["subject"] != "m1" || first.Type != "member.created" ||
			first.OrgPath != "/1/2/" || !first.At.Equal(t0) || first.ID == "" || first.Seq != 1 {
			t.Fatalf("delivered %+v (payload %v, %v)", first, p, err)
		}
		var undispatched int
		d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM outbox_events WHERE dispatched_at IS NULL").Scan(&undispatched)
		if undispatched != 0 {
			t.Fatalf("%d events not marked dispatched", undispatched)
		}

		emit(t, d, t0.Add(3*time.Second), "org.moved", "o2")
		dispatch(t, x, 1)
		if all.String() != "m1 o1 m2 o2" || members.String() != "m1 m2" {
			t.Fatalf("archive got %q, points got %q", all, members)
		}
	})
}

func TestCursorSurvivesRestart(t *testing.T) {
	dbtest.Each(t, outbox.Migrations, func(t *testing.T, d *db.DB) {
		emit(t, d, t0, "member.created", "m1")
		emit(t, d, t0.Add(time.Second), "member.created", "m2")
		before := &recorder{}
		x := outbox.NewDispatcher(d)
		x.Subscribe("points", "", before.sub)
		dispatch(t, x, 2)

		emit(t, d, t0.Add(2*time.Second), "member.created", "m3")
		after := &recorder{}
		y := outbox.NewDispatcher(d) // the restarted process
		y.Subscribe("points", "", after.sub)
		dispatch(t, y, 1)
		if after.String() != "m3" {
			t.Fatalf("after restart got %q, want only the new event", after)
		}
		var lastID sql.NullString
		var lastSeq int64
		d.QueryRowContext(context.Background(), "SELECT last_seq, last_id FROM outbox_cursors WHERE subscriber = 'points'").
			Scan(&lastSeq, &lastID)
		if lastSeq != 3 || !lastID.Valid {
			t.Fatalf("cursor at %d (%v)", lastSeq, lastID)
		}
	})
}

func TestFailureIsRetriedAndSubscribersAreIndependent(t *testing.T) {
	dbtest.Each(t, outbox.Migrations, func(t *testing.T, d *db.DB) {
		for i := 1; i <= 3; i++ {
			emit(t, d, t0.Add(time.Duration(i)*time.Second), "dues.paid", fmt.Sprintf("e%d", i))
		}
		clk := clock.NewFake(t0.Add(time.Minute))
		x := outbox.NewDispatcher(d, outbox.WithClock(clk))
		broken := true
		flaky := &recorder{fail: func(e outbox.Delivered) error {
			if e.SubjectID == "e2" && broken {
				return errors.New("ledger unavailable")
			}
			return nil
		}}
		steady := &recorder{}
		x.Subscribe("ledger", "dues.paid", flaky.sub)
		x.Subscribe("dashboard", "", steady.sub)

		n, err := x.DispatchOnce(context.Background())
		if n != 4 || err == nil || !strings.Contains(err.Error(), "ledger unavailable") {
			t.Fatalf("DispatchOnce = %d, %v", n, err)
		}
		if flaky.String() != "e1" || steady.String() != "e1 e2 e3" {
			t.Fatalf("ledger got %q, dashboard got %q", flaky, steady)
		}
		var lastErr sql.NullString
		var failures int
		d.QueryRowContext(context.Background(), "SELECT last_error, failures FROM outbox_cursors WHERE subscriber = 'ledger'").
			Scan(&lastErr, &failures)
		if lastErr.String != "ledger unavailable" || failures != 1 {
			t.Fatalf("cursor error %q, failures %d", lastErr.String, failures)
		}

		broken = false
		dispatch(t, x, 0) // waiting out the retry delay
		clk.Advance(5 * time.Second)
		dispatch(t, x, 2)
		if flaky.String() != "e1 e2 e3" || steady.String() != "e1 e2 e3" {
			t.Fatalf("ledger got %q, dashboard got %q", flaky, steady)
		}
		d.QueryRowContext(context.Background(), "SELECT last_error, failures FROM outbox_cursors WHERE subscriber = 'ledger'").
			Scan(&lastErr, &failures)
		if lastErr.Valid || failures != 0 {
			t.Fatalf("a success must clear the error: %q, %d", lastErr.String, failures)
		}
	})
}

func TestPanickingSubscriberIsAFailure(t *testing.T) {
	dbtest.Each(t, outbox.Migrations, func(t *testing.T, d *db.DB) {
		emit(t, d, t0, "member.created", "m1")
		x := outbox.NewDispatcher(d)
		x.Subscribe("boom", "", func(context.Context, outbox.Delivered) error { panic("nil map") })
		if n, err := x.DispatchOnce(context.Background()); n != 0 || err == nil || !strings.Contains(err.Error(), "panic: nil map") {
			t.Fatalf("DispatchOnce = %d, %v", n, err)
		}
	})
}

// An event whose transaction commits after a later event was delivered must
// still be delivered: the reason events are numbered at dispatch time.
func TestLateCommittedEventIsNotLost(t *testing.T) {
	dbtest.Each(t, outbox.Migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		got := &recorder{}
		x := outbox.NewDispatcher(d)
		x.Subscribe("archive", "", got.sub)
		if d.Dialect() != db.Postgres {
			// SQLite has one writer, so the late commit is replayed after the fact.
			emit(t, d, t0.Add(time.Minute), "member.created", "later")
			dispatch(t, x, 1)
			emit(t, d, t0, "member.created", "earlier")
			dispatch(t, x, 1)
		} else {
			tx, err := d.Pool().BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO outbox_events (id, type, subject_id, org_path, payload, created_at)
				VALUES ('00000000000000000000000000', 'member.created', 'earlier', '/', '{}', $1)`, t0.UnixMilli())
			if err != nil {
				t.Fatal(err)
			}
			emit(t, d, t0.Add(time.Minute), "member.created", "later")
			dispatch(t, x, 1)
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			dispatch(t, x, 1)
		}
		if got.String() != "later earlier" {
			t.Fatalf("got %q", got)
		}
	})
}

// Two instances dispatching at once: the cursor lease lets one deliver to a
// subscriber at a time, so no event is delivered twice (or skipped).
func TestTwoDispatchersShareTheWork(t *testing.T) {
	dbtest.Each(t, outbox.Migrations, func(t *testing.T, d *db.DB) {
		const total = 100
		for i := range total {
			emit(t, d, t0.Add(time.Duration(i)*time.Millisecond), "member.created", fmt.Sprintf("m%03d", i))
		}
		counts := map[string]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for w := range 2 {
			x := outbox.NewDispatcher(d, outbox.WithWorkerID(fmt.Sprint("w", w)))
			for _, name := range []string{"a", "b"} {
				x.Subscribe(name, "", func(_ context.Context, e outbox.Delivered) error {
					mu.Lock()
					counts[name+"/"+e.SubjectID]++
					mu.Unlock()
					time.Sleep(100 * time.Microsecond)
					return nil
				})
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					if _, err := x.DispatchOnce(context.Background()); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		if len(counts) != 2*total {
			t.Fatalf("%d distinct deliveries, want %d", len(counts), 2*total)
		}
		for k, n := range counts {
			if n != 1 {
				t.Fatalf("%s delivered %d times", k, n)
			}
		}
	})
}

func TestBatchSubscriberGetsWholeBatchesAndRetriesThemWhole(t *testing.T) {
	dbtest.Each(t, outbox.Migrations, func(t *testing.T, d *db.DB) {
		for i := 1; i <= 700; i++ {
			typ := "dues.paid"
			if i%100 == 0 {
				typ = "org.moved"
			}
			emit(t, d, t0.Add(time.Duration(i)*time.Millisecond), typ, fmt.Sprintf("e%d", i))
		}
		clk := clock.NewFake(t0.Add(time.Minute))
		x := outbox.NewDispatcher(d, outbox.WithClock(clk))
		var sizes []int
		seen := map[string]int{}
		broken := true
		x.SubscribeBatch("ledger", "dues.paid", func(_ context.Context, batch []outbox.Delivered) error {
			if broken && len(sizes) == 1 {
				return errors.New("ledger unavailable")
			}
			sizes = append(sizes, len(batch))
			for _, e := range batch {
				if e.Type != "dues.paid" {
					t.Errorf("got %s", e.Type)
				}
				seen[e.SubjectID]++
			}
			return nil
		})
		// 693 matching events among the first 700 numbers: numbering takes
		// 1000 at a time, delivery 500 at a time.
		if n, err := x.DispatchOnce(context.Background()); n != 500 || err != nil {
			t.Fatalf("first DispatchOnce = %d, %v", n, err)
		}
		if n, err := x.DispatchOnce(context.Background()); n != 0 || err == nil {
			t.Fatalf("failing batch: DispatchOnce = %d, %v", n, err)
		}
		broken = false
		clk.Advance(5 * time.Second)
		dispatch(t, x, 193)
		dispatch(t, x, 0)
		if len(sizes) != 2 || sizes[0] != 500 || sizes[1] != 193 || len(seen) != 693 {
			t.Fatalf("batches %v, %d distinct events", sizes, len(seen))
		}
		for id, n := range seen {
			if n != 1 {
				t.Fatalf("%s delivered %d times", id, n)
			}
		}
	})
}
