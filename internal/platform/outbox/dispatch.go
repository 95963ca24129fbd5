package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
)

// Why events are delivered by a sequence stamped at dispatch time, not by ID.
//
// Event IDs come from ids.At(the emitter's clock), and outbox rows become
// visible when their transaction commits, which is a different order: a
// transaction that emitted early (a long import, or a "now" taken before
// waiting for SQLite's write lock) can commit after a later event has been
// delivered. A cursor on the ID would then step over it for good. A safety
// lag (only deliver events older than a few seconds) merely narrows that
// window, and a sequence assigned at INSERT (BIGSERIAL) has the same flaw on
// PostgreSQL, where sequence values are handed out before commit.
//
// So the dispatcher numbers events itself, after they are committed: each
// DispatchOnce takes the one row of outbox_sequence (an UPDATE, which locks
// it on both engines, so instances take turns), gives the visible events
// that have no number yet the next numbers in ID order, and commits. Numbers
// are then final and gap-free in commit order, and each subscriber's cursor
// is the last number it has acknowledged. A late-committing event is simply
// numbered (and delivered) a little later than its ID suggests; nothing is
// lost and nothing waits on a timer. dispatched_at records when an event was
// numbered, i.e. entered the delivery stream: operators see events stuck
// before dispatch by dispatched_at IS NULL (the existing pending index), and
// each subscriber's progress and last error in outbox_cursors.
//
// The cursor row also carries a lease, so that with several instances one
// of them at a time delivers to a given subscriber (fewer duplicates), and a
// retry delay, so a failing subscriber is not called every second.
var dispatchMigration = db.Migration{
	ID: "outbox.0002_dispatch",
	SQL: `
ALTER TABLE outbox_events ADD COLUMN seq BIGINT;
CREATE UNIQUE INDEX outbox_events_seq ON outbox_events (seq);
CREATE INDEX outbox_events_type_seq ON outbox_events (type, seq);
CREATE TABLE outbox_sequence (id INTEGER PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO outbox_sequence (id, n) VALUES (1, 0);
CREATE TABLE outbox_cursors (
	subscriber   TEXT PRIMARY KEY,
	last_seq     BIGINT NOT NULL DEFAULT 0,
	last_id      TEXT,
	failures     INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT,
	locked_by    TEXT,
	locked_until BIGINT,
	updated_at   BIGINT NOT NULL
);
`,
}

// The migration is appended here rather than edited into outbox.go's list:
// migrations are append-only, and this keeps the dispatcher in one file.
func init() { Migrations = append(Migrations, dispatchMigration) }

const (
	numberBatch   = 1000 // events numbered per DispatchOnce
	deliverBatch  = 500  // events delivered per subscriber per DispatchOnce
	dispatchLease = 5 * time.Minute
	retryBase     = 5 * time.Second
	retryCap      = 10 * time.Minute
	// writeTimeout bounds the bookkeeping that must survive shutdown.
	writeTimeout = 10 * time.Second
)

// Delivered is an event as a subscriber receives it: Payload holds the
// stored JSON as a json.RawMessage (use Decode).
type Delivered struct {
	Event
	ID  string    // the event's ID
	At  time.Time // when it was emitted (UTC)
	Seq int64     // its place in the delivery stream
}

// Decode unmarshals the event's JSON payload into v. A Delivered built by
// hand (a subscriber's test) may hold any value; it goes through JSON too.
func (e Delivered) Decode(v any) error {
	raw, ok := e.Payload.(json.RawMessage)
	if !ok {
		var err error
		if raw, err = json.Marshal(e.Payload); err != nil {
			return err
		}
	}
	return json.Unmarshal(raw, v)
}

// Subscriber consumes one event. Delivery is at-least-once (a crash between
// the work and the cursor update repeats the event), so it must be
// idempotent. An error stops this subscriber's batch; the same event is
// offered again after a delay.
type Subscriber func(ctx context.Context, e Delivered) error

// Dispatcher delivers outbox events to subscribers, each from its own
// durable cursor, in delivery-stream order.
type Dispatcher struct {
	d      *db.DB
	clk    clock.Clock
	worker string

	mu   sync.Mutex
	subs []subscription
}

