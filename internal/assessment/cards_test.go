package assessment_test

import (
	"net/http"
	"slices"
	"testing"

	"dangjian/internal/assessment"
	"dangjian/internal/platform/apitest"
)

// TestCards: each active member of the branch gets a card with the
// directory's figures and the proposal with its reasons, by name.
func TestCards(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.member(e.a, "m1", "王五", meetings(9, 10), 20)
		withLeave := meetings(5, 10)
		withLeave.MeetingsLeave, withLeave.MeetingsAbsent = 3, 2
		withLeave.ArrearsWarnings, withLeave.AppraisalGrade, withLeave.AppraisalGradeLabel = 1, "qualified", "合格"
		e.member(e.a, "m2", "李四", withLeave, 4)
		e.member(e.a, "m3", "张三", assessment.YearStats{}, 0)
		e.member(e.b, "m9", "赵六", meetings(10, 10), 30) // another branch

		cs := e.cards(t, viewer(e.a), e.a, "?year=2026")
		if cs.OrgID != "a" || cs.OrgName != "第一党支部" || cs.Year != 2026 || cs.Total != 3 || cs.Confirmed {
			t.Fatalf("cards header %+v", cs)
		}
		var names []string
		for _, c := range cs.Cards {
			names = append(names, c.Name)
		}
		if !slices.Equal(names, []string{"张三", "李四", "王五"}) { // the directory's order
			t.Errorf("names %q", names)
		}
		m1 := byMember(t, cs, "m1")
		if m1.ProposedGrade != "excellent" || m1.ProposedLabel != "优秀" || m1.Points != 20 ||
			*m1.Attendance.Rate != 90 || m1.StatusLabel != "正式党员" || m1.Dues.PaidFen != 5000 ||
			!slices.Equal(m1.Reasons, []string{"出席率 90%（≥90%）", "积分 20（≥20）"}) || m1.ConfirmedGrade != "" {
			t.Errorf("m1 card %+v", m1)
		}
		m2 := byMember(t, cs, "m2")
		if m2.Attendance.Expected != 10 || m2.Attendance.Attended != 5 || m2.Attendance.Leave != 3 ||
			m2.Attendance.Absent != 2 || *m2.Attendance.Rate != 50 || m2.AppraisalGradeLabel != "合格" || m2.Dues.ArrearsWarnings != 1 ||
			m2.ProposedGrade != "basically_qualified" ||
			!slices.Equal(m2.Reasons, []string{"出席率 50%（低于 60%）", "欠缴党费提醒 1 次（达到 1 次）"}) {
			t.Errorf("m2 card %+v", m2)
		}
		m3 := byMember(t, cs, "m3")
		if m3.Attendance.Rate != nil || m3.ProposedGrade != "qualified" ||
			!slices.Equal(m3.Reasons, []string{"本年度无应参加会议记录"}) {
			t.Errorf("m3 card %+v", m3)
		}
		r := e.srv.Do(t, "GET", "/api/v1/orgs/a/assessment/cards?year=2026", nil)
		if !r.Contains(`"rate":null`) {
			t.Errorf("a member without meetings should have a null rate: %s", r.Body)
		}
		if def := e.cards(t, viewer(e.a), e.a, ""); def.Year != 2026 {
			t.Errorf("default year %d", def.Year)
		}
		if past := e.cards(t, viewer(e.a), e.a, "?year=2025"); byMember(t, past, "m1").Points != 0 {
			t.Errorf("2025 should have no points: %+v", past)
		}
	})
}

