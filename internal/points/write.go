package points

import (
	"context"
	"slices"
	"time"

	"dangjian/internal/platform/db"
)

// writeLines inserts lines with multi-row statements and adds the lines
// that went in to the members' yearly totals. A line whose key is already
// there (another instance wrote it meanwhile) is skipped and not counted.
func writeLines(ctx context.Context, tx *db.Tx, lines []line, now time.Time) error {
	inserted := map[string]bool{}
	for start := 0; start < len(lines); start += chunk {
		part := lines[start:min(start+chunk, len(lines))]
		keys, err := insertLines(ctx, tx, part, now)
		if err != nil {
			return err
		}
		for _, k := range keys {
			inserted[k] = true
		}
	}
	var counted []line
	for _, l := range lines {
		if inserted[l.Key] {
			counted = append(counted, l)
		}
	}
	return addTotals(ctx, tx, counted)
}

const lineValues = 16

func insertLines(ctx context.Context, tx *db.Tx, lines []line, now time.Time) ([]string, error) {
	args := make([]any, 0, len(lines)*lineValues)
	for _, l := range lines {
		var rev any
		if l.ReversesID != "" {
			rev = l.ReversesID
		}
		args = append(args, l.ID, l.Key, l.MemberID, l.OrgID, l.OrgPath, l.Year, l.On, l.Rule, l.Category, l.Points,
			l.SourceType, l.SourceID, l.Title, rev, l.Note, now.UnixMilli())
	}
	return db.StringColumn(ctx, tx, `INSERT INTO points_ledger (id, dedupe_key, member_id, org_id, org_path, year,
		on_date, rule, category, points, source_type, source_id, source_title, reverses_id, note, created_at)
		VALUES `+db.Rows(len(lines), lineValues)+` ON CONFLICT DO NOTHING RETURNING dedupe_key`, args...)
}

// yearKey is one row of points_member_years.
type yearKey struct {
	member string
	year   int
}

// addTotals adds the lines' points to points_member_years; a member's first
// line of a year creates the row at the line's org. The histogram counters
// move with every total (see buckets.go).
func addTotals(ctx context.Context, tx *db.Tx, lines []line) error {
	sums := map[yearKey]int{}
	var order []line
	for _, l := range lines {
		k := yearKey{l.MemberID, l.Year}
		if _, ok := sums[k]; !ok {
			order = append(order, l)
		}
		sums[k] += l.Points
	}
	sh := shifts{}
	for start := 0; start < len(order); start += chunk {
		if err := addChunk(ctx, tx, order[start:min(start+chunk, len(order))], sums, sh); err != nil {
			return err
		}
	}
	return sh.write(ctx, tx)
}

const totalValues = 5

// addChunk first creates the member-years that have no row yet, then adds
// to the others and reads back their totals and paths: a total is known
// before (after minus the sum) and after the change even when another
// transaction added to it meanwhile, and a member-year created by another
// transaction is an addition here, not a second creation.
func addChunk(ctx context.Context, tx *db.Tx, part []line, sums map[yearKey]int, sh shifts) error {
	created, err := upsertTotals(ctx, tx, part, sums, "DO NOTHING RETURNING member_id, year, org_path, total")
	if err != nil {
		return err
	}
	for k, row := range created {
		sh.count(row.path, k.year, row.total, 1)
	}
	rest := slices.DeleteFunc(slices.Clone(part), func(l line) bool { _, ok := created[yearKey{l.MemberID, l.Year}]; return ok })
	if len(rest) == 0 {
		return nil
	}
	added, err := upsertTotals(ctx, tx, rest, sums, `DO UPDATE SET total = points_member_years.total + excluded.total
		RETURNING member_id, year, org_path, total`)
	if err != nil {
		return err
	}
	for k, row := range added {
		sh.change(row.path, k.year, row.total-sums[k], row.total)
	}
	return nil
}

// yearRow is a member-year's path and total as a statement left them.
type yearRow struct {
	path  string
	total int
}

// upsertTotals inserts the lines' member-years with their sums, onConflict
// saying what happens to the rows already there and what comes back.
func upsertTotals(ctx context.Context, tx *db.Tx, part []line, sums map[yearKey]int, onConflict string) (map[yearKey]yearRow, error) {
	args := make([]any, 0, len(part)*totalValues)
	for _, l := range part {
		args = append(args, l.MemberID, l.Year, l.OrgID, l.OrgPath, sums[yearKey{l.MemberID, l.Year}])
	}
	rows, err := tx.QueryContext(ctx, `INSERT INTO points_member_years (member_id, year, org_id, org_path, total)
		VALUES `+db.Rows(len(part), totalValues)+` ON CONFLICT (member_id, year) `+onConflict, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[yearKey]yearRow{}
	for rows.Next() {
		var k yearKey
		var r yearRow
		if err := rows.Scan(&k.member, &k.year, &r.path, &r.total); err != nil {
			return nil, err
		}
		out[k] = r
	}
	return out, rows.Err()
}
