package assessment

import (
	"context"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// Attendance is a member's meetings of the year. Rate is the share
// attended in percent, to one decimal rounded down (null when the member
// was expected at no meeting).
type Attendance struct {
	Expected int      `json:"expected"`
	Attended int      `json:"attended"`
	Leave    int      `json:"leave"`
	Absent   int      `json:"absent"`
	Rate     *float64 `json:"rate"`
}

// Dues is a member's dues of the year.
type Dues struct {
	MonthsPaid      int   `json:"months_paid"`
	MonthsOnTime    int   `json:"months_on_time"`
	PaidFen         int64 `json:"paid_fen"`
	ArrearsWarnings int   `json:"arrears_warnings"`
}

// Card is a member's year card (年度考核卡): the year's figures, the grade
// the rules propose and why, and the grade the branch confirmed (empty
// until it does).
type Card struct {
	MemberID            string     `json:"member_id"`
	Name                string     `json:"name"`
	StatusLabel         string     `json:"status_label"`
	Attendance          Attendance `json:"attendance"`
	Points              int        `json:"points"`
	AppraisalGradeLabel string     `json:"appraisal_grade_label"`
	Dues                Dues       `json:"dues"`
	ProposedGrade       string     `json:"proposed_grade"`
	ProposedLabel       string     `json:"proposed_label"`
	Reasons             []string   `json:"reasons"`
	ConfirmedGrade      string     `json:"confirmed_grade"`
	ConfirmedLabel      string     `json:"confirmed_label"`
	ConfirmedBy         string     `json:"confirmed_by"`
	ConfirmedAt         string     `json:"confirmed_at"`
	Note                string     `json:"note"`
}

// Cards are the year cards of a branch's members, by name. Confirmed is
// true once every card has a confirmed grade.
type Cards struct {
	OrgID     string `json:"org_id"`
	OrgName   string `json:"org_name"`
	Year      int    `json:"year"`
	Confirmed bool   `json:"confirmed"`
	Total     int    `json:"total"`
	Cards     []Card `json:"cards"`
}

var statusLabels = map[string]string{"full": "正式党员", "probationary": "预备党员"}

// result is a member's confirmed grade of a year.
type result struct {
	Grade, Note, By string
	At              int64
}

// cards are the year cards of the active members of branch org.
func (s *Service) cards(ctx context.Context, org OrgRef, year int) (Cards, error) {
	members, err := s.dir.MembersIn(ctx, s.db, org.ID)
	if err != nil {
		return Cards{}, err
	}
	list, err := s.cardsOf(ctx, org, members, year)
	if err != nil {
		return Cards{}, err
	}
	out := Cards{OrgID: org.ID, OrgName: org.Name, Year: year, Total: len(list), Cards: list,
		Confirmed: len(list) > 0}
	for _, c := range list {
		out.Confirmed = out.Confirmed && c.ConfirmedGrade != ""
	}
	return out, nil
}

// cardsOf builds the cards of members under the rules set at org.
func (s *Service) cardsOf(ctx context.Context, org OrgRef, members []MemberRef, year int) ([]Card, error) {
	out := make([]Card, 0, len(members))
	if len(members) == 0 {
		return out, nil
	}
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	r, err := rulesAt(ctx, s.db, org.Path)
	if err != nil {
		return nil, err
	}
	stats, err := s.dir.YearStats(ctx, s.db, ids, year)
	if err != nil {
		return nil, err
	}
	points, err := s.dir.Points(ctx, s.db, ids, year)
	if err != nil {
		return nil, err
	}
	results, err := s.results(ctx, ids, year)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		out = append(out, card(m, stats[m.ID], points[m.ID], results[m.ID], r))
	}
	return out, nil
}

// card puts one member's figures, proposal and confirmation together.
func card(m MemberRef, st YearStats, points int, res result, r rules) Card {
	p := propose(facts{Expected: st.MeetingsExpected, Attended: st.MeetingsAttended, Points: points,
		Appraisal: st.AppraisalGrade, Arrears: st.ArrearsWarnings}, r)
	c := Card{MemberID: m.ID, Name: m.Name, StatusLabel: statusLabels[m.Status], Points: points,
		AppraisalGradeLabel: st.AppraisalGradeLabel,
		Attendance: Attendance{Expected: st.MeetingsExpected, Attended: st.MeetingsAttended,
			Leave: st.MeetingsLeave, Absent: st.MeetingsAbsent},
		Dues: Dues{MonthsPaid: st.DuesMonthsPaid, MonthsOnTime: st.DuesMonthsOnTime, PaidFen: st.DuesPaidFen,
			ArrearsWarnings: st.ArrearsWarnings},
		ProposedGrade: p.Grade, ProposedLabel: gradeLabels[p.Grade], Reasons: p.Reasons,
		ConfirmedGrade: res.Grade, ConfirmedLabel: gradeLabels[res.Grade], ConfirmedBy: res.By,
		ConfirmedAt: clock.Stamp(res.At), Note: res.Note}
	if st.MeetingsExpected > 0 {
		rate := float64(tenths(st.MeetingsAttended, st.MeetingsExpected)) / 10
		c.Attendance.Rate = &rate
	}
	return c
}

// results are the confirmed grades of year of the members.
func (s *Service) results(ctx context.Context, memberIDs []string, year int) (map[string]result, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT member_id, grade, note, confirmed_by, confirmed_at
		FROM assessment_results WHERE year = ? AND member_id IN (`+db.Placeholders(len(memberIDs))+")",
		append([]any{year}, db.Strings(memberIDs)...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]result{}
	for rows.Next() {
		var id string
		var r result
		if err := rows.Scan(&id, &r.Grade, &r.Note, &r.By, &r.At); err != nil {
			return nil, err
		}
		out[id] = r
	}
	return out, rows.Err()
}
