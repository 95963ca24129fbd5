package elections

import (
	"context"
	"fmt"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/voting"
)

// LoadDemo gives the demo a finished election with a term history for the
// first of orgIDs (its previous term, then the new one the election
// starts) and a plan awaiting the upper organization's approval for the
// second. It goes through the same validation and storage as the API,
// acting as the system; the first org must have enough full members to
// stand for the posts its size calls for.
func (s *Service) LoadDemo(ctx context.Context, orgIDs []string) error {
	if len(orgIDs) > 0 {
		if err := s.demoFinished(ctx, orgIDs[0]); err != nil {
			return fmt.Errorf("elections demo: %w", err)
		}
	}
	if len(orgIDs) > 1 {
		org, plan, _, err := s.demoPlan(ctx, orgIDs[1])
		if err != nil {
			return fmt.Errorf("elections demo: %w", err)
		}
		e, err := s.createPlan(ctx, org, plan)
		if err == nil {
			_, err = s.submit(ctx, e.ID)
		}
		return err
	}
	return nil
}

// demoPlan is the plan org's size calls for (the smallest committee where
// it must have one, else a secretary alone) and the org's voters.
func (s *Service) demoPlan(ctx context.Context, orgID string) (OrgRef, Plan, []MemberRef, error) {
	org, err := s.dir.Org(ctx, s.db, orgID)
	if err != nil {
		return OrgRef{}, Plan{}, nil, err
	}
	voters, err := s.dir.FullMembersUnder(ctx, s.db, org.Path)
	if err != nil {
		return OrgRef{}, Plan{}, nil, err
	}
	p := Plan{PlannedOn: s.today(), SeatsSecretary: 1, Method: methodDirect, Note: "演示数据"}
	if org.Kind != kindBranch || len(voters) >= branchCommitteeAt {
		p.SeatsCommittee = committeeSeats[org.Kind].min
	}
	return org, p, voters, nil
}

// demoFinished records the org's previous term and runs an election
// through to completion: every full member present, the first candidates
// elected.
func (s *Service) demoFinished(ctx context.Context, orgID string) error {
	org, plan, voters, err := s.demoPlan(ctx, orgID)
	if err != nil {
		return err
	}
	post, seats := plan.posts()[0].Post, plan.posts()[0].Seats
	need := minCandidates(post, seats)
	if len(voters) < need {
		return fmt.Errorf("org %s has %d full members, %d needed", orgID, len(voters), need)
	}
	cands := voters[:need]
	if err := s.demoPreviousTerm(ctx, org); err != nil {
		return err
	}
	e, err := s.createPlan(ctx, org, plan)
	if err != nil {
		return err
	}
	if _, err := s.submit(ctx, e.ID); err != nil {
		return err
	}
	if _, err := s.decidePlan(ctx, e.ID, true, "同意换届方案"); err != nil {
		return err
	}
	list := make([]CandidateIn, len(cands))
	for i, m := range cands {
		list[i] = CandidateIn{MemberID: m.ID, Post: post}
	}
	if e, err = s.setCandidates(ctx, e.ID, list); err != nil {
		return err
	}
	if e, err = s.addRound(ctx, e.ID, demoRound(s.today(), post, seats, len(voters), cands)); err != nil {
		return err
	}
	if post == voting.PostCommittee {
		elected := e.elected(post)
		roles := map[string]string{elected[1]: "organization", elected[2]: "publicity"}
		if _, err := s.setOfficers(ctx, e.ID, OfficersIn{SecretaryID: elected[0], Roles: roles}); err != nil {
			return err
		}
	}
	if _, err := s.approveOfficers(ctx, e.ID, "同意"); err != nil {
		return err
	}
	_, err = s.complete(ctx, e.ID)
	return err
}

// demoRound is a vote where every full member came and the first seats
// candidates got all but one vote, the others one each.
func demoRound(on, post string, seats, n int, cands []MemberRef) RoundIn {
	in := RoundIn{HeldOn: on, Post: post, Present: n, BallotsIssued: n, BallotsReturned: n, Votes: map[string]int{}}
	for i, m := range cands {
		switch {
		case i >= seats:
			in.Votes[m.ID] = 1
		case len(cands) == seats:
			in.Votes[m.ID] = n
		default:
			in.Votes[m.ID] = n - 1
		}
	}
	return in
}

// demoPreviousTerm records the term before the demo election: the org's
// own dates when it has them, else the term length just ended.
func (s *Service) demoPreviousTerm(ctx context.Context, org OrgRef) error {
	start, end := org.TermStart, org.TermEnd
	if !validDate(start) || !validDate(end) {
		v, err := s.values(ctx, s.db, org.Path)
		if err != nil {
			return err
		}
		today := clock.Today(s.clk)
		start = clock.AddMonths(today, -12*defaultTermYears(v, org)).Format(clock.DateLayout)
		end = today.Format(clock.DateLayout)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := s.insertTerm(ctx, tx, org, start, end, "")
		return err
	})
}
