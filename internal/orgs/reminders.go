package orgs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// termEndKind is the reminder before an org's term ends (换届提醒).
const termEndKind = "term_end"

// remindHour is when reminders fire (Asia/Shanghai): working hours, never in
// anyone's quiet hours.
const remindHour = 9

// UseReminders registers the term-end reminder with the message center:
// leadMonths before an org's term ends (DOMAIN.md: normally 6), its officers
// and those of its upper organization are told. Every change to an org
// moves or cancels its reminder in the same transaction.
func (s *Service) UseReminders(n *notify.Service, leadMonths int) {
	if leadMonths <= 0 {
		leadMonths = 6
	}
	s.notify, s.termLead = n, leadMonths
	n.RegisterReminder(termEndKind, s.composeTermEnd)
}

type termPayload struct {
	TermEnd string `json:"term_end"`
}

// scheduleTermEnd keeps the org's term-end reminder in step with the org:
// moved when the term changes, cancelled when there is no term or the org is
// dissolved. A term already inside the lead time is reminded at once.
func (s *Service) scheduleTermEnd(ctx context.Context, q db.Querier, o Org) error {
	if s.notify == nil {
		return nil
	}
	end, err := time.ParseInLocation(clock.DateLayout, o.TermEnd, clock.Shanghai)
	if o.TermEnd == "" || err != nil || !o.Active() {
		return s.notify.Forget(ctx, q, termEndKind, o.ID)
	}
	at := clock.AddMonths(end, -s.termLead).Add(remindHour * time.Hour)
	return s.notify.Remind(ctx, q, termEndKind, o.ID, at, termPayload{TermEnd: o.TermEnd})
}

// composeTermEnd writes the reminder from the org as it is when it fires;
// an org dissolved or re-termed meanwhile gets nothing from this one.
func (s *Service) composeTermEnd(ctx context.Context, orgID string, raw json.RawMessage) ([]notify.Message, error) {
	var p termPayload
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	o, err := s.Get(ctx, s.db, orgID)
	if db.IsNoRows(err) || (err == nil && (!o.Active() || o.TermEnd != p.TermEnd)) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	days := daysUntil(clock.Today(s.clk), o.TermEnd)
	title := fmt.Sprintf("换届提醒：%s任期将于%s届满", o.Name, clock.ChineseDate(o.TermEnd))
	body := fmt.Sprintf("%s本届任期将于%s届满（还有 %d 天）。请提前做好换届选举准备，按规定报上级党组织批准；如需延期或提前换届，须经上级党组织批准，且一般不超过 1 年。",
		o.Name, clock.ChineseDate(o.TermEnd), days)
	if days < 0 {
		title = fmt.Sprintf("换届提醒：%s任期已于%s届满", o.Name, clock.ChineseDate(o.TermEnd))
		body = fmt.Sprintf("%s本届任期已于%s届满（超期 %d 天），请尽快报上级党组织批准后进行换届选举。",
			o.Name, clock.ChineseDate(o.TermEnd), -days)
	}
	to := []string{o.ID}
	if o.ParentID != "" {
		to = append(to, o.ParentID)
	}
	return []notify.Message{{
		Key: "term_end:" + o.ID + ":" + o.TermEnd, Kind: termEndKind, SubjectID: o.ID,
		SenderOrgID: firstNonEmpty(o.ParentID, o.ID), Title: title, Body: body, Link: "/orgs?org=" + o.ID,
		Channels: []string{notify.SMS}, Params: map[string]string{"org": o.Name, "date": o.TermEnd},
		ToOfficersOf: to,
	}}, nil
}

func daysUntil(today time.Time, date string) int {
	d, err := time.Parse(clock.DateLayout, date)
	if err != nil {
		return 0
	}
	return int(d.Sub(today).Hours() / 24)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
