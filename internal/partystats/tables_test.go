package partystats_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/partystats"
	"dangjian/internal/rollup"
)

// branchA fills branch a with members on the edges of the age and 党龄
// bands of 28 February 2027 (a common year).
func (e *env) branchA() {
	e.member(e.a, "leap", func(r *rollup.SpanRow) { // 30 on D, 31 on 1 March
		r.BirthDate, r.Gender, r.Ethnicity, r.JoinedOn, r.FullMemberOn = "1996-02-29", "female", "回族", "2021-02-28", "2022-02-28"
	})
	e.member(e.a, "m31", func(r *rollup.SpanRow) { // 31 exactly, 党龄 6 exactly
		r.BirthDate, r.Ethnicity, r.JoinedOn, r.FullMemberOn = "1996-02-28", "蒙古族", "2020-02-27", "2021-02-28"
	})
	e.member(e.a, "prob", func(r *rollup.SpanRow) {
		r.BirthDate, r.Gender, r.Status, r.JoinedOn, r.FullMemberOn = "1996-03-01", "female", "probationary", "2026-05-01", ""
	})
	e.member(e.a, "fulltomorrow", func(r *rollup.SpanRow) { // recorded full, 转正 on 1 March
		r.BirthDate, r.JoinedOn, r.FullMemberOn = "1997-02-28", "2026-03-01", "2027-03-01"
	})
	e.member(e.a, "m71", func(r *rollup.SpanRow) { // 71 exactly, 党龄 51 exactly
		r.BirthDate, r.JoinedOn, r.FullMemberOn = "1956-02-28", "1975-02-28", "1976-02-28"
	})
	e.member(e.a, "m70", func(r *rollup.SpanRow) { // 70, 党龄 50 exactly
		r.BirthDate, r.JoinedOn, r.FullMemberOn = "1956-03-01", "1976-02-28", "1977-02-28"
	})
	e.member(e.a, "noedu", func(r *rollup.SpanRow) { r.Education = "" })
}

func TestMemberTablesOnTheBandEdges(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.branchA()
		e.member(e.b, "elsewhere", nil)
		r := e.generate(t, worker(e.c), e.a, "2027-02-28")
		basic := table(t, r, "basic")
		for row, want := range map[string]string{"党员总数": "7", "正式党员": "5", "预备党员": "2", "女党员": "2", "少数民族党员": "2"} {
			if got := cell(t, basic, row, "人数"); got != want {
				t.Errorf("basic %s = %s, want %s", row, got, want)
			}
		}
		wantCells(t, table(t, r, "age"), map[string]string{"30岁及以下/合计": "3", "31—35岁/合计": "1", "36—40岁/合计": "0",
			"46—50岁/合计": "1", "61—70岁/合计": "1", "71岁及以上/合计": "1", "合计/合计": "7"})
		wantCells(t, table(t, r, "age"), map[string]string{"30岁及以下/预备党员": "2", "合计/预备党员": "2"})
		wantCells(t, table(t, r, "party_age"), map[string]string{"预备党员/合计": "2", "5年及以下/合计": "1",
			"6—10年/合计": "1", "11—20年/合计": "0", "21—30年/合计": "1", "41—50年/合计": "1", "51年及以上/合计": "1",
			"合计/合计": "7"})
		eth := table(t, r, "ethnicity")
		if got, want := rowNames(eth), []string{"汉族", "蒙古族", "回族", "合计"}; !slices.Equal(got, want) {
			t.Errorf("ethnicity rows %v, want %v (汉族, then the minorities present in GB 3304 order)", got, want)
		}
		wantCells(t, eth, map[string]string{"汉族/少数民族党员": "0", "回族/少数民族党员": "1", "合计/少数民族党员": "2"})
		edu := table(t, r, "education")
		if got := rowNames(edu); len(got) != 9 || got[0] != "博士研究生" || got[7] != "其他或未填写" {
			t.Errorf("education rows %v: the seven levels, 其他或未填写, 合计", got)
		}
		wantCells(t, edu, map[string]string{"大学本科/合计": "6", "其他或未填写/合计": "1", "合计/合计": "7"})
		wantCells(t, table(t, r, "category"), map[string]string{"企业人员/合计": "7", "学生/合计": "0"})
		if slices.Contains(rowNames(table(t, r, "category")), "其他或未填写") {
			t.Error("其他或未填写 shown although every category is known")
		}
		for _, tb := range r.Tables {
			if tb.Key != "basic" && tb.Key != "orgs" {
				wantTotals(t, tb)
			}
		}
	})
}

func TestBirthdayOn29FebruaryCountsFrom1March(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.branchA()
		r := e.generate(t, worker(e.a), e.a, "2027-03-01")
		wantCells(t, table(t, r, "age"), map[string]string{"30岁及以下/合计": "1", "31—35岁/合计": "3"})
		// 转正 on 1 March: full from that day.
		wantCells(t, table(t, r, "party_age"), map[string]string{"预备党员/合计": "1", "5年及以下/合计": "2"})
	})
}

