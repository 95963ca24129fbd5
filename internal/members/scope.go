package members

import (
	"context"
	"net/http"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// allowed reports whether the caller may do perm at the org with path. The
// operator on the command line has no principal and may do anything: the
// HTTP router always attaches one.
func allowed(ctx context.Context, perm authz.Perm, path string) bool {
	p := authz.From(ctx)
	return p == nil || p.Can(perm, path)
}

// visible loads a member the caller may perm; anything else is 404, so a
// member outside the caller's subtree cannot be told from a missing one.
func (s *Service) visible(ctx context.Context, q db.Querier, id string, perm authz.Perm) (record, error) {
	r, err := getRecord(ctx, q, id)
	if db.IsNoRows(err) {
		return record{}, httpx.NotFound()
	}
	if err != nil {
		return record{}, err
	}
	if !allowed(ctx, perm, r.OrgPath) {
		return record{}, httpx.NotFound()
	}
	return r, nil
}

// scopedOrg loads an org the caller may perm at (404 otherwise).
func (s *Service) scopedOrg(ctx context.Context, q db.Querier, id string, perm authz.Perm) (orgs.Org, error) {
	if id == "" {
		return orgs.Org{}, httpx.NotFound()
	}
	o, err := s.orgs.Get(ctx, q, id)
	if db.IsNoRows(err) {
		return orgs.Org{}, httpx.NotFound()
	}
	if err != nil {
		return orgs.Org{}, err
	}
	if !allowed(ctx, perm, o.Path) {
		return orgs.Org{}, httpx.NotFound()
	}
	return o, nil
}

// homeOrg loads an org a member can belong to; field names the input for
// the error message.
func (s *Service) homeOrg(ctx context.Context, q db.Querier, id string, perm authz.Perm, field string) (orgs.Org, error) {
	o, err := s.scopedOrg(ctx, q, id, perm)
	if err != nil {
		return o, err
	}
	if msg := homeProblem(o); msg != "" {
		return o, fieldErr(field, "invalid_org", msg)
	}
	return o, nil
}

// homeProblem explains why members cannot be placed in o ("" if they can).
func homeProblem(o orgs.Org) string {
	switch {
	case !o.Active():
		return "该组织已撤销，不能编入党员"
	case !orgs.HoldsMembers(o.Kind):
		return "党员只能编入党支部、党总支或党委"
	}
	return ""
}

func fieldErr(field, code, msg string) error {
	var fe httpx.Fields
	fe.Add(field, code, msg)
	return fe.Err()
}

// Conflicts the API reports.
var (
	errDuplicateID = httpx.Conflict("duplicate_id_number", "该身份证号已登记")
	errVersion     = httpx.Conflict("version_conflict", "该党员信息已被他人修改，请刷新后重试")
	errEnded       = httpx.Conflict("member_ended", "该党员已出党，档案不能再修改")
	errRateLimited = &httpx.Error{Status: http.StatusTooManyRequests, Code: "rate_limited",
		Detail: "导出过于频繁，请稍后再试（每个账号每小时最多导出 10 次）"}
)
