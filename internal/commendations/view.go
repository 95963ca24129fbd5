package commendations

import (
	"context"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/settings"
)

// seesRound reports whether the caller may see a round opened at path:
// readers at its org or above, and readers of an org inside its subtree,
// who nominate to it.
func seesRound(p *authz.Principal, path string) bool {
	if p.Can(authz.AssessmentRead, path) {
		return true
	}
	for _, sc := range p.Scopes(authz.AssessmentRead) {
		if inSubtree(sc, path) {
			return true
		}
	}
	return false
}

// visibleRound reads round id for a caller who may see it; to anyone else
// it does not exist.
func (s *Service) visibleRound(ctx context.Context, id string) (Round, error) {
	r, err := s.loadRound(ctx, s.db, id, false)
	if db.IsNoRows(err) || (err == nil && !seesRound(authz.From(ctx), r.orgPath)) {
		return Round{}, httpx.NotFound()
	}
	return r, err
}

// ancestors are the paths of the strict ancestors of path, root first.
func ancestors(path string) []string {
	ids := settings.PathIDs(path)
	out := make([]string, 0, len(ids))
	prefix := "/"
	for _, id := range ids[:max(len(ids)-1, 0)] {
		prefix += id + "/"
		out = append(out, prefix)
	}
	return out
}

// listRounds lists the rounds opened at org, above it (a branch sees the
// round it nominates to) and below it, newest year first.
func (s *Service) listRounds(ctx context.Context, org OrgRef) ([]Round, error) {
	cond, args := "org_path >= ? AND org_path < ?", []any{org.Path, db.PrefixEnd(org.Path)}
	if up := ancestors(org.Path); len(up) > 0 {
		cond += " OR org_path IN (" + db.Placeholders(len(up)) + ")"
		args = append(args, db.Strings(up)...)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+roundColumns+" FROM commendation_rounds WHERE "+cond+
		" ORDER BY year DESC, created_at DESC, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out, ids := []Round{}, []string{}
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, err
		}
		out, ids = append(out, r), append(ids, r.ID)
	}
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	kinds, err := kindsOf(ctx, s.db, ids)
	p := authz.From(ctx)
	for i := range out {
		out[i].Kinds = kinds[out[i].ID]
		out[i].CanDecide = p.Can(authz.AssessmentManage, out[i].orgPath)
	}
	return out, err
}

// roundView is round r with its nominations as the caller may see them: an
// org below the round's org sees only the nominees in its own scope.
func (s *Service) roundView(ctx context.Context, q db.Querier, r Round) (RoundView, error) {
	p := authz.From(ctx)
	r.CanDecide = p.Can(authz.AssessmentManage, r.orgPath)
	all, err := nominations(ctx, q, "n.round_id = ?", r.ID)
	if err != nil {
		return RoundView{}, err
	}
	upper := p.Can(authz.AssessmentRead, r.orgPath)
	v := RoundView{Round: r, Nominations: []Nomination{}}
	for _, n := range all {
		if upper || p.Can(authz.AssessmentRead, n.orgPath) {
			v.Nominations = append(v.Nominations, n)
		}
	}
	return v, s.markEligibility(ctx, q, r, v.Nominations)
}

// markEligibility judges the nominees of ns as they are now, per kind.
func (s *Service) markEligibility(ctx context.Context, q db.Querier, r Round, ns []Nomination) error {
	for _, kind := range kindOrder {
		var at []int
		for i, n := range ns {
			if n.Kind == kind {
				at = append(at, i)
			}
		}
		if len(at) == 0 {
			continue
		}
		v, err := s.judgeNominees(ctx, q, r, kind, ns, at)
		if err != nil {
			return err
		}
		for _, i := range at {
			ns[i].Reasons = v[nomineeID(ns[i])]
			ns[i].Eligible = len(ns[i].Reasons) == 0
		}
	}
	return nil
}

// judgeNominees judges the nominees ns[at...] of kind as they are now.
func (s *Service) judgeNominees(ctx context.Context, q db.Querier, r Round, kind string, ns []Nomination, at []int) (verdicts, error) {
	if forOrg(kind) {
		var orgs []OrgRef
		for _, i := range at {
			o, err := s.dir.Org(ctx, q, ns[i].OrgID)
			if db.IsNoRows(err) { // gone from the register: judged as dissolved
				o, err = OrgRef{ID: ns[i].OrgID}, nil
			}
			if err != nil {
				return nil, err
			}
			orgs = append(orgs, o)
		}
		return judgeOrgs(orgs), nil
	}
	var ms []MemberRef
	for _, i := range at {
		m, err := s.dir.Member(ctx, q, ns[i].MemberID)
		if db.IsNoRows(err) { // gone from the register: judged as ended
			m, err = MemberRef{ID: ns[i].MemberID}, nil
		}
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return s.judgeMembers(ctx, q, r, kind, ms)
}

// nomineeID is the member or org a nomination names.
func nomineeID(n Nomination) string {
	if n.MemberID != "" {
		return n.MemberID
	}
	return n.OrgID
}

// namesOf maps the orgs' IDs to their names.
func namesOf(orgs []OrgRef) map[string]string {
	names := make(map[string]string, len(orgs))
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	return names
}
