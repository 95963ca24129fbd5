package points

import (
	"context"

	"dangjian/internal/platform/db"
)

// YearPoints is a member's total of a year and its split by category label.
type YearPoints struct {
	Year, Total int
	ByCategory  map[string]int // category label (组织生活, ...) → points
}

// YearTotals is the members' totals of year (members without points are
// left out), for the annual assessment. Trusted: no permission check.
func (s *Service) YearTotals(ctx context.Context, q db.Querier, memberIDs []string, year int) (map[string]int, error) {
	out := map[string]int{}
	err := inChunks(memberIDs, func(part []string) error {
		rows, err := q.QueryContext(ctx, `SELECT member_id, total FROM points_member_years
			WHERE member_id IN (`+db.Placeholders(len(part))+`) AND year = ?`, append(db.Strings(part), year)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var total int
			if err := rows.Scan(&id, &total); err != nil {
				return err
			}
			out[id] = total
		}
		return rows.Err()
	})
	return out, err
}

// ByYear is a member's points per year, newest first, for the member's
// archive. Trusted: no permission check.
func (s *Service) ByYear(ctx context.Context, q db.Querier, memberID string) ([]YearPoints, error) {
	rows, err := q.QueryContext(ctx, `SELECT year, category, SUM(points) FROM points_ledger WHERE member_id = ?
		GROUP BY year, category ORDER BY year DESC`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []YearPoints{}
	for rows.Next() {
		var year, pts int
		var category string
		if err := rows.Scan(&year, &category, &pts); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Year != year {
			out = append(out, YearPoints{Year: year, ByCategory: map[string]int{}})
		}
		y := &out[len(out)-1]
		y.Total += pts
		y.ByCategory[categoryLabel(category)] += pts
	}
	return out, rows.Err()
}
