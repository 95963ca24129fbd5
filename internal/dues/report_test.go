package dues_test

import (
	"bytes"
	"net/http"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
)

// reportWorld charges January to March 2026 (it is 2 March) in world w:
// 甲 48.00, 乙 60.00 (retired), 丙 0.20 (student) in branch A; 丁 240.00,
// 戊 0.20 (farmer) in branch B; and pays 甲 Jan–Feb, 乙 Jan, 丙 Jan, 丁
// Jan–Mar. 外人, outside, pays January.
func (e *env) reportWorld(t *testing.T) world {
	t.Helper()
	w := e.world(t)
	e.confirmedBase(t, "m-jia", rules.Salaried, 480000, "2026-01")
	e.confirmedBase(t, "m-yi", rules.Retired, 600000, "2026-01")
	e.confirmedBase(t, "m-bing", rules.Student, 0, "2026-01")
	e.confirmedBase(t, "m-ding", rules.Salaried, 1200000, "2026-01")
	e.confirmedBase(t, "m-wu", rules.Farmer, 0, "2026-01")
	e.confirmedBase(t, "m-out", rules.Salaried, 480000, "2026-01")
	for _, m := range []string{"2026-01", "2026-02", "2026-03"} {
		e.post(t, w.R, m)
		e.post(t, w.X, m)
	}
	e.pay(t, w.A, "m-jia", "2026-01", "2026-02")
	e.pay(t, w.A, "m-yi", "2026-01")
	e.pay(t, w.A, "m-bing", "2026-01")
	e.pay(t, w.B, "m-ding", "2026-01", "2026-02", "2026-03")
	e.pay(t, w.X1, "m-out", "2026-01")
	return w
}

func tally(due, paid, owed int64, rate float64) dues.Tally {
	return dues.Tally{DueFen: due, PaidFen: paid, OwedFen: owed, Rate: rate}
}

// The report of a subtree adds up the month sums of its orgs: by month, by
// lower org and by category, with paid ÷ due to four places.
func TestReportTotalsByMonthOrgCategory(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.reportWorld(t)
		var rep dues.SubtreeReport
		e.do(t, viewer(w.R), http.MethodGet, "/api/v1/orgs/"+w.R.ID+"/dues/report?from=2026-01&to=2026-03", nil,
			http.StatusOK).JSON(t, &rep)
		// Each month 48 + 60 + 0.20 + 240 + 0.20 = 348.40 is due.
		if rep.OrgID != w.R.ID || rep.From != "2026-01" || rep.To != "2026-03" ||
			rep.Totals != tally(104520, 87620, 16900, 0.8383) {
			t.Fatalf("totals %+v", rep)
		}
		wantMonths := []dues.MonthTally{{Month: "2026-01", Tally: tally(34840, 34820, 20, 0.9994)},
			{Month: "2026-02", Tally: tally(34840, 28800, 6040, 0.8266)},
			{Month: "2026-03", Tally: tally(34840, 24000, 10840, 0.6889)}}
		if !slices.Equal(rep.ByMonth, wantMonths) {
			t.Fatalf("by month %+v", rep.ByMonth)
		}
		wantOrgs := []dues.OrgTally{{OrgID: w.A.ID, OrgName: "第一支部", Tally: tally(32460, 15620, 16840, 0.4812)},
			{OrgID: w.B.ID, OrgName: "第二支部", Tally: tally(72060, 72000, 60, 0.9992)}}
		if !slices.Equal(rep.ByOrg, wantOrgs) {
			t.Fatalf("by org %+v", rep.ByOrg)
		}
		wantCats := []dues.CategoryTally{
			{Category: "salaried", CategoryLabel: "在职（月工资）", Tally: tally(86400, 81600, 4800, 0.9444)},
			{Category: "retired", CategoryLabel: "离退休", Tally: tally(18000, 6000, 12000, 0.3333)},
			{Category: "farmer", CategoryLabel: "农民", Tally: tally(60, 0, 60, 0)},
			{Category: "student", CategoryLabel: "学生", Tally: tally(60, 20, 40, 0.3333)}}
		if !slices.Equal(rep.ByCategory, wantCats) {
			t.Fatalf("by category %+v", rep.ByCategory)
		}

		var def dues.SubtreeReport // January to this month
		e.do(t, viewer(w.R), http.MethodGet, "/api/v1/orgs/"+w.R.ID+"/dues/report", nil, http.StatusOK).JSON(t, &def)
		if def.From != "2026-01" || def.To != "2026-03" || def.Totals != rep.Totals {
			t.Fatalf("default range %+v", def)
		}
		var branch dues.SubtreeReport
		e.do(t, viewer(w.A), http.MethodGet, "/api/v1/orgs/"+w.A.ID+"/dues/report?from=2026-02&to=2026-02", nil,
			http.StatusOK).JSON(t, &branch)
		// February in A: 48 + 60 + 0.20 due, 甲's 48 paid.
		if branch.Totals != tally(10820, 4800, 6020, 0.4436) || len(branch.ByOrg) != 1 || branch.ByOrg[0].OrgID != w.A.ID ||
			branch.ByOrg[0].Tally != branch.Totals {
			t.Fatalf("branch report %+v", branch)
		}
		for _, q := range []string{"from=2026-03&to=2026-01", "from=2016-01&to=2026-01", "from=2026-13"} {
			e.do(t, viewer(w.R), http.MethodGet, "/api/v1/orgs/"+w.R.ID+"/dues/report?"+q, nil, http.StatusUnprocessableEntity)
		}
		e.do(t, viewer(w.X), http.MethodGet, "/api/v1/orgs/"+w.R.ID+"/dues/report", nil, http.StatusNotFound)
	})
}

