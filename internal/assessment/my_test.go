package assessment_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"dangjian/internal/assessment"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/tabular"
)

// TestMyCard: a member sees their own card, with the branch's confirmed
// grade; an account without a member is refused.
func TestMyCard(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.member(e.a, "m1", "王五", meetings(9, 10), 20)
		e.member(e.a, "m2", "李四", meetings(1, 10), 50)
		me := apitest.Member("m1", "a", "/c/a/")
		var mine assessment.MyCard
		e.srv.Expect(t, me, "GET", "/api/v1/my/assessment", nil, http.StatusOK).JSON(t, &mine)
		if mine.Year != 2026 || mine.OrgID != "a" || mine.OrgName != "第一党支部" || mine.MemberID != "m1" ||
			mine.ProposedGrade != "excellent" || mine.Points != 20 || mine.ConfirmedGrade != "" {
			t.Fatalf("my card %+v", mine)
		}
		e.confirm(t, worker(e.a), e.a, 2026, http.StatusOK, item("m1", "qualified", "名额有限"))
		r := e.srv.Expect(t, me, "GET", "/api/v1/my/assessment?year=2026", nil, http.StatusOK)
		r.JSON(t, &mine)
		if mine.ConfirmedGrade != "qualified" || mine.ConfirmedLabel != "合格" || mine.Note != "名额有限" {
			t.Errorf("my confirmed card %+v", mine)
		}
		if r.Contains("李四") || r.Contains("m2") {
			t.Errorf("my card shows another member: %s", r.Body)
		}
		r = e.srv.Expect(t, me, "GET", "/api/v1/my/assessment?year=2030", nil, http.StatusUnprocessableEntity)
		fieldErr(t, r, "year", "future")
		noMember := &authz.Principal{AccountID: "acc-x", Username: "x"}
		r = e.srv.Expect(t, noMember, "GET", "/api/v1/my/assessment", nil, http.StatusForbidden)
		if !r.Contains("当前账号未关联党员") {
			t.Errorf("no member: %s", r.Body)
		}
		e.srv.Expect(t, apitest.Member("gone", "a", "/c/a/"), "GET", "/api/v1/my/assessment", nil, http.StatusNotFound)
	})
}

// TestExport: the cards download as a workbook that opens with the
// figures and grades of each member; the export is audited.
func TestExport(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.member(e.a, "m1", "王五", meetings(9, 10), 20)
		e.member(e.a, "m2", "李四", meetings(2, 3), 7)
		e.confirm(t, worker(e.a), e.a, 2026, http.StatusOK, item("m1", "qualified", "名额有限"))
		r := e.srv.Expect(t, viewer(e.a), "GET", "/api/v1/orgs/a/assessment/cards.xlsx?year=2026", nil, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
			t.Fatalf("content type %q", ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "2026") {
			t.Errorf("disposition %q", cd)
		}
		cols := []tabular.Column{{Key: "name", Title: "姓名"}, {Key: "rate", Title: "出席率"}, {Key: "points", Title: "年度积分"},
			{Key: "paid", Title: "缴纳金额（元）"}, {Key: "proposed", Title: "建议等次"}, {Key: "reasons", Title: "建议依据"},
			{Key: "confirmed", Title: "确定等次"}, {Key: "note", Title: "说明"}, {Key: "at", Title: "确定时间"}}
		rows, problems, err := tabular.Read(bytes.NewReader(r.Body), "cards.xlsx", cols, tabular.Limits{})
		if err != nil || len(problems) > 0 {
			t.Fatalf("reading the export: %v %v", err, problems)
		}
		if len(rows) != 2 {
			t.Fatalf("%d rows", len(rows))
		}
		got := map[string]map[string]string{}
		for _, row := range rows {
			got[row.Raw["name"]] = row.Raw // as shown: Values normalizes full-width punctuation
		}
		m1, m2 := got["王五"], got["李四"]
		if m1["rate"] != "90%" || m1["points"] != "20" || m1["paid"] != "50.00" || m1["proposed"] != "优秀" ||
			m1["confirmed"] != "合格" || m1["note"] != "名额有限" || m1["at"] != "2026-05-20 10:00" ||
			m1["reasons"] != "出席率 90%（≥90%）；积分 20（≥20）" {
			t.Errorf("王五 row %v", m1)
		}
		if m2["rate"] != "66.6%" || m2["proposed"] != "合格" || m2["confirmed"] != "" || m2["at"] != "" {
			t.Errorf("李四 row %v", m2)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'assessment.export' AND target_id = 'a'"); n != 1 {
			t.Errorf("%d export audits", n)
		}
	})
}
