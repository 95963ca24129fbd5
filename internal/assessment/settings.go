package assessment

import (
	"context"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// The keys of the grade-proposal rules.
const (
	keyExcellentAttendance = "assessment.excellent_attendance"
	keyExcellentPoints     = "assessment.excellent_points"
	keyExcellentAppraisal  = "assessment.excellent_needs_appraisal"
	keyBasicAttendance     = "assessment.basic_attendance"
	keyBasicArrears        = "assessment.basic_arrears"
)

// Values of keyExcellentAppraisal.
const (
	appraisalExcellent = "excellent" // 优秀 needs 民主评议 优秀
	appraisalAny       = "any"       // the 民主评议 grade is not a condition of 优秀
)

// settingsCatalog holds the grade-proposal rules; an org sets them for its
// subtree and a lower org may set its own.
var settingsCatalog = &settings.Catalog{Table: "assessment_settings", AuditAction: "assessment.settings", Items: []settings.Item{
	{Key: keyExcellentAttendance, Label: "评为优秀所需出席率（%）", Default: "90", Min: 0, Max: 100},
	{Key: keyExcellentPoints, Label: "评为优秀所需年度积分", Default: "20", Min: 0, Max: 10000},
	{Key: keyExcellentAppraisal, Label: "评为优秀是否须民主评议为优秀",
		Default: appraisalAny, Options: []string{appraisalExcellent, appraisalAny}},
	{Key: keyBasicAttendance, Label: "出席率低于此值至多基本合格（%）", Default: "60", Min: 0, Max: 100},
	{Key: keyBasicArrears, Label: "欠缴党费提醒达到此次数至多基本合格（0 为不考虑）", Default: "1", Min: 0, Max: 12},
}}

// rulesAt are the proposal rules as they apply at the org of path.
func rulesAt(ctx context.Context, q db.Querier, path string) (rules, error) {
	v, err := settingsCatalog.Resolve(ctx, q, path)
	if err != nil {
		return rules{}, err
	}
	return rules{
		ExcellentAttendance:     v.Int(keyExcellentAttendance),
		ExcellentPoints:         v.Int(keyExcellentPoints),
		ExcellentNeedsAppraisal: v.String(keyExcellentAppraisal) == appraisalExcellent,
		BasicAttendance:         v.Int(keyBasicAttendance),
		BasicArrears:            v.Int(keyBasicArrears),
	}, nil
}

// settingsHTTP serves GET and PUT /api/v1/orgs/{id}/assessment/settings.
func (s *Service) settingsHTTP() settings.HTTP {
	return settings.HTTP{Catalog: settingsCatalog, DB: s.db, Now: s.clk.Now,
		Names: s.orgNames, Read: authz.AssessmentRead, Manage: authz.AssessmentManage,
		Org: func(ctx context.Context, id string, perm authz.Perm) (string, string, error) {
			org, err := s.scopedOrg(ctx, id, perm)
			return org.ID, org.Path, err
		}}
}

// orgNames maps the orgs a setting comes from to their names (a few
// ancestors at most).
func (s *Service) orgNames(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		org, err := s.dir.Org(ctx, s.db, id)
		if err != nil && !db.IsNoRows(err) {
			return nil, err
		}
		out[id] = org.Name
	}
	return out, nil
}
