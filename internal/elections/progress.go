package elections

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// rounds reads the election's rounds in order with every candidate's votes.
func rounds(ctx context.Context, q db.Querier, electionID string) ([]Round, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, seq, post, kind, seats, held_on, expected, present, ballots_issued,
		ballots_returned, invalid_ballots, excluded, revote_seats, unfilled, explanation, actor_name, at
		FROM election_rounds WHERE election_id = ? ORDER BY seq`, electionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Round{}
	byID := map[string]int{}
	for rows.Next() {
		var r Round
		var excluded string
		var at int64
		if err := rows.Scan(&r.ID, &r.No, &r.Post, &r.Kind, &r.Seats, &r.HeldOn, &r.Expected, &r.Present,
			&r.BallotsIssued, &r.BallotsReturned, &r.InvalidBallots, &excluded, &r.RevoteSeats, &r.Unfilled,
			&r.Explanation, &r.ActorName, &at); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(excluded), &r.Excluded); err != nil {
			return nil, err
		}
		r.PostLabel, r.KindLabel, r.At = postLabels[r.Post], roundLabels[r.Kind], clock.Stamp(at)
		r.Votes, r.Elected, r.Revote = map[string]int{}, []string{}, []string{}
		byID[r.ID] = len(out)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tallies(ctx, q, electionID, out, byID)
}

// tallies fills each round's votes and its elected and revote lists, most
// votes first as voting ranks them.
func tallies(ctx context.Context, q db.Querier, electionID string, out []Round, byID map[string]int) error {
	rows, err := q.QueryContext(ctx, `SELECT round_id, member_id, votes, outcome FROM election_tallies
		WHERE election_id = ?`, electionID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var roundID, memberID, outcome string
		var votes int
		if err := rows.Scan(&roundID, &memberID, &votes, &outcome); err != nil {
			return err
		}
		r := &out[byID[roundID]]
		r.Votes[memberID] = votes
		switch outcome {
		case outcomeElected:
			r.Elected = append(r.Elected, memberID)
		case outcomeRevote:
			r.Revote = append(r.Revote, memberID)
		}
	}
	for i := range out {
		byVotes := func(a, b string) int { return cmp.Or(cmp.Compare(out[i].Votes[b], out[i].Votes[a]), cmp.Compare(a, b)) }
		slices.SortFunc(out[i].Elected, byVotes)
		slices.SortFunc(out[i].Revote, byVotes)
	}
	return rows.Err()
}

// progress replays the rounds over the plan's posts: who is elected so far,
// who must be voted on again, and which round comes next for each post.
func progress(p Plan, rounds []Round) []PostProgress {
	out := []PostProgress{}
	for _, st := range p.posts() {
		pp := PostProgress{Post: st.Post, Label: postLabels[st.Post], Seats: st.Seats,
			MinCandidates: minCandidates(st.Post, st.Seats), Elected: []string{}, Revote: []string{}}
		for _, r := range rounds {
			if r.Post == st.Post {
				pp.rounds++
				pp.Elected = append(pp.Elected, r.Elected...)
				pp.Revote, pp.RevoteSeats = r.Revote, r.RevoteSeats
			}
		}
		pp.Open = pp.Seats - len(pp.Elected)
		switch {
		case pp.rounds == 0:
			pp.Next = roundFirst
		case len(pp.Revote) > 0:
			pp.Next = roundRevote
		case pp.Open > 0:
			pp.Next = roundAnother
		}
		out = append(out, pp)
	}
	return out
}

// filled reports whether every post has all its seats.
func filled(posts []PostProgress) bool {
	for _, pp := range posts {
		if pp.Next != "" {
			return false
		}
	}
	return true
}

// markElected flags the candidates elected to their post.
func markElected(cands []Candidate, posts []PostProgress) {
	for i, c := range cands {
		for _, pp := range posts {
			if pp.Post == c.Post && slices.Contains(pp.Elected, c.MemberID) {
				cands[i].Elected = true
			}
		}
	}
}

// elected lists the members elected to post.
func (e Election) elected(post string) []string {
	for _, pp := range e.Posts {
		if pp.Post == post {
			return pp.Elected
		}
	}
	return nil
}

// candidateName is the name of a candidate of e.
func (e Election) candidateName(id string) string {
	for _, c := range e.Candidates {
		if c.MemberID == id {
			return c.Name
		}
	}
	return ""
}
