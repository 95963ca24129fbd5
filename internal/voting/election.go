package voting

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

// Posts an election fills.
const (
	PostCommittee = "committee" // 委员会委员
	PostSecretary = "secretary" // 书记 (elected directly where there is no committee)
	PostDeputy    = "deputy"    // 副书记
)

// electionRule names the regulation in every election message.
const electionRule = "《中国共产党基层组织选举工作条例》"

// MinCandidates is the fewest candidates for seats committee places: the
// number of candidates must exceed the seats by at least 20%, rounded up
// (差额不少于20%): 5 → 6, 7 → 9, 3 → 4, 1 → 2.
func MinCandidates(seats int) int { return seats + (seats+4)/5 }

// CandidatesEnough reports whether n candidates may stand for seats places
// of post. Committee members are elected with more candidates than seats
// (差额); a secretary or deputy may be elected with as many candidates as
// seats (等额, the usual practice), never fewer. When the answer is false
// the reason is Chinese, for the user.
func CandidatesEnough(post string, seats, n int) (bool, string) {
	switch {
	case seats <= 0:
		return false, "应选名额必须大于零"
	case post == PostCommittee && n < MinCandidates(seats):
		return false, fmt.Sprintf("委员应选 %d 名，候选人 %d 名；委员候选人差额不少于20%%，至少须 %d 名（%s）",
			seats, n, MinCandidates(seats), electionRule)
	case post != PostCommittee && n < seats:
		return false, fmt.Sprintf("应选 %d 名，候选人只有 %d 名，候选人不能少于应选名额（%s）", seats, n, electionRule)
	}
	return true, ""
}

// BallotValid reports whether a ballot marking marked names for seats
// places counts: one marking more names than seats is invalid (选举条例).
func BallotValid(marked, seats int) bool { return marked >= 0 && marked <= seats }

// ElectionCount is the count of one round of voting at an election meeting.
type ElectionCount struct {
	Seats    int            // 应选名额 in this round
	Expected int            // 应到会有选举权的党员 (or delegates)
	Present  int            // 实到
	Issued   int            // 发出选票
	Returned int            // 收回选票
	Invalid  int            // 无效票, including ballots marking more names than seats
	Votes    map[string]int // candidate → 赞成票
}

// CheckElectionCount refuses, with a *RuleError, a round that cannot elect
// anyone: too few present (more than four fifths must come; exactly four
// fifths is not enough), more ballots returned than issued (the round is
// void and must be held again), or counts that cannot be right.
func CheckElectionCount(c ElectionCount) error {
	switch {
	case c.Seats <= 0 || c.Expected <= 0 || c.Present < 0 || c.Issued < 0 || c.Returned < 0 || c.Invalid < 0:
		return &RuleError{Code: CodeBadCounts, Message: "应选名额、应到会人数须大于零，其他人数和票数不能为负数"}
	case c.Present > c.Expected:
		return &RuleError{Code: CodeBadCounts, Message: fmt.Sprintf(
			"实到 %d 人多于应到会 %d 人，请核对（不计入应到会的党员到会参加选举的，应计入应到会人数）", c.Present, c.Expected)}
	case !ElectionAttendanceValid(c.Expected, c.Present):
		return &RuleError{Code: CodeAttendanceFailed, Message: fmt.Sprintf(
			"应到会有选举权的党员 %d 人，到会 %d 人未超过应到会人数的五分之四（至少须到会 %d 人），不能进行选举（%s）",
			c.Expected, c.Present, c.Expected*4/5+1, electionRule)}
	case c.Issued > c.Present:
		return &RuleError{Code: CodeBadCounts, Message: fmt.Sprintf("发出选票 %d 张，多于到会人数 %d 人，请核对", c.Issued, c.Present)}
	case c.Returned > c.Issued:
		return &RuleError{Code: CodeBallotsExceed, Message: fmt.Sprintf(
			"收回选票 %d 张，多于发出选票 %d 张，本次选举无效，应重新进行选举（%s）", c.Returned, c.Issued, electionRule)}
	case c.Invalid > c.Returned:
		return &RuleError{Code: CodeBadCounts, Message: fmt.Sprintf("无效票 %d 张，多于收回选票 %d 张，请核对", c.Invalid, c.Returned)}
	}
	return checkVotes(c)
}

