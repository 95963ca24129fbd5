package dues

import (
	"context"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// The keys of the dues settings (api.md "Settings").
const (
	keyRounding       = "dues.rounding"        // how fractions of a fen are settled
	keyFarmerFen      = "dues.farmer_fen"      // 农民党员每月党费, fen
	keyBackpayMonths  = "dues.backpay_months"  // 补缴 limit
	keyAheadMonths    = "dues.ahead_months"    // 预缴 limit
	keyWarnMonths     = "dues.warn_months"     // arrears warning levels, "3,5"
	keyBranchShare    = "dues.branch_share"    // % a branch keeps of what it collects
	keyCommitteeShare = "dues.committee_share" // % a non-branch org keeps of what it collects and receives
)

// settingsCatalog is what an org may set for its subtree, with the defaults
// of the 党费规定; provincial practice differs in these points only.
var settingsCatalog = &settings.Catalog{Table: "dues_settings", AuditAction: "dues.settings", Items: []settings.Item{
	{Key: keyRounding, Label: "党费取整方式", Default: string(rules.HalfUp), Options: roundingCodes()},
	{Key: keyFarmerFen, Label: "农民党员每月党费（分）", Default: "20", Min: int(rules.MinFarmerFen), Max: int(rules.MaxFarmerFen)},
	{Key: keyBackpayMonths, Label: "补缴最多月数", Default: "6", Min: 0, Max: 24},
	{Key: keyAheadMonths, Label: "预缴最多月数", Default: "12", Min: 0, Max: 12},
	{Key: keyWarnMonths, Label: "连续欠缴提醒月数", Default: "3,5", Check: checkWith(func(v string) error {
		_, err := rules.ParseWarnMonths(v)
		return err
	})},
	{Key: keyBranchShare, Label: "党支部留存比例", Default: "0%", Check: checkPercent},
	{Key: keyCommitteeShare, Label: "党委（总支）留存比例", Default: "0%", Check: checkPercent},
}}

func roundingCodes() []string {
	out := make([]string, len(rules.Roundings))
	for i, r := range rules.Roundings {
		out[i] = string(r)
	}
	return out
}

// checkWith turns a parser's error into a settings.Item Check.
func checkWith(parse func(string) error) func(string) string {
	return func(v string) string {
		if err := parse(v); err != nil {
			return err.Error()
		}
		return ""
	}
}

var checkPercent = checkWith(func(v string) error {
	_, err := rules.ParsePercent(v)
	return err
})

// values are the dues settings as they apply at the org of orgPath.
func (s *Service) values(ctx context.Context, q db.Querier, orgPath string) (settings.Values, error) {
	return settingsCatalog.Resolve(ctx, q, orgPath)
}

// options are the parts of the amount rules the settings decide.
func options(v settings.Values) rules.Options {
	return rules.Options{FarmerFen: int64(v.Int(keyFarmerFen)), Rounding: rules.Rounding(v.String(keyRounding))}
}

// shareBP is a share setting (keyBranchShare, keyCommitteeShare) in basis
// points; a value stored before the rules tightened counts as its default.
func shareBP(v settings.Values, key string) int {
	bp, err := rules.ParsePercent(v.String(key))
	if err != nil {
		bp, _ = rules.ParsePercent(v[key].Default)
	}
	return bp
}

// warnLevels are the streaks of unpaid months that raise a warning.
func warnLevels(v settings.Values) []int {
	levels, err := rules.ParseWarnMonths(v.String(keyWarnMonths))
	if err != nil {
		levels, _ = rules.ParseWarnMonths(v[keyWarnMonths].Default)
	}
	return levels
}

// settingsHTTP serves GET and PUT /api/v1/orgs/{id}/dues/settings.
func (s *Service) settingsHTTP() settings.HTTP {
	return settings.HTTP{Catalog: settingsCatalog, DB: s.db, Now: s.clk.Now, Names: s.dir.Names,
		Read: authz.DuesRead, Manage: authz.DuesManage,
		Org: func(ctx context.Context, id string, perm authz.Perm) (string, string, error) {
			org, err := s.scopedOrg(ctx, id, perm)
			return org.ID, org.Path, err
		}}
}
