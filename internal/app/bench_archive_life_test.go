package app_test

import (
	"testing"
	"time"

	"dangjian/internal/platform/clock"
)

// archiveLife drives a member's ten years through the HTTP API with the
// clock travelling along: the boss (the top's org_admin) runs the branch's
// meetings, dues and 民主评议; the member asks for leave on the phone.
type archiveLife struct {
	x             *bench
	clk           *clock.Fake
	id            string              // the member
	branch, other benchOrg            // where the member is, and where the transfers go
	mates         map[string][]string // branch → its loaded members
	post          string              // the position held
	late          []string            // months to pay with the next month's dues
	years         map[int]*livedYear
	meetings      int
	absent, leave int
	corrected     int
	duesMonths    int
	appraisals    int
}

// livedYear is what a year of the member's life should show.
type livedYear struct{ meetings, absent, leave, corrected, duesMonths int }

// at sets the clock to day d of month m at hour h, Shanghai time.
func (l *archiveLife) at(m time.Time, d, h int) time.Time {
	t := time.Date(m.Year(), m.Month(), d, h, 0, 0, 0, clock.Shanghai)
	l.clk.Set(t)
	return t
}

func (l *archiveLife) do(b *testing.B, method, path, member string, body, out any) {
	if _, err := l.x.call(method, path, member, body, out); err != nil {
		b.Fatalf("%s: %v", l.clk.Now().In(clock.Shanghai).Format("2006-01-02"), err)
	}
}

// live runs the months from July 2016 until end.
func (l *archiveLife) live(b *testing.B, end time.Time) {
	l.years = map[int]*livedYear{}
	for m := time.Date(2016, 7, 1, 0, 0, 0, 0, clock.Shanghai); m.Before(end); m = m.AddDate(0, 1, 0) {
		if l.years[m.Year()] == nil {
			l.years[m.Year()] = &livedYear{}
		}
		l.milestones(b, m)
		l.dues(b, m)
		var assembly string
		for i, day := range archiveMeetingDays(m) {
			if id := l.meeting(b, m, day, i); day == 15 {
				assembly = id
			}
		}
		if m.Month() == 12 {
			l.appraise(b, m, assembly)
		}
	}
}

// milestones are the register's events: admission, 转正, positions and
// two transfers.
func (l *archiveLife) milestones(b *testing.B, m time.Time) {
	l.at(m, 2, 9)
	switch m.Format("2006-01") {
	case "2016-07":
		var r struct{ ID string }
		l.do(b, "POST", "/api/v1/members", "", map[string]any{"org_id": l.branch.id, "name": "王档案",
			"gender": "male", "ethnicity": "汉族", "birth_date": "1990-01-01", "id_number": archiveIDNumber(b),
			"phone": "13900139000", "education": "bachelor", "category": "enterprise", "status": "probationary",
			"joined_on": "2016-07-01"}, &r)
		l.id = r.ID
		l.mates[l.branch.id] = append(l.mates[l.branch.id], l.id)
	case "2017-07":
		l.do(b, "PATCH", "/api/v1/members/"+l.id, "", map[string]any{"status": "full", "full_member_on": "2017-07-01"}, nil)
	case "2018-03", "2021-01", "2024-01":
		title := map[int]string{2018: "organization", 2021: "committee_member", 2024: "deputy_secretary"}[m.Year()]
		var p struct{ ID string }
		l.do(b, "POST", "/api/v1/orgs/"+l.branch.id+"/positions", "", map[string]any{"member_id": l.id,
			"title": title, "start_on": m.Format("2006-01") + "-02"}, &p)
		l.post = p.ID
	case "2020-09", "2023-05":
		l.transfer(b, m)
	}
}

// transfer moves the member to the other branch: the position held ends
// first, the letter is accepted the same day.
func (l *archiveLife) transfer(b *testing.B, m time.Time) {
	if l.post != "" {
		l.do(b, "POST", "/api/v1/positions/"+l.post+"/end", "", map[string]any{"end_on": m.Format("2006-01") + "-01"}, nil)
		l.post = ""
	}
	var t struct{ ID string }
	l.do(b, "POST", "/api/v1/orgs/"+l.branch.id+"/transfers", "", map[string]any{"member_id": l.id, "kind": "internal",
		"to_org_id": l.other.id, "reason": "工作调动", "dues_paid_until": m.AddDate(0, -1, 0).Format("2006-01")}, &t)
	l.do(b, "POST", "/api/v1/transfers/"+t.ID+"/accept", "", map[string]any{}, nil)
	l.mates[l.other.id] = append(l.mates[l.other.id], l.id)
	l.mates[l.branch.id] = l.mates[l.branch.id][:archiveBranchSize]
	l.branch, l.other = l.other, l.branch
}

