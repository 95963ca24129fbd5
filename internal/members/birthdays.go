package members

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// 政治生日: the anniversary of the day a member joined the Party (JoinedOn),
// or, where an organization department prefers, of FullMemberOn.

// greetingsKind is the daily reminder that sends the day's greetings.
const greetingsKind = "political_birthday"

// greetingHour is when greetings go out (Asia/Shanghai).
const greetingHour = 9

// BirthdayConfig chooses what a political birthday is and how it is greeted.
type BirthdayConfig struct {
	FromFullMemberOn bool // count from 转正 (FullMemberOn) instead of 入党 (JoinedOn)
	SMS              bool // greet by SMS too, where the member's preferences allow
}

// UseGreetings registers the daily political-birthday greetings with the
// message center and schedules today's run.
func (s *Service) UseGreetings(ctx context.Context, n *notify.Service, cfg BirthdayConfig) error {
	s.notify, s.birthdays = n, cfg
	n.RegisterReminder(greetingsKind, s.composeGreetings)
	return s.scheduleGreetings(ctx, s.db, clock.Today(s.clk))
}

// scheduleGreetings queues the greetings of day (a date at midnight UTC, as
// clock.Today gives) at greetingHour Shanghai time.
func (s *Service) scheduleGreetings(ctx context.Context, q db.Querier, day time.Time) error {
	date := day.Format(clock.DateLayout)
	at := time.Date(day.Year(), day.Month(), day.Day(), greetingHour, 0, 0, 0, clock.Shanghai)
	return s.notify.Remind(ctx, q, greetingsKind, date, at, map[string]string{"date": date})
}

// GreetingDates are the anniversaries ("MM-DD") greeted on day: its own, and
// on 28 February of a common year also 29 February's.
func GreetingDates(day time.Time) []string {
	md := []string{day.Format("01-02")}
	if day.Month() == time.February && day.Day() == 28 && !isLeap(day.Year()) {
		md = append(md, "02-29")
	}
	return md
}

// Birthday is a member's political birthday on a given day.
type Birthday struct {
	MemberID string `json:"member_id"`
	Name     string `json:"name"`
	OrgID    string `json:"org_id"`
	OrgName  string `json:"org_name"`
	Date     string `json:"date"`      // the day it is celebrated
	Since    string `json:"joined_on"` // the day counted from
	Years    int    `json:"years"`
	orgPath  string
}

