package dues

import (
	"context"
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

const hardshipColumns = `id, member_id, member_name, org_id, org_path, kind, reduced_fen, from_month, to_month,
	discussed_on, discussion, state, proposed_by, proposed_at, decided_by, decided_at, reason`

func scanHardship(r scanner) (Hardship, error) {
	var h Hardship
	err := r.Scan(&h.ID, &h.MemberID, &h.MemberName, &h.OrgID, &h.orgPath, &h.Kind, &h.ReducedFen, &h.from, &h.to,
		&h.DiscussedOn, &h.Discussion, &h.State, &h.ProposedBy, &h.ProposedAt, &h.DecidedBy, &h.DecidedAt, &h.Reason)
	return h.shown(), err
}

// shown fills the fields derived for display.
func (h Hardship) shown() Hardship {
	h.FromMonth, h.ToMonth, h.KindLabel = h.from.String(), h.to.String(), hardshipKindLabels[h.Kind]
	return h
}

// audited is what the audit log keeps of a hardship decision: no names and
// no discussion text.
func (h Hardship) audited() map[string]any {
	return map[string]any{"member_id": h.MemberID, "org_id": h.OrgID, "kind": h.Kind, "reduced_fen": h.ReducedFen,
		"from_month": h.from.String(), "to_month": h.to.String(), "state": h.State, "reason": h.Reason}
}

// hardships lists the proposals of the subtree of path, open ones first,
// newest first within each.
func (s *Service) hardships(ctx context.Context, path string) ([]Hardship, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+hardshipColumns+` FROM dues_hardships
		WHERE org_path >= ? AND org_path < ?
		ORDER BY CASE WHEN state = ? THEN 0 ELSE 1 END, proposed_at DESC, id DESC`,
		path, db.PrefixEnd(path), hardshipProposed)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Hardship{}
	for rows.Next() {
		h, err := scanHardship(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	orgIDs := make([]string, len(out))
	for i, h := range out {
		orgIDs[i] = h.OrgID
	}
	names, err := s.dir.Names(ctx, orgIDs)
	for i := range out {
		out[i].OrgName = names[out[i].OrgID]
	}
	return out, err
}

func (s *Service) handleHardships(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.DuesRead)
	if err != nil {
		return err
	}
	list, err := s.hardships(r.Context(), org.Path)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (s *Service) handlePropose(w http.ResponseWriter, r *http.Request) error {
	branch, err := s.scopedBranch(r.Context(), r.PathValue("id"), authz.DuesManage, "困难党员减免由党支部讨论提出，请选择党支部")
	if err != nil {
		return err
	}
	var p HardshipProposal
	if err := httpx.DecodeJSON(r, &p); err != nil {
		return err
	}
	h, err := s.propose(r.Context(), branch, p)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, h)
}

// handleDecideHardship is approve (approve=true) or reject.
func (s *Service) handleDecideHardship(approve bool) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var b struct {
			Reason string `json:"reason"`
		}
		if err := httpx.DecodeOptionalJSON(r, &b); err != nil {
			return err
		}
		h, err := s.decideHardship(r.Context(), r.PathValue("id"), approve, b.Reason)
		if err != nil {
			return err
		}
		return httpx.WriteJSON(w, http.StatusOK, h)
	}
}

// scopedBranch is scopedOrg for actions only a branch takes; msg says so.
func (s *Service) scopedBranch(ctx context.Context, id string, perm authz.Perm, msg string) (OrgRef, error) {
	org, err := s.scopedOrg(ctx, id, perm)
	if err == nil && !org.IsBranch() {
		return OrgRef{}, httpx.Conflict("not_a_branch", msg)
	}
	return org, err
}
