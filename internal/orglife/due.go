package orglife

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"dangjian/internal/notify"
)

// Start schedules the next 期末提醒 (requirements still unmet near a
// period's end) if it is not scheduled yet; each reminder schedules the
// next when it fires.
func (s *Service) Start(ctx context.Context) error {
	return s.scheduleDue(ctx, s.clk.Now())
}

// scheduleDue schedules the reminder of the first month whose reminder day
// is after now.
func (s *Service) scheduleDue(ctx context.Context, now time.Time) error {
	p := PeriodOf(Monthly, now)
	if !ReminderAt(p).After(now) {
		p = PeriodOf(Monthly, p.End)
	}
	return s.notify.Remind(ctx, s.db, kindComplianceDue, p.Key, ReminderAt(p), nil)
}

// composeDue tells each branch's officers which required meetings of the
// periods ending this month they have not held yet — on the 20th, when
// there is still time — and nothing to branches that held them. It then
// schedules next month's reminder.
func (s *Service) composeDue(ctx context.Context, monthKey string, _ json.RawMessage) ([]notify.Message, error) {
	month, err := ParsePeriod(monthKey)
	if err != nil {
		return nil, err
	}
	list, err := s.unmet(ctx, month)
	if err != nil {
		return nil, err
	}
	var out []notify.Message
	for _, b := range list {
		out = append(out, notify.Message{Key: "orglife.due:" + b.ID + ":" + monthKey, Kind: kindComplianceDue,
			SubjectID: b.ID, SenderOrgID: b.ID, Title: "组织生活提醒：" + b.Name + "尚未召开" + strings.Join(b.missing, "、"),
			Body: "按照《中国共产党支部工作条例（试行）》，" + strings.Join(b.lines, "；") + "，请在期末前召开并及时归档会议记录。",
			Link: "/meetings/new?org=" + b.ID, ToOfficersOf: []string{b.ID}})
	}
	return out, s.scheduleDue(ctx, month.End)
}

// dueBranch is a branch with requirements to be reminded of.
type dueBranch struct {
	BranchRef
	missing []string // kind labels
	lines   []string // "2026年第一季度应召开支部党员大会 1 次"
}

// unmet lists the branches with a requirement still unmet whose reminder
// day falls in month (monthly ones every month, quarterly ones in the
// quarter's last month, yearly ones in November).
func (s *Service) unmet(ctx context.Context, month Period) ([]dueBranch, error) {
	list, err := s.assess(ctx, OrgRef{Path: "/"}, month, "")
	if err != nil {
		return nil, err
	}
	var out []dueBranch
	for _, b := range list {
		d := dueBranch{BranchRef: b.BranchRef}
		for _, k := range b.Kinds {
			p := PeriodOf(Frequency(k.Frequency), month.Start)
			if k.Status != Amber || !month.Contains(ReminderAt(p)) {
				continue // met, not required, or not reminded this month
			}
			d.missing = append(d.missing, k.KindLabel)
			d.lines = append(d.lines, p.Label()+"应召开"+k.KindLabel)
		}
		if len(d.missing) > 0 {
			out = append(out, d)
		}
	}
	return out, nil
}
