package commendations

import (
	"context"
	"strings"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// insertNomination records who as nominated by the caller's org, once per
// round and kind.
func (s *Service) insertNomination(ctx context.Context, tx *db.Tx, r Round, in NominationIn, who nominee) (string, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM commendation_nominations
		WHERE round_id = ? AND kind = ? AND nominee_id = ? AND state <> ?`, r.ID, in.Kind, who.id, nomWithdrawn).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return "", errDuplicate(in.Kind)
	}
	by, err := s.nominatingOrg(ctx, tx, who.path)
	if err != nil {
		return "", err
	}
	now := s.clk.Now()
	id := ids.At(now)
	_, err = tx.ExecContext(ctx, `INSERT INTO commendation_nominations (id, round_id, kind, nominee_id, member_id, org_id,
		org_path, name, deeds, state, by_org_id, by_org_path, by_org_name, nominated_by, nominated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, r.ID, in.Kind, who.id, who.memberID, who.orgID, who.path,
		who.name, strings.TrimSpace(in.Deeds), nomPending, by.ID, by.Path, by.Name, authz.ActorName(ctx, "系统"), now.UnixMilli())
	if db.IsUniqueViolation(err) {
		return "", errDuplicate(in.Kind)
	}
	if err != nil {
		return "", err
	}
	return id, audit.RecordAt(ctx, tx, now, audit.Entry{Action: "commendation.nominate", TargetType: "commendation_nomination",
		TargetID: id, After: map[string]any{"round_id": r.ID, "kind": in.Kind, "member_id": who.memberID, "org_id": who.orgID,
			"by_org_id": by.ID}})
}

func errDuplicate(kind string) error {
	return httpx.Conflict("duplicate", "该人选已被提名为"+kindLabels[kind])
}

// nominatingOrg is the org on whose behalf the caller nominates at path:
// the nearest org above (or at) path where they manage assessments.
func (s *Service) nominatingOrg(ctx context.Context, q db.Querier, path string) (OrgRef, error) {
	var best authz.Grant
	for _, g := range authz.From(ctx).Grants {
		if g.Role.Grants(authz.AssessmentManage) && inSubtree(path, g.OrgPath) && len(g.OrgPath) > len(best.OrgPath) {
			best = g
		}
	}
	return s.dir.Org(ctx, q, best.OrgID)
}

// nominationView reads nomination id with its eligibility now.
func (s *Service) nominationView(ctx context.Context, id string) (Nomination, error) {
	list, err := nominations(ctx, s.db, "n.id = ?", id)
	if err != nil || len(list) == 0 {
		return Nomination{}, err
	}
	r, err := s.loadRound(ctx, s.db, list[0].RoundID, false)
	if err != nil {
		return Nomination{}, err
	}
	return list[0], s.markEligibility(ctx, s.db, r, list)
}