func TestChangesOfTheYearUpToTheDate(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		prob := func(joined string) func(r *rollup.SpanRow) {
			return func(r *rollup.SpanRow) { r.Status, r.JoinedOn, r.FullMemberOn = "probationary", joined, "" }
		}
		ended := func(kind, on string) func(r *rollup.SpanRow) {
			return func(r *rollup.SpanRow) { r.EndedKind, r.EndedOn = kind, on }
		}
		e.member(e.b, "jan1", func(r *rollup.SpanRow) { prob("2027-01-01")(r); r.Gender = "female" })
		e.member(e.b, "onD", prob("2027-02-28"))
		e.member(e.b, "lastyear", prob("2026-12-31"))
		e.member(e.b, "afterD", prob("2027-03-01"))
		e.member(e.b, "cancelled", func(r *rollup.SpanRow) {
			prob("2027-01-10")(r)
			ended("probation_cancelled", "2027-02-10")(r)
		})
		e.member(e.b, "diedOnD", ended("deceased", "2027-02-28"))
		e.member(e.b, "expelledAfterD", ended("expelled", "2027-03-01"))
		e.member(e.b, "transferred", ended("transferred_out", "2027-02-01"))
		e.member(e.b, "lapsed", ended("lapsed", "2027-01-01"))
		e.member(e.b, "diedLastYear", ended("deceased", "2026-12-31"))
		e.member(e.a, "otherBranch", ended("deceased", "2027-02-01"))

		r := e.generate(t, worker(e.b), e.b, "2027-02-28")
		wantCells(t, table(t, r, "admitted"), map[string]string{"发展党员/合计": "3", "发展党员/预备党员": "3", "发展党员/女党员": "1"})
		lost := table(t, r, "lost")
		if got, want := rowNames(lost), []string{"停止党籍", "自行脱党", "除名", "开除党籍", "退党", "去世", "取消预备党员资格", "合计"}; !slices.Equal(got, want) {
			t.Errorf("lost rows %v, want the end kinds of the register and 合计: %v", got, want)
		}
		wantCells(t, lost, map[string]string{"去世/合计": "1", "自行脱党/合计": "1", "取消预备党员资格/合计": "1", "开除党籍/合计": "0", "合计/合计": "3"})
		wantCells(t, lost, map[string]string{"取消预备党员资格/预备党员": "1", "合计/预备党员": "1"})
		// Still a member on D: expelled the day after.
		if got := cell(t, table(t, r, "basic"), "党员总数", "人数"); got != "4" {
			t.Errorf("members on D = %s, want 4 (jan1, onD, lastyear, expelledAfterD)", got)
		}
		if want := "joined 2027-01-01 2027-02-28"; !slices.Contains(e.src.asked, want) {
			t.Errorf("asked %v, want %q", e.src.asked, want)
		}
	})
}

func TestOrgsByKindAndUnitType(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.src.orgs = []rollup.OrgRow{{ID: "c", Path: "/c/", Kind: "committee", UnitType: "government"},
			{ID: "a", Path: "/c/a/", Kind: "branch", UnitType: "government"}, {ID: "b", Path: "/c/b/", Kind: "branch"},
			{ID: "g", Path: "/c/a/g/", Kind: "group", UnitType: "enterprise"},
			{ID: "z", Path: "/z/", Kind: "branch", UnitType: "enterprise"}}
		tb := table(t, e.generate(t, worker(e.c), e.c, "2027-02-28"), "orgs")
		if want := []string{"类别", "合计", "机关", "企业", "未填写单位类型"}; !slices.Equal(tb.Columns, want) {
			t.Errorf("columns %v, want %v", tb.Columns, want)
		}
		if got, want := rowNames(tb), []string{"党工委/组织部", "党委", "党总支", "党支部", "党小组", "合计"}; !slices.Equal(got, want) {
			t.Errorf("rows %v, want %v", got, want)
		}
		wantCells(t, tb, map[string]string{"党委/合计": "1", "党支部/合计": "2", "党小组/合计": "1", "合计/合计": "4"})
		wantCells(t, tb, map[string]string{"合计/机关": "2", "合计/企业": "1", "合计/未填写单位类型": "1"})
		wantCells(t, tb, map[string]string{"党支部/机关": "1", "党支部/企业": "0", "党支部/未填写单位类型": "1"})
		wantTotals(t, tb)
	})
}

// wantCells checks cells named "row/column".
func wantCells(t *testing.T, tb partystats.Table, want map[string]string) {
	t.Helper()
	for at, w := range want {
		row, col, _ := strings.Cut(at, "/")
		if got := cell(t, tb, row, col); got != w {
			t.Errorf("%s %s = %s, want %s", tb.Key, at, got, w)
		}
	}
}

// wantTotals checks that the 合计 row sums the rows above it, column by
// column.
func wantTotals(t *testing.T, tb partystats.Table) {
	t.Helper()
	last := tb.Rows[len(tb.Rows)-1]
	for c := 1; c < len(tb.Columns); c++ {
		sum := 0
		for _, r := range tb.Rows[:len(tb.Rows)-1] {
			n, _ := strconv.Atoi(r[c])
			sum += n
		}
		if last[0] != "合计" || last[c] != strconv.Itoa(sum) {
			t.Errorf("%s: last row %v does not sum column %s (%d)", tb.Key, last, tb.Columns[c], sum)
		}
	}
}
