package orglife

import (
	"context"
	"strings"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Filter narrows the meeting list.
type Filter struct {
	OrgID string
	Kind  string
	State string
	From  string // date, inclusive
	To    string // date, inclusive
	Text  string
}

// List pages the meetings in the caller's scope (or under one org), the
// latest first, with their attendance counts.
func (s *Service) List(ctx context.Context, f Filter, pg httpx.Paging) (httpx.List[MeetingSummary], error) {
	out := httpx.List[MeetingSummary]{Items: []MeetingSummary{}, Page: pg.Page, PageSize: pg.Size}
	var a db.Args
	if f.OrgID != "" {
		org, err := s.scopedOrg(ctx, f.OrgID, authz.OrgLifeRead)
		if err != nil {
			return out, err
		}
		a.Add("org_path >= ? AND org_path < ?", org.Path, db.PrefixEnd(org.Path))
	} else if !scopeCondition(&a, authz.From(ctx).Scopes(authz.OrgLifeRead)) {
		return out, nil
	}
	if err := filterCondition(&a, f); err != nil {
		return out, err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM meetings"+a.Where(), a.Values()...).Scan(&out.Total); err != nil {
		return out, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+meetingColumns+" FROM meetings"+a.Where()+
		" ORDER BY starts_at DESC, id LIMIT ? OFFSET ?", append(a.Values(), pg.Size, pg.Offset())...)
	if err != nil {
		return out, err
	}
	var list []meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			rows.Close()
			return out, err
		}
		list = append(list, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	return out, s.summaries(ctx, list, &out.Items)
}

// scopeCondition limits a query to the scopes; false when there are none.
func scopeCondition(a *db.Args, scopes []string) bool {
	if len(scopes) == 0 {
		return false
	}
	conds := make([]string, len(scopes))
	var vals []any
	for i, path := range scopes {
		conds[i] = "(org_path >= ? AND org_path < ?)"
		vals = append(vals, path, db.PrefixEnd(path))
	}
	a.Add("("+strings.Join(conds, " OR ")+")", vals...)
	return true
}

func filterCondition(a *db.Args, f Filter) error {
	var fe httpx.Fields
	if f.Kind != "" {
		if !Kind(f.Kind).Valid() {
			fe.Add("kind", "invalid", "会议类型不正确")
		}
		a.Add("kind = ?", f.Kind)
	}
	if f.State != "" {
		if stateLabels[f.State] == "" {
			fe.Add("state", "invalid", "状态应为 scheduled、finalized 或 cancelled")
		}
		a.Add("state = ?", f.State)
	}
	for _, b := range []struct {
		field, value, cond string
		days               int
	}{{"from", f.From, "starts_at >= ?", 0}, {"to", f.To, "starts_at < ?", 1}} {
		if b.value == "" {
			continue
		}
		at, err := time.ParseInLocation(clock.DateLayout, b.value, clock.Shanghai)
		if err != nil {
			fe.Add(b.field, "invalid", "日期格式应为 2006-01-02")
			continue
		}
		a.Add(b.cond, ms(at.AddDate(0, 0, b.days)))
	}
	if text := strings.TrimSpace(f.Text); text != "" {
		a.Add(`LOWER(topic) LIKE ? ESCAPE '\'`, db.Contains(strings.ToLower(text)))
	}
	return fe.Err()
}

// summaries renders meetings with their org names and attendance counts,
// reading the whole page's attendees in one query.
func (s *Service) summaries(ctx context.Context, list []meeting, out *[]MeetingSummary) error {
	if len(list) == 0 {
		return nil
	}
	orgIDs, meetingIDs := make([]string, len(list)), make([]string, len(list))
	for i, m := range list {
		orgIDs[i], meetingIDs[i] = m.OrgID, m.ID
	}
	names, err := s.dir.Names(ctx, orgIDs)
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+attendeeColumns+" FROM meeting_attendees WHERE meeting_id IN ("+
		db.Placeholders(len(meetingIDs))+")", db.Strings(meetingIDs)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	people := map[string][]attendee{}
	for rows.Next() {
		a, err := scanAttendee(rows)
		if err != nil {
			return err
		}
		people[a.MeetingID] = append(people[a.MeetingID], a)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, m := range list {
		*out = append(*out, m.summary(names[m.OrgID], summarize(people[m.ID])))
	}
	return nil
}
