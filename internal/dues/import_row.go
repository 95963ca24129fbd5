package dues

import (
	"regexp"
	"strconv"
	"strings"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/tabular"
)

// baseImportCols are the columns of the base import and its template. No
// personal data beyond the name: members are matched by their ID.
var baseImportCols = []tabular.Column{
	{Key: "member_id", Title: "党员ID", Aliases: []string{"党员编号", "ID"}, Required: true, Text: true},
	{Key: "name", Title: "姓名", Aliases: []string{"党员姓名"}},
	{Key: "category", Title: "缴费类别", Aliases: []string{"类别", "党费缴纳类别", "缴纳类别"}, Required: true},
	{Key: "base", Title: "基数（元）", Aliases: []string{"基数", "缴费基数", "缴费基数（元）", "月收入（元）"}, Text: true},
	{Key: "effective_month", Title: "起始月份", Aliases: []string{"起始月", "生效月份", "执行月份"}, Text: true},
	{Key: "note", Title: "备注"},
}

// columnOfField names the import column of a Declaration field.
var columnOfField = map[string]string{"member_id": "党员ID", "category": "缴费类别", "base_fen": "基数（元）",
	"effective_month": "起始月份", "note": "备注"}

// categoryChoices lists the category labels for messages.
var categoryChoices = func() string {
	labels := make([]string, len(rules.Categories))
	for i, c := range rules.Categories {
		labels[i] = c.Label()
	}
	return strings.Join(labels, "、")
}()

// parseBaseRow reads one row of the import for year. A row that states
// neither a category nor a base declares nothing (skip): the template lists
// every member of the branch, and only the rows filled in count.
func parseBaseRow(row tabular.Row, year int) (d Declaration, skip bool, problems []tabular.Problem) {
	v := row.Values
	if v["category"] == "" && v["base"] == "" {
		return Declaration{}, true, nil
	}
	bad := map[string]string{}
	d = Declaration{MemberID: v["member_id"], Year: year, Note: v["note"]}
	if d.MemberID == "" {
		bad["member_id"] = "请填写党员ID（可下载模板，模板已列出本支部党员）"
	}
	c, ok := rules.ParseCategory(v["category"])
	switch {
	case v["category"] == "":
		bad["category"] = "请填写缴费类别"
	case !ok:
		bad["category"] = "缴费类别无法识别：应为 " + categoryChoices + " 之一"
	default:
		d.Category = string(c)
	}
	if v["base"] != "" && (!ok || c.NeedsBase()) {
		fen, err := rules.ParseYuan(v["base"])
		if err != nil {
			bad["base_fen"] = "基数" + strings.TrimPrefix(err.Error(), "金额")
		}
		d.BaseFen = fen
	}
	d.EffectiveMonth = rules.MonthOf(year, 1).String()
	if cell := v["effective_month"]; cell != "" {
		m, ok := parseMonthCell(cell)
		if !ok {
			bad["effective_month"] = "起始月份格式不正确：应为 YYYY-MM，如 " + strconv.Itoa(year) + "-07"
		}
		d.EffectiveMonth = m.String()
	}
	if _, fe := d.check(year); len(fe) > 0 {
		for _, f := range fe {
			if _, dup := bad[f.Field]; !dup {
				bad[f.Field] = f.Message
			}
		}
	}
	return d, false, rowProblems(row, bad)
}

// rowProblems orders a row's messages by column, as the sheet shows them.
func rowProblems(row tabular.Row, bad map[string]string) []tabular.Problem {
	var out []tabular.Problem
	for _, field := range []string{"member_id", "category", "base_fen", "effective_month", "note"} {
		if msg, ok := bad[field]; ok {
			out = append(out, tabular.Problem{Sheet: row.Sheet, Row: row.Number, Column: columnOfField[field], Message: msg})
		}
	}
	return out
}

// yearMonthCell matches the ways a month is typed: 2026-07, 2026/7,
// 2026.7, 2026年7月, 202607.
var yearMonthCell = regexp.MustCompile(`^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$`)

// parseMonthCell reads a month as typed, or from a date (Excel turns
// "2026-07" into the date 2026-07-01).
func parseMonthCell(s string) (rules.Month, bool) {
	if t, err := tabular.ParseDate(s); err == nil && !yearMonthCell.MatchString(s) {
		return rules.MonthOf(t.Year(), t.Month()), true
	}
	sub := yearMonthCell.FindStringSubmatch(s)
	if sub == nil {
		return 0, false
	}
	y, _ := strconv.Atoi(sub[1])
	m, _ := strconv.Atoi(sub[2] + sub[3])
	if m < 1 || m > 12 {
		return 0, false
	}
	return rules.Month(y*12 + m - 1), true
}