// dues declares the member's base each January (and on admission), posts
// the month at the branch and pays it on the 5th; every seventh month is
// paid late, with the next month's.
func (l *archiveLife) dues(b *testing.B, m time.Time) {
	month := m.Format("2006-01")
	if m.Month() == 1 || month == "2016-07" {
		l.at(m, 2, 10)
		l.do(b, "POST", "/api/v1/orgs/"+l.branch.id+"/dues/bases", "", map[string]any{"member_id": l.id,
			"year": m.Year(), "effective_month": month, "category": "salaried", "base_fen": 600000}, nil)
	}
	l.at(m, 3, 9)
	l.do(b, "POST", "/api/v1/orgs/"+l.branch.id+"/dues/months/"+month+"/post", "", nil, nil)
	l.at(m, 5, 15)
	months := l.late
	if l.late = nil; (m.Year()*12+int(m.Month()))%7 == 0 {
		l.late = []string{month}
	} else {
		months = append(months, month)
	}
	if len(months) == 0 {
		return
	}
	l.do(b, "POST", "/api/v1/orgs/"+l.branch.id+"/dues/payments", "", map[string]any{"payments": []map[string]any{
		{"member_id": l.id, "months": months, "method": "cash"}}, "branch_consent": true}, nil)
	for _, paid := range months {
		l.years[yearOfMonth(paid)].duesMonths++
		l.duesMonths++
	}
}

func yearOfMonth(month string) int {
	t, _ := time.Parse("2006-01", month)
	return t.Year()
}

// archiveMeetingDays are the days of the month the branch meets: three a
// month and a fourth at each quarter's end, 40 a year.
func archiveMeetingDays(m time.Time) []int {
	if m.Month()%3 == 0 {
		return []int{8, 15, 22, 28}
	}
	return []int{8, 15, 22}
}

// archiveMeetingKinds are the kinds of a month's meetings, by their order.
var archiveMeetingKinds = []string{"theme_day", "member_assembly", "lecture", "theme_day"}

// meeting calls, holds and finalizes a meeting of the member's branch on
// day of month m (the i-th of the month) and returns its ID. Of each year's
// meetings the 6th and 26th find the member absent (the 26th corrected to
// present afterwards) and the 13th and 31st on approved leave.
func (l *archiveLife) meeting(b *testing.B, m time.Time, day, i int) string {
	ly := l.years[m.Year()]
	k := ly.meetings
	ly.meetings++
	l.meetings++
	starts := time.Date(m.Year(), m.Month(), day, 9, 0, 0, 0, clock.Shanghai)
	l.at(m, day-1, 10)
	var mt struct{ ID string }
	l.do(b, "POST", "/api/v1/meetings", "", map[string]any{"org_id": l.branch.id, "kind": archiveMeetingKinds[i],
		"topic": "学习" + starts.Format("2006年1月2日") + "会议精神", "starts_at": starts.Format(time.RFC3339),
		"place": "党员活动室", "notify": false}, &mt)
	absent, leave, corrected := k == 5 || k == 25, k == 12 || k == 30, k == 25
	if leave {
		l.x.asMember(l.branch)
		l.do(b, "POST", "/api/v1/my/meetings/"+mt.ID+"/answer", l.id, map[string]any{"answer": "leave", "reason": "出差"}, nil)
		l.do(b, "POST", "/api/v1/meetings/"+mt.ID+"/leave/"+l.id, "", map[string]any{"approve": true}, nil)
		ly.leave++
		l.leave++
	}
	var present []string
	for _, id := range l.mates[l.branch.id] {
		if id != l.id || !(absent || leave) {
			present = append(present, id)
		}
	}
	l.at(m, day, 11)
	l.do(b, "POST", "/api/v1/meetings/"+mt.ID+"/attendance", "", map[string]any{"member_ids": present,
		"status": "present", "reason": "现场签到"}, nil)
	l.do(b, "PUT", "/api/v1/meetings/"+mt.ID+"/minutes", "", map[string]any{"recorder": "组织委员",
		"content": "传达学习有关会议精神，结合实际开展讨论。"}, nil)
	l.do(b, "POST", "/api/v1/meetings/"+mt.ID+"/finalize", "", map[string]any{}, nil)
	if absent {
		ly.absent++
		l.absent++
	}
	if corrected {
		l.at(m, day, 16)
		l.do(b, "POST", "/api/v1/meetings/"+mt.ID+"/corrections", "", map[string]any{"field": "attendance",
			"member_id": l.id, "value": "present", "reason": "签到漏记，补登"}, nil)
		ly.corrected++
		l.corrected++
	}
	return mt.ID
}

// appraise runs the branch's 民主评议 of the year and confirms it at the
// December 支部党员大会: the member is graded 优秀 in even years.
func (l *archiveLife) appraise(b *testing.B, m time.Time, assembly string) {
	l.at(m, 20, 10)
	var r struct{ ID string }
	l.do(b, "POST", "/api/v1/orgs/"+l.branch.id+"/appraisals", "", map[string]any{"year": m.Year()}, &r)
	l.do(b, "POST", "/api/v1/appraisals/"+r.ID+"/close-rating", "", map[string]any{}, nil)
	grades := map[string]string{}
	for _, id := range l.mates[l.branch.id] {
		grades[id] = "qualified"
	}
	if m.Year()%2 == 0 {
		grades[l.id] = "excellent"
	}
	l.do(b, "PUT", "/api/v1/appraisals/"+r.ID+"/proposal", "", map[string]any{"grades": grades}, nil)
	l.do(b, "POST", "/api/v1/appraisals/"+r.ID+"/confirm", "", map[string]any{"meeting_id": assembly}, nil)
	l.appraisals++
}
