package dashboard

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/httpx"
)

// Portrait is a one-page summary of a member (党员画像): who they are and
// their this and last year. It shows what the member's archive already
// shows, as a view, so it is not audited (the archive audits exports only).
type Portrait struct {
	MemberID string    `json:"member_id"`
	Name     string    `json:"name"`
	OrgID    string    `json:"org_id"`
	OrgName  string    `json:"org_name"`
	AsOf     string    `json:"as_of"`
	Sections []Section `json:"sections"`
}

// Section is a titled block of the portrait.
type Section struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Items []Item `json:"items"`
}

// Item is one labelled line: 党龄 / 12年.
type Item struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// getPortrait answers a member the caller may read (member.read in scope;
// the register answers 404 otherwise).
func (s *Service) getPortrait(w http.ResponseWriter, r *http.Request) error {
	p, err := s.dir.Member(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.writePortrait(w, r, p)
}

func (s *Service) getMyPortrait(w http.ResponseWriter, r *http.Request) error {
	p, err := s.dir.Me(r.Context())
	if err != nil {
		return err
	}
	return s.writePortrait(w, r, p)
}

func (s *Service) writePortrait(w http.ResponseWriter, r *http.Request, p Person) error {
	out, err := s.portrait(r.Context(), p)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}

// portrait puts the member's facts and their this and last year together.
func (s *Service) portrait(ctx context.Context, p Person) (Portrait, error) {
	today := s.today()
	out := Portrait{MemberID: p.ID, Name: p.Name, OrgID: p.OrgID, OrgName: p.OrgName,
		AsOf: today.Format(clock.DateLayout), Sections: []Section{s.basics(p)}}
	for _, y := range []int{today.Year(), today.Year() - 1} {
		rec, err := s.dir.Year(ctx, p.ID, y)
		if err != nil {
			return Portrait{}, err
		}
		out.Sections = append(out.Sections, yearSection(y, rec))
	}
	return out, nil
}

// dash stands for a fact not recorded.
const dash = "—"

func orDash(s string) string {
	if s == "" {
		return dash
	}
	return s
}

func (s *Service) basics(p Person) Section {
	partyAge := strconv.Itoa(p.PartyAge) + "年"
	if p.FullMemberOn == "" {
		partyAge = "预备党员（转正后计算）"
	}
	return Section{Key: "basic", Title: "基本信息", Items: []Item{
		{"name", "姓名", p.Name}, {"org", "所在组织", p.OrgName},
		{"gender", "性别", orDash(s.dir.Label("gender", p.Gender))}, {"age", "年龄", strconv.Itoa(p.Age) + "岁"},
		{"ethnicity", "民族", orDash(p.Ethnicity)}, {"education", "学历", orDash(s.dir.Label("education", p.Education))},
		{"category", "人员类别", orDash(s.dir.Label("category", p.Category))},
		{"status", "党员类别", orDash(s.dir.Label("status", p.Status))},
		{"joined_on", "入党日期", orDash(p.JoinedOn)}, {"full_member_on", "转正日期", orDash(p.FullMemberOn)},
		{"party_age", "党龄", partyAge}, {"positions", "职务", positionsText(p.Positions)},
	}}
}

// positionsText lists the posts: 书记（第一支部，2025-01-01 至今）.
func positionsText(list []Position) string {
	if len(list) == 0 {
		return "无"
	}
	parts := make([]string, len(list))
	for i, p := range list {
		until := "至今"
		if p.EndOn != "" {
			until = "至 " + p.EndOn
		}
		parts[i] = p.Title + "（" + p.OrgName + "，" + p.StartOn + " " + until + "）"
	}
	return strings.Join(parts, "；")
}

func yearSection(year int, y Year) Section {
	rate := dash
	if y.AttendanceRate != nil {
		rate = strconv.Itoa(*y.AttendanceRate) + "%"
	}
	items := []Item{
		{"meetings_expected", "应参加会议", strconv.Itoa(y.MeetingsExpected) + "次"},
		{"meetings_attended", "出席会议", strconv.Itoa(y.MeetingsAttended) + "次"},
		{"attendance_rate", "出席率", rate},
		{"dues_months_paid", "党费已缴", strconv.Itoa(y.DuesMonthsPaid) + "个月"},
		{"dues_months_on_time", "按时缴纳", strconv.Itoa(y.DuesMonthsOnTime) + "个月"},
		{"points", "积分", strconv.Itoa(y.Points) + "分"},
	}
	for _, c := range slices.Sorted(maps.Keys(y.PointsByCategory)) {
		items = append(items, Item{"points:" + c, "积分·" + c, strconv.Itoa(y.PointsByCategory[c]) + "分"})
	}
	commended := dash
	if len(y.Commendations) > 0 {
		commended = strings.Join(y.Commendations, "、")
	}
	items = append(items, Item{"appraisal", "民主评议", orDash(y.AppraisalGrade)},
		Item{"assessment", "年度考核", orDash(y.AssessmentGrade)}, Item{"commendations", "表彰", commended})
	y4 := strconv.Itoa(year)
	return Section{Key: "year_" + y4, Title: y4 + "年", Items: items}
}
