package elections

import (
	"context"
	"strconv"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// The keys of the elections settings.
const (
	keyTermPrefix   = "elections.term_years_" // + org kind, or "village" for village/community orgs
	keyTermVillage  = keyTermPrefix + "village"
	keyEndingMonths = "elections.ending_months" // a term this close to its end is "ending"
)

// settingsCatalog holds the term lengths (DOMAIN.md: 党委 5 years, 总支 and
// 支部 3, village and community organizations 5; 党章 allows 3–5) and when a
// term counts as ending (the upper organization reminds about 6 months
// ahead).
var settingsCatalog = &settings.Catalog{Table: "election_settings", AuditAction: "elections.settings", Items: []settings.Item{
	{Key: keyTermPrefix + kindCommittee, Label: "党的基层委员会每届任期（年）", Default: "5", Min: minTermYears, Max: maxTermYears},
	{Key: keyTermPrefix + kindGeneralBranch, Label: "党总支每届任期（年）", Default: "3", Min: minTermYears, Max: maxTermYears},
	{Key: keyTermPrefix + kindBranch, Label: "党支部每届任期（年）", Default: "3", Min: minTermYears, Max: maxTermYears},
	{Key: keyTermVillage, Label: "农村、社区党组织每届任期（年）", Default: "5", Min: minTermYears, Max: maxTermYears},
	{Key: keyEndingMonths, Label: "任期届满前提示（月）", Default: "6", Min: 1, Max: 12},
}}

// values are the settings as they apply at the org of path.
func (s *Service) values(ctx context.Context, q db.Querier, path string) (settings.Values, error) {
	return settingsCatalog.Resolve(ctx, q, path)
}

// defaultTermYears is the term length of org by its kind and unit type.
func defaultTermYears(v settings.Values, org OrgRef) int {
	if org.UnitType == "village" || org.UnitType == "community" {
		return v.Int(keyTermVillage)
	}
	return v.Int(keyTermPrefix + org.Kind)
}

// withinParam reads the "within" months of the overdue list ("" = the
// org's ending setting); ok is false for a value outside 0–24.
func withinParam(s string, v settings.Values) (int, bool) {
	if s == "" {
		return v.Int(keyEndingMonths), true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= 24
}

// settingsHTTP serves GET and PUT /api/v1/orgs/{id}/elections/settings.
func (s *Service) settingsHTTP() settings.HTTP {
	return settings.HTTP{Catalog: settingsCatalog, DB: s.db, Now: s.clk.Now,
		Names: func(ctx context.Context, ids []string) (map[string]string, error) {
			return s.dir.Names(ctx, s.db, ids)
		},
		Read: authz.ElectionRead, Manage: authz.ElectionManage,
		Org: func(ctx context.Context, id string, perm authz.Perm) (string, string, error) {
			org, err := s.scopedOrg(ctx, id, perm)
			return org.ID, org.Path, err
		}}
}
