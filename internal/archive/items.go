package archive

import (
	"fmt"
	"strconv"

	"dangjian/internal/dues/rules"
)

// itemOf is an entry's line on the timeline. A 民主评议 grade has none: the
// register's history carries it already (and its year figure comes from
// here); nor has a reversal whose payment never arrived.
func itemOf(e entry) (Item, bool) {
	it := Item{On: e.On, Kind: e.Source, KindLabel: itemKindLabels[e.Source]}
	switch e.Source {
	case srcMeeting:
		it.Title, it.Detail = meetingTitle(e), statusWord(e.Status)
		if e.Note != "" {
			it.Detail += "；" + e.Note
		}
	case srcDues:
		if e.Code == "" {
			return Item{}, false
		}
		it.Title, it.Detail = duesTitle(e), duesDetail(e)
	case srcArrears:
		it.Title = "党费欠缴提醒"
		it.Detail = fmt.Sprintf("自%s起连续 %d 个月未交纳党费", monthLabel(e.Month), e.Months)
	case srcAssessment:
		it.Title, it.Detail = strconv.Itoa(e.Year)+" 年度考核", e.Label
	case srcCommendation:
		it.Title, it.Detail = e.Label, e.Title
	default:
		return Item{}, false
	}
	return it, true
}

// meetingTitle is "支部党员大会：学习二十大精神".
func meetingTitle(e entry) string {
	if e.Title == "" {
		return e.Label
	}
	return e.Label + "：" + e.Title
}

func duesTitle(e entry) string {
	if e.Code == duesVoluntary {
		return "自愿多交党费"
	}
	return monthLabel(e.Month) + "党费"
}

// duesDetail is the amount, whether a month's dues were paid in time, and
// the reversal (冲正) if there was one.
func duesDetail(e entry) string {
	out := rules.FormatYuan(e.AmountFen) + " 元"
	switch {
	case e.Code == duesVoluntary:
	case e.OnTime:
		out += "，按时交纳"
	default:
		out += "，补交"
	}
	if e.UndoneOn != "" {
		out += "；" + e.UndoneOn + " 冲正"
	}
	return out
}

// monthLabel shows "2026-05" as "2026年5月".
func monthLabel(month string) string {
	m, err := rules.ParseMonth(month)
	if err != nil {
		return month
	}
	return m.Label()
}
