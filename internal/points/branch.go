package points

import (
	"cmp"
	"context"
	"net/http"
	"slices"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// BranchList is a branch's members with their points of a year. Ranked
// only when the branch switched rankings on (points.ranking).
type BranchList struct {
	OrgID   string         `json:"org_id"`
	Year    int            `json:"year"`
	Ranking bool           `json:"ranking"`
	Members []BranchMember `json:"members"`
}

// BranchMember is one member's line; ByCategory is keyed by category label.
type BranchMember struct {
	MemberID   string         `json:"member_id"`
	Name       string         `json:"name"`
	Total      int            `json:"total"`
	ByCategory map[string]int `json:"by_category"`
	Rank       int            `json:"rank,omitempty"`
}

var errNotBranch = &httpx.Error{Status: http.StatusUnprocessableEntity, Code: "not_branch", Detail: "积分名单仅按党支部查看"}

func (s *Service) getBranchMembers(w http.ResponseWriter, r *http.Request) error {
	org, year, err := s.orgYear(r)
	if err != nil {
		return err
	}
	if org.Kind != "branch" {
		return errNotBranch
	}
	list, err := s.branchList(r.Context(), org, year)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, list)
}

// branchList lists the branch's active members by name, or ranked by total
// (ties share a rank: 1, 1, 3) when the branch has rankings on.
func (s *Service) branchList(ctx context.Context, org OrgRef, year int) (BranchList, error) {
	out := BranchList{OrgID: org.ID, Year: year, Members: []BranchMember{}}
	vals, err := settingsCatalog.Resolve(ctx, s.db, org.Path)
	if err != nil {
		return out, err
	}
	out.Ranking = vals.On(keyRanking)
	members, err := s.dir.MembersIn(ctx, s.db, org.ID)
	if err != nil {
		return out, err
	}
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	sums, err := categorySums(ctx, s.db, ids, year)
	if err != nil {
		return out, err
	}
	for _, m := range members {
		bm := BranchMember{MemberID: m.ID, Name: m.Name, ByCategory: map[string]int{}}
		for _, c := range Categories {
			bm.ByCategory[c.Label] = sums[m.ID][c.Key]
			bm.Total += sums[m.ID][c.Key]
		}
		out.Members = append(out.Members, bm)
	}
	if out.Ranking {
		rank(out.Members)
	}
	return out, nil
}

// rank orders members by total, highest first (by name among equals, as
// listed), and numbers them with shared ranks for ties.
func rank(members []BranchMember) {
	slices.SortStableFunc(members, func(a, b BranchMember) int { return cmp.Compare(b.Total, a.Total) })
	for i := range members {
		members[i].Rank = i + 1
		if i > 0 && members[i].Total == members[i-1].Total {
			members[i].Rank = members[i-1].Rank
		}
	}
}

// categorySums reads the members' points of the year per category.
func categorySums(ctx context.Context, q db.Querier, memberIDs []string, year int) (map[string]map[string]int, error) {
	out := map[string]map[string]int{}
	err := inChunks(memberIDs, func(part []string) error {
		rows, err := q.QueryContext(ctx, `SELECT member_id, category, SUM(points) FROM points_ledger
			WHERE member_id IN (`+db.Placeholders(len(part))+`) AND year = ? GROUP BY member_id, category`,
			append(db.Strings(part), year)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var member, category string
			var pts int
			if err := rows.Scan(&member, &category, &pts); err != nil {
				return err
			}
			if out[member] == nil {
				out[member] = map[string]int{}
			}
			out[member][category] = pts
		}
		return rows.Err()
	})
	return out, err
}
