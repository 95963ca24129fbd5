package orglife

import (
	"context"
	"net/http"
	"slices"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// GroupMember is one member of a party group's roster (党小组成员).
type GroupMember struct {
	MemberID string `json:"member_id"`
	Name     string `json:"name"`
}

// group loads a party group in scope for perm.
func (s *Service) group(ctx context.Context, id string, perm authz.Perm) (OrgRef, error) {
	g, err := s.scopedOrg(ctx, id, perm)
	if err == nil && g.Kind != orgGroup {
		return g, httpx.Conflict("not_a_group", "只有党小组有成员名单")
	}
	return g, err
}

func (s *Service) handleGroupMembers(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	g, err := s.group(ctx, r.PathValue("id"), authz.OrgLifeRead)
	if err != nil {
		return err
	}
	ids, err := groupMemberIDs(ctx, s.db, g.ID)
	if err != nil {
		return err
	}
	people, err := s.dir.People(ctx, ids)
	if err != nil {
		return err
	}
	items := make([]GroupMember, len(people))
	for i, p := range people {
		items[i] = GroupMember{MemberID: p.ID, Name: p.Name}
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}

// SetGroupMembers replaces a group's roster; only members of the group's
// branch may be on it.
func (s *Service) SetGroupMembers(ctx context.Context, g OrgRef, memberIDs []string) error {
	branch, err := s.dir.BranchMembers(ctx, g.ParentID)
	if err != nil {
		return err
	}
	ok := map[string]bool{}
	for _, p := range branch {
		ok[p.ID] = true
	}
	ids := slices.Compact(slices.Sorted(slices.Values(memberIDs)))
	for _, id := range ids {
		if !ok[id] {
			return fieldErr("member_ids", "not_in_branch", "党小组成员须是本支部党员")
		}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM orglife_group_members WHERE group_id = ?", g.ID); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, "INSERT INTO orglife_group_members (group_id, member_id) VALUES (?, ?)", g.ID, id); err != nil {
				return err
			}
		}
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "orglife.group_members", TargetType: "org",
			TargetID: g.ID, After: map[string]any{"member_ids": ids}})
	})
}

func (s *Service) handleSetGroupMembers(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	g, err := s.group(ctx, r.PathValue("id"), authz.OrgLifeManage)
	if err != nil {
		return err
	}
	var b struct {
		MemberIDs []string `json:"member_ids"`
	}
	if err := httpx.DecodeJSON(r, &b); err != nil {
		return err
	}
	if err := s.SetGroupMembers(ctx, g, b.MemberIDs); err != nil {
		return err
	}
	return s.handleGroupMembers(w, r)
}
