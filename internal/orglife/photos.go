package orglife

import (
	"context"

	"dangjian/internal/platform/db"
)

// photoHolders reports which attendees of a meeting have a check-in photo.
func photoHolders(ctx context.Context, q db.Querier, meetingID string) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, "SELECT member_id FROM checkin_photos WHERE meeting_id = ?", meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