type subscription struct {
	name, eventType string
	fn              Subscriber
	batch           BatchSubscriber // instead of fn
}

// BatchSubscriber consumes a batch of events (in delivery order, at most
// deliverBatch of them) in one go, typically in one transaction: a derived
// view fed by many events (the points ledger) writes them with a few
// multi-row statements instead of several statements per event. Like a
// Subscriber it must be idempotent; an error repeats the whole batch later.
type BatchSubscriber func(ctx context.Context, batch []Delivered) error

// DispatcherOption configures a Dispatcher.
type DispatcherOption func(*Dispatcher)

// WithClock sets the clock used for leases and retry delays (tests).
func WithClock(c clock.Clock) DispatcherOption { return func(x *Dispatcher) { x.clk = c } }

// WithWorkerID names this instance in the cursor rows it leases.
func WithWorkerID(id string) DispatcherOption { return func(x *Dispatcher) { x.worker = id } }

// NewDispatcher makes a dispatcher over d. Call DispatchOnce periodically
// (the job runner's AddTick is the usual place).
func NewDispatcher(d *db.DB, opts ...DispatcherOption) *Dispatcher {
	x := &Dispatcher{d: d, clk: clock.Real{}, worker: "dispatcher-" + ids.New()}
	for _, o := range opts {
		o(x)
	}
	return x
}

// Subscribe adds fn for events of eventType ("" for all). name identifies
// the subscriber durably: its cursor is stored under it, so renaming a
// subscriber replays history to it. A new subscriber starts from the first
// event ever recorded, which is what derived views (points, archives,
// rollups) need to build themselves.
func (x *Dispatcher) Subscribe(name, eventType string, fn Subscriber) {
	x.add(subscription{name: name, eventType: eventType, fn: fn})
}

// SubscribeBatch is Subscribe for a BatchSubscriber.
func (x *Dispatcher) SubscribeBatch(name, eventType string, fn BatchSubscriber) {
	x.add(subscription{name: name, eventType: eventType, batch: fn})
}

func (x *Dispatcher) add(sub subscription) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, s := range x.subs {
		if s.name == sub.name {
			panic("outbox: subscriber " + sub.name + " registered twice")
		}
	}
	x.subs = append(x.subs, sub)
}

// DispatchOnce numbers newly committed events, then gives each subscriber
// the next batch after its cursor, advancing the cursor after each success.
// It returns how many deliveries succeeded, and the subscribers' errors.
func (x *Dispatcher) DispatchOnce(ctx context.Context) (int, error) {
	x.mu.Lock()
	subs := append([]subscription(nil), x.subs...)
	x.mu.Unlock()
	if len(subs) == 0 {
		return 0, nil
	}
	high, err := x.number(ctx)
	if err != nil {
		return 0, fmt.Errorf("outbox: numbering events: %w", err)
	}
	total := 0
	var errs []error
	for _, s := range subs {
		n, err := x.deliver(ctx, s, high)
		total += n
		if err != nil {
			errs = append(errs, fmt.Errorf("outbox subscriber %s: %w", s.name, err))
		}
	}
	return total, errors.Join(errs...)
}

