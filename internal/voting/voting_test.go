package voting

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// roster is expected full members m1..mN who should attend; the first
// present of them came.
func roster(expected, present int, extra ...Voter) []Voter {
	vs := make([]Voter, 0, expected+len(extra))
	for i := 1; i <= expected; i++ {
		vs = append(vs, Voter{MemberID: fmt.Sprintf("m%d", i), HasVote: true, ShouldAttend: true, Present: i <= present})
	}
	return append(vs, extra...)
}

// Members who are on the roster without counting in 应到会 by default.
var (
	probationaryPresent = Voter{MemberID: "p1", HasVote: false, ShouldAttend: true, Present: true}
	probationaryAbsent  = Voter{MemberID: "p2", HasVote: false, ShouldAttend: true}
	excusedAbsent       = Voter{MemberID: "x1", HasVote: true, ShouldAttend: false}
	excusedPresent      = Voter{MemberID: "x2", HasVote: true, ShouldAttend: false, Present: true}
)

func written(kind string, yes, no, abstain int, w ...WrittenOpinion) Ballot {
	return Ballot{Kind: kind, Yes: yes, No: no, Abstain: abstain, Written: w}
}

func TestDecideOutcomes(t *testing.T) {
	cases := []struct {
		name   string
		voters []Voter
		ballot Ballot
		want   Outcome // Explanation not compared here
	}{
		{"9 expected, 5 present, 5 yes passes", roster(9, 5), written(KindGeneral, 5, 0, 0),
			Outcome{VotersExpected: 9, VotersPresent: 5, Yes: 5, Passed: true}},
		{"9 expected, 9 present, 4 yes fails", roster(9, 9), written(KindGeneral, 4, 3, 2),
			Outcome{VotersExpected: 9, VotersPresent: 9, Yes: 4, No: 3, Abstain: 2}},
		{"counts against expected: 10 expected, 6 present, 5 yes fails", roster(10, 6), written(KindGeneral, 5, 1, 0),
			Outcome{VotersExpected: 10, VotersPresent: 6, Yes: 5, No: 1}},
		{"10 expected, 6 present, 6 yes passes", roster(10, 6), written(KindGeneral, 6, 0, 0),
			Outcome{VotersExpected: 10, VotersPresent: 6, Yes: 6, Passed: true}},
		{"fewer votes than voters present is fine", roster(10, 8), written(KindGeneral, 6, 0, 0),
			Outcome{VotersExpected: 10, VotersPresent: 8, Yes: 6, Passed: true}},
		{"probationary members present are not voters", roster(4, 3, probationaryPresent, probationaryAbsent), written(KindGeneral, 3, 0, 0),
			Outcome{VotersExpected: 4, VotersPresent: 3, Yes: 3, Passed: true}},
		{"excused absent member is not expected", roster(9, 5, excusedAbsent), written(KindGeneral, 5, 0, 0),
			Outcome{VotersExpected: 9, VotersPresent: 5, Yes: 5, Passed: true}},
		{"excused member who comes counts again", roster(9, 5, excusedPresent), written(KindGeneral, 5, 1, 0),
			Outcome{VotersExpected: 10, VotersPresent: 6, Yes: 5, No: 1}},
		{"admission: written yes of an absent voter counts", roster(9, 5), written(KindAdmission, 4, 1, 0, WrittenOpinion{"m6", Yes}),
			Outcome{VotersExpected: 9, VotersPresent: 5, Yes: 5, No: 1, WrittenYes: 1, Passed: true}},
		{"转正: written no and abstain count", roster(9, 5), written(KindFullMembership, 5, 0, 0, WrittenOpinion{"m6", No}, WrittenOpinion{"m7", Abstain}),
			Outcome{VotersExpected: 9, VotersPresent: 5, Yes: 5, No: 1, Abstain: 1, WrittenNo: 1, WrittenAbstain: 1, Passed: true}},
		{"转正: written yes lifts to a majority of expected", roster(10, 6), written(KindFullMembership, 5, 1, 0, WrittenOpinion{"m7", Yes}),
			Outcome{VotersExpected: 10, VotersPresent: 6, Yes: 6, No: 1, WrittenYes: 1, Passed: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Decide(c.voters, c.ballot)
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			if got.Explanation == "" {
				t.Error("no explanation")
			}
			got.Explanation = ""
			if got != c.want {
				t.Errorf("Decide =\n %+v\nwant\n %+v", got, c.want)
			}
		})
	}
}

