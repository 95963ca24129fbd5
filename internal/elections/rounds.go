package elections

import (
	"context"
	"errors"
	"slices"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/voting"
)

// RoundIn is one vote of the election meeting as the org records it.
type RoundIn struct {
	HeldOn string `json:"held_on"`
	Post   string `json:"post"`
	// Expected is given only for a 党员代表大会 (the delegates who should
	// attend); a direct election counts the org's full members.
	Expected        int            `json:"expected"`
	Excluded        []Excluded     `json:"excluded"` // voters left out of 应到会, with reasons
	Present         int            `json:"present"`
	BallotsIssued   int            `json:"ballots_issued"`
	BallotsReturned int            `json:"ballots_returned"`
	InvalidBallots  int            `json:"invalid_ballots"`
	Candidates      []string       `json:"candidates"` // another round (另行选举): who stands again
	Votes           map[string]int `json:"votes"`
}

// addRound records a vote and its outcome as voting counts it. The first
// round of a post puts all its candidates to the vote; a tie across the
// last seat is voted on again among the tied; seats still open go to
// another round among candidates not yet elected.
func (s *Service) addRound(ctx context.Context, id string, in RoundIn) (Election, error) {
	return s.mutate(ctx, id, func(tx *db.Tx, e Election) error {
		if err := need(e, "进行选举投票", stateApproved, stateVoting); err != nil {
			return err
		}
		i := slices.IndexFunc(e.Posts, func(pp PostProgress) bool { return pp.Post == in.Post })
		if i < 0 {
			return fieldErr("post", "invalid", "本次选举不选举该职务")
		}
		pp := e.Posts[i]
		if pp.Next == "" {
			return httpx.Conflict("post_filled", pp.Label+"已经选足，不需要再投票")
		}
		org, err := s.dir.Org(ctx, tx, e.OrgID)
		if err != nil {
			return err
		}
		r, err := s.prepareRound(ctx, tx, e, org, pp, in)
		if err != nil {
			return err
		}
		return s.storeRound(ctx, tx, e, r)
	})
}

// prepareRound validates in and counts it into a round.
func (s *Service) prepareRound(ctx context.Context, q db.Querier, e Election, org OrgRef, pp PostProgress, in RoundIn) (Round, error) {
	r := Round{No: len(e.Rounds) + 1, HeldOn: in.HeldOn, Post: pp.Post, Kind: pp.Next, Present: in.Present,
		BallotsIssued: in.BallotsIssued, BallotsReturned: in.BallotsReturned, InvalidBallots: in.InvalidBallots,
		Excluded: in.Excluded}
	if r.Excluded == nil {
		r.Excluded = []Excluded{}
	}
	if err := s.checkHeldOn(e, in.HeldOn); err != nil {
		return Round{}, err
	}
	cands, seats, err := s.roundCandidates(ctx, q, e, org, pp, in.Candidates)
	if err != nil {
		return Round{}, err
	}
	r.Seats = seats
	if r.Expected, err = s.expected(ctx, q, e, org, in); err != nil {
		return Round{}, err
	}
	r.Votes = map[string]int{}
	for _, c := range cands {
		r.Votes[c] = 0
	}
	for c, v := range in.Votes {
		if _, ok := r.Votes[c]; !ok {
			return Round{}, fieldErr("votes", "invalid", "得票中有不是本轮候选人的党员")
		}
		r.Votes[c] = v
	}
	if err := voting.CheckElectionCount(voting.ElectionCount{Seats: seats, Expected: r.Expected, Present: in.Present,
		Issued: in.BallotsIssued, Returned: in.BallotsReturned, Invalid: in.InvalidBallots, Votes: r.Votes}); err != nil {
		return Round{}, ruleFieldErr(err)
	}
	if r.Kind == roundRevote {
		r.ElectionResult = voting.Revote(seats, r.Votes)
	} else {
		r.ElectionResult = voting.Elect(seats, r.Expected, r.Votes)
	}
	return r, nil
}

// checkHeldOn: a vote is held after the upper organization approved the
// plan, not in the future, and not before an earlier round.
func (s *Service) checkHeldOn(e Election, heldOn string) error {
	last := e.ApprovedOn
	if n := len(e.Rounds); n > 0 {
		last = e.Rounds[n-1].HeldOn
	}
	switch {
	case !validDate(heldOn):
		return fieldErr("held_on", "invalid", "请填写选举日期")
	case heldOn > s.today():
		return fieldErr("held_on", "future", "选举日期不能晚于今天")
	case heldOn < last:
		return fieldErr("held_on", "too_early", "选举日期不能早于上级批复或上一轮投票的日期（"+last+"）")
	}
	return nil
}