// birthdaysOn lists the active members under path whose political birthday
// is celebrated on day (years ≥ 1), at most limit.
func (s *Service) birthdaysOn(ctx context.Context, path string, day time.Time, limit int) ([]Birthday, error) {
	col := s.birthdayColumn()
	dates := GreetingDates(day)
	args := []any{StateActive, path, db.PrefixEnd(path)}
	for _, d := range dates {
		args = append(args, d)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id, name, org_id, org_path, "+col+" FROM members WHERE state = ? AND org_path >= ? AND org_path < ? AND "+
		col+" <> '' AND substr("+col+", 6, 5) IN ("+db.Placeholders(len(dates))+") ORDER BY org_path, name, id LIMIT ?",
		append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Birthday
	for rows.Next() {
		var b Birthday
		if err := rows.Scan(&b.MemberID, &b.Name, &b.OrgID, &b.orgPath, &b.Since); err != nil {
			return nil, err
		}
		b.Date = day.Format(clock.DateLayout)
		if b.Years = anniversary(b.Since, day); b.Years >= 1 {
			out = append(out, b)
		}
	}
	return out, rows.Err()
}

func (s *Service) birthdayColumn() string {
	if s.birthdays.FromFullMemberOn {
		return "full_member_on"
	}
	return "joined_on"
}

// anniversary is which anniversary of date falls in day's year (a 29
// February greeted on 28 February counts that year too, unlike yearsSince).
func anniversary(date string, day time.Time) int {
	d, ok := parseDate(date)
	if !ok {
		return 0
	}
	return day.Year() - d.Year()
}

// maxGreetings bounds one day's greetings in one organization tree walk; a
// province has a few thousand a day.
const maxGreetings = 100000

// composeGreetings sends the day's greetings, one message per member in the
// name of their branch, and schedules the next day. Keys are per member and
// year, so a rerun (a restart, a second server) greets nobody twice.
func (s *Service) composeGreetings(ctx context.Context, _ string, raw json.RawMessage) ([]notify.Message, error) {
	var p struct{ Date string }
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	day, err := time.Parse(clock.DateLayout, p.Date)
	if err != nil {
		return nil, err
	}
	list, err := s.birthdaysOn(ctx, "/", day, maxGreetings)
	if err != nil {
		return nil, err
	}
	if err := s.scheduleGreetings(ctx, s.db, day.AddDate(0, 0, 1)); err != nil {
		return nil, err
	}
	return s.greetings(ctx, list)
}

func (s *Service) greetings(ctx context.Context, list []Birthday) ([]notify.Message, error) {
	orgIDs := make([]string, len(list))
	for i, b := range list {
		orgIDs[i] = b.OrgID
	}
	names, err := s.orgs.Names(ctx, s.db, orgIDs)
	if err != nil {
		return nil, err
	}
	var channels []string
	if s.birthdays.SMS {
		channels = []string{notify.SMS}
	}
	out := make([]notify.Message, len(list))
	for i, b := range list {
		out[i] = notify.Message{
			Key: fmt.Sprintf("political_birthday:%s:%s", b.MemberID, b.Date[:4]), Kind: greetingsKind,
			SubjectID: b.MemberID, SenderOrgID: b.OrgID, Title: fmt.Sprintf("政治生日快乐！入党 %d 周年", b.Years),
			Body: fmt.Sprintf("%s同志：今天是您的政治生日，您已在党 %d 年。%s祝您政治生日快乐！愿您不忘初心、牢记使命，永葆共产党员本色。",
				b.Name, b.Years, names[b.OrgID]),
			Link: "/me", Channels: channels, Params: map[string]string{"name": b.Name, "years": fmt.Sprint(b.Years)},
			To: []notify.Recipient{{ID: b.MemberID, OrgID: b.OrgID, OrgPath: b.orgPath}},
		}
	}
	return out, nil
}

// maxListed bounds the console's birthday list.
const maxListed = 200

// BirthdayList is today's political birthdays and those of the coming days.
type BirthdayList struct {
	Today    []Birthday `json:"today"`
	Upcoming []Birthday `json:"upcoming"`
}

// Birthdays lists the political birthdays under an org from today for days
// days (the secretary's console home page).
func (s *Service) Birthdays(ctx context.Context, orgID string, days int) (BirthdayList, error) {
	org, err := s.scopedOrg(ctx, s.db, orgID, authz.MemberRead)
	if err != nil {
		return BirthdayList{}, err
	}
	out := BirthdayList{Today: []Birthday{}, Upcoming: []Birthday{}}
	today := clock.Today(s.clk)
	for i := 0; i < days; i++ {
		list, err := s.birthdaysOn(ctx, org.Path, today.AddDate(0, 0, i), maxListed)
		if err != nil {
			return out, err
		}
		if i == 0 {
			out.Today = append(out.Today, list...)
		} else {
			out.Upcoming = append(out.Upcoming, list...)
		}
	}
	return out, s.nameOrgs(ctx, out.Today, out.Upcoming)
}

func (s *Service) nameOrgs(ctx context.Context, lists ...[]Birthday) error {
	var orgIDs []string
	for _, l := range lists {
		for _, b := range l {
			orgIDs = append(orgIDs, b.OrgID)
		}
	}
	names, err := s.orgs.Names(ctx, s.db, orgIDs)
	for _, l := range lists {
		for i := range l {
			l[i].OrgName = names[l[i].OrgID]
		}
	}
	return err
}

func (s *Service) handleBirthdays(w http.ResponseWriter, r *http.Request) error {
	days := 7
	if v := r.URL.Query().Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 31 {
			return fieldErr("days", "invalid", "天数应为 1 到 31")
		}
		days = n
	}
	list, err := s.Birthdays(r.Context(), r.PathValue("id"), days)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, list)
}
