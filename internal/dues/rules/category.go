package rules

import (
	"strings"

	"golang.org/x/text/width"
)

// Category is a member's 党费缴纳类别: it decides whether dues follow from a
// base by rate bands or are a fixed amount.
type Category string

// The categories of the 党费规定.
const (
	Salaried     Category = "salaried"      // 在职（月工资）
	Retired      Category = "retired"       // 离退休
	AnnualSalary Category = "annual_salary" // 年薪制
	SelfEmployed Category = "self_employed" // 个体、灵活就业
	Farmer       Category = "farmer"        // 农民
	Student      Category = "student"       // 学生
	Unemployed   Category = "unemployed"    // 下岗失业
	Relief       Category = "relief"        // 领取救济金或低保
)

// Categories lists every category in display order.
var Categories = []Category{Salaried, Retired, AnnualSalary, SelfEmployed, Farmer, Student, Unemployed, Relief}

type categoryInfo struct {
	label    string
	base     string   // what the base is; "" for fixed amounts
	ruleBase string   // how the base is named in the explanation of an amount
	payer    string   // who pays, in the explanation of a fixed amount
	aliases  []string // further names met in spreadsheets
}

var categoryInfos = map[Category]categoryInfo{
	Salaried:     {label: "在职（月工资）", base: "月收入", ruleBase: "月收入", aliases: []string{"在职", "职工", "在职职工", "工资", "月工资", "工薪"}},
	Retired:      {label: "离退休", base: "月离退休费", ruleBase: "离退休费", aliases: []string{"退休", "离休", "离退休人员", "退休人员", "离休人员"}},
	AnnualSalary: {label: "年薪制", base: "当月年薪收入", ruleBase: "当月年薪收入", aliases: []string{"年薪"}},
	SelfEmployed: {label: "个体、灵活就业", base: "上季度月平均纯收入", ruleBase: "上季度月平均纯收入", aliases: []string{"个体", "个体户", "个体工商户", "灵活就业", "个体灵活就业", "自由职业"}},
	Farmer:       {label: "农民", payer: "农民党员", aliases: []string{"农村"}},
	Student:      {label: "学生", payer: "学生党员", aliases: []string{"在校学生", "在校生"}},
	Unemployed:   {label: "下岗失业", payer: "下岗失业党员", aliases: []string{"下岗", "失业", "下岗职工", "失业人员"}},
	Relief:       {label: "领取救济金或低保", payer: "领取救济金或低保的党员", aliases: []string{"低保", "救济", "救济金", "领取救济金", "领取低保", "低保户"}},
}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { _, ok := categoryInfos[c]; return ok }

// Label is the Chinese name of c.
func (c Category) Label() string { return categoryInfos[c].label }

// NeedsBase reports whether dues follow from a base by rate bands rather
// than being a fixed monthly amount.
func (c Category) NeedsBase() bool { return categoryInfos[c].base != "" }

// BaseLabel names the base of c ("月收入" …); "" for fixed amounts.
func (c Category) BaseLabel() string { return categoryInfos[c].base }

// categoryNames maps every accepted spelling, normalized, to its category.
var categoryNames = func() map[string]Category {
	m := map[string]Category{}
	for _, c := range Categories {
		in := categoryInfos[c]
		for _, n := range append([]string{string(c), in.label}, in.aliases...) {
			m[normalizeName(n)] = c
		}
	}
	return m
}()

// normalizeName folds the variations of hand-typed spreadsheet cells: width
// (（）vs ()), case, spaces and a trailing "党员" (学生党员 = 学生).
func normalizeName(s string) string {
	s = strings.ToLower(width.Narrow.String(s))
	s = strings.Join(strings.Fields(s), "")
	return strings.TrimSuffix(s, "党员")
}

// ParseCategory reads a category from its code, its Chinese label or an
// obvious alias, as found in imported spreadsheets.
func ParseCategory(s string) (Category, bool) {
	c, ok := categoryNames[normalizeName(s)]
	return c, ok
}
