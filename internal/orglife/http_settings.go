package orglife

import (
	"context"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/settings"
)

// settingsHTTP serves GET and PUT /api/v1/orgs/{id}/orglife/settings.
func (s *Service) settingsHTTP() settings.HTTP {
	return settings.HTTP{Catalog: catalog, DB: s.db, Now: s.clk.Now, Names: s.dir.Names,
		Read: authz.OrgLifeRead, Manage: authz.OrgLifeManage,
		Org: func(ctx context.Context, id string, perm authz.Perm) (string, string, error) {
			org, err := s.scopedOrg(ctx, id, perm)
			return org.ID, org.Path, err
		}}
}
