package archive

import (
	"context"

	"dangjian/internal/platform/db"
)

// YearSummary is the member's figures of year as the archive shows them
// (Summary; Points left 0: they come from the points ledger), for the
// member portrait. Trusted: the caller has checked scope.
func (s *Service) YearSummary(ctx context.Context, q db.Querier, memberID string, year int) (Summary, error) {
	es, err := entriesWhere(ctx, q, "member_id = ? AND year = ?", memberID, year)
	if err != nil {
		return Summary{}, err
	}
	f := newFigures()
	for _, e := range es {
		f.add(e)
	}
	return summaryOf(f, 0), nil
}