// TestCardsRefused: only branches have cards (422 not_branch); other
// branches' cards are not found; a future year is refused.
func TestCardsRefused(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.member(e.a, "m1", "王五", meetings(9, 10), 20)
		r := e.srv.Expect(t, worker(e.c), "GET", "/api/v1/orgs/c/assessment/cards", nil, http.StatusUnprocessableEntity)
		if !r.Contains(`"code":"not_branch"`) {
			t.Errorf("committee cards: %s", r.Body)
		}
		e.srv.Expect(t, worker(e.c), "POST", "/api/v1/orgs/c/assessment/cards/confirm",
			map[string]any{"year": 2026, "items": []any{item("m1", "excellent", "")}}, http.StatusUnprocessableEntity)
		e.srv.Expect(t, worker(e.c), "GET", "/api/v1/orgs/c/assessment/cards.xlsx", nil, http.StatusUnprocessableEntity)
		// The committee above reads the branch's cards.
		if cs := e.cards(t, viewer(e.c), e.a, ""); cs.Total != 1 {
			t.Errorf("committee reading branch a: %+v", cs)
		}
		for _, path := range []string{"/cards", "/cards.xlsx", "/settings"} {
			r := e.srv.Expect(t, worker(e.b), "GET", "/api/v1/orgs/a/assessment"+path, nil, http.StatusNotFound)
			if r.Contains("王五") || r.Contains("第一党支部") {
				t.Errorf("%s reveals branch a: %s", path, r.Body)
			}
		}
		e.srv.Expect(t, worker(e.b), "GET", "/api/v1/orgs/nope/assessment/cards", nil, http.StatusNotFound)
		e.srv.Expect(t, worker(e.b), "POST", "/api/v1/orgs/a/assessment/cards/confirm",
			map[string]any{"year": 2026, "items": []any{item("m1", "excellent", "")}}, http.StatusNotFound)
		e.srv.Expect(t, viewer(e.a), "POST", "/api/v1/orgs/a/assessment/cards/confirm",
			map[string]any{"year": 2026, "items": []any{item("m1", "excellent", "")}}, http.StatusForbidden)
		e.srv.Expect(t, viewer(e.a), "PUT", "/api/v1/orgs/a/assessment/settings",
			map[string]any{"values": map[string]string{"assessment.excellent_points": "10"}}, http.StatusForbidden)
		e.srv.Expect(t, apitest.Member("m1", "a", "/c/a/"), "GET", "/api/v1/orgs/a/assessment/cards", nil, http.StatusForbidden)

		r = e.srv.Expect(t, viewer(e.a), "GET", "/api/v1/orgs/a/assessment/cards?year=2027", nil, http.StatusUnprocessableEntity)
		fieldErr(t, r, "year", "future")
		r = e.srv.Expect(t, viewer(e.a), "GET", "/api/v1/orgs/a/assessment/cards?year=abc", nil, http.StatusUnprocessableEntity)
		fieldErr(t, r, "year", "invalid")
	})
}

// TestSettingsInherit: rules set at the committee hold in its branches,
// with the source shown, and change the proposal; the change is audited.
func TestSettingsInherit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.member(e.a, "m1", "王五", meetings(9, 10), 15)
		if c := byMember(t, e.cards(t, viewer(e.a), e.a, ""), "m1"); c.ProposedGrade != "qualified" {
			t.Fatalf("15 points under the default 20: %+v", c)
		}
		e.srv.Expect(t, worker(e.c), "PUT", "/api/v1/orgs/c/assessment/settings",
			map[string]any{"values": map[string]string{"assessment.excellent_points": "15"}}, http.StatusOK)
		if c := byMember(t, e.cards(t, viewer(e.a), e.a, ""), "m1"); c.ProposedGrade != "excellent" ||
			c.Reasons[1] != "积分 15（≥15）" {
			t.Errorf("after the committee lowered the bar: %+v", c)
		}
		var view struct {
			Items []struct {
				Key, Value, Source string
				SourceOrgName      string `json:"source_org_name"`
			} `json:"items"`
		}
		e.srv.Expect(t, viewer(e.a), "GET", "/api/v1/orgs/a/assessment/settings", nil, http.StatusOK).JSON(t, &view)
		got := map[string]string{}
		for _, it := range view.Items {
			got[it.Key] = it.Value + "/" + it.Source + "/" + it.SourceOrgName
		}
		if got["assessment.excellent_points"] != "15/inherited/机关党委" || got["assessment.excellent_attendance"] != "90/default/" ||
			got["assessment.excellent_needs_appraisal"] != "any/default/" || len(view.Items) != 5 {
			t.Errorf("settings at a: %v", got)
		}
		r := e.srv.Expect(t, worker(e.a), "PUT", "/api/v1/orgs/a/assessment/settings",
			map[string]any{"values": map[string]string{"assessment.basic_attendance": "101"}}, http.StatusUnprocessableEntity)
		fieldErr(t, r, "assessment.basic_attendance", "invalid")
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'assessment.settings' AND target_id = 'c'"); n != 1 {
			t.Errorf("%d settings audits", n)
		}
	})
}
