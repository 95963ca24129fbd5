package development

import (
	"context"
	"strings"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/voting"
)

// ruleVoters is where the roster rules come from: 应到会有表决权的党员 of the
// 支部大会 that votes on admission and 转正.
const ruleVoters = "《中国共产党发展党员工作细则》"

// checkRoster compares the 支部大会's roster with the register, because
// 应到会 — and with it the quorum and the majority — is counted from the
// roster: every active full member of the branch orgID is on it with a vote
// (one the branch leaves out of 应到会 is marked so, never left off), and
// nobody else has a vote. It reports whether the roster may be counted;
// each problem, naming the people, goes to fe.
func (s *Service) checkRoster(ctx context.Context, q db.Querier, fe *httpx.Fields, orgID string, voters []voting.Voter) (bool, error) {
	full, err := s.dir.FullMembers(ctx, q, orgID)
	if err != nil {
		return false, err
	}
	branch := make(map[string]bool, len(full))
	for _, m := range full {
		branch[m.ID] = true
	}
	listed := make(map[string]voting.Voter, len(voters))
	before := len(*fe)
	for _, v := range voters {
		listed[v.MemberID] = v
		if !v.HasVote || branch[v.MemberID] {
			continue
		}
		m, err := s.dir.Member(ctx, q, v.MemberID)
		if err != nil && !db.IsNoRows(err) {
			return false, err
		}
		fe.Add("vote", "no_vote", voterProblem(m, err == nil))
	}
	var missing, unticked []string
	for _, m := range full {
		switch v, ok := listed[m.ID]; {
		case !ok:
			missing = append(missing, m.Name)
		case !v.HasVote:
			unticked = append(unticked, m.Name)
		}
	}
	if len(missing) > 0 {
		fe.Add("vote", "roster_incomplete", "支部大会名单缺少本支部正式党员："+strings.Join(missing, "、")+
			"。本支部全体正式党员都应列入名单，因故不能到会、经研究不计入应到会的，在名单中标明不计入应到会，不能从名单中删去（"+
			ruleVoters+"：表决以应到会有表决权的正式党员计算）")
	}
	if len(unticked) > 0 {
		fe.Add("vote", "roster_no_vote", "「"+strings.Join(unticked, "、")+
			"」是本支部正式党员，有表决权，名单中不能标为无表决权（《中国共产党章程》第四条）")
	}
	return len(*fe) == before, nil
}

// voterProblem says why a roster entry with a vote, who is not among the
// branch's active full members, cannot have one.
func voterProblem(m MemberRef, found bool) string {
	switch {
	case !found:
		return "参会名单中有党员在名册中找不到，请重新载入名单"
	case !m.Active || m.Status != statusFull:
		return "「" + m.Name + "」不是正式党员，没有表决权（《中国共产党章程》第七条）"
	}
	return "「" + m.Name + "」不是本支部党员，不能在本支部大会表决"
}
