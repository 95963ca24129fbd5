package members

import (
	"context"
	"encoding/json"
	"time"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
)

// emitAll records many domain events with multi-row INSERTs: an import of
// 100,000 members cannot afford one round trip per event. It writes
// exactly the row outbox.EmitAt writes (same columns, ID and time
// encoding); replace it with a batch call once the outbox package offers
// one. TestImportEvents checks the rows against outbox.EmitAt's.
func emitAll(ctx context.Context, q db.Querier, at time.Time, evs []outbox.Event) error {
	const k = 6
	for len(evs) > 0 {
		n := min(len(evs), insertChunk)
		args := make([]any, 0, n*k)
		for _, e := range evs[:n] {
			payload, err := json.Marshal(e.Payload)
			if err != nil {
				return err
			}
			args = append(args, ids.At(at), e.Type, e.SubjectID, e.OrgPath, string(payload), at.UnixMilli())
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO outbox_events (id, type, subject_id, org_path, payload, created_at)
			VALUES `+rowsOf(n, k), args...); err != nil {
			return err
		}
		evs = evs[n:]
	}
	return nil
}
