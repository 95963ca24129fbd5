// Package outbox records domain events in the same transaction as the change
// that caused them (member.created, org.moved, ...). Other capabilities
// consume them through the dispatcher, never by reading each other's tables.
package outbox

import (
	"context"
	"encoding/json"
	"time"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
)

// Event is a domain event to record.
type Event struct {
	Type      string // "member.created"
	SubjectID string // the member, org, ... it is about
	OrgPath   string // where in the tree it happened (for scoping consumers)
	Payload   any    // JSON-marshalled; masked personal data only
}

// Migrations create the outbox table.
var Migrations = []db.Migration{{
	ID: "outbox.0001_events",
	SQL: `
CREATE TABLE outbox_events (
	id            TEXT PRIMARY KEY,
	type          TEXT NOT NULL,
	subject_id    TEXT NOT NULL,
	org_path      TEXT {{collate_c}} NOT NULL,
	payload       TEXT NOT NULL,
	created_at    BIGINT NOT NULL,
	dispatched_at BIGINT
);
CREATE INDEX outbox_events_pending ON outbox_events (created_at) WHERE dispatched_at IS NULL;
CREATE INDEX outbox_events_subject ON outbox_events (subject_id, created_at);
`,
}}

// EmitAt records e inside q, which should be the transaction of the
// change, at the time given by the capability's clock.
func EmitAt(ctx context.Context, q db.Querier, at time.Time, e Event) error {
	return EmitAllAt(ctx, q, at, []Event{e})
}

// emitChunk keeps a multi-row insert within PostgreSQL's parameter limit.
const emitChunk = 500

// EmitAllAt records many events with multi-row inserts: a bulk change (an
// import of 100,000 members) cannot afford one round trip per event.
func EmitAllAt(ctx context.Context, q db.Querier, at time.Time, evs []Event) error {
	const perRow = 6
	for len(evs) > 0 {
		n := min(len(evs), emitChunk)
		args := make([]any, 0, n*perRow)
		for _, e := range evs[:n] {
			payload, err := json.Marshal(e.Payload)
			if err != nil {
				return err
			}
			args = append(args, ids.At(at), e.Type, e.SubjectID, e.OrgPath, string(payload), at.UnixMilli())
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO outbox_events (id, type, subject_id, org_path, payload, created_at)
			VALUES `+db.Rows(n, perRow), args...); err != nil {
			return err
		}
		evs = evs[n:]
	}
	return nil
}
