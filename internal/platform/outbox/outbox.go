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
	payload, err := json.Marshal(e.Payload)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO outbox_events (id, type, subject_id, org_path, payload, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, ids.At(at), e.Type, e.SubjectID, e.OrgPath, string(payload), at.UnixMilli())
	return err
}
