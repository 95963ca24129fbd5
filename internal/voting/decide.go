package voting

import "fmt"

// Ballot kinds: what the 党员大会 is voting on.
const (
	KindGeneral        = "general"         // any other resolution
	KindAdmission      = "admission"       // 接收预备党员
	KindFullMembership = "full_membership" // 预备党员转正
)

// Choice is one voter's answer.
type Choice string

// The choices a voter has.
const (
	Yes     Choice = "yes"     // 赞成
	No      Choice = "no"      // 反对
	Abstain Choice = "abstain" // 弃权
)

// Voter is one member on the meeting's roster. HasVote comes from the
// HasVote function; ShouldAttend is false for members the branch has left
// out of 应到会. MemberID must be unique on the roster.
type Voter struct {
	MemberID     string `json:"member_id"`
	HasVote      bool   `json:"has_vote"`
	ShouldAttend bool   `json:"should_attend"`
	Present      bool   `json:"present"`
}

// WrittenOpinion is a 书面意见 handed in before the meeting by an absent voter.
type WrittenOpinion struct {
	MemberID string `json:"member_id"`
	Choice   Choice `json:"choice"`
}

// Ballot is the count of one vote: the votes cast at the meeting and the
// written opinions of absent voters.
type Ballot struct {
	Kind    string           `json:"kind"`
	Yes     int              `json:"yes"`
	No      int              `json:"no"`
	Abstain int              `json:"abstain"`
	Written []WrittenOpinion `json:"written,omitempty"`
}

// Outcome is the result of a vote. Yes, No and Abstain include the written
// opinions, which are also given apart. A failed vote is an Outcome with
// Passed false, not an error.
type Outcome struct {
	VotersExpected int    `json:"voters_expected"` // 应到会有表决权的党员
	VotersPresent  int    `json:"voters_present"`  // 实到
	Yes            int    `json:"yes"`
	No             int    `json:"no"`
	Abstain        int    `json:"abstain"`
	WrittenYes     int    `json:"written_yes"`
	WrittenNo      int    `json:"written_no"`
	WrittenAbstain int    `json:"written_abstain"`
	Passed         bool   `json:"passed"`
	Explanation    string `json:"explanation"` // Chinese, for the minutes
}

// Decide counts a vote of a 党员大会 under the rules in the package comment.
// It refuses with a *RuleError when the meeting may not vote (no quorum) or
// the count cannot be right; otherwise it says whether the resolution passed.
func Decide(voters []Voter, b Ballot) (Outcome, error) {
	if err := checkBallot(b); err != nil {
		return Outcome{}, err
	}
	roster, err := rosterOf(voters)
	if err != nil {
		return Outcome{}, err
	}
	var o Outcome
	for _, v := range voters {
		if !counted(v) {
			continue
		}
		o.VotersExpected++
		if v.Present {
			o.VotersPresent++
		}
	}
	if !Quorum(o.VotersExpected, o.VotersPresent) {
		return Outcome{}, quorumFailed(o.VotersExpected, o.VotersPresent)
	}
	if cast := b.Yes + b.No + b.Abstain; cast > o.VotersPresent {
		return Outcome{}, &RuleError{Code: CodeTooManyVotes, Message: fmt.Sprintf(
			"到会有表决权的党员 %d 人，现场表决票合计 %d 票，多于到会人数，请核对票数",
			o.VotersPresent, cast)}
	}
	if err := tallyWritten(roster, b, &o); err != nil {
		return Outcome{}, err
	}
	o.Yes = b.Yes + o.WrittenYes
	o.No = b.No + o.WrittenNo
	o.Abstain = b.Abstain + o.WrittenAbstain
	o.Passed = Passes(o.VotersExpected, o.Yes)
	o.Explanation = explain(o)
	return o, nil
}

// counted reports whether a voter is among those who should attend: a
// member with a vote left out of 应到会 who comes anyway counts again.
func counted(v Voter) bool { return v.HasVote && (v.ShouldAttend || v.Present) }

func checkBallot(b Ballot) error {
	switch b.Kind {
	case KindGeneral, KindAdmission, KindFullMembership:
	default:
		return &RuleError{Code: CodeBadKind, Message: "表决事项类型无效"}
	}
	if b.Yes < 0 || b.No < 0 || b.Abstain < 0 {
		return &RuleError{Code: CodeBadCounts, Message: "票数不能为负数"}
	}
	return nil
}

func rosterOf(voters []Voter) (map[string]Voter, error) {
	roster := make(map[string]Voter, len(voters))
	for _, v := range voters {
		if _, dup := roster[v.MemberID]; dup {
			return nil, &RuleError{Code: CodeBadCounts, MemberID: v.MemberID,
				Message: "参会人员名单中有重复的党员，请核对名单"}
		}
		roster[v.MemberID] = v
	}
	return roster, nil
}

func quorumFailed(expected, present int) error {
	return &RuleError{Code: CodeQuorumFailed, Message: fmt.Sprintf(
		"应到会有表决权的党员 %d 人，实到 %d 人，未超过半数（至少须到会 %d 人），不能进行表决。"+
			"依据《中国共产党支部工作条例（试行）》第十一条，表决必须有半数以上有表决权的党员到会方可进行。",
		expected, present, majority(expected))}
}

func explain(o Outcome) string {
	s := fmt.Sprintf("应到会有表决权的党员 %d 人，实到 %d 人；%s，%s，%s；",
		o.VotersExpected, o.VotersPresent,
		votes("赞成", o.Yes, o.WrittenYes), votes("反对", o.No, o.WrittenNo),
		votes("弃权", o.Abstain, o.WrittenAbstain))
	if o.Passed {
		return s + "赞成票超过应到会有表决权党员的半数，决议通过。"
	}
	return s + fmt.Sprintf("赞成票未超过应到会有表决权党员的半数（至少须 %d 票），决议未通过。",
		majority(o.VotersExpected))
}

func votes(label string, total, written int) string {
	if written == 0 {
		return fmt.Sprintf("%s %d 票", label, total)
	}
	return fmt.Sprintf("%s %d 票（含书面意见 %d 票）", label, total, written)
}
