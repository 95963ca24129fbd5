package points

import (
	"context"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// moveOf is the change an event makes to where points are counted, or nil:
// a member moved to another branch takes their totals of the move's year
// and later along (earlier years stay where they were earned); an org moved
// in the tree takes its subtree's totals and awards along. Both are plain
// overwrites, so a redelivery or a replay in order ends in the same place.
func moveOf(e outbox.Delivered) func(context.Context, *db.Tx) error {
	switch e.Type {
	case "member.moved":
		var p struct {
			ToOrgID string `json:"to_org_id"`
		}
		if err := e.Decode(&p); err != nil || p.ToOrgID == "" || e.OrgPath == "" {
			return nil
		}
		return func(ctx context.Context, tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE points_member_years SET org_id = ?, org_path = ?
				WHERE member_id = ? AND year >= ?`, p.ToOrgID, e.OrgPath, e.SubjectID, yearOf(dayOf(e.At)))
			return err
		}
	case "org.moved":
		oldPath, newPath, ok := outbox.MovedPaths(e)
		if !ok {
			return nil
		}
		return func(ctx context.Context, tx *db.Tx) error {
			for _, table := range []string{"points_member_years", "points_awards"} {
				if err := db.RewritePrefix(ctx, tx, table, "org_path", oldPath, newPath); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return nil
}
