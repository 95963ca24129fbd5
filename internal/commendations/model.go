package commendations

// Kinds of commendation (两优一先).
const (
	kindMember   = "excellent_member" // 优秀共产党员
	kindWorker   = "excellent_worker" // 优秀党务工作者
	kindAdvanced = "advanced_org"     // 先进基层党组织
)

// kindOrder lists the kinds as they are shown.
var kindOrder = []string{kindMember, kindWorker, kindAdvanced}

var kindLabels = map[string]string{kindMember: "优秀共产党员", kindWorker: "优秀党务工作者", kindAdvanced: "先进基层党组织"}

// forOrg reports whether kind commends an organization rather than a member.
func forOrg(kind string) bool { return kind == kindAdvanced }

// grassroots are the org kinds that are 基层党组织.
var grassroots = map[string]bool{"committee": true, "general_branch": true, "branch": true}

// Disqualifier is one entry of the catalogue a round chooses from: manual
// ones are marks an organization records per member and year; the others
// come from the year's figures.
type Disqualifier struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Manual bool   `json:"manual"`
}

// Disqualifier keys.
const (
	dqAdmonished  = "admonished"    // 诫勉
	dqDisciplined = "disciplined"   // 受到党纪处分
	dqOrgHandled  = "org_handled"   // 受到组织处理
	dqUnderReview = "under_review"  // 正在接受审查
	dqAppraisal   = "appraisal_low" // 当年民主评议为基本合格或不合格
	dqArrears     = "dues_arrears"  // 当年有欠缴党费提醒
)

// catalogue is every disqualifier; a round that names none gets them all.
var catalogue = []Disqualifier{
	{dqAdmonished, "诫勉", true},
	{dqDisciplined, "受到党纪处分", true},
	{dqOrgHandled, "受到组织处理", true},
	{dqUnderReview, "正在接受审查", true},
	{dqAppraisal, "当年民主评议为基本合格或不合格", false},
	{dqArrears, "当年有欠缴党费提醒", false},
}

// disqualifier finds key in the catalogue.
func disqualifier(key string) (Disqualifier, bool) {
	for _, d := range catalogue {
		if d.Key == key {
			return d, true
		}
	}
	return Disqualifier{}, false
}

// Round states.
const (
	stateOpen   = "open"   // 评选中
	stateClosed = "closed" // 已公布
)

var roundStateLabels = map[string]string{stateOpen: "评选中", stateClosed: "已公布"}

// Nomination states.
const (
	nomPending   = "pending"
	nomApproved  = "approved"
	nomRejected  = "rejected"
	nomWithdrawn = "withdrawn"
)

var nomStateLabels = map[string]string{nomPending: "待审批", nomApproved: "已批准", nomRejected: "未批准", nomWithdrawn: "已撤回"}

// Round is a commendation round as the API shows it.
type Round struct {
	ID            string         `json:"id"`
	OrgID         string         `json:"org_id"`
	OrgName       string         `json:"org_name"`
	Year          int            `json:"year"`
	Title         string         `json:"title"`
	Kinds         []KindQuota    `json:"kinds"`
	Disqualifiers []Disqualifier `json:"disqualifiers"`
	NominateUntil string         `json:"nominate_until"`
	State         string         `json:"state"`
	StateLabel    string         `json:"state_label"`
	CreatedBy     string         `json:"created_by"`
	CreatedAt     string         `json:"created_at"`
	PublishedBy   string         `json:"published_by"`
	PublishedAt   string         `json:"published_at"`
	// CanDecide: the caller approves for the round's org.
	CanDecide bool `json:"can_decide"`
	orgPath   string
}

// RoundView is a round with the nominations the caller may see.
type RoundView struct {
	Round
	Nominations []Nomination `json:"nominations"`
}

// KindQuota is one kind of a round with its quota and how it is filled.
type KindQuota struct {
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Quota     int    `json:"quota"`
	Approved  int    `json:"approved"`
	Pending   int    `json:"pending"`
}

// Nomination is one nominee of a round. OrgID is the member's org, or the
// org nominated (MemberID ""). Eligible and Reasons are as of now.
type Nomination struct {
	ID           string   `json:"id"`
	RoundID      string   `json:"round_id"`
	Kind         string   `json:"kind"`
	KindLabel    string   `json:"kind_label"`
	MemberID     string   `json:"member_id"`
	OrgID        string   `json:"org_id"`
	Name         string   `json:"name"`
	Deeds        string   `json:"deeds"`
	State        string   `json:"state"`
	StateLabel   string   `json:"state_label"`
	ByOrgID      string   `json:"nominated_by_org_id"`
	ByOrgName    string   `json:"nominated_by_org_name"`
	NominatedBy  string   `json:"nominated_by"`
	NominatedAt  string   `json:"nominated_at"`
	DecidedBy    string   `json:"decided_by"`
	DecidedAt    string   `json:"decided_at"`
	DecisionNote string   `json:"decision_note"`
	Eligible     bool     `json:"eligible"`
	Reasons      []string `json:"reasons"`
	orgPath      string
	byOrgPath    string
}
