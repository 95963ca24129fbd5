package partystats

import (
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/rollup"
)

// Codes as the members capability stores them.
const (
	statusFull   = "full"
	genderFemale = "female"
)

// memberColumns are the count columns of every member table: the total,
// its split into 正式 and 预备, and two of its parts.
var memberColumns = []string{totalLabel, "正式党员", "预备党员", "女党员", "少数民族党员"}

// person is a member as counted on a day.
type person struct {
	rollup.SpanRow
	full, female, minority bool
}

// personOn is r as it stood on day: a member recorded as full whose 转正
// date is later was still 预备 then.
func personOn(r rollup.SpanRow, day string, majority string) person {
	return person{SpanRow: r,
		full:     r.Status == statusFull && (r.FullMemberOn == "" || r.FullMemberOn <= day),
		female:   r.Gender == genderFemale,
		minority: r.Ethnicity != "" && r.Ethnicity != majority}
}

// columns says in which member columns p counts.
func (p person) columns() []bool { return []bool{true, p.full, !p.full, p.female, p.minority} }

// dimension is a member table: one row per value of of.
type dimension struct {
	key, title, head, note string
	rows                   []Label
	sparse                 bool // rows after the first only when someone is counted there
	of                     func(p person) string
}

// probationaryRow is the 党龄 row of 预备党员, who have no 党龄 yet.
var probationaryRow = Label{"probationary", "预备党员"}

// memberDimensions are the tables of the members on the day on.
func memberDimensions(l Labels, on time.Time) []dimension {
	day := on.Format(clock.DateLayout)
	ethnicities := make([]Label, len(l.Ethnicities))
	for i, e := range l.Ethnicities {
		ethnicities[i] = Label{e, e}
	}
	return []dimension{
		{key: "gender", title: "党员按性别", head: "性别", rows: l.Genders,
			of: func(p person) string { return p.Gender }},
		{key: "ethnicity", title: "党员按民族", head: "民族", rows: ethnicities, sparse: true,
			of: func(p person) string { return p.Ethnicity }},
		{key: "age", title: "党员按年龄", head: "年龄", rows: bandRows(ageBands),
			note: "年龄按出生日期计算至 " + day + " 的周岁。",
			of:   func(p person) string { return bandOf(ageBands, yearsOn(p.BirthDate, on)) }},
		{key: "education", title: "党员按学历", head: "学历", rows: l.Educations,
			of: func(p person) string { return p.Education }},
		{key: "category", title: "党员按职业（人员类别）", head: "人员类别", rows: l.Categories,
			of: func(p person) string { return p.Category }},
		{key: "party_age", title: "党员按党龄", head: "党龄",
			rows: append([]Label{probationaryRow}, bandRows(partyAgeBands)...),
			note: "党龄自转为正式党员之日起计算至 " + day + " 的整年数；预备党员不计党龄。",
			of: func(p person) string {
				if !p.full {
					return probationaryRow.Code
				}
				return bandOf(partyAgeBands, yearsOn(p.FullMemberOn, on))
			}},
	}
}

// basicTable is 党员基本情况: the member columns of everyone, as rows.
func basicTable(everyone []int) Table {
	t := Table{Key: "basic", Title: "党员基本情况", Columns: []string{"项目", "人数"}}
	for i, name := range append([]string{"党员总数"}, memberColumns[1:]...) {
		t.Rows = append(t.Rows, line(name, everyone[i:i+1], 1))
	}
	return t
}

// memberTable renders a dimension's counts.
func memberTable(d dimension, c counts) Table {
	return Table{Key: d.key, Title: d.title, Note: d.note, Columns: append([]string{d.head}, memberColumns...),
		Rows: grid(d.rows, c, len(memberColumns), d.sparse)}
}
