package elections

import "dangjian/internal/voting"

// Election states.
const (
	stateDraft           = "draft"            // 拟订方案 (also after the upper org returned it)
	stateSubmitted       = "submitted"        // 已报上级党组织审批
	stateApproved        = "approved"         // 上级已批复，可召开选举大会
	stateVoting          = "voting"           // 选举进行中
	stateOfficersPending = "officers_pending" // 书记、副书记待上级批准
	stateCompleted       = "completed"        // 换届完成
	stateCancelled       = "cancelled"
)

var stateLabels = map[string]string{stateDraft: "拟订方案", stateSubmitted: "待上级审批", stateApproved: "上级已批复",
	stateVoting: "选举中", stateOfficersPending: "待上级批准书记、副书记", stateCompleted: "换届完成", stateCancelled: "已取消"}

// Round kinds: the first vote on a post, a revote among candidates tied
// across the last seat, and another round (另行选举) for unfilled seats.
const (
	roundFirst   = "first"
	roundRevote  = "revote"
	roundAnother = "another"
)

var roundLabels = map[string]string{roundFirst: "正式选举", roundRevote: "重新投票", roundAnother: "另行选举"}

// Outcomes of a candidate in a round (election_tallies.outcome).
const (
	outcomeElected = "elected"
	outcomeRevote  = "revote"
	outcomeLost    = "not_elected"
)

// Position titles (orgs codes) an election gives.
const (
	titleSecretary = "secretary"
	titleDeputy    = "deputy_secretary"
	titleMember    = "committee_member"
)

var titleLabels = map[string]string{titleSecretary: "书记", titleDeputy: "副书记", "organization": "组织委员",
	"publicity": "宣传委员", "discipline": "纪检委员", titleMember: "委员"}

// titleRank orders a committee as it is listed: 书记, 副书记, then the
// committee members by their work.
var titleRank = map[string]int{titleSecretary: 0, titleDeputy: 1, "organization": 2, "publicity": 3,
	"discipline": 4, titleMember: 5}

// Election is everything about one election, as GET /elections/{eid} shows it.
type Election struct {
	ID           string         `json:"id"`
	OrgID        string         `json:"org_id"`
	OrgName      string         `json:"org_name"`
	OrgKind      string         `json:"org_kind"`
	State        string         `json:"state"`
	StateLabel   string         `json:"state_label"`
	Plan         Plan           `json:"plan"`
	Candidates   []Candidate    `json:"candidates"`
	Posts        []PostProgress `json:"posts"`
	Rounds       []Round        `json:"rounds"`
	Officers     *Officers      `json:"officers"`
	Log          []LogEntry     `json:"approvals"`
	ApprovedOn   string         `json:"approved_on"`
	ReturnReason string         `json:"return_reason"`
	CancelReason string         `json:"cancel_reason"`
	CompletedOn  string         `json:"completed_on"`
	Term         *Term          `json:"term"`
	Version      int            `json:"version"`
	CreatedAt    string         `json:"created_at"`
	// CanDecide: the caller approves for the upper organization
	// (ElectionManage at a strict ancestor of the org).
	CanDecide bool `json:"can_decide"`
	// VotersExpected is the org's subtree's active full members now: the
	// 应到会 of a direct election's round before anyone is left out.
	VotersExpected int `json:"voters_expected"`
	orgPath        string
}

// Candidate is one member standing for a post.
type Candidate struct {
	MemberID  string `json:"member_id"`
	Name      string `json:"name"`
	Post      string `json:"post"`
	PostLabel string `json:"post_label"`
	Elected   bool   `json:"elected"`
}

// Excluded is a voter the branch left out of 应到会, with the reason.
type Excluded struct {
	MemberID string `json:"member_id"`
	Reason   string `json:"reason"`
}

// Round is one vote of the election meeting with its outcome.
type Round struct {
	ID              string         `json:"id"`
	No              int            `json:"no"`
	HeldOn          string         `json:"held_on"`
	Post            string         `json:"post"`
	PostLabel       string         `json:"post_label"`
	Kind            string         `json:"kind"`
	KindLabel       string         `json:"kind_label"`
	Seats           int            `json:"seats"`
	Expected        int            `json:"expected"`
	Present         int            `json:"present"`
	BallotsIssued   int            `json:"ballots_issued"`
	BallotsReturned int            `json:"ballots_returned"`
	InvalidBallots  int            `json:"invalid_ballots"`
	Excluded        []Excluded     `json:"excluded"`
	Votes           map[string]int `json:"votes"`
	voting.ElectionResult
	ActorName string `json:"actor_name"`
	At        string `json:"at"`
}

// PostProgress is where the election of one post stands.
type PostProgress struct {
	Post          string   `json:"post"`
	Label         string   `json:"label"`
	Seats         int      `json:"seats"`
	MinCandidates int      `json:"min_candidates"` // the fewest candidates the post may have
	Elected       []string `json:"elected"`
	Revote        []string `json:"revote"`
	RevoteSeats   int      `json:"revote_seats"`
	Open          int      `json:"open"`
	Next          string   `json:"next"` // first | revote | another | "" (filled)
	rounds        int
}

// Officers are the secretary, deputy and committee roles chosen among the
// elected, with the upper organization's approval.
type Officers struct {
	SecretaryID string            `json:"secretary_id"`
	DeputyID    string            `json:"deputy_id"`
	Roles       map[string]string `json:"roles"`
	Members     []Officer         `json:"members"`
	Approved    bool              `json:"approved"`
	ApprovedOn  string            `json:"approved_on"`
}

// Officer is one member's post in the new committee.
type Officer struct {
	MemberID   string `json:"member_id"`
	Name       string `json:"name"`
	Title      string `json:"title"`
	TitleLabel string `json:"title_label"`
}

// LogEntry is one decision on the election (submitted, approved, ...).
type LogEntry struct {
	At          string `json:"at"`
	Action      string `json:"action"`
	ActionLabel string `json:"action_label"`
	ActorName   string `json:"actor_name"`
	Note        string `json:"note"`
}

var actionLabels = map[string]string{"created": "拟订换届方案", "plan_updated": "修改换届方案", "submitted": "报上级审批",
	"approved": "上级批复同意", "returned": "上级退回", "candidates": "确定候选人", "round": "选举投票",
	"officers": "确定书记、副书记及委员分工", "officers_approved": "上级批准书记、副书记", "completed": "换届完成",
	"cancelled": "取消换届"}

// Term is one term (第N届) of an org.
type Term struct {
	Number     int    `json:"number"`
	StartOn    string `json:"start_on"`
	EndOn      string `json:"end_on"`
	ElectionID string `json:"election_id"`
}
