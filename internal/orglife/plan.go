package orglife

import (
	"slices"
	"strings"
	"time"

	"dangjian/internal/platform/clock"
)

// PlanItem is one proposed meeting of a branch's annual calendar (年度计划).
type PlanItem struct {
	Kind Kind   `json:"kind"`
	Date string `json:"date"` // clock.DateLayout
}

// slot is where in each of its periods a kind is proposed: the month within
// the period and the day of that month.
type slot struct {
	month func(months int) int // 0-based month within a period of that many months
	day   int
}

func firstMonth(int) int         { return 0 }
func middleMonth(months int) int { return months / 2 }
func lastMonth(months int) int   { return months - 1 }

// slots follow the usual rhythm: 支委会 early in the month to prepare, 党小组会
// later, 支部党员大会 mid-quarter, 党课 at the quarter's end, 组织生活会 in
// December. A kind set to another frequency keeps its place in the period
// (a yearly 支部党员大会 falls in July, the middle of the year).
var slots = map[Kind]slot{
	KindMemberAssembly: {middleMonth, 15},
	KindCommittee:      {firstMonth, 10},
	KindGroup:          {firstMonth, 20},
	KindLecture:        {lastMonth, 15},
	KindLifeMeeting:    {lastMonth, 15},
}

// defaultThemeDay replaces a 主题党日 day outside 1–28, the days every
// month has.
const defaultThemeDay = 15

// ProposePlan proposes a branch's annual calendar for year: one item for
// each period of each kind's frequency (kinds missing from freqs take
// DefaultFrequency; Off or unknown frequencies propose nothing).
//
// 主题党日 falls on themeDay (1–28, otherwise 15) of the period's first
// month and stays there even on a weekend, since the branch fixed that day.
// Other kinds follow slots and move from Saturday or Sunday to the next
// Monday, which is always in the same month.
//
// Only items dated on or after from's Shanghai date are proposed, so a plan
// drawn up on 15 July keeps July's 党小组会 (the 20th) but not July's
// 支委会 (the 10th); a from before the year gives the whole year. Items are
// sorted by date, then by Kinds order.
func ProposePlan(year int, freqs map[Kind]Frequency, themeDay int, from time.Time) []PlanItem {
	if themeDay < 1 || themeDay > 28 {
		themeDay = defaultThemeDay
	}
	since := from.In(clock.Shanghai).Format(clock.DateLayout)
	items := []PlanItem{} // JSON [] rather than null when nothing is left
	for _, k := range Kinds {
		f, ok := freqs[k]
		if !ok {
			f = DefaultFrequency(k)
		}
		if f == Off || !f.Valid() {
			continue
		}
		n := f.months()
		for m := 0; m < 12; m += n {
			date := proposedDate(k, year, time.Month(m+1), n, themeDay)
			if d := date.Format(clock.DateLayout); d >= since {
				items = append(items, PlanItem{Kind: k, Date: d})
			}
		}
	}
	// Items were appended in Kinds order, which a stable sort keeps on ties.
	slices.SortStableFunc(items, func(a, b PlanItem) int { return strings.Compare(a.Date, b.Date) })
	return items
}

// proposedDate is k's date in the period of n months starting in month start.
func proposedDate(k Kind, year int, start time.Month, n, themeDay int) time.Time {
	if k == KindThemeDay {
		return time.Date(year, start, themeDay, 0, 0, 0, 0, clock.Shanghai)
	}
	s := slots[k]
	d := time.Date(year, start+time.Month(s.month(n)), s.day, 0, 0, 0, 0, clock.Shanghai)
	switch d.Weekday() {
	case time.Saturday:
		return d.AddDate(0, 0, 2)
	case time.Sunday:
		return d.AddDate(0, 0, 1)
	}
	return d
}
