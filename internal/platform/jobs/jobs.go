// Package jobs runs background work (reminders, notifications, imports,
// nightly rollups) from a persistent table, so a restart loses nothing: a job
// is enqueued in the transaction of the change that needs it, claimed by a
// runner under a lease, and marked done only after its handler succeeded.
//
// Delivery is at-least-once: a worker that dies mid-job leaves a lease that
// expires, and another runner takes the job again. Handlers must therefore
// be idempotent. Several instances can share one PostgreSQL database; they
// claim disjoint batches with FOR UPDATE SKIP LOCKED.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
)

// Migrations create the job table.
//
// A job is pending while done_at, cancelled_at and failed_at are all NULL.
// The unique index on (kind, key) covers pending jobs only, so the same key
// can be enqueued again once the earlier job has finished, been cancelled or
// given up. max_attempts is NULL unless an operator overrides the handler's
// limit for one job (or the runner recorded the limit it gave up at).
// Times are Unix milliseconds, like every other table.
var Migrations = []db.Migration{{
	ID: "jobs.0001_jobs",
	SQL: `
CREATE TABLE jobs (
	id           TEXT PRIMARY KEY,
	kind         TEXT NOT NULL,
	key          TEXT,
	payload      TEXT NOT NULL,
	run_at       BIGINT NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	max_attempts INTEGER,
	last_error   TEXT,
	locked_by    TEXT,
	locked_until BIGINT,
	done_at      BIGINT,
	cancelled_at BIGINT,
	failed_at    BIGINT,
	created_at   BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at)
	WHERE done_at IS NULL AND cancelled_at IS NULL AND failed_at IS NULL;
CREATE UNIQUE INDEX jobs_pending_key ON jobs (kind, key)
	WHERE key IS NOT NULL AND done_at IS NULL AND cancelled_at IS NULL AND failed_at IS NULL;
`,
}}

// pending is the SQL condition for a job that may still run.
const pending = "done_at IS NULL AND cancelled_at IS NULL AND failed_at IS NULL"

// Job is one claimed unit of work as a handler sees it.
type Job struct {
	ID      string
	Kind    string
	Key     string // "" when enqueued without an idempotency key
	Payload []byte // JSON, as given to Enqueue
	RunAt   time.Time
	Attempt int // 1 on the first run, 2 on the first retry, ...
}

// Decode unmarshals the job's JSON payload into v.
func (j Job) Decode(v any) error { return json.Unmarshal(j.Payload, v) }

// Handler does one job. It must be idempotent: a job can run more than once
// when a worker dies after the work but before recording it. Returning an
// error schedules a retry with backoff; wrap it with Permanent to give up at
// once (a payload that can never succeed).
type Handler func(ctx context.Context, j Job) error

// ErrNotFound is returned by Reschedule when no pending job has the key.
var ErrNotFound = errors.New("jobs: no pending job with that key")

// Enqueue records a job of kind to run at runAt, inside q (normally the
// transaction of the change that needs it, so the job exists exactly when the
// change does). payload is stored as JSON.
//
// With a non-empty key, enqueueing the same (kind, key) while a job is still
// pending (including one running now) adds nothing and returns the existing
// job's ID; use Reschedule to move it. key "" never deduplicates.
func Enqueue(ctx context.Context, q db.Querier, kind, key string, payload any, runAt time.Time) (string, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return "", err
	}
	id := ids.New()
	// ON CONFLICT DO NOTHING rather than catching the unique violation: on
	// PostgreSQL a failed statement aborts the caller's whole transaction.
	res, err := q.ExecContext(ctx, `INSERT INTO jobs (id, kind, key, payload, run_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		id, kind, nullable(key), string(body), runAt.UnixMilli(), time.Now().UnixMilli())
	if err != nil {
		return "", err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return id, err
	}
	var existing string
	err = q.QueryRowContext(ctx, "SELECT id FROM jobs WHERE kind = ? AND key = ? AND "+pending,
		kind, key).Scan(&existing)
	return existing, err
}

// Cancel stops the pending job of kind with key from running. Cancelling a
// job that already ran, or never existed, is not an error: the caller's
// intent ("this must not run any more") holds either way. A run already in
// progress is not interrupted.
func Cancel(ctx context.Context, q db.Querier, kind, key string) error {
	if key == "" {
		return errors.New("jobs: Cancel needs a key")
	}
	_, err := q.ExecContext(ctx, "UPDATE jobs SET cancelled_at = ? WHERE kind = ? AND key = ? AND "+pending,
		time.Now().UnixMilli(), kind, key)
	return err
}

// Reschedule moves the pending job of kind with key to runAt. It returns
// ErrNotFound when there is none (it already ran, was cancelled or never
// existed), so the caller can decide whether to Enqueue a new one.
func Reschedule(ctx context.Context, q db.Querier, kind, key string, runAt time.Time) error {
	if key == "" {
		return errors.New("jobs: Reschedule needs a key")
	}
	res, err := q.ExecContext(ctx, "UPDATE jobs SET run_at = ? WHERE kind = ? AND key = ? AND "+pending,
		runAt.UnixMilli(), kind, key)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	return ErrNotFound
}

// Permanent marks a handler error as one that retrying cannot fix: the job
// is given up at once instead of after its remaining attempts.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

func isPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Stats counts the jobs waiting to run and those given up after their last
// attempt (for the system administrator's status page).
func Stats(ctx context.Context, q db.Querier) (pending, failed int, err error) {
	err = q.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN done_at IS NULL AND cancelled_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) FROM jobs`).Scan(&pending, &failed)
	return pending, failed, err
}
