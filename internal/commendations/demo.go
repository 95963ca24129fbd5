package commendations

import (
	"context"
	"fmt"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
)

// demoOperator is the demo loader acting as a party worker of org: every
// rule and scope check of the API applies (a nomination is made on behalf
// of the org the grant is at), and the records name the actor 演示数据.
func demoOperator(ctx context.Context, org OrgRef) context.Context {
	return authz.WithPrincipal(ctx, &authz.Principal{Username: "演示数据", DisplayName: "演示数据",
		Grants: []authz.Grant{{Role: authz.PartyWorker, OrgID: org.ID, OrgName: org.Name, OrgPath: org.Path}}})
}

// demoKinds are what the first three branches nominate, in order.
var demoKinds = []string{kindMember, kindMember, kindWorker}

var demoDeeds = map[string]string{
	kindMember: "该同志理想信念坚定，立足岗位履职尽责，在重点工作中勇挑重担、攻坚克难，业务能力突出；" +
		"全年按时参加组织生活，按时足额交纳党费，主动联系服务群众，在干部职工中威信较高。",
	kindWorker: "该同志担任支部委员以来，认真落实“三会一课”、主题党日等组织生活制度，会议记录规范完整；" +
		"扎实做好党员教育管理和发展党员工作，支部各项工作有序推进。",
}

// LoadDemo gives the demo a 两优一先 round of this year under way, through
// the paths the organizations use: the committee (or general branch)
// opens it with quotas for the three kinds and every disqualifier, records
// a 诫勉 for the last eligible member of the last branch, and each of the
// first three branches nominates one of its eligible members (优秀共产党员,
// 优秀共产党员, 优秀党务工作者); the committee approves the first nomination
// and leaves the others pending. A branch without an eligible member
// nominates nobody.
func (s *Service) LoadDemo(ctx context.Context, committeeID string, branchIDs []string) error {
	org, err := s.dir.Org(ctx, s.db, committeeID)
	if err != nil {
		return err
	}
	upper, today := demoOperator(ctx, org), clock.Today(s.clk)
	r, err := s.createRound(upper, org, RoundIn{Year: today.Year(), Title: fmt.Sprintf("%d年度“两优一先”评选表彰", today.Year()),
		Kinds:         []QuotaIn{{kindMember, 2}, {kindWorker, 1}, {kindAdvanced, 1}},
		NominateUntil: today.AddDate(0, 0, 30).Format(clock.DateLayout)})
	if err != nil {
		return fmt.Errorf("commendations demo: %w", err)
	}
	branches := make([]OrgRef, len(branchIDs))
	for i, id := range branchIDs {
		if branches[i], err = s.dir.Org(ctx, s.db, id); err != nil {
			return err
		}
	}
	if len(branches) > 0 {
		if err := s.demoMark(upper, org, r, branches[len(branches)-1], today); err != nil {
			return fmt.Errorf("commendations demo: %w", err)
		}
	}
	approved := false
	for i, b := range branches[:min(len(branches), len(demoKinds))] {
		n, ok, err := s.demoNominate(ctx, r, b, demoKinds[i])
		if err == nil && ok && !approved {
			_, err = s.decide(upper, n.ID, true, "经委员会研究，同意推荐")
			approved = true
		}
		if err != nil {
			return fmt.Errorf("commendations demo: %w", err)
		}
	}
	return nil
}

// demoMark records, at org, a 诫勉 of this year for the last member of
// branch who could be 优秀共产党员.
func (s *Service) demoMark(ctx context.Context, org OrgRef, r Round, branch OrgRef, today time.Time) error {
	c, ok, err := s.demoCandidate(ctx, r, branch, kindMember, false)
	if err != nil || !ok {
		return err
	}
	on := today.AddDate(0, 0, -40)
	if on.Year() != today.Year() {
		on = time.Date(today.Year(), time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	_, err = s.recordMark(ctx, org, MarkIn{MemberID: c.MemberID, Year: today.Year(), Kind: dqAdmonished,
		Reason: "履行管理监督职责不到位，经研究对其进行诫勉谈话", On: on.Format(clock.DateLayout)})
	return err
}

// demoNominate has branch nominate an eligible member for kind; ok is
// false when it has none.
func (s *Service) demoNominate(ctx context.Context, r Round, branch OrgRef, kind string) (Nomination, bool, error) {
	c, ok, err := s.demoCandidate(ctx, r, branch, kind, true)
	if err != nil || !ok {
		return Nomination{}, false, err
	}
	n, err := s.nominate(demoOperator(ctx, branch), r.ID, NominationIn{Kind: kind, MemberID: c.MemberID, Deeds: demoDeeds[kind]})
	return n, err == nil, err
}

// demoCandidate is a member of branch eligible for kind in r and not
// nominated yet: the last of them by name, or with middle the one halfway.
// The demo nominates from the middle, away from the first members of a
// branch (those the transfers demo moves) and from its last, whom the
// organizational-life demo makes the habitual absentee.
func (s *Service) demoCandidate(ctx context.Context, r Round, branch OrgRef, kind string, middle bool) (Candidate, bool, error) {
	list, err := s.candidates(ctx, r, kind, branch)
	if err != nil {
		return Candidate{}, false, err
	}
	var eligible []Candidate
	for _, c := range list {
		if c.Eligible && c.NominationState == "" {
			eligible = append(eligible, c)
		}
	}
	switch {
	case len(eligible) == 0:
		return Candidate{}, false, nil
	case middle:
		return eligible[len(eligible)/2], true, nil
	}
	return eligible[len(eligible)-1], true, nil
}
