package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

const (
	// DefaultMaxAttempts is how many runs a job gets before it is given up.
	DefaultMaxAttempts = 8
	// DefaultLease is how long one run may take before the job is presumed
	// abandoned and another runner may take it. It is also the handler's
	// deadline, so a run that overstays its lease is told to stop.
	DefaultLease = 5 * time.Minute

	batchSize    = 16
	pollInterval = time.Second
	backoffBase  = 30 * time.Second
	backoffCap   = 6 * time.Hour
	// writeTimeout bounds the bookkeeping after a run; it uses a context
	// detached from shutdown so a finished job is still recorded as done.
	writeTimeout = 10 * time.Second
)

// Option tunes how one kind of job runs.
type Option func(*kind)

// MaxAttempts sets how many runs a job of this kind gets (default 8).
func MaxAttempts(n int) Option { return func(k *kind) { k.maxAttempts = max(n, 1) } }

type kind struct {
	handler     Handler
	maxAttempts int
	lease       time.Duration
}

// Runner claims due jobs and runs their handlers. One runs per process; any
// number may share a PostgreSQL database.
type Runner struct {
	d      *db.DB
	clk    clock.Clock
	worker string
	wake   chan struct{}

	mu    sync.RWMutex
	kinds map[string]kind
	ticks []func(ctx context.Context) error
}

// NewRunner makes a runner that records workerID (host and pid, say) in the
// rows it locks, so an operator can see who holds a job.
func NewRunner(d *db.DB, clk clock.Clock, workerID string) *Runner {
	return &Runner{d: d, clk: clk, worker: workerID, wake: make(chan struct{}, 1), kinds: map[string]kind{}}
}

// Register sets the handler for kind. Jobs of kinds no handler is registered
// for stay pending, untouched, so a newer binary running beside this one (a
// rolling upgrade) can run them.
func (r *Runner) Register(kindName string, h Handler, opts ...Option) {
	k := kind{handler: h, maxAttempts: DefaultMaxAttempts, lease: DefaultLease}
	for _, o := range opts {
		o(&k)
	}
	r.mu.Lock()
	r.kinds[kindName] = k
	r.mu.Unlock()
}

// AddTick adds fn to every iteration of Run, before the due jobs are run
// (the outbox dispatcher's DispatchOnce, for example). Errors are logged.
func (r *Runner) AddTick(fn func(ctx context.Context) error) {
	r.mu.Lock()
	r.ticks = append(r.ticks, fn)
	r.mu.Unlock()
}

// Wake makes Run look for due jobs now instead of after its poll interval
// (call it after committing an Enqueue that should run at once).
func (r *Runner) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run runs ticks and due jobs until ctx is done, polling every second. Jobs
// interrupted by shutdown are released without counting the attempt.
func (r *Runner) Run(ctx context.Context) {
	slog.Info("job runner started", "worker", r.worker)
	timer := time.NewTimer(pollInterval)
	defer timer.Stop()
	for ctx.Err() == nil {
		r.runTicks(ctx)
		n, err := r.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			slog.Error("job runner: claiming jobs failed", "err", err)
		}
		if err == nil && n >= batchSize {
			continue // a full batch: more are probably due
		}
		timer.Reset(pollInterval)
		select {
		case <-ctx.Done():
		case <-r.wake:
		case <-timer.C:
		}
	}
	slog.Info("job runner stopped", "worker", r.worker)
}

func (r *Runner) runTicks(ctx context.Context) {
	r.mu.RLock()
	ticks := append([]func(context.Context) error(nil), r.ticks...)
	r.mu.RUnlock()
	for _, fn := range ticks {
		if err := protect(func() error { return fn(ctx) }); err != nil && ctx.Err() == nil {
			slog.Error("job runner: tick failed", "err", err)
		}
	}
}

