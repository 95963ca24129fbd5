package orgs

import (
	"context"
	"fmt"

	"dangjian/internal/platform/db"
)

// orgColumns is the column list scanOrg reads, in order.
const orgColumns = `id, COALESCE(parent_id, ''), path, depth, name, COALESCE(code, ''), kind, unit_type,
	joint, temporary, end_date, term_start, term_end, established_on, address, status, dissolved_on,
	child_count, version, created_at, longitude, latitude`

type scanner interface{ Scan(dest ...any) error }

func scanOrg(row scanner) (Org, error) {
	var o Org
	var joint, temporary int
	err := row.Scan(&o.ID, &o.ParentID, &o.Path, &o.Depth, &o.Name, &o.Code, &o.Kind, &o.UnitType,
		&joint, &temporary, &o.EndDate, &o.TermStart, &o.TermEnd, &o.EstablishedOn, &o.Address,
		&o.Status, &o.DissolvedOn, &o.ChildCount, &o.Version, &o.CreatedAt, &o.Longitude, &o.Latitude)
	o.Joint, o.Temporary = joint == 1, temporary == 1
	return o, err
}

func queryOrgs(ctx context.Context, q db.Querier, where string, args ...any) ([]Org, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+orgColumns+" FROM orgs "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func getOrg(ctx context.Context, q db.Querier, id string) (Org, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM orgs WHERE id = ?", id))
	if err != nil {
		return Org{}, fmt.Errorf("org %s: %w", id, err)
	}
	return o, nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// insertValues are the columns of insertOrgs for one org, in order.
func insertValues(o Org, at int64) []any {
	return []any{o.ID, nullIfEmpty(o.ParentID), o.Path, o.Depth, o.Name, nullIfEmpty(o.Code), o.Kind,
		o.UnitType, boolInt(o.Joint), boolInt(o.Temporary), o.EndDate, o.TermStart, o.TermEnd,
		o.EstablishedOn, o.Address, o.Status, o.Longitude, o.Latitude, at, at}
}

const insertColumns = `(id, parent_id, path, depth, name, code, kind, unit_type, joint, temporary,
	end_date, term_start, term_end, established_on, address, status, longitude, latitude, created_at, updated_at)`

// insertOrgs writes orgs in multi-row statements (parents before children).
func insertOrgs(ctx context.Context, q db.Querier, list []Org, at int64) error {
	const perRow = 20
	for len(list) > 0 {
		n := min(len(list), 500)
		args := make([]any, 0, n*perRow)
		for _, o := range list[:n] {
			args = append(args, insertValues(o, at)...)
		}
		if _, err := q.ExecContext(ctx, "INSERT INTO orgs "+insertColumns+" VALUES "+db.Rows(n, perRow), args...); err != nil {
			return err
		}
		list = list[n:]
	}
	return nil
}

func updateOrg(ctx context.Context, q db.Querier, o Org, at int64) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE orgs SET name = ?, code = ?, kind = ?, unit_type = ?, joint = ?,
		temporary = ?, end_date = ?, term_start = ?, term_end = ?, established_on = ?, address = ?,
		longitude = ?, latitude = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
		o.Name, nullIfEmpty(o.Code), o.Kind, o.UnitType, boolInt(o.Joint), boolInt(o.Temporary), o.EndDate,
		o.TermStart, o.TermEnd, o.EstablishedOn, o.Address, o.Longitude, o.Latitude, at, o.ID, o.Version)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// adjustChildCount keeps a parent's count of active children.
func adjustChildCount(ctx context.Context, q db.Querier, parentID string, delta int) error {
	if parentID == "" {
		return nil
	}
	_, err := q.ExecContext(ctx, "UPDATE orgs SET child_count = child_count + ? WHERE id = ?", delta, parentID)
	return err
}

// rewritePaths re-roots every path under oldPath to newPath in one range
// update (the subtree is an index range, so this touches only it).
func rewritePaths(ctx context.Context, tx *db.Tx, oldPath, newPath string, depthDelta int, at int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE orgs SET path = ? || substr(path, ?), depth = depth + ?, updated_at = ?
		WHERE path >= ? AND path < ?`, newPath, len(oldPath)+1, depthDelta, at, oldPath, db.PrefixEnd(oldPath))
	return err
}

// codeTaken reports whether another org already uses code.
func codeTaken(ctx context.Context, q db.Querier, code, exceptID string) (bool, error) {
	if code == "" {
		return false, nil
	}
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM orgs WHERE code = ? AND id <> ?", code, exceptID).Scan(&n)
	return n > 0, err
}
