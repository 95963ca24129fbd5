package orglife

import (
	"context"
	"time"

	"dangjian/internal/platform/db"
)

// AssemblyRef is a 支部党员大会 as other capabilities refer to it (民主评议
// confirms its grades at one).
type AssemblyRef struct {
	ID, Topic string
	StartsAt  time.Time
}

// Assembly returns the 支部党员大会 id of the branch orgID, not cancelled;
// anything else is db.ErrNoRows.
func (s *Service) Assembly(ctx context.Context, orgID, id string) (AssemblyRef, error) {
	m, err := loadMeeting(ctx, s.db, id)
	if err == nil && (m.OrgID != orgID || Kind(m.Kind) != KindMemberAssembly || m.State == StateCancelled) {
		err = db.ErrNoRows
	}
	return AssemblyRef{ID: m.ID, Topic: m.Topic, StartsAt: time.UnixMilli(m.StartsAt)}, err
}
