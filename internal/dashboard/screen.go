package dashboard

import (
	"context"
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/httpx"
)

// Screen is the big screen (数据大屏) of an org.
type Screen struct {
	Org      OrgBrief         `json:"org"`
	AsOf     string           `json:"as_of"`
	Headline []Headline       `json:"headline"`
	Trends   []Trend          `json:"trends"`
	Map      []MapPoint       `json:"map"`
	Health   map[string]int64 `json:"health"`
	Live     Live             `json:"live"`
}

// Trend is one month of the screen's trends.
type Trend struct {
	Month           string `json:"month"`
	MeetingsHeld    int64  `json:"meetings_held"`
	AttendanceRate  int64  `json:"attendance_rate"`
	DuesPaidMembers int64  `json:"dues_paid_members"`
	MembersJoined   int64  `json:"members_joined"`
}

// MapPoint is an org on the screen's map with its members (subtree).
type MapPoint struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Kind    string  `json:"kind"`
	Lng     float64 `json:"lng"`
	Lat     float64 `json:"lat"`
	Members int64   `json:"members"`
}

// Live is what is going on now: the meetings in progress.
type Live struct {
	AsOf     string     `json:"as_of"`
	Meetings []LiveItem `json:"meetings"`
}

// LiveItem is a meeting in progress with its 应到 and 实到 so far.
type LiveItem struct {
	MeetingID string `json:"meeting_id"`
	Topic     string `json:"topic"`
	OrgID     string `json:"org_id"`
	OrgName   string `json:"org_name"`
	StartsAt  string `json:"starts_at"`
	Expected  int    `json:"expected"`
	CheckedIn int    `json:"checked_in"`
}

// The screen's bounds: a year of trends, the located orgs on the map and
// the meetings shown live.
const (
	trendMonths = 12
	mapLimit    = 2000
	liveLimit   = 50
)

var screenMetrics = []string{"members.total", "members.status", "members.joined", "orgs.kind", "meetings.held",
	"attendance.present", "attendance.leave", "attendance.absent", "dues.paid_members", "health.color", "health.risk"}

func (s *Service) getScreen(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.DashboardRead)
	if err != nil {
		return err
	}
	counts, err := s.st.Counts(ctx, []string{org.ID}, screenMetrics)
	if err != nil {
		return err
	}
	rd := s.reading(counts[org.ID])
	out := Screen{Org: brief(org), AsOf: rd.today.Format(clock.DateLayout), Headline: screenHeadline(rd),
		Trends: trends(rd), Health: map[string]int64{}}
	for _, c := range scales["health.color"] {
		out.Health[c.code] = rd.n("health.color", c.code)
	}
	if out.Map, err = s.screenMap(ctx, org); err != nil {
		return err
	}
	if out.Live, err = s.live(ctx, org); err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}

func screenHeadline(r reading) []Headline {
	return append(counterPanels["members"].headline(r),
		Headline{Key: "orgs", Label: "党组织", N: r.sum("orgs.kind", nil)},
		r.count("branches", "党支部", "orgs.kind", "branch"),
		r.meetingsThisYear(), r.duesRate(),
		r.count("at_risk", "软弱涣散风险党支部", "health.risk", riskAll))
}

func trends(r reading) []Trend {
	months := lastMonths(r.today, trendMonths)
	out := make([]Trend, len(months))
	for i, m := range months {
		present, expected := r.attendance(func(b string) bool { return b == m })
		out[i] = Trend{Month: m, MeetingsHeld: r.n("meetings.held", m), AttendanceRate: percent(present, expected),
			DuesPaidMembers: r.n("dues.paid_members", m), MembersJoined: r.n("members.joined", m)}
	}
	return out
}

// screenMap places the located orgs of the subtree with their members.
func (s *Service) screenMap(ctx context.Context, org OrgRef) ([]MapPoint, error) {
	located, err := s.st.Located(ctx, org.Path, mapLimit)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(located))
	for i, o := range located {
		ids[i] = o.ID
	}
	counts, err := s.st.Counts(ctx, ids, []string{"members.total"})
	if err != nil {
		return nil, err
	}
	out := make([]MapPoint, len(located))
	for i, o := range located {
		out[i] = MapPoint{ID: o.ID, Name: o.Name, Kind: o.Kind, Lng: *o.Longitude, Lat: *o.Latitude,
			Members: counts[o.ID]["members.total"]["all"]}
	}
	return out, nil
}

func (s *Service) getLive(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.DashboardRead)
	if err != nil {
		return err
	}
	live, err := s.live(ctx, org)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, live)
}

// live lists the meetings under way in the subtree now.
func (s *Service) live(ctx context.Context, org OrgRef) (Live, error) {
	now := s.clk.Now()
	list, err := s.dir.LiveMeetings(ctx, org.Path, now, liveLimit)
	if err != nil {
		return Live{}, err
	}
	ids := make([]string, len(list))
	for i, m := range list {
		ids[i] = m.OrgID
	}
	names, err := s.dir.OrgNames(ctx, ids)
	if err != nil {
		return Live{}, err
	}
	out := Live{AsOf: clock.Stamp(now.UnixMilli()), Meetings: make([]LiveItem, len(list))}
	for i, m := range list {
		out.Meetings[i] = LiveItem{MeetingID: m.ID, Topic: m.Topic, OrgID: m.OrgID, OrgName: names[m.OrgID],
			StartsAt: clock.Stamp(m.StartsAt.UnixMilli()), Expected: m.Expected, CheckedIn: m.CheckedIn}
	}
	return out, nil
}
