package archive

import (
	"reflect"
	"testing"
	"time"

	"dangjian/internal/platform/outbox"
)

func TestYearStats(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		at := time.Date(2025, 5, 6, 2, 0, 0, 0, time.UTC)
		voluntary := paid("m1", "v1", "2025-05", 100000, true)
		voluntary.Payload.(map[string]any)["voluntary"] = true
		e.emit(at,
			meeting("meeting.attended", "m1", "a1", "group", "", "2025-05-06T02:00:00Z", "present"),
			meeting("meeting.attended", "m1", "a2", "group", "", "2025-06-06T02:00:00Z", "remote"),
			meeting("meeting.leave", "m1", "a3", "group", "", "2025-07-06T02:00:00Z", "leave"),
			meeting("meeting.absent", "m1", "a4", "group", "", "2025-08-06T02:00:00Z", "absent"),
			meeting("meeting.absent", "m1", "a5", "group", "", "2026-01-06T02:00:00Z", "absent"),
			paid("m1", "p1", "2025-05", 1200, true), paid("m1", "p2", "2025-05", 1200, false),
			paid("m1", "p3", "2025-06", 2400, true), voluntary,
			outbox.Event{Type: "dues.arrears", SubjectID: "m1", OrgPath: pathA, Payload: map[string]any{
				"member_id": "m1", "org_id": "a", "months": 3, "since": "2025-01", "level": 3}},
			graded("m1", "ap1", 2025, "qualified", "合格"),
			graded("m2", "ap2", 2025, "excellent", "优秀"))
		e.emit(at.Add(time.Hour), graded("m1", "ap1b", 2025, "basically_qualified", "基本合格"))
		e.dispatch()
		got := e.stats(2025, "m1", "m2", "nobody")
		want := map[string]YearStats{
			"m1": {MeetingsExpected: 4, MeetingsAttended: 2, MeetingsLeave: 1, MeetingsAbsent: 1,
				DuesMonthsPaid: 2, DuesMonthsOnTime: 1, ArrearsWarnings: 1, DuesPaidFen: 104800,
				AppraisalGrade: "basically_qualified", AppraisalGradeLabel: "基本合格"},
			"m2":     {AppraisalGrade: "excellent", AppraisalGradeLabel: "优秀"},
			"nobody": {},
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("stats\n%+v\nwant\n%+v", got, want)
		}
		s := e.archive("m1").year(t, 2025).Summary
		if s.AttendanceRate == nil || *s.AttendanceRate != 50 || s.DuesPaidFen != 104800 {
			t.Fatalf("summary %+v", s)
		}
	})
}

// Dates are Shanghai dates: 17:00 UTC on 31 December is 1 January.
func TestYearsAreShanghaiYears(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		eve := time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC)
		e.emit(eve, meeting("meeting.attended", "m1", "ny", "theme_day", "迎新", eve.Format(time.RFC3339), "present"),
			paid("m1", "p12", "2025-12", 2400, false))
		e.dispatch()
		if st := e.stats(2026, "m1")["m1"]; st.MeetingsAttended != 1 || st.DuesMonthsPaid != 0 {
			t.Fatalf("2026 figures %+v: the meeting counts in 2026, December's dues in 2025", st)
		}
		if st := e.stats(2025, "m1")["m1"]; st.MeetingsExpected != 0 || st.DuesMonthsPaid != 1 {
			t.Fatalf("2025 figures %+v", st)
		}
		a := e.archive("m1")
		items := a.year(t, 2026).Items
		if len(items) != 2 || items[0].On != "2026-01-01" || items[1].On != "2026-01-01" {
			t.Fatalf("2026 items %+v", items)
		}
		if n := len(a.year(t, 2025).Items); n != 0 {
			t.Fatalf("2025 has %d items", n)
		}
	})
}

