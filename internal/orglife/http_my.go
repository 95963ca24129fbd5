package orglife

import (
	"context"
	"net/http"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// MyMeeting is a meeting as one of its attendees sees it on the phone.
type MyMeeting struct {
	MeetingSummary
	Answer          string `json:"answer"`
	LeaveState      string `json:"leave_state"`
	LeaveReason     string `json:"leave_reason"`
	Status          string `json:"status"`
	StatusLabel     string `json:"status_label"`
	CheckedInAt     string `json:"checked_in_at"`
	NeedsConfirm    bool   `json:"needs_confirmation"`
	CheckinOpen     bool   `json:"checkin_open"`
	CheckinOpensAt  string `json:"checkin_opens_at"`
	CheckinClosesAt string `json:"checkin_closes_at"`
	Geofence        bool   `json:"geofence"`
	Online          bool   `json:"online"`
	Photo           bool   `json:"photo"`
	RadiusM         int    `json:"radius_m"`
}

// Rate is a member's attendance over a year's finalized meetings they
// were expected at (approved leave is not attendance, and not absence).
type Rate struct {
	Year     int     `json:"year"`
	Expected int     `json:"expected"`
	Attended int     `json:"attended"`
	Leave    int     `json:"leave"`
	Rate     float64 `json:"rate"`
}

func (s *Service) myRoutes(rt *httpx.Router) {
	rt.Handle("GET /api/v1/my/meetings", authz.SignedIn, "我的组织生活：会议与出勤率", s.handleMyList)
	rt.Handle("GET /api/v1/my/meetings/{id}", authz.SignedIn, "我参加的会议", s.handleMyGet)
	rt.Handle("POST /api/v1/my/meetings/{id}/answer", authz.SignedIn, "回复会议通知：参加或请假", s.handleMyAnswer)
}

// memberOf is the caller's member ID, or 403 for an account without one.
func memberOf(ctx context.Context) (string, error) {
	if p := authz.From(ctx); p != nil && p.MemberID != "" {
		return p.MemberID, nil
	}
	return "", httpx.Forbidden("此账号未关联党员")
}

func (s *Service) myMeeting(m meeting, a attendee) MyMeeting {
	opens, closes := m.window()
	now := ms(s.clk.Now())
	return MyMeeting{MeetingSummary: m.summary("", Summary{}), Answer: a.Answer, LeaveState: a.LeaveState,
		LeaveReason: a.LeaveReason, Status: a.Status, StatusLabel: statusLabels[a.Status],
		CheckedInAt: clock.Stamp(a.CheckedInAt), NeedsConfirm: a.NeedsConfirmation,
		CheckinOpen: m.State == StateScheduled && now >= opens && now <= closes, CheckinOpensAt: clock.Stamp(opens),
		CheckinClosesAt: clock.Stamp(closes), Geofence: m.Geofence, Online: m.Online, Photo: m.Photo, RadiusM: m.RadiusM}
}

// mine loads a meeting the caller is listed at.
func (s *Service) mine(ctx context.Context, meetingID string) (meeting, attendee, error) {
	memberID, err := memberOf(ctx)
	if err != nil {
		return meeting{}, attendee{}, err
	}
	a, err := attendeeOf(ctx, s.db, meetingID, memberID)
	if db.IsNoRows(err) {
		return meeting{}, a, httpx.NotFound()
	}
	if err != nil {
		return meeting{}, a, err
	}
	m, err := loadMeeting(ctx, s.db, meetingID)
	return m, a, err
}

func (s *Service) handleMyGet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, a, err := s.mine(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	names, err := s.dir.Names(ctx, []string{m.OrgID})
	if err != nil {
		return err
	}
	v := s.myMeeting(m, a)
	v.OrgName = names[m.OrgID]
	return httpx.WriteJSON(w, http.StatusOK, v)
}

func (s *Service) handleMyAnswer(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	memberID, err := memberOf(ctx)
	if err != nil {
		return err
	}
	var b struct {
		Answer string `json:"answer"`
		Reason string `json:"reason"`
	}
	if err := httpx.DecodeJSON(r, &b); err != nil {
		return err
	}
	if err := s.Answer(ctx, r.PathValue("id"), memberID, b.Answer, b.Reason); err != nil {
		return err
	}
	return s.handleMyGet(w, r)
}

// myListLimit bounds each of the phone's lists.
const myListLimit = 100

func (s *Service) handleMyList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	memberID, err := memberOf(ctx)
	if err != nil {
		return err
	}
	now := ms(s.clk.Now())
	cond, order := "m.ends_at >= ? AND m.state = 'scheduled'", "m.starts_at"
	if r.URL.Query().Get("scope") == "past" {
		cond, order = "(m.ends_at < ? OR m.state <> 'scheduled')", "m.starts_at DESC"
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+prefixed("m.", meetingColumns)+", "+prefixed("a.", attendeeColumns)+
		` FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id WHERE a.member_id = ? AND `+cond+
		" ORDER BY "+order+" LIMIT ?", memberID, now, myListLimit)
	if err != nil {
		return err
	}
	items := []MyMeeting{}
	for rows.Next() {
		m, a, err := scanPair(rows)
		if err != nil {
			rows.Close()
			return err
		}
		items = append(items, s.myMeeting(m, a))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rate, err := s.rate(ctx, memberID, clock.Today(s.clk).Year())
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "rate": rate})
}

// rate is the member's attendance over the year's finalized meetings.
func (s *Service) rate(ctx context.Context, memberID string, year int) (Rate, error) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, clock.Shanghai)
	out := Rate{Year: year}
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN a.status IN ('present', 'remote') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status = 'leave' THEN 1 ELSE 0 END), 0)
		FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id
		WHERE a.member_id = ? AND a.should_attend = 1 AND m.state = 'finalized' AND m.starts_at >= ? AND m.starts_at < ?`,
		memberID, ms(from), ms(from.AddDate(1, 0, 0))).Scan(&out.Expected, &out.Attended, &out.Leave)
	if out.Expected > 0 {
		out.Rate = float64(out.Attended) / float64(out.Expected)
	}
	return out, err
}
