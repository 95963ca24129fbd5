package development

import (
	"context"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// access decides whether an action on a file of the org at path may go
// ahead: as the branch's own business (upper false) or as the upper
// organization's approval (upper true).
type access func(path string, upper bool) error

// upperOnly is the refusal of an approval to the file's own organization.
const upperOnly = "须由上级党组织审批"

// callerAccess is access for the signed-in caller: a file outside what they
// may read is not found; reading it but not managing it there is 403; an
// approval needs DevelopmentManage at a strict ancestor (the parent org's
// path), so a branch never approves its own applicants — unless the org
// has no parent on the platform, when nobody here could approve and its
// own managers record the upper organization's decisions.
func callerAccess(ctx context.Context) access {
	p := authz.From(ctx)
	return func(path string, upper bool) error {
		switch {
		case !p.Can(authz.DevelopmentRead, path):
			return httpx.NotFound()
		case upper && !p.Can(authz.DevelopmentManage, authz.UpperPath(path)):
			return httpx.Forbidden(upperOnly)
		case !upper && !p.Can(authz.DevelopmentManage, path):
			return httpx.Forbidden("")
		}
		return nil
	}
}

// trusted is access for the platform itself (the demo loader): the same
// validation and storage, no caller to check.
func trusted(string, bool) error { return nil }

// scopedOrg returns the org when the caller may read it (404 otherwise,
// revealing nothing) and, for DevelopmentManage, manage it (403).
func (s *Service) scopedOrg(ctx context.Context, id string, perm authz.Perm) (OrgRef, error) {
	org, err := s.dir.Org(ctx, s.db, id)
	p := authz.From(ctx)
	switch {
	case db.IsNoRows(err) || (err == nil && !p.Can(authz.DevelopmentRead, org.Path)):
		return OrgRef{}, httpx.NotFound()
	case err != nil:
		return OrgRef{}, err
	case !p.Can(perm, org.Path):
		return OrgRef{}, httpx.Forbidden("")
	}
	return org, nil
}