// Drain runs due jobs until none is left (tests, one-off commands); jobs
// that keep making more after 100 rounds are reported as an error.
func (r *Runner) Drain(ctx context.Context) error {
	for range 100 {
		n, err := r.RunOnce(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
	return errors.New("jobs: still running after 100 rounds")
}

// RunOnce claims one batch of due jobs of the registered kinds and runs
// them in due order. ran counts the handlers called, whether they succeeded
// or not; err reports only a failure to claim.
func (r *Runner) RunOnce(ctx context.Context) (ran int, err error) {
	kinds := r.snapshot()
	if len(kinds) == 0 {
		return 0, nil
	}
	claimed, err := r.claim(ctx, kinds)
	if err != nil {
		return 0, err
	}
	for i, c := range claimed {
		if ctx.Err() != nil {
			r.release(ctx, claimed[i:])
			break
		}
		if r.runOne(ctx, c, kinds[c.Kind]) {
			ran++
		}
	}
	return ran, nil
}

func (r *Runner) snapshot() map[string]kind {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make(map[string]kind, len(r.kinds))
	for name, k := range r.kinds {
		out[name] = k
	}
	return out
}

// claimed is a job this runner holds the lease of.
type claimed struct {
	Job
	maxAttempts sql.NullInt64 // per-job override
}

// claim leases up to batchSize due jobs. An expired lease (its worker died)
// counts as unlocked, which is what makes delivery at-least-once. On
// PostgreSQL SKIP LOCKED lets several runners claim side by side without
// waiting on each other; SQLite has a single writer, so the statement is
// atomic as it stands.
func (r *Runner) claim(ctx context.Context, kinds map[string]kind) ([]claimed, error) {
	now := r.clk.Now()
	names := make([]string, 0, len(kinds))
	var lease time.Duration
	for name, k := range kinds {
		names = append(names, name)
		lease = max(lease, k.lease)
	}
	lock := ""
	if r.d.Dialect() == db.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	args := []any{r.worker, now.Add(lease).UnixMilli(), now.UnixMilli(), now.UnixMilli()}
	for _, n := range names {
		args = append(args, n)
	}
	args = append(args, batchSize)
	rows, err := r.d.QueryContext(ctx, `UPDATE jobs SET locked_by = ?, locked_until = ? WHERE id IN (
		SELECT id FROM jobs WHERE `+pending+` AND run_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
		AND kind IN (`+db.Placeholders(len(names))+`) ORDER BY run_at LIMIT ?`+lock+`)
		RETURNING id, kind, key, payload, run_at, max_attempts`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []claimed
	for rows.Next() {
		var c claimed
		var key sql.NullString
		var payload string
		var runAt int64
		if err := rows.Scan(&c.ID, &c.Kind, &key, &payload, &runAt, &c.maxAttempts); err != nil {
			return nil, err
		}
		c.Key, c.Payload, c.RunAt = key.String, []byte(payload), time.UnixMilli(runAt).UTC()
		out = append(out, c)
	}
	// RETURNING gives no order; run the most overdue first.
	sort.Slice(out, func(i, j int) bool {
		if !out[i].RunAt.Equal(out[j].RunAt) {
			return out[i].RunAt.Before(out[j].RunAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, rows.Err()
}

// runOne runs one claimed job and records the outcome; it reports whether
// the handler was called.
func (r *Runner) runOne(ctx context.Context, c claimed, k kind) bool {
	attempt, ok := r.start(ctx, c, k)
	if !ok {
		return false
	}
	c.Attempt = attempt
	limit := k.maxAttempts
	if c.maxAttempts.Valid {
		limit = int(c.maxAttempts.Int64)
	}
	log := slog.With("job", c.ID, "kind", c.Kind, "key", c.Key, "attempt", attempt)
	if attempt > limit {
		// Earlier attempts started but never finished: the job keeps killing
		// or hanging its worker, so stop feeding it to more workers.
		r.giveUp(ctx, c, limit, "gave up: the worker stopped during the last attempt", log)
		return false
	}
	runCtx, cancel := context.WithTimeout(ctx, k.lease)
	err := protect(func() error { return k.handler(runCtx, c.Job) })
	cancel()
	switch {
	case err == nil:
		r.finish(ctx, c, log)
	case ctx.Err() != nil:
		// Shutdown, not the job's fault: hand it back untouched.
		log.Info("job interrupted by shutdown", "err", err)
		r.write(ctx, c, "UPDATE jobs SET attempts = attempts - 1, locked_by = NULL, locked_until = NULL WHERE id = ? AND locked_by = ?",
			c.ID, r.worker)
	case isPermanent(err) || attempt >= limit:
		r.giveUp(ctx, c, limit, err.Error(), log)
	default:
		next := r.clk.Now().Add(backoff(attempt))
		log.Warn("job failed; will retry", "err", err, "retry_at", next)
		r.write(ctx, c, "UPDATE jobs SET run_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL WHERE id = ? AND locked_by = ?",
			next.UnixMilli(), err.Error(), c.ID, r.worker)
	}
	return true
}

// start renews the lease for this kind and counts the attempt before the
// handler runs. Counting first means a run that crashes the process still
// counts, so a poison job cannot take workers down forever. It fails when the
// lease was lost while earlier jobs of the batch ran (another runner took
// the job) or the job was cancelled meanwhile.
func (r *Runner) start(ctx context.Context, c claimed, k kind) (attempt int, ok bool) {
	err := r.d.QueryRowContext(ctx, "UPDATE jobs SET attempts = attempts + 1, locked_until = ? WHERE id = ? AND locked_by = ? AND "+pending+
		" RETURNING attempts", r.clk.Now().Add(k.lease).UnixMilli(), c.ID, r.worker).Scan(&attempt)
	if err != nil && !db.IsNoRows(err) {
		slog.Error("job runner: starting job failed", "job", c.ID, "kind", c.Kind, "err", err)
	}
	return attempt, err == nil
}

func (r *Runner) finish(ctx context.Context, c claimed, log *slog.Logger) {
	n := r.write(ctx, c, "UPDATE jobs SET done_at = ?, last_error = NULL, locked_by = NULL, locked_until = NULL WHERE id = ? AND locked_by = ?",
		r.clk.Now().UnixMilli(), c.ID, r.worker)
	if n == 0 {
		log.Warn("job finished after its lease was taken over; it may run again")
	}
}

// giveUp keeps the row, with the error and the limit it hit, for an operator
// to read (and, after a fix, to reset failed_at and raise max_attempts).
func (r *Runner) giveUp(ctx context.Context, c claimed, limit int, reason string, log *slog.Logger) {
	log.Error("job gave up", "err", reason, "max_attempts", limit)
	r.write(ctx, c, "UPDATE jobs SET failed_at = ?, last_error = ?, max_attempts = ?, locked_by = NULL, locked_until = NULL WHERE id = ? AND locked_by = ?",
		r.clk.Now().UnixMilli(), reason, limit, c.ID, r.worker)
}

// release hands back claimed jobs that were never started.
func (r *Runner) release(ctx context.Context, cs []claimed) {
	for _, c := range cs {
		r.write(ctx, c, "UPDATE jobs SET locked_by = NULL, locked_until = NULL WHERE id = ? AND locked_by = ?", c.ID, r.worker)
	}
}

// write records a job's outcome even while the runner shuts down, and
// returns the rows it changed (0 when the lease was taken over meanwhile).
func (r *Runner) write(ctx context.Context, c claimed, q string, args ...any) int64 {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
	defer cancel()
	res, err := r.d.ExecContext(wctx, q, args...)
	if err != nil {
		// The lease will expire and the job run again: at-least-once.
		slog.Error("job runner: recording outcome failed", "job", c.ID, "kind", c.Kind, "err", err)
		return 0
	}
	n, _ := res.RowsAffected()
	return n
}

// backoff is the wait after the attempt-th failed run: 30s, 1m, 2m, ...
// capped at 6h, so a broken dependency is not hammered yet a short outage
// clears quickly.
func backoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	if attempt > 20 {
		return backoffCap
	}
	return min(backoffBase<<(attempt-1), backoffCap)
}

// protect turns a panic in fn into an error, so one bad handler fails its
// job instead of the whole process.
func protect(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			slog.Error("job runner: panic", "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return fn()
}
