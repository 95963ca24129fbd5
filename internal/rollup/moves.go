package rollup

import (
	"context"
	"log/slog"
	"slices"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/settings"
)

// pathTables are the rollup tables holding an org_path, rewritten when a
// subtree moves.
var pathTables = []string{"rollup_members", "rollup_member_spans", "rollup_orgs",
	"rollup_meetings", "rollup_dues_entries", "rollup_applicants", "rollup_branches"}

// onOrgMoved carries the moved subtree's totals from the ancestors it left
// to the ones it joined, re-roots every stored path under it, then counts
// the org itself as it is now.
func (s *Store) onOrgMoved(ctx context.Context, tx *db.Tx, e outbox.Delivered) error {
	_, seq, err := loadOrg(ctx, tx, e.SubjectID)
	switch {
	case err != nil && !db.IsNoRows(err):
		return err
	case err == nil && seq >= e.Seq:
		return nil // applied before, or seeded after it (its path may be rerooted: see reroot)
	}
	oldPath, newPath, ok := outbox.MovedPaths(e)
	if !ok {
		slog.Warn("rollup: org.moved without paths skipped", "event", e.ID)
		return nil
	}
	if err := s.moveSubtree(ctx, tx, oldPath, newPath); err != nil {
		return err
	}
	return s.onOrg(ctx, tx, e)
}

// moveSubtree moves what is counted under oldPath to newPath: the moved
// root's rows are its subtree's totals; the ancestors both paths share keep
// theirs.
func (s *Store) moveSubtree(ctx context.Context, tx *db.Tx, oldPath, newPath string) error {
	if err := s.flush(ctx, tx); err != nil {
		return err
	}
	oldUp, newUp := settings.PathIDs(oldPath), settings.PathIDs(newPath)
	root := oldUp[len(oldUp)-1]
	totals, err := rowsOf(ctx, tx, root)
	if err != nil {
		return err
	}
	left, joined := without(oldUp[:len(oldUp)-1], newUp), without(newUp[:len(newUp)-1], oldUp)
	taken := make([]Delta, len(totals))
	for i, d := range totals {
		taken[i] = Delta{d.Metric, d.Bucket, -d.N}
	}
	if err := addAt(ctx, tx, left, taken); err != nil {
		return err
	}
	if err := addAt(ctx, tx, joined, totals); err != nil {
		return err
	}
	for _, t := range pathTables {
		if err := db.RewritePrefix(ctx, tx, t, "org_path", oldPath, newPath); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, "UPDATE rollup_orgs SET depth = depth + ? WHERE org_path >= ? AND org_path < ?",
		len(newUp)-len(oldUp), newPath, db.PrefixEnd(newPath))
	return err
}

// rowsOf reads an org's non-zero counters.
func rowsOf(ctx context.Context, q db.Querier, orgID string) ([]Delta, error) {
	rows, err := q.QueryContext(ctx, "SELECT metric, bucket, n FROM rollup_counts WHERE org_id = ? AND n <> 0", orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Delta
	for rows.Next() {
		var d Delta
		if err := rows.Scan(&d.Metric, &d.Bucket, &d.N); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// without is a minus b.
func without(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
