// Package timeline reads a capability's append-only history (an *_events
// table with id, kind, at, actor_name and detail columns) into the one shape
// every history endpoint answers with.
package timeline

import (
	"context"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// Event is one entry of a history, newest first in every answer.
type Event struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	At        string `json:"at"`
	ActorName string `json:"actor_name"`
	Detail    string `json:"detail"`
}

// Read runs query, which must select id, kind, at (Unix ms), actor_name and
// detail in that order.
func Read(ctx context.Context, q db.Querier, query string, args ...any) ([]Event, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := []Event{}
	for rows.Next() {
		var e Event
		var at int64
		if err := rows.Scan(&e.ID, &e.Kind, &at, &e.ActorName, &e.Detail); err != nil {
			return nil, err
		}
		e.At = clock.Stamp(at)
		items = append(items, e)
	}
	return items, rows.Err()
}
