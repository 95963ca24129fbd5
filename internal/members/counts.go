package members

import (
	"context"
	"slices"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
)

// Member counts are kept per org (direct members and the whole subtree) in
// the same transaction as every change, so the tree shows its numbers
// without counting a million rows per page view (DESIGN.md "Scale").

// tally is a change to one org's counts.
type tally struct{ directFull, directProb, subFull, subProb int }

func (t tally) zero() bool { return t == tally{} }

// deltas accumulates count changes per org ID before one upsert.
type deltas map[string]*tally

func (d deltas) at(id string) *tally {
	if d[id] == nil {
		d[id] = &tally{}
	}
	return d[id]
}

// member counts one active member with status at the org whose path is
// path (sign +1 to add, -1 to remove): direct at the org itself, subtree
// at the org and every ancestor.
func (d deltas) member(path, status string, sign int) {
	ids := orgs.PathIDs(path)
	if len(ids) == 0 {
		return
	}
	full, prob := 0, 0
	if status == StatusFull {
		full = sign
	} else {
		prob = sign
	}
	own := d.at(ids[len(ids)-1])
	own.directFull += full
	own.directProb += prob
	for _, id := range ids {
		t := d.at(id)
		t.subFull += full
		t.subProb += prob
	}
}

// subtree moves a whole subtree's totals onto (sign +1) or off (-1) the
// given ancestors.
func (d deltas) subtree(ancestors []string, full, prob, sign int) {
	for _, id := range ancestors {
		t := d.at(id)
		t.subFull += sign * full
		t.subProb += sign * prob
	}
}

// countChunk rows per upsert (5 parameters each).
const countChunk = 500

// apply writes the non-zero deltas, in org ID order so that concurrent
// transactions lock count rows in the same order and never deadlock.
func (d deltas) apply(ctx context.Context, q db.Querier) error {
	var keys []string
	for id, t := range d {
		if !t.zero() {
			keys = append(keys, id)
		}
	}
	slices.Sort(keys)
	for len(keys) > 0 {
		n := min(len(keys), countChunk)
		args := make([]any, 0, n*5)
		for _, id := range keys[:n] {
			t := d[id]
			args = append(args, id, t.directFull, t.directProb, t.subFull, t.subProb)
		}
		_, err := q.ExecContext(ctx, `INSERT INTO member_counts
			(org_id, direct_full, direct_probationary, subtree_full, subtree_probationary)
			VALUES `+db.Rows(n, 5)+` ON CONFLICT (org_id) DO UPDATE SET
			direct_full = member_counts.direct_full + excluded.direct_full,
			direct_probationary = member_counts.direct_probationary + excluded.direct_probationary,
			subtree_full = member_counts.subtree_full + excluded.subtree_full,
			subtree_probationary = member_counts.subtree_probationary + excluded.subtree_probationary`, args...)
		if err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

// Counts returns the member counts of each org (orgs.MemberLink); orgs
// without members are missing and count zero.
func (s *Service) Counts(ctx context.Context, q db.Querier, orgIDs []string) (map[string]orgs.MemberCounts, error) {
	out := make(map[string]orgs.MemberCounts, len(orgIDs))
	for len(orgIDs) > 0 {
		n := min(len(orgIDs), insertChunk)
		rows, err := q.QueryContext(ctx, `SELECT org_id, direct_full, direct_probationary, subtree_full,
			subtree_probationary FROM member_counts WHERE org_id IN (`+db.Placeholders(n)+")", db.Strings(orgIDs[:n])...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			var t tally
			if err := rows.Scan(&id, &t.directFull, &t.directProb, &t.subFull, &t.subProb); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = orgs.MemberCounts{Total: t.subFull + t.subProb, Full: t.subFull,
				Probationary: t.subProb, Direct: t.directFull + t.directProb, DirectFull: t.directFull}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		orgIDs = orgIDs[n:]
	}
	return out, nil
}

// SubtreeMoved follows a move of the org tree (orgs.MemberLink): the
// members under oldPath get the new path prefix, and the moved subtree's
// totals leave its old ancestors and join its new ones. Counts keyed by
// org ID inside the subtree stay valid.
func (s *Service) SubtreeMoved(ctx context.Context, tx *db.Tx, oldPath, newPath string) error {
	if oldPath == newPath {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE members SET org_path = CAST(? AS TEXT) || substr(org_path, ?)
		WHERE org_path >= ? AND org_path < ?`, newPath, len([]rune(oldPath))+1, oldPath, db.PrefixEnd(oldPath))
	if err != nil {
		return err
	}
	newIDs, oldIDs := orgs.PathIDs(newPath), orgs.PathIDs(oldPath)
	if len(newIDs) == 0 || len(oldIDs) == 0 {
		return nil
	}
	moved := newIDs[len(newIDs)-1]
	var full, prob int
	err = tx.QueryRowContext(ctx, "SELECT subtree_full, subtree_probationary FROM member_counts WHERE org_id = ?",
		moved).Scan(&full, &prob)
	if db.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	d := deltas{}
	d.subtree(oldIDs[:len(oldIDs)-1], full, prob, -1)
	d.subtree(newIDs[:len(newIDs)-1], full, prob, +1)
	return d.apply(ctx, tx)
}

// RebuildCounts recomputes member_counts from the members table: after a
// BulkLoad, and as a repair tool.
func (s *Service) RebuildCounts(ctx context.Context) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM member_counts"); err != nil {
			return err
		}
		d, err := recount(ctx, tx)
		if err != nil {
			return err
		}
		return d.apply(ctx, tx)
	})
}

// recount tallies the active members per org from scratch.
func recount(ctx context.Context, q db.Querier) (deltas, error) {
	rows, err := q.QueryContext(ctx, `SELECT org_path, status, COUNT(*) FROM members
		WHERE state = ? GROUP BY org_path, status`, StateActive)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	d := deltas{}
	for rows.Next() {
		var path, status string
		var n int
		if err := rows.Scan(&path, &status, &n); err != nil {
			return nil, err
		}
		d.member(path, status, n)
	}
	return d, rows.Err()
}
