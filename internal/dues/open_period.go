package dues

import (
	"context"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/db"
)

// lastClosed is the latest closed period of each of orgIDs that closed any.
func lastClosed(ctx context.Context, q db.Querier, orgIDs []string) (map[string]rules.Month, error) {
	out := map[string]rules.Month{}
	err := eachChunk(orgIDs, func(part []string) error {
		rows, err := q.QueryContext(ctx, "SELECT org_id, MAX(period) FROM dues_periods WHERE org_id IN ("+
			db.Placeholders(len(part))+") GROUP BY org_id", db.Strings(part)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var p int
			if err := rows.Scan(&id, &p); err != nil {
				return err
			}
			out[id] = rules.Month(p)
		}
		return rows.Err()
	})
	return out, err
}

// openPeriods is the open accounting month of each org: the calendar month
// (Shanghai), or the month after the last closed one if that is later.
func (s *Service) openPeriods(ctx context.Context, q db.Querier, orgIDs []string) (map[string]rules.Month, error) {
	closed, err := lastClosed(ctx, q, orgIDs)
	if err != nil {
		return nil, err
	}
	now := rules.MonthOfTime(s.clk.Now())
	out := make(map[string]rules.Month, len(orgIDs))
	for _, id := range orgIDs {
		out[id] = now
		if c, ok := closed[id]; ok && c+1 > now {
			out[id] = c + 1
		}
	}
	return out, nil
}

// openPeriod is the open accounting month of an org.
func (s *Service) openPeriod(ctx context.Context, q db.Querier, orgID string) (rules.Month, error) {
	p, err := s.openPeriods(ctx, q, []string{orgID})
	return p[orgID], err
}
