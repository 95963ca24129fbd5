package points

import (
	"strconv"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/settings"
)

// fact is what one event asks of the ledger: lines of a source to reverse
// (a correction), then a rule to award (units × the rule's points).
type fact struct {
	key                       string // dedupe key of the award ("" when the event only reverses)
	rule                      string
	units                     int
	member, orgID, orgPath    string
	on                        string // activity date: decides the year and the caps
	srcType, srcID, title     string
	note                      string
	reverseType, reverseSrcID string // lines of this source (and member) are reversed first
	reverseNote               string
}

// attendance is the payload of the meeting.* attendance events.
type attendance struct {
	MeetingID string `json:"meeting_id"`
	OrgID     string `json:"org_id"`
	Kind      string `json:"kind"`
	Topic     string `json:"topic"`
	StartsAt  string `json:"starts_at"`
	MemberID  string `json:"member_id"`
	Status    string `json:"status"`
	Previous  string `json:"previous"`
	Reason    string `json:"reason"`
}

var meetingKinds = map[string]string{"member_assembly": "支部党员大会", "committee": "支委会", "group": "党小组会",
	"lecture": "党课", "theme_day": "主题党日", "life_meeting": "组织生活会"}

// statusLabels are orglife's words for an attendance status.
var statusLabels = map[string]string{"present": "到会", "remote": "线上参会", "leave": "请假", "absent": "未到"}

// statusRules are the rules of the attendance statuses (到会 and 线上参会
// both count as attending).
var statusRules = map[string]string{"present": ruleAttended, "remote": ruleAttended, "leave": ruleLeave,
	"absent": ruleAbsent}

// dayOf is the Shanghai date of t.
func dayOf(t time.Time) string { return t.In(clock.Shanghai).Format(clock.DateLayout) }

// decoders turn each event type the ledger consumes into a fact; ok is
// false for an event that earns nothing (a late payment, a grade below 优秀).
var decoders = map[string]func(e outbox.Delivered) (fact, bool, error){
	"meeting.attended":             decodeAttendance,
	"meeting.leave":                decodeAttendance,
	"meeting.absent":               decodeAttendance,
	"meeting.attendance_corrected": decodeAttendance,
	"dues.paid":                    decodePaid,
	"dues.payment_reversed":        decodePaymentReversed,
	"appraisal.graded":             decodeGraded,
	"commendation.awarded":         decodeCommendation,
	"volunteer.hours":              decodeActivity(ruleVolunteer),
	"study.completed":              decodeActivity(ruleStudy),
}

func newFact(e outbox.Delivered, rule, member, orgID, on string) fact {
	if member == "" {
		member = e.SubjectID
	}
	if orgID == "" {
		if ids := settings.PathIDs(e.OrgPath); len(ids) > 0 {
			orgID = ids[len(ids)-1]
		}
	}
	return fact{key: e.ID + ":" + rule, rule: rule, units: 1, member: member, orgID: orgID, orgPath: e.OrgPath,
		on: on, srcType: ruleOf(rule).source}
}

func decodeAttendance(e outbox.Delivered) (fact, bool, error) {
	var p attendance
	if err := e.Decode(&p); err != nil {
		return fact{}, false, err
	}
	on := dayOf(e.At)
	if t, err := time.Parse(time.RFC3339, p.StartsAt); err == nil {
		on = dayOf(t)
	}
	rule := statusRules[p.Status]
	if rule == "" {
		return fact{}, false, nil
	}
	kind := meetingKinds[p.Kind]
	if kind == "" {
		kind = "组织生活"
	}
	f := newFact(e, rule, p.MemberID, p.OrgID, on)
	f.srcID, f.title = p.MeetingID, kind+"："+p.Topic
	if e.Type == "meeting.attendance_corrected" {
		f.note = "更正：" + statusLabels[p.Previous] + "→" + statusLabels[p.Status] + "（" + p.Reason + "）"
		f.reverseType, f.reverseSrcID, f.reverseNote = "meeting", p.MeetingID, f.note
	}
	return f, true, nil
}

func decodePaid(e outbox.Delivered) (fact, bool, error) {
	var p struct {
		MemberID  string `json:"member_id"`
		OrgID     string `json:"org_id"`
		Month     string `json:"month"`
		OnTime    bool   `json:"on_time"`
		EntryID   string `json:"entry_id"`
		Voluntary bool   `json:"voluntary"`
	}
	if err := e.Decode(&p); err != nil || !p.OnTime || p.Voluntary {
		return fact{}, false, err
	}
	f := newFact(e, ruleDuesOnTime, p.MemberID, p.OrgID, dayOf(e.At))
	f.srcID, f.title = p.EntryID, "按时缴纳 "+p.Month+" 党费"
	return f, true, nil
}

func decodePaymentReversed(e outbox.Delivered) (fact, bool, error) {
	var p struct {
		MemberID   string `json:"member_id"`
		OrgID      string `json:"org_id"`
		ReversesID string `json:"reverses_id"`
		Month      string `json:"month"`
	}
	if err := e.Decode(&p); err != nil {
		return fact{}, false, err
	}
	f := newFact(e, ruleDuesOnTime, p.MemberID, p.OrgID, dayOf(e.At))
	f.key, f.reverseType, f.reverseSrcID = "", "dues", p.ReversesID
	f.reverseNote = "冲正：" + p.Month + " 党费缴纳已更正"
	return f, true, nil
}

func decodeGraded(e outbox.Delivered) (fact, bool, error) {
	var p struct {
		AppraisalID string `json:"appraisal_id"`
		OrgID       string `json:"org_id"`
		Year        int    `json:"year"`
		Grade       string `json:"grade"`
		GradeLabel  string `json:"grade_label"`
	}
	if err := e.Decode(&p); err != nil || p.Grade != "excellent" {
		return fact{}, false, err
	}
	f := newFact(e, ruleAppraisal, "", p.OrgID, dayOf(e.At))
	f.srcID, f.title = p.AppraisalID, strconv.Itoa(p.Year)+" 年度民主评议："+p.GradeLabel
	return f, true, nil
}

func decodeCommendation(e outbox.Delivered) (fact, bool, error) {
	var p struct {
		RoundID   string `json:"round_id"`
		Title     string `json:"title"`
		KindLabel string `json:"kind_label"`
		MemberID  string `json:"member_id"`
		OrgID     string `json:"org_id"`
	}
	if err := e.Decode(&p); err != nil || p.MemberID == "" {
		return fact{}, false, err
	}
	f := newFact(e, ruleCommendation, p.MemberID, p.OrgID, dayOf(e.At))
	f.srcID, f.title = p.RoundID, p.KindLabel+"（"+p.Title+"）"
	return f, true, nil
}

// decodeActivity reads the events of capabilities to come (志愿服务,
// 学习教育): {member_id, hours, on, title}.
func decodeActivity(rule string) func(e outbox.Delivered) (fact, bool, error) {
	return func(e outbox.Delivered) (fact, bool, error) {
		var p struct {
			MemberID string  `json:"member_id"`
			Hours    float64 `json:"hours"`
			On       string  `json:"on"`
			Title    string  `json:"title"`
		}
		if err := e.Decode(&p); err != nil {
			return fact{}, false, err
		}
		on := p.On
		if _, err := time.Parse(clock.DateLayout, on); err != nil {
			on = dayOf(e.At)
		}
		f := newFact(e, rule, p.MemberID, "", on)
		f.srcID, f.title = e.ID, p.Title
		if rule == ruleVolunteer {
			f.units = int(p.Hours)
		}
		return f, true, nil
	}
}
