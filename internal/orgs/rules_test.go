package orgs_test

import (
	"testing"
	"time"

	"dangjian/internal/orgs"
)

func posts(n int, secretary bool) []orgs.Position {
	var out []orgs.Position
	for i := range n {
		title := "committee_member"
		if i == 0 && secretary {
			title = "secretary"
		}
		out = append(out, orgs.Position{MemberID: string(rune('a' + i)), Title: title, Active: true})
	}
	return out
}

func codes(ws []orgs.Warning) map[string]bool {
	out := map[string]bool{}
	for _, w := range ws {
		out[w.Code] = true
	}
	return out
}

func TestStructureWarnings(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	branch := orgs.Org{Kind: orgs.KindBranch, Status: orgs.StatusActive}
	cases := []struct {
		name  string
		org   orgs.Org
		c     orgs.MemberCounts
		posts []orgs.Position
		want  []string
		not   []string
	}{
		{"7 full, no committee", branch, orgs.MemberCounts{Direct: 9, DirectFull: 7}, posts(1, true), []string{"committee_missing"}, nil},
		{"6 full, secretary only", branch, orgs.MemberCounts{Direct: 8, DirectFull: 6}, posts(1, true), nil, []string{"committee_missing", "no_secretary"}},
		{"7 full, committee of 3", branch, orgs.MemberCounts{Direct: 9, DirectFull: 7}, posts(3, true), nil, []string{"committee_missing", "committee_size"}},
		{"committee of 8", branch, orgs.MemberCounts{Direct: 40, DirectFull: 40}, posts(8, true), []string{"committee_size"}, nil},
		{"committee below 7 full", branch, orgs.MemberCounts{Direct: 5, DirectFull: 5}, posts(3, true), []string{"committee_not_needed"}, nil},
		{"50 members is fine", branch, orgs.MemberCounts{Direct: 50, DirectFull: 50}, posts(5, true), nil, []string{"branch_too_large"}},
		{"51 members", branch, orgs.MemberCounts{Direct: 51, DirectFull: 51}, posts(5, true), []string{"branch_too_large"}, nil},
		{"2 full members", branch, orgs.MemberCounts{Direct: 4, DirectFull: 2}, posts(1, true), []string{"too_few_full"}, nil},
		{"no secretary", branch, orgs.MemberCounts{Direct: 4, DirectFull: 4}, nil, []string{"no_secretary"}, nil},
		{"term ended yesterday", orgs.Org{Kind: orgs.KindBranch, Status: orgs.StatusActive, TermEnd: "2026-11-21"}, orgs.MemberCounts{}, posts(1, true), []string{"term_overdue"}, []string{"term_ending"}},
		{"term ends today", orgs.Org{Kind: orgs.KindBranch, Status: orgs.StatusActive, TermEnd: "2026-11-22"}, orgs.MemberCounts{}, posts(1, true), []string{"term_ending"}, []string{"term_overdue"}},
		{"term ends in 7 months", orgs.Org{Kind: orgs.KindBranch, Status: orgs.StatusActive, TermEnd: "2027-06-23"}, orgs.MemberCounts{}, posts(1, true), nil, []string{"term_ending", "term_overdue"}},
		{"temporary branch past its end", orgs.Org{Kind: orgs.KindBranch, Status: orgs.StatusActive, Temporary: true, EndDate: "2026-10-01"}, orgs.MemberCounts{}, posts(1, true), []string{"temporary_expired"}, nil},
		{"dissolved org has none", orgs.Org{Kind: orgs.KindBranch, Status: orgs.StatusDissolved}, orgs.MemberCounts{Direct: 80}, nil, nil, []string{"no_secretary", "branch_too_large"}},
		{"leading body needs no secretary", orgs.Org{Kind: orgs.KindLeadingBody, Status: orgs.StatusActive}, orgs.MemberCounts{}, nil, nil, []string{"no_secretary"}},
	}
	for _, tc := range cases {
		got := codes(orgs.Warnings(tc.org, tc.c, tc.posts, today))
		for _, w := range tc.want {
			if !got[w] {
				t.Errorf("%s: missing %s in %v", tc.name, w, got)
			}
		}
		for _, w := range tc.not {
			if got[w] {
				t.Errorf("%s: unexpected %s", tc.name, w)
			}
		}
	}
}