// roundCandidates are who stands in this round and for how many seats.
func (s *Service) roundCandidates(ctx context.Context, q db.Querier, e Election, org OrgRef, pp PostProgress, again []string) ([]string, int, error) {
	var standing []string
	for _, c := range e.Candidates {
		if c.Post == pp.Post && !slices.Contains(pp.Elected, c.MemberID) {
			standing = append(standing, c.MemberID)
		}
	}
	if len(again) > 0 && pp.Next != roundAnother {
		return nil, 0, fieldErr("candidates", "invalid", "只有另行选举时才需要重新确定候选人")
	}
	switch pp.Next {
	case roundRevote:
		return pp.Revote, pp.RevoteSeats, nil
	case roundAnother:
		for _, c := range again {
			if !slices.Contains(standing, c) {
				return nil, 0, fieldErr("candidates", "invalid", "另行选举的候选人须为本职务尚未当选的候选人")
			}
		}
		standing = slices.Compact(slices.Sorted(slices.Values(again)))
	}
	if ok, msg := voting.CandidatesEnough(pp.Post, pp.Open, len(standing)); !ok {
		return nil, 0, fieldErr("candidates", "too_few", pp.Label+"："+msg)
	}
	for _, c := range standing {
		if _, msg, err := s.eligible(ctx, q, org, c); err != nil || msg != "" {
			if err != nil {
				return nil, 0, err
			}
			return nil, 0, fieldErr("candidates", "not_eligible", "候选人"+e.candidateName(c)+"："+msg)
		}
	}
	return standing, pp.Open, nil
}

// expected is 应到会: for a direct election the org's full members less
// those left out with a reason; for a congress the delegates as given.
func (s *Service) expected(ctx context.Context, q db.Querier, e Election, org OrgRef, in RoundIn) (int, error) {
	if e.Plan.Method == methodCongress {
		if in.Expected <= 0 || len(in.Excluded) > 0 {
			return 0, fieldErr("expected", "required", "党员代表大会选举请填写应到会代表人数")
		}
		return in.Expected, nil
	}
	voters, err := s.dir.FullMembersUnder(ctx, q, org.Path)
	if err != nil {
		return 0, err
	}
	seen := map[string]bool{}
	for _, x := range in.Excluded {
		isVoter := slices.ContainsFunc(voters, func(m MemberRef) bool { return m.ID == x.MemberID })
		switch {
		case !isVoter || seen[x.MemberID]:
			return 0, fieldErr("excluded", "invalid", "不计入应到会人数的须为本组织有选举权的正式党员，且不能重复")
		case x.Reason == "":
			return 0, fieldErr("excluded", "required", "不计入应到会人数须写明原因（如出国出境半年以上、因病不能表达意志等）")
		}
		seen[x.MemberID] = true
	}
	return len(voters) - len(in.Excluded), nil
}

// ruleFieldErr turns a voting refusal into a 422 on the field concerned.
func ruleFieldErr(err error) error {
	var re *voting.RuleError
	if !errors.As(err, &re) {
		return err
	}
	field := map[string]string{voting.CodeAttendanceFailed: "present", voting.CodeBallotsExceed: "ballots_returned"}[re.Code]
	switch {
	case field != "":
	case re.MemberID != "":
		field = "votes"
	default:
		field = "ballots"
	}
	return fieldErr(field, re.Code, re.Message)
}

// storeRound writes the round and each candidate's votes; the election is
// then voting, or, when a branch without a committee has elected its
// secretary (and deputy), waiting for the upper organization's approval.
func (s *Service) storeRound(ctx context.Context, tx *db.Tx, e Election, r Round) error {
	now := s.clk.Now()
	r.ID = ids.At(now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO election_rounds (id, election_id, seq, post, kind, seats, held_on, expected,
		present, ballots_issued, ballots_returned, invalid_ballots, excluded, revote_seats, unfilled, explanation, actor_name, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, e.ID, r.No, r.Post, r.Kind, r.Seats, r.HeldOn,
		r.Expected, r.Present, r.BallotsIssued, r.BallotsReturned, r.InvalidBallots, excludedJSON(r.Excluded),
		r.RevoteSeats, r.Unfilled, r.Explanation, authz.ActorName(ctx, "系统"), now.UnixMilli()); err != nil {
		return err
	}
	for c, v := range r.Votes {
		outcome := outcomeLost
		switch {
		case slices.Contains(r.Elected, c):
			outcome = outcomeElected
		case slices.Contains(r.Revote, c):
			outcome = outcomeRevote
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO election_tallies (round_id, election_id, member_id, votes, outcome)
			VALUES (?, ?, ?, ?, ?)`, r.ID, e.ID, c, v, outcome); err != nil {
			return err
		}
	}
	e.Rounds = append(e.Rounds, r)
	e.Posts = progress(e.Plan, e.Rounds)
	state := stateVoting
	if e.Plan.SeatsCommittee == 0 && filled(e.Posts) {
		state = stateOfficersPending
		titles := map[string]string{}
		for _, id := range e.elected(voting.PostSecretary) {
			titles[id] = titleSecretary
		}
		for _, id := range e.elected(voting.PostDeputy) {
			titles[id] = titleDeputy
		}
		if err := s.storeOfficers(ctx, tx, e, titles); err != nil {
			return err
		}
	}
	return s.change(ctx, tx, e, state, "round", postLabels[r.Post]+roundLabels[r.Kind]+"："+r.Explanation, "")
}