// number stamps committed, unnumbered events with the next sequence numbers
// and returns the highest number given so far. One UPDATE numbers the whole
// batch (ROW_NUMBER in ID order), so numbering is not the slow step of a
// busy outbox.
func (x *Dispatcher) number(ctx context.Context) (high int64, err error) {
	err = x.d.InTx(ctx, func(tx *db.Tx) error {
		// Locks the counter row until commit: numbering is one at a time.
		if err := tx.QueryRowContext(ctx, "UPDATE outbox_sequence SET n = n WHERE id = 1 RETURNING n").Scan(&high); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE outbox_events SET seq = fresh.seq, dispatched_at = ?
			FROM (SELECT id, CAST(? AS BIGINT) + ROW_NUMBER() OVER (ORDER BY created_at, id) AS seq FROM outbox_events
				WHERE dispatched_at IS NULL ORDER BY created_at, id LIMIT ?) AS fresh
			WHERE outbox_events.id = fresh.id`, x.clk.Now().UnixMilli(), high, numberBatch)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n == 0 {
			return err
		}
		high += n
		_, err = tx.ExecContext(ctx, "UPDATE outbox_sequence SET n = ? WHERE id = 1", high)
		return err
	})
	return high, err
}

// deliver runs one batch for one subscriber under its cursor's lease.
func (x *Dispatcher) deliver(ctx context.Context, s subscription, high int64) (int, error) {
	cursor, ok, err := x.lease(ctx, s.name)
	if err != nil || !ok {
		return 0, err // another instance is on it, or it is waiting to retry
	}
	if cursor >= high {
		x.release(ctx, s.name)
		return 0, nil
	}
	events, err := x.load(ctx, s.eventType, cursor, high)
	if err != nil {
		x.release(ctx, s.name)
		return 0, err
	}
	if s.batch != nil {
		return x.deliverBatch(ctx, s, events, high)
	}
	for i, e := range events {
		if err := x.call(ctx, func(ctx context.Context) error { return s.fn(ctx, e) }); err != nil {
			x.stopped(ctx, s.name, err)
			return i, err
		}
		if !x.advance(ctx, s.name, e.Seq, e.ID) {
			return i + 1, errors.New("lease lost during delivery")
		}
	}
	x.finish(ctx, s.name, events, high)
	return len(events), nil
}

// deliverBatch hands the whole batch to a BatchSubscriber and moves the
// cursor past it once it succeeded.
func (x *Dispatcher) deliverBatch(ctx context.Context, s subscription, events []Delivered, high int64) (int, error) {
	if len(events) > 0 {
		if err := x.call(ctx, func(ctx context.Context) error { return s.batch(ctx, events) }); err != nil {
			x.stopped(ctx, s.name, err)
			return 0, err
		}
		last := events[len(events)-1]
		if !x.advance(ctx, s.name, last.Seq, last.ID) {
			return len(events), errors.New("lease lost during delivery")
		}
	}
	x.finish(ctx, s.name, events, high)
	return len(events), nil
}

// finish releases the lease after a batch. A short batch saw every matching
// event up to high: the cursor moves past the events of other types too, so
// they are not scanned again.
func (x *Dispatcher) finish(ctx context.Context, name string, events []Delivered, high int64) {
	if len(events) < deliverBatch && (len(events) == 0 || events[len(events)-1].Seq < high) {
		x.advance(ctx, name, high, "")
	}
	x.release(ctx, name)
}

// lease creates the subscriber's cursor if needed and takes it; ok is false
// when another instance holds it or a retry delay has not passed.
func (x *Dispatcher) lease(ctx context.Context, name string) (cursor int64, ok bool, err error) {
	now := x.clk.Now()
	if _, err := x.d.ExecContext(ctx, `INSERT INTO outbox_cursors (subscriber, last_seq, updated_at)
		VALUES (?, 0, ?) ON CONFLICT DO NOTHING`, name, now.UnixMilli()); err != nil {
		return 0, false, err
	}
	err = x.d.QueryRowContext(ctx, `UPDATE outbox_cursors SET locked_by = ?, locked_until = ?
		WHERE subscriber = ? AND (locked_until IS NULL OR locked_until <= ?) RETURNING last_seq`,
		x.worker, now.Add(dispatchLease).UnixMilli(), name, now.UnixMilli()).Scan(&cursor)
	if db.IsNoRows(err) {
		return 0, false, nil
	}
	return cursor, err == nil, err
}

func (x *Dispatcher) load(ctx context.Context, eventType string, after, high int64) ([]Delivered, error) {
	var a db.Args
	a.Add("seq > ?", after)
	a.Add("seq <= ?", high)
	if eventType != "" {
		a.Add("type = ?", eventType)
	}
	rows, err := x.d.QueryContext(ctx, `SELECT seq, id, type, subject_id, org_path, payload, created_at
		FROM outbox_events`+a.Where()+` ORDER BY seq LIMIT ?`, append(a.Values(), deliverBatch)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Delivered
	for rows.Next() {
		var e Delivered
		var payload string
		var at int64
		if err := rows.Scan(&e.Seq, &e.ID, &e.Type, &e.SubjectID, &e.OrgPath, &payload, &at); err != nil {
			return nil, err
		}
		e.Payload, e.At = json.RawMessage(payload), time.UnixMilli(at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// call runs the subscriber with the lease as its deadline, so a run that
// would outlive the lease (and be repeated by another instance) is stopped,
// and turns a panic into an error.
func (x *Dispatcher) call(ctx context.Context, fn func(context.Context) error) (err error) {
	ctx, cancel := context.WithTimeout(ctx, dispatchLease)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return fn(ctx)
}

// advance moves the cursor forward (never back) and renews the lease; it
// reports whether this instance still held the lease. id "" keeps last_id.
func (x *Dispatcher) advance(ctx context.Context, name string, seq int64, id string) bool {
	now := x.clk.Now()
	var lastID any
	if id != "" {
		lastID = id
	}
	n := x.write(ctx, `UPDATE outbox_cursors SET last_seq = ?, last_id = COALESCE(?, last_id), failures = 0,
		last_error = NULL, locked_until = ?, updated_at = ? WHERE subscriber = ? AND locked_by = ? AND last_seq < ?`,
		seq, lastID, now.Add(dispatchLease).UnixMilli(), now.UnixMilli(), name, x.worker, seq)
	return n == 1
}

// fail records the error and holds the subscriber back for a growing delay
// (5s, 10s, ... 10 min), so a broken consumer is neither hammered nor
// flooding the log, and picks up again on its own once fixed.
func (x *Dispatcher) fail(ctx context.Context, name string, cause error) {
	var failures int
	x.d.QueryRowContext(ctx, "SELECT failures FROM outbox_cursors WHERE subscriber = ?", name).Scan(&failures)
	delay := retryCap
	if failures < 16 {
		delay = min(retryBase<<failures, retryCap)
	}
	now := x.clk.Now()
	slog.Warn("outbox subscriber failed; will retry", "subscriber", name, "err", cause, "retry_in", delay)
	x.write(ctx, `UPDATE outbox_cursors SET failures = failures + 1, last_error = ?, locked_by = NULL,
		locked_until = ?, updated_at = ? WHERE subscriber = ? AND locked_by = ?`,
		cause.Error(), now.Add(delay).UnixMilli(), now.UnixMilli(), name, x.worker)
}

// stopped ends a batch a subscriber failed: a failure is held back for
// retry, a shutdown (not the subscriber's fault) just gives the lease up.
func (x *Dispatcher) stopped(ctx context.Context, name string, err error) {
	if ctx.Err() == nil {
		x.fail(ctx, name, err)
	} else {
		x.release(ctx, name)
	}
}

func (x *Dispatcher) release(ctx context.Context, name string) {
	x.write(ctx, "UPDATE outbox_cursors SET locked_by = NULL, locked_until = NULL WHERE subscriber = ? AND locked_by = ?",
		name, x.worker)
}

// write runs cursor bookkeeping even during shutdown, and returns the rows
// it changed.
func (x *Dispatcher) write(ctx context.Context, q string, args ...any) int64 {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
	defer cancel()
	res, err := x.d.ExecContext(wctx, q, args...)
	if err != nil {
		slog.Error("outbox: updating cursor failed", "err", err)
		return 0
	}
	n, _ := res.RowsAffected()
	return n
}

// MovedPaths reads an "org.moved" event as the orgs capability writes it:
// the payload's "old_path" and the event's OrgPath (the new path), both
// ending in the moved org's ID. ok is false for an event without them,
// which a subscriber should then ignore.
func MovedPaths(e Delivered) (oldPath, newPath string, ok bool) {
	var p struct {
		OldPath string `json:"old_path"`
	}
	own := "/" + e.SubjectID + "/"
	if err := e.Decode(&p); err != nil || p.OldPath == e.OrgPath ||
		!strings.HasSuffix(p.OldPath, own) || !strings.HasSuffix(e.OrgPath, own) {
		return "", "", false
	}
	return p.OldPath, e.OrgPath, true
}
