package orgs

import (
	"context"

	"dangjian/internal/platform/db"
)

// All lists every org, dissolved ones too, parents before children: for
// derived views that seed themselves from the tree as it stands (the
// rollups after a bulk load, which records no events).
func (s *Service) All(ctx context.Context, q db.Querier) ([]Org, error) {
	return queryOrgs(ctx, q, "ORDER BY depth, path")
}
