package points

import (
	"context"
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
// line of a year creates the row at the line's org.
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
	for start := 0; start < len(order); start += chunk {
		part := order[start:min(start+chunk, len(order))]
		args := make([]any, 0, len(part)*5)
		for _, l := range part {
			args = append(args, l.MemberID, l.Year, l.OrgID, l.OrgPath, sums[yearKey{l.MemberID, l.Year}])
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO points_member_years (member_id, year, org_id, org_path, total)
			VALUES `+db.Rows(len(part), 5)+` ON CONFLICT (member_id, year)
			DO UPDATE SET total = points_member_years.total + excluded.total`, args...); err != nil {
			return err
		}
	}
	return nil
}
