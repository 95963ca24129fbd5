package elections

import (
	"fmt"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/voting"
)

// Org kinds that hold elections (党小组 and 党工委 do not).
const (
	kindCommittee     = "committee"      // 党的基层委员会
	kindGeneralBranch = "general_branch" // 党总支
	kindBranch        = "branch"         // 党支部
)

// Election methods.
const (
	methodDirect   = "直接选举"
	methodCongress = "党员代表大会" // 500+ members elect through delegates
)

const (
	ruleElection = "《中国共产党基层组织选举工作条例》"
	ruleBranch   = "《中国共产党支部工作条例（试行）》"
	ruleCharter  = "《中国共产党章程》"
)

// branchCommitteeAt is the number of full members from which a branch has a
// committee (支委会); below it a secretary (and a deputy if needed) only.
const branchCommitteeAt = 7

// seatRange is how many committee members an org of a kind has, and how
// many deputy secretaries at most (选举条例: 基层党委 5–9, at most 11, one or
// two deputies; 总支 5–7, at most 9; 支部 3–5, normally at most 7).
type seatRange struct{ min, max, deputies int }

var committeeSeats = map[string]seatRange{
	kindCommittee:     {5, 11, 2},
	kindGeneralBranch: {5, 9, 1},
	kindBranch:        {3, 7, 1},
}

// Term lengths allowed by 党章: three to five years.
const minTermYears, maxTermYears = 3, 5

// Plan is what the org submits to its upper organization (换届请示).
type Plan struct {
	PlannedOn      string `json:"planned_on"`
	SeatsCommittee int    `json:"seats_committee"` // 0: a branch under 7 full members has no committee
	SeatsSecretary int    `json:"seats_secretary"`
	SeatsDeputy    int    `json:"seats_deputy"`
	TermYears      int    `json:"term_years"` // 0 on input: the org's default
	Method         string `json:"method"`
	Note           string `json:"note"`
}

// holdsElections reports whether an org of kind elects a committee or a
// secretary.
func holdsElections(kind string) bool {
	_, ok := committeeSeats[kind]
	return ok
}

// checkPlan validates p for an org of kind with fullMembers full members.
func checkPlan(p Plan, kind string, fullMembers int) error {
	var fe httpx.Fields
	if !validDate(p.PlannedOn) {
		fe.Add("planned_on", "invalid", "请填写计划选举日期")
	}
	if p.Method != methodDirect && p.Method != methodCongress {
		fe.Add("method", "invalid", "选举方式应为“直接选举”或“党员代表大会”")
	}
	if p.TermYears < minTermYears || p.TermYears > maxTermYears {
		fe.Add("term_years", "invalid", fmt.Sprintf("每届任期为 %d 至 %d 年（%s）", minTermYears, maxTermYears, ruleCharter))
	}
	if p.SeatsSecretary != 1 {
		fe.Add("seats_secretary", "invalid", "设书记 1 名（"+ruleElection+"）")
	}
	r := committeeSeats[kind]
	if p.SeatsDeputy < 0 || p.SeatsDeputy > r.deputies {
		fe.Add("seats_deputy", "invalid", fmt.Sprintf("副书记可设 0 至 %d 名（%s）", r.deputies, ruleElection))
	}
	if msg := committeeRule(kind, fullMembers, p.SeatsCommittee); msg != "" {
		fe.Add("seats_committee", "invalid", msg)
	}
	return fe.Err()
}

// committeeRule is why seats committee places do not suit an org of kind
// with fullMembers full members, or "".
func committeeRule(kind string, fullMembers, seats int) string {
	r := committeeSeats[kind]
	switch {
	case kind == kindBranch && fullMembers < branchCommitteeAt && seats != 0:
		return fmt.Sprintf("本支部正式党员 %d 人，不足 %d 人，不设支部委员会，只选举书记（必要时选举副书记）（%s）",
			fullMembers, branchCommitteeAt, ruleBranch)
	case kind == kindBranch && fullMembers < branchCommitteeAt:
		return ""
	case kind == kindBranch && (seats < r.min || seats > r.max):
		return fmt.Sprintf("正式党员 %d 人以上的支部应设支部委员会，委员应为 %d 至 %d 名（%s）", branchCommitteeAt, r.min, r.max, ruleBranch)
	case seats < r.min || seats > r.max:
		what := map[string]string{kindCommittee: "党的基层委员会", kindGeneralBranch: "党总支委员会"}[kind]
		return fmt.Sprintf("%s委员应为 %d 至 %d 名（%s）", what, r.min, r.max, ruleElection)
	}
	return ""
}

// seat is one post a plan elects and its places.
type seat struct {
	Post  string
	Seats int
}

// posts are what the plan elects at the meeting: the committee where there
// is one (its secretary and deputy are then chosen by the committee), else
// the secretary and the deputy directly.
func (p Plan) posts() []seat {
	if p.SeatsCommittee > 0 {
		return []seat{{voting.PostCommittee, p.SeatsCommittee}}
	}
	out := []seat{{voting.PostSecretary, p.SeatsSecretary}}
	if p.SeatsDeputy > 0 {
		out = append(out, seat{voting.PostDeputy, p.SeatsDeputy})
	}
	return out
}

// minCandidates is the fewest candidates for seats places of post: 差额
// of at least 20% for committee members (voting.MinCandidates), as many as
// the seats for a secretary or deputy (voting.CandidatesEnough).
func minCandidates(post string, seats int) int {
	if post == voting.PostCommittee {
		return voting.MinCandidates(seats)
	}
	return seats
}

var postLabels = map[string]string{voting.PostCommittee: "委员", voting.PostSecretary: "书记", voting.PostDeputy: "副书记"}

// validDate reports whether s is a date "YYYY-MM-DD".
func validDate(s string) bool {
	_, err := time.Parse(clock.DateLayout, s)
	return err == nil
}

// parseDate reads a date already validated.
func parseDate(s string) time.Time {
	t, _ := time.Parse(clock.DateLayout, s)
	return t
}

// daysBetween is the number of days from a to b (negative when b is earlier).
func daysBetween(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }
