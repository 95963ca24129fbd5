package outbox

import (
	"context"

	"dangjian/internal/platform/db"
)

// ResetCursor moves a subscriber's cursor back before the first event and
// clears its failures and lease, so the next dispatch replays everything to
// it: how a derived view (the rollups) is rebuilt after its tables are
// emptied. Run it while no other instance is dispatching.
func ResetCursor(ctx context.Context, q db.Querier, name string) error {
	_, err := q.ExecContext(ctx, `UPDATE outbox_cursors SET last_seq = 0, last_id = NULL, failures = 0,
		last_error = NULL, locked_by = NULL, locked_until = NULL WHERE subscriber = ?`, name)
	return err
}

// HighWater is the sequence number of the last event numbered so far:
// every event at or below it is committed, so a view seeded from the
// current state at this moment already reflects all of them.
func HighWater(ctx context.Context, q db.Querier) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, "SELECT n FROM outbox_sequence WHERE id = 1").Scan(&n)
	return n, err
}
