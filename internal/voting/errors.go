package voting

// RuleError codes, stable for API clients.
const (
	CodeQuorumFailed      = "quorum_failed"       // fewer than half+1 of 应到会 present
	CodeTooManyVotes      = "too_many_votes"      // more votes cast than voters present
	CodeWrittenNotAllowed = "written_not_allowed" // written opinions on a general resolution
	CodeWrittenInvalid    = "written_invalid"     // a written opinion that cannot count
	CodeBadCounts         = "bad_counts"          // negative counts or a duplicated roster entry
	CodeBadKind           = "bad_kind"            // unknown ballot kind
	CodeBadShare          = "bad_share"           // a share that ParseShare cannot read
	CodeAttendanceFailed  = "attendance_failed"   // an election meeting without more than 4/5 of 应到会 present
	CodeBallotsExceed     = "ballots_exceed"      // more ballots returned than issued: the round is void
)

// RuleError is a vote that the rules refuse. Message is Chinese, for the
// user, and cites the regulation where one is broken; MemberID names the
// member concerned when there is one.
type RuleError struct {
	Code     string
	Message  string
	MemberID string
}

func (e *RuleError) Error() string { return e.Message }
