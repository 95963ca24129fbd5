package voting

// Member statuses as stored by the members capability.
const (
	statusFull         = "full"         // 正式党员
	statusProbationary = "probationary" // 预备党员
)

// HasVote reports whether a member with the given status ("full" or
// "probationary") may vote; partyProbation is true while the member is under
// 留党察看. When the answer is false, the reason is a Chinese sentence citing
// 党章, for the user.
func HasVote(status string, partyProbation bool) (bool, string) {
	switch {
	case status == statusProbationary:
		return false, "预备党员没有表决权（《中国共产党章程》第七条）"
	case status != statusFull:
		return false, "党员身份不明，无法确认表决权"
	case partyProbation:
		return false, "留党察看期间没有表决权（《中国共产党章程》第三十九条）"
	}
	return true, ""
}

// Quorum reports whether a 党员大会 may vote: more than half of the members
// with a vote who should attend are present (支部条例 第十一条).
func Quorum(expected, present int) bool {
	return expected > 0 && present*2 > expected
}

// Passes reports whether yes votes carry a resolution, or elect a candidate:
// more than half of the members with a vote who should attend, however many
// came (支部条例 第十一条; 选举条例).
func Passes(expected, yes int) bool {
	return expected > 0 && yes*2 > expected
}

// ElectionAttendanceValid reports whether an election meeting is valid: more
// than four fifths of the voters who should attend are present (选举条例).
func ElectionAttendanceValid(expected, present int) bool {
	return expected > 0 && present*5 > expected*4
}

// majority is the fewest votes (or members) that exceed half of n.
func majority(n int) int { return n/2 + 1 }
