package points

import (
	"context"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/settings"
)

// moveOf is the change an event makes to where points are counted, or nil:
// a member moved to another branch takes their totals of the move's year
// and later along (earlier years stay where they were earned); an org moved
// in the tree takes its subtree's totals and awards along. Both are plain
// overwrites, so a redelivery or a replay in order ends in the same place;
// the histogram counters move with exactly the totals that move, so they
// end there too.
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
			return moveMember(ctx, tx, e.SubjectID, yearOf(dayOf(e.At)), p.ToOrgID, e.OrgPath)
		}
	case "org.moved":
		oldPath, newPath, ok := outbox.MovedPaths(e)
		if !ok {
			return nil
		}
		return func(ctx context.Context, tx *db.Tx) error {
			return moveOrg(ctx, tx, oldPath, newPath)
		}
	}
	return nil
}

// moveMember counts the member's totals of year and later at the new org:
// out of every org on their old path, into every org on the new one.
func moveMember(ctx context.Context, tx *db.Tx, member string, year int, orgID, path string) error {
	rows, err := tx.QueryContext(ctx, `SELECT year, org_path, total FROM points_member_years
		WHERE member_id = ? AND year >= ?`+tx.ForUpdate(), member, year)
	if err != nil {
		return err
	}
	defer rows.Close()
	sh := shifts{}
	for rows.Next() {
		var y, total int
		var old string
		if err := rows.Scan(&y, &old, &total); err != nil {
			return err
		}
		sh.count(old, y, total, -1)
		sh.count(path, y, total, 1)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE points_member_years SET org_id = ?, org_path = ?
		WHERE member_id = ? AND year >= ?`, orgID, path, member, year); err != nil {
		return err
	}
	return sh.write(ctx, tx)
}

// moveOrg rewrites the subtree's paths. The counters of the orgs in the
// subtree stay as they are; the totals that move leave the orgs above the
// moved org on the old path and join those above it on the new one. They
// are counted from the rows that move, not taken from the moved org's
// counters: during a replay some of its totals may still sit at a path an
// earlier event left them at, counted elsewhere above.
func moveOrg(ctx context.Context, tx *db.Tx, oldPath, newPath string) error {
	moving, err := totalsUnder(ctx, tx, oldPath)
	if err != nil {
		return err
	}
	for _, table := range []string{"points_member_years", "points_awards"} {
		if err := db.RewritePrefix(ctx, tx, table, "org_path", oldPath, newPath); err != nil {
			return err
		}
	}
	sh := shifts{}
	for k, d := range moving {
		for _, org := range above(oldPath) {
			sh.shift(bucketKey{org, k.year, k.bucket}, bucketShift{-d.members, -d.points})
		}
		for _, org := range above(newPath) {
			sh.shift(bucketKey{org, k.year, k.bucket}, d)
		}
	}
	return sh.write(ctx, tx)
}

// above are the orgs above the last one of path.
func above(path string) []string {
	ids := settings.PathIDs(path)
	return ids[:max(len(ids)-1, 0)]
}

// totalsUnder counts the totals under path by year and bucket (org left
// empty), locking them.
func totalsUnder(ctx context.Context, tx *db.Tx, path string) (shifts, error) {
	rows, err := tx.QueryContext(ctx, `SELECT year, total FROM points_member_years
		WHERE org_path >= ? AND org_path < ?`+tx.ForUpdate(), path, db.PrefixEnd(path))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := shifts{}
	for rows.Next() {
		var year, total int
		if err := rows.Scan(&year, &total); err != nil {
			return nil, err
		}
		out.shift(bucketKey{year: year, bucket: bucketOf(total)}, bucketShift{1, int64(total)})
	}
	return out, rows.Err()
}
