package transfers

import (
	"slices"
	"time"

	"dangjian/internal/platform/clock"
)

// Kinds of transfer.
const (
	KindInternal = "internal" // to a branch on the platform
	KindOutgoing = "outgoing" // to an organization elsewhere
	KindIncoming = "incoming" // from an organization elsewhere
)

// States. pending (internal) and issued (outgoing) are open: the member is
// still in the old branch. Everything else is final.
const (
	StatePending   = "pending"
	StateIssued    = "issued"
	StateAccepted  = "accepted"
	StateReturned  = "returned"
	StateCancelled = "cancelled"
	StateConfirmed = "confirmed"
)

var openStates = []string{StatePending, StateIssued}

var kindLabels = map[string]string{KindInternal: "系统内转接", KindOutgoing: "转出系统外", KindIncoming: "从系统外转入"}

var stateLabels = map[string]string{StatePending: "待接收", StateIssued: "已开具，待回执", StateAccepted: "已接收",
	StateReturned: "已退回", StateCancelled: "已撤销", StateConfirmed: "已转出（回执已收到）"}

// Steps of a transfer's history.
const (
	stepStarted    = "started"
	stepRegistered = "registered"
	stepAccepted   = "accepted"
	stepReturned   = "returned"
	stepCancelled  = "cancelled"
	stepConfirmed  = "confirmed"
)

var stepLabels = map[string]string{stepStarted: "开具介绍信", stepRegistered: "登记转入", stepAccepted: "接收",
	stepReturned: "退回", stepCancelled: "撤销", stepConfirmed: "收到回执"}

// lapseWarnDays is how long before the letter runs out it is flagged and
// its officers are reminded.
const lapseWarnDays = 7

// Transfer is one transfer as the API shows it.
type Transfer struct {
	ID            string `json:"id"`
	Kind          string `json:"kind"`
	KindLabel     string `json:"kind_label"`
	State         string `json:"state"`
	StateLabel    string `json:"state_label"`
	MemberID      string `json:"member_id"`
	MemberName    string `json:"member_name"`
	MemberStatus  string `json:"member_status"`
	FromOrgID     string `json:"from_org_id"`
	FromOrgName   string `json:"from_org_name"`
	ToOrgID       string `json:"to_org_id"`
	ToOrgName     string `json:"to_org_name"`
	Reason        string `json:"reason"`
	DuesPaidUntil string `json:"dues_paid_until"`
	LetterNo      string `json:"letter_no"`
	IssuedOn      string `json:"issued_on"`
	ValidUntil    string `json:"valid_until"`
	Lapsing       bool   `json:"lapsing"` // open, and the letter runs out within 7 days or has
	Lapsed        bool   `json:"lapsed"`  // open, and the letter's last valid day has passed
	ReturnReason  string `json:"return_reason"`
	CreatedAt     string `json:"created_at"`
	DecidedAt     string `json:"decided_at"`
	ActorName     string `json:"actor_name"`
	DecidedBy     string `json:"decided_by"`
	History       []Step `json:"history,omitempty"`

	idMasked, fromPath, toPath, issuerID, issuerName string
	year, seq                                        int
	createdAt, decidedAt                             int64
}

// Step is one line of a transfer's history.
type Step struct {
	At          string `json:"at"`
	Action      string `json:"action"`
	ActionLabel string `json:"action_label"`
	ActorName   string `json:"actor_name"`
	Note        string `json:"note"`
}

func (t *Transfer) open() bool { return slices.Contains(openStates, t.State) }

// shown fills the derived fields as of today ("YYYY-MM-DD"): labels,
// times, and the lapse flags. The last valid day is valid_until itself.
func (t *Transfer) shown(today string) *Transfer {
	t.KindLabel, t.StateLabel = kindLabels[t.Kind], stateLabels[t.State]
	t.CreatedAt, t.DecidedAt = clock.Stamp(t.createdAt), clock.Stamp(t.decidedAt)
	t.Lapsed = t.open() && t.ValidUntil != "" && t.ValidUntil < today
	t.Lapsing = t.open() && t.ValidUntil != "" && t.ValidUntil <= lapseHorizon(today)
	return t
}

// lapseHorizon is the last valid_until still flagged as lapsing on today.
func lapseHorizon(today string) string {
	d, _ := time.Parse(clock.DateLayout, today)
	return d.AddDate(0, 0, lapseWarnDays).Format(clock.DateLayout)
}

// audited is the transfer's auditable form (masked data only).
func (t *Transfer) audited() map[string]any {
	return map[string]any{"kind": t.Kind, "state": t.State, "member_id": t.MemberID, "from_org_id": t.FromOrgID,
		"from_org_name": t.FromOrgName, "to_org_id": t.ToOrgID, "to_org_name": t.ToOrgName, "letter_no": t.LetterNo,
		"issued_on": t.IssuedOn, "valid_until": t.ValidUntil, "reason": t.Reason, "return_reason": t.ReturnReason}
}

// event is the outbox payload of a transfer event.
func (t *Transfer) event() map[string]any {
	return map[string]any{"transfer_id": t.ID, "kind": t.Kind, "member_id": t.MemberID, "from_org_id": t.FromOrgID,
		"to_org_id": t.ToOrgID, "letter_no": t.LetterNo}
}
