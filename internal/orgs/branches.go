package orgs

import (
	"context"
	"slices"

	"dangjian/internal/platform/db"
)

// BranchInfo is an active branch with what its meeting requirements depend
// on: how many party groups it has and how many people hold a committee post.
type BranchInfo struct {
	ID, Name, Path, ParentID string
	Groups                   int
	CommitteeMembers         int
}

// HasCommittee reports whether the branch has a committee (支委会): three or
// more committee posts held (支部条例: 7+ full members elect a committee of
// 3–5; a smaller branch has only a secretary, perhaps a deputy).
func (b BranchInfo) HasCommittee() bool { return b.CommitteeMembers >= 3 }

// BranchesUnder lists the active branches under path (itself included) in
// path order, with one grouped query rather than one lookup per branch, for
// views of tens of thousands of branches. A branch's only children are its
// party groups, so its count of active children is its count of groups.
func (s *Service) BranchesUnder(ctx context.Context, q db.Querier, path string) ([]BranchInfo, error) {
	end := db.PrefixEnd(path)
	var out []BranchInfo
	at := map[string]int{}
	rows, err := q.QueryContext(ctx, `SELECT id, name, path, COALESCE(parent_id, ''), child_count FROM orgs
		WHERE path >= ? AND path < ? AND kind = ? AND status = ? ORDER BY path`, path, end, KindBranch, StatusActive)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var b BranchInfo
		if err := rows.Scan(&b.ID, &b.Name, &b.Path, &b.ParentID, &b.Groups); err != nil {
			rows.Close()
			return nil, err
		}
		at[b.ID] = len(out)
		out = append(out, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	titles := committeeTitleList()
	args := append([]any{path, end, KindBranch}, db.Strings(titles)...)
	err = countInto(ctx, q, `SELECT p.org_id, COUNT(DISTINCT p.member_id) FROM positions p JOIN orgs o ON o.id = p.org_id
		WHERE o.path >= ? AND o.path < ? AND o.kind = ? AND p.end_on = '' AND p.title IN (`+db.Placeholders(len(titles))+`)
		GROUP BY p.org_id`, args, func(id string, n int) {
		if i, ok := at[id]; ok {
			out[i].CommitteeMembers = n
		}
	})
	return out, err
}

// countInto runs a query of (id, count) rows and hands each to fn.
func countInto(ctx context.Context, q db.Querier, query string, args []any, fn func(id string, n int)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		fn(id, n)
	}
	return rows.Err()
}

func committeeTitleList() []string {
	var out []string
	for t := range committeeTitles {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// CommitteeOf lists the current committee posts of an org (书记, 副书记,
// 委员 ...): who a 支委会 is for.
func (s *Service) CommitteeOf(ctx context.Context, q db.Querier, orgID string) ([]Position, error) {
	titles := committeeTitleList()
	args := append([]any{orgID}, db.Strings(titles)...)
	return queryPositions(ctx, q, "WHERE p.org_id = ? AND p.end_on = '' AND p.title IN ("+db.Placeholders(len(titles))+
		") ORDER BY p.start_on, p.id", args...)
}

// Children lists the active children of an org by name.
func (s *Service) Children(ctx context.Context, q db.Querier, id string) ([]Org, error) {
	return queryOrgs(ctx, q, "WHERE parent_id = ? AND status = ? ORDER BY name, id", id, StatusActive)
}

// Subtree lists the active orgs under path (itself included) in path
// order (the 先进基层党组织 candidates of a commendation round).
func (s *Service) Subtree(ctx context.Context, q db.Querier, path string) ([]Org, error) {
	return queryOrgs(ctx, q, "WHERE path >= ? AND path < ? AND status = ? ORDER BY path", path, db.PrefixEnd(path), StatusActive)
}