// checkVotes refuses vote counts no set of valid ballots could give: a
// candidate with more votes than valid ballots, or more names marked in all
// than the valid ballots may mark.
func checkVotes(c ElectionCount) error {
	valid, total := c.Returned-c.Invalid, 0
	for _, id := range slices.Sorted(maps.Keys(c.Votes)) {
		v := c.Votes[id]
		if v < 0 || v > valid {
			return &RuleError{Code: CodeBadCounts, MemberID: id, Message: fmt.Sprintf(
				"候选人得票 %d 票，应在 0 到有效票数 %d 之间，请核对", v, valid)}
		}
		total += v
	}
	if total > valid*c.Seats {
		return &RuleError{Code: CodeBadCounts, Message: fmt.Sprintf(
			"得票合计 %d 票，多于有效票 %d 张 × 应选 %d 名，请核对（所选人数多于应选名额的选票无效）", total, valid, c.Seats)}
	}
	return nil
}

// ElectionResult is the outcome of one round. Elected is ordered by votes,
// most first. Revote lists candidates tied across the last seat: the
// RevoteSeats places left stay open until they are voted on again.
// Unfilled places had too few candidates with enough votes: another round
// (另行选举) may fill them.
type ElectionResult struct {
	Elected     []string `json:"elected"`
	Revote      []string `json:"revote"`
	RevoteSeats int      `json:"revote_seats"`
	Unfilled    int      `json:"unfilled"`
	Explanation string   `json:"explanation"`
}

// Elect works out a round: a candidate qualifies with yes votes exceeding
// half of the voters who should attend (exactly half fails); when more
// qualify than there are seats the most votes win, and a tie straddling the
// last seat goes to a revote among the tied (选举条例).
func Elect(seats, expected int, votes map[string]int) ElectionResult {
	var qualified []string
	for id, v := range votes {
		if Passes(expected, v) {
			qualified = append(qualified, id)
		}
	}
	r := rank(seats, qualified, votes)
	r.Explanation = fmt.Sprintf("应到会有选举权的党员 %d 人，候选人得票须超过半数（至少 %d 票）方可当选；%d 人得票过半。%s",
		expected, majority(expected), len(qualified), explainResult(r))
	return r
}

// Revote works out a revote among candidates tied across the last seat: they
// all had more than half already, so the most votes win; a new tie across
// the last seat is voted on again.
func Revote(seats int, votes map[string]int) ElectionResult {
	r := rank(seats, slices.Collect(maps.Keys(votes)), votes)
	r.Explanation = "就得票相等的候选人重新投票，得票多的当选。" + explainResult(r)
	return r
}

// rank fills seats from the qualified candidates, most votes first.
func rank(seats int, qualified []string, votes map[string]int) ElectionResult {
	slices.SortFunc(qualified, func(a, b string) int {
		return cmp.Or(cmp.Compare(votes[b], votes[a]), cmp.Compare(a, b))
	})
	r := ElectionResult{Elected: []string{}, Revote: []string{}}
	if len(qualified) <= seats {
		r.Elected = append(r.Elected, qualified...)
		r.Unfilled = seats - len(qualified)
		return r
	}
	last := votes[qualified[seats-1]]
	if votes[qualified[seats]] != last {
		r.Elected = append(r.Elected, qualified[:seats]...)
		return r
	}
	for _, id := range qualified {
		switch {
		case votes[id] > last:
			r.Elected = append(r.Elected, id)
		case votes[id] == last:
			r.Revote = append(r.Revote, id)
		}
	}
	r.RevoteSeats = seats - len(r.Elected)
	return r
}

func explainResult(r ElectionResult) string {
	s := fmt.Sprintf("当选 %d 人。", len(r.Elected))
	if len(r.Revote) > 0 {
		s += fmt.Sprintf("%d 名候选人得票相等，不能确定当选人，应就其重新投票，决定剩余 %d 个名额。", len(r.Revote), r.RevoteSeats)
	}
	if r.Unfilled > 0 {
		s += fmt.Sprintf("当选人数少于应选名额，尚缺 %d 名，可另行选举。", r.Unfilled)
	}
	return s + "（" + electionRule + "）"
}
