package voting

import "fmt"

// tallyWritten checks the written opinions of b against the roster and
// counts them in o's Written fields.
func tallyWritten(roster map[string]Voter, b Ballot, o *Outcome) error {
	if len(b.Written) == 0 {
		return nil
	}
	if b.Kind == KindGeneral {
		return &RuleError{Code: CodeWrittenNotAllowed, Message: "书面意见只在讨论接收预备党员和预备党员转正时计入票数" +
			"（《中国共产党发展党员工作细则》），其他事项以到会党员的表决为准"}
	}
	seen := make(map[string]bool, len(b.Written))
	for i, w := range b.Written {
		if msg := refuseWritten(roster, seen, w); msg != "" {
			return &RuleError{Code: CodeWrittenInvalid, MemberID: w.MemberID,
				Message: fmt.Sprintf("第 %d 份书面意见无效：%s", i+1, msg)}
		}
		seen[w.MemberID] = true
		switch w.Choice {
		case Yes:
			o.WrittenYes++
		case No:
			o.WrittenNo++
		case Abstain:
			o.WrittenAbstain++
		}
	}
	return nil
}

// refuseWritten is why a written opinion cannot be counted, or "".
func refuseWritten(roster map[string]Voter, seen map[string]bool, w WrittenOpinion) string {
	v, ok := roster[w.MemberID]
	switch {
	case !ok:
		return "提交人不在本次会议的党员名单中"
	case !v.HasVote:
		return "提交人没有表决权，书面意见不计入票数"
	case v.Present:
		return "提交人已到会，应当在会上表决，书面意见不再计入"
	case !v.ShouldAttend:
		return "提交人不在应到会有表决权的党员之列"
	case seen[w.MemberID]:
		return "同一党员只能提交一份书面意见"
	case w.Choice != Yes && w.Choice != No && w.Choice != Abstain:
		return "意见应为赞成、反对或弃权"
	}
	return ""
}