func TestArchiveCombinesRegisterAndEntries(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.dir.history["m1"] = []HistoryLine{
			{Kind: "created", On: "2024-01-02", Detail: "登记党员档案，编入「第一党支部」"},
			{Kind: "admitted", On: "2019-07-01", Detail: "入党"},
			{Kind: "became_full", On: "2020-07-01", Detail: "转为正式党员"},
			{Kind: "updated", On: "2025-02-01", Detail: "学历：大学→研究生"},
			{Kind: "appraised", On: "2026-01-20", Detail: "2025 年度民主评议：优秀"},
			{Kind: "position_started", On: "2024-03-01", Detail: "任「第一党支部」组织委员"},
		}
		e.dir.points["m1"] = []YearPoints{{Year: 2025, Total: 36, ByCategory: map[string]int{"组织生活": 36}}}
		jan20 := time.Date(2026, 1, 20, 2, 0, 0, 0, time.UTC)
		e.emit(jan20, graded("m1", "ap25", 2025, "excellent", "优秀"))
		e.emit(jan20.AddDate(0, 1, 0),
			outbox.Event{Type: "assessment.confirmed", SubjectID: "m1", OrgPath: pathA, Payload: map[string]any{
				"member_id": "m1", "org_id": "a", "year": 2025, "grade": "excellent", "grade_label": "优秀"}},
			outbox.Event{Type: "commendation.awarded", SubjectID: "m1", OrgPath: pathA, Payload: map[string]any{
				"round_id": "r1", "year": 2025, "title": "2025年度两优一先", "kind": "excellent_member",
				"kind_label": "优秀共产党员", "member_id": "m1", "org_id": "a", "name": "张三"}},
			outbox.Event{Type: "commendation.awarded", SubjectID: "a", OrgPath: pathA, Payload: map[string]any{
				"round_id": "r1", "year": 2025, "title": "2025年度两优一先", "kind": "advanced_org",
				"kind_label": "先进基层党组织", "member_id": "", "org_id": "a", "name": "第一党支部"}})
		e.dispatch()
		a := e.archive("m1")
		if len(a.Years) != 8 || a.Years[0].Year != 2026 || a.Years[7].Year != 2019 {
			t.Fatalf("years %d: %+v", len(a.Years), a.Years)
		}
		y26 := a.year(t, 2026)
		want26 := []Item{
			{On: "2026-02-20", Kind: "assessment", KindLabel: "年度考核", Title: "2025 年度考核", Detail: "优秀"},
			{On: "2026-02-20", Kind: "commendation", KindLabel: "表彰", Title: "优秀共产党员", Detail: "2025年度两优一先"},
			{On: "2026-01-20", Kind: "appraised", KindLabel: "民主评议", Title: "2025 年度民主评议：优秀"},
		}
		if !reflect.DeepEqual(y26.Items, want26) {
			t.Fatalf("2026 items\n%+v\nwant\n%+v", y26.Items, want26)
		}
		s25 := a.year(t, 2025).Summary
		if s25.Points != 36 || s25.AppraisalGradeLabel != "优秀" || s25.AssessmentGradeLabel != "优秀" ||
			!reflect.DeepEqual(s25.Commendations, []string{"优秀共产党员"}) || s25.AttendanceRate != nil {
			t.Fatalf("2025 summary %+v", s25)
		}
		if items := a.year(t, 2025).Items; len(items) != 0 {
			t.Fatalf("2025 shows %+v (an edit of the record is not part of the archive)", items)
		}
		want24 := []Item{{On: "2024-03-01", Kind: "position_started", KindLabel: "职务", Title: "任「第一党支部」组织委员"}}
		if items := a.year(t, 2024).Items; !reflect.DeepEqual(items, want24) {
			t.Fatalf("2024 items %+v", items)
		}
		if m := a.Member; m.OrgName != "第一党支部" || m.StatusLabel != "正式党员" || !m.Active {
			t.Fatalf("member %+v", m)
		}
	})
}
