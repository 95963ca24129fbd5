package development

import (
	"context"
	"strconv"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/settings"
)

// keyPublicityDays is the length of the 公示 before admission and 转正.
const keyPublicityDays = "development.publicity_days"

// settingsCatalog is what an org may set for its subtree: the 公示 length
// is local practice (5 working days by default).
var settingsCatalog = &settings.Catalog{Table: "dev_settings", AuditAction: "development.settings", Items: []settings.Item{
	{Key: keyPublicityDays, Label: "公示期（工作日）", Default: strconv.Itoa(rules.DefaultPublicityDays), Min: 1, Max: 15},
}}

// settingsHTTP serves GET and PUT /api/v1/orgs/{id}/development/settings.
func (s *Service) settingsHTTP() settings.HTTP {
	return settings.HTTP{Catalog: settingsCatalog, DB: s.db, Now: s.clk.Now,
		Read: authz.DevelopmentRead, Manage: authz.DevelopmentManage,
		Names: func(ctx context.Context, orgIDs []string) (map[string]string, error) {
			return s.dir.Names(ctx, s.db, orgIDs)
		},
		Org: func(ctx context.Context, id string, perm authz.Perm) (string, string, error) {
			org, err := s.scopedOrg(ctx, id, perm)
			return org.ID, org.Path, err
		}}
}
