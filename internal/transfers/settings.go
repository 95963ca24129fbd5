package transfers

import (
	"context"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/settings"
)

// keyValidity is how long a 介绍信 is valid: the member must report to the
// receiving organization within it (3 months is common practice).
const keyValidity = "transfers.letter_validity_months"

var settingsCatalog = &settings.Catalog{Table: "transfers_settings", AuditAction: "transfers.settings", Items: []settings.Item{
	{Key: keyValidity, Label: "介绍信有效期（月）", Default: "3", Min: 1, Max: 6},
}}

// validityMonths is the letter validity at the issuing org of path.
func validityMonths(ctx context.Context, q db.Querier, path string) (int, error) {
	v, err := settingsCatalog.Resolve(ctx, q, path)
	return v.Int(keyValidity), err
}

// settingsHTTP serves GET and PUT /api/v1/orgs/{id}/transfers/settings.
func (s *Service) settingsHTTP() settings.HTTP {
	return settings.HTTP{Catalog: settingsCatalog, DB: s.db, Now: s.clk.Now,
		Read: authz.TransferRead, Manage: authz.TransferManage,
		Names: func(ctx context.Context, ids []string) (map[string]string, error) { return s.dir.Names(ctx, s.db, ids) },
		Org: func(ctx context.Context, id string, perm authz.Perm) (string, string, error) {
			org, err := s.scopedOrg(ctx, s.db, id, perm)
			return org.ID, org.Path, err
		}}
}

// scopedOrg returns the org when the caller holds perm there; anything
// outside the caller's subtree is "not found" and reveals nothing.
func (s *Service) scopedOrg(ctx context.Context, q db.Querier, id string, perm authz.Perm) (OrgRef, error) {
	org, err := s.dir.Org(ctx, q, id)
	if db.IsNoRows(err) || (err == nil && !may(ctx, perm, org.Path)) {
		return OrgRef{}, httpx.NotFound()
	}
	return org, err
}
