package development

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"dangjian/internal/development/rules"
	"dangjian/internal/notify"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// reminderKind is the reminder of a file's next time limit.
const reminderKind = "development_due"

// The reminder goes a week before the limit, in working hours (Beijing).
const (
	remindDaysBefore = 7
	remindHour       = 9
)

type reminderPayload struct {
	NextDue string `json:"next_due"`
	Step    int    `json:"step"`
}

// schedule keeps the file's reminder in step with its next time limit, in
// the transaction that changed it: moved when the limit moves, forgotten
// when none is running. A limit nearer than a week is reminded at once.
func (s *Service) schedule(ctx context.Context, q db.Querier, r fileRow) error {
	if s.notify == nil {
		return nil
	}
	if r.NextDue == "" {
		return s.notify.Forget(ctx, q, reminderKind, r.ID)
	}
	due, err := time.ParseInLocation(clock.DateLayout, r.NextDue, clock.Shanghai)
	if err != nil {
		return err
	}
	at := due.AddDate(0, 0, -remindDaysBefore).Add(remindHour * time.Hour)
	return s.notify.Remind(ctx, q, reminderKind, r.ID, at, reminderPayload{NextDue: r.NextDue, Step: r.DueStep})
}

// composeReminder writes the reminder from the file as it is when it
// fires: one whose limit moved or ended meanwhile sends nothing. The
// branch's officers hear of it, and the upper org's too when the step is
// theirs (an approval).
func (s *Service) composeReminder(ctx context.Context, key string, raw json.RawMessage) ([]notify.Message, error) {
	var p reminderPayload
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	r, err := getFile(ctx, s.db, key, "")
	if db.IsNoRows(err) || (err == nil && (r.NextDue != p.NextDue || !inProgress(r.State))) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	due := day(r.NextDue)
	days := int(due.Sub(clock.Today(s.clk)).Hours() / 24)
	when := fmt.Sprintf("还有 %d 天", days)
	if days < 0 {
		when = fmt.Sprintf("已逾期 %d 天", -days)
	}
	to := []string{r.OrgID}
	if st, ok := rules.Lookup(p.Step); ok && st.Actor == rules.Upper {
		if chain := settings.PathIDs(r.OrgPath); len(chain) > 1 {
			to = append(to, chain[len(chain)-2])
		}
	}
	return []notify.Message{{
		Key:  "development_due:" + r.ID + ":" + r.NextDue + ":" + strconv.Itoa(p.Step),
		Kind: reminderKind, SubjectID: r.ID, SenderOrgID: r.OrgID,
		Title: fmt.Sprintf("发展党员提醒：%s「%s」应于%s前完成", r.Name, r.NextDueWhat, rules.ChineseDate(due)),
		Body: fmt.Sprintf("%s（%s）的发展党员档案：「%s」应于%s前完成（%s）。依据%s，请按时办理。",
			r.Name, rules.StageLabel(r.Stage), r.NextDueWhat, rules.ChineseDate(due), when, rules.Regulation),
		Link: "/development/files/" + r.ID, ToOfficersOf: to,
	}}, nil
}
