package dues

import (
	"context"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/tabular"
)

// Assess is assess over the service's database, for the external tests.
func (s *Service) Assess(ctx context.Context, members []Member, m rules.Month) (map[string]Assessment, error) {
	return s.assess(ctx, s.db, members, m)
}

// ParseBaseRow is the import's row parser, for the fuzz test.
func ParseBaseRow(row tabular.Row, year int) (Declaration, bool, []tabular.Problem) {
	return parseBaseRow(row, year)
}