// The 党费收缴登记表 has a sheet per branch with each member's payments by
// month, the months still owed and a totals row; the export is audited.
func TestRegisterXLSX(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.reportWorld(t)
		r := e.do(t, viewer(w.R), http.MethodGet, "/api/v1/orgs/"+w.R.ID+"/dues/report.xlsx?year=2026", nil, http.StatusOK)
		if r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("content type %q", r.Header.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		slices.Sort(sheets)
		if !slices.Equal(sheets, []string{"第一支部", "第二支部"}) {
			t.Fatalf("sheets %v", sheets)
		}
		// Months up to February (the last ended) count as owed; 丙 < 乙 < 甲.
		want := [][]string{
			{"第一支部 2026 年党费收缴登记表"},
			{"序号", "姓名", "缴费类别", "缴费基数（元）", "月缴纳额（元）", "1月", "2月", "3月", "4月", "5月", "6月",
				"7月", "8月", "9月", "10月", "11月", "12月", "合计", "欠缴月数"},
			{"1", "丙", "学生", "", "0.20", "0.20", "0.00", "0.00", "", "", "", "", "", "", "", "", "", "0.20", "1"},
			{"2", "乙", "离退休", "6,000.00", "60.00", "60.00", "0.00", "0.00", "", "", "", "", "", "", "", "", "", "60.00", "1"},
			{"3", "甲", "在职（月工资）", "4,800.00", "48.00", "48.00", "48.00", "0.00", "", "", "", "", "", "", "", "", "", "96.00", "0"},
			{"", "合计", "", "", "", "108.20", "48.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00",
				"0.00", "0.00", "156.20"},
		}
		if got := sheetRows(t, f, "第一支部"); !equalCells(got, want) {
			t.Fatalf("第一支部:\n got %q\nwant %q", got, want)
		}
		b := sheetRows(t, f, "第二支部")
		if len(b) != 5 || b[2][1] != "丁" || b[2][17] != "720.00" || b[3][1] != "戊" || b[3][2] != "农民" ||
			b[3][18] != "2" || b[4][17] != "720.00" {
			t.Fatalf("第二支部 %q", b)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'dues.register.export' AND target_id = ?", w.R.ID); n != 1 {
			t.Fatalf("%d export audits", n)
		}

		one := e.do(t, viewer(w.A), http.MethodGet, "/api/v1/orgs/"+w.A.ID+"/dues/report.xlsx", nil, http.StatusOK)
		g, err := excelize.OpenReader(bytes.NewReader(one.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		if list := g.GetSheetList(); len(list) != 1 || list[0] != "第一支部" {
			t.Fatalf("branch export sheets %v", list)
		}
		e.do(t, viewer(w.A), http.MethodGet, "/api/v1/orgs/"+w.R.ID+"/dues/report.xlsx", nil, http.StatusNotFound)
	})
}

func sheetRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// equalCells compares rows, ignoring empty cells at the end of a row.
func equalCells(got, want [][]string) bool {
	trim := func(r []string) []string {
		for len(r) > 0 && r[len(r)-1] == "" {
			r = r[:len(r)-1]
		}
		return r
	}
	return slices.EqualFunc(got, want, func(a, b []string) bool { return slices.Equal(trim(a), trim(b)) })
}