func TestDecideRefuses(t *testing.T) {
	cases := []struct {
		name     string
		voters   []Voter
		ballot   Ballot
		code     string
		memberID string
		msg      string // part of the Chinese message
	}{
		{"exactly half present", roster(10, 5), written(KindGeneral, 5, 0, 0), CodeQuorumFailed, "",
			"应到会有表决权的党员 10 人，实到 5 人，未超过半数（至少须到会 6 人）"},
		{"9 expected, 4 present", roster(9, 4), written(KindGeneral, 4, 0, 0), CodeQuorumFailed, "",
			"《中国共产党支部工作条例（试行）》第十一条"},
		{"probationary members do not make quorum", roster(5, 2, probationaryPresent), written(KindGeneral, 2, 0, 0), CodeQuorumFailed, "",
			"应到会有表决权的党员 5 人，实到 2 人"},
		{"written opinions do not make quorum", roster(10, 5),
			written(KindAdmission, 5, 0, 0, WrittenOpinion{"m6", Yes}, WrittenOpinion{"m7", Yes}), CodeQuorumFailed, "", "实到 5 人"},
		{"nobody expected", roster(0, 0, probationaryPresent), written(KindGeneral, 0, 0, 0), CodeQuorumFailed, "", "应到会有表决权的党员 0 人"},
		{"more votes than voters present", roster(9, 7), written(KindGeneral, 5, 2, 1), CodeTooManyVotes, "",
			"到会有表决权的党员 7 人，现场表决票合计 8 票"},
		{"negative count", roster(9, 7), written(KindGeneral, 5, -1, 0), CodeBadCounts, "", "负数"},
		{"duplicated roster entry", append(roster(9, 7), Voter{MemberID: "m1", HasVote: true, ShouldAttend: true}),
			written(KindGeneral, 5, 0, 0), CodeBadCounts, "m1", "重复"},
		{"unknown kind", roster(9, 7), written("election", 5, 0, 0), CodeBadKind, "", "类型无效"},
		{"written on a general resolution", roster(9, 7), written(KindGeneral, 4, 0, 0, WrittenOpinion{"m8", Yes}),
			CodeWrittenNotAllowed, "", "只在讨论接收预备党员和预备党员转正时计入票数"},
		{"written from a present voter", roster(9, 7), written(KindAdmission, 4, 0, 0, WrittenOpinion{"m8", Yes}, WrittenOpinion{"m2", Yes}),
			CodeWrittenInvalid, "m2", "第 2 份书面意见无效：提交人已到会"},
		{"written from a probationary member", roster(9, 7, probationaryAbsent), written(KindAdmission, 4, 0, 0, WrittenOpinion{"p2", Yes}),
			CodeWrittenInvalid, "p2", "提交人没有表决权"},
		{"written from a member not expected", roster(9, 7, excusedAbsent), written(KindFullMembership, 4, 0, 0, WrittenOpinion{"x1", Yes}),
			CodeWrittenInvalid, "x1", "不在应到会有表决权的党员之列"},
		{"written from someone not on the roster", roster(9, 7), written(KindAdmission, 4, 0, 0, WrittenOpinion{"z9", Yes}),
			CodeWrittenInvalid, "z9", "不在本次会议的党员名单中"},
		{"duplicated written opinion", roster(9, 7), written(KindAdmission, 4, 0, 0, WrittenOpinion{"m8", Yes}, WrittenOpinion{"m8", No}),
			CodeWrittenInvalid, "m8", "第 2 份书面意见无效：同一党员只能提交一份书面意见"},
		{"written opinion without a choice", roster(9, 7), written(KindAdmission, 4, 0, 0, WrittenOpinion{"m8", ""}),
			CodeWrittenInvalid, "m8", "意见应为赞成、反对或弃权"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Decide(c.voters, c.ballot)
			var re *RuleError
			if !errors.As(err, &re) {
				t.Fatalf("Decide = %+v, %v; want RuleError %s", got, err, c.code)
			}
			if re.Code != c.code || re.MemberID != c.memberID || !strings.Contains(re.Error(), c.msg) {
				t.Errorf("RuleError = %+v; want code %s, member %q, message containing %q", re, c.code, c.memberID, c.msg)
			}
			if got != (Outcome{}) {
				t.Errorf("refused vote returned an outcome: %+v", got)
			}
		})
	}
}

func TestDecideExplanation(t *testing.T) {
	cases := []struct {
		name   string
		voters []Voter
		ballot Ballot
		want   string
	}{
		{"passed with a written opinion", roster(9, 7), written(KindAdmission, 4, 2, 1, WrittenOpinion{"m8", Yes}),
			"应到会有表决权的党员 9 人，实到 7 人；赞成 5 票（含书面意见 1 票），反对 2 票，弃权 1 票；" +
				"赞成票超过应到会有表决权党员的半数，决议通过。"},
		{"failed: half of expected is not enough", roster(10, 6), written(KindGeneral, 5, 1, 0),
			"应到会有表决权的党员 10 人，实到 6 人；赞成 5 票，反对 1 票，弃权 0 票；" +
				"赞成票未超过应到会有表决权党员的半数（至少须 6 票），决议未通过。"},
	}
	for _, c := range cases {
		got, err := Decide(c.voters, c.ballot)
		if err != nil || got.Explanation != c.want {
			t.Errorf("%s: Decide explanation = %q, %v\nwant %q", c.name, got.Explanation, err, c.want)
		}
	}
}
