package members

import (
	"context"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
)

// Member looks a member up for the orgs capability (orgs.MemberLink), e.g.
// to appoint them to a position; db.ErrNoRows when unknown. No scope check:
// orgs checks the caller against the member's org path.
func (s *Service) Member(ctx context.Context, q db.Querier, id string) (orgs.MemberRef, error) {
	var m orgs.MemberRef
	var state string
	err := q.QueryRowContext(ctx, "SELECT id, name, org_id, org_path, status, state FROM members WHERE id = ?", id).
		Scan(&m.ID, &m.Name, &m.OrgID, &m.OrgPath, &m.Status, &state)
	m.Active = state == StateActive
	return m, err
}
