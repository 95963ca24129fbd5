package partystats

import (
	"strconv"
	"time"

	"dangjian/internal/platform/clock"
)

// band is a row of an age or 党龄 table: whole years up to max inclusive.
type band struct {
	max   int
	label string
}

// ageBands are the age groups of the annual 党内统计 report, by age in full
// years on the as-of date.
var ageBands = []band{{30, "30岁及以下"}, {35, "31—35岁"}, {40, "36—40岁"}, {45, "41—45岁"}, {50, "46—50岁"},
	{55, "51—55岁"}, {60, "56—60岁"}, {70, "61—70岁"}, {maxYears, "71岁及以上"}}

// partyAgeBands are the 党龄 groups of full members, in full years since
// they became full members (党章: 党龄从转为正式党员之日算起).
var partyAgeBands = []band{{5, "5年及以下"}, {10, "6—10年"}, {20, "11—20年"}, {30, "21—30年"}, {40, "31—40年"},
	{50, "41—50年"}, {maxYears, "51年及以上"}}

const maxYears = 1 << 30

// bandRows are a band list as table rows; the code is the label.
func bandRows(bands []band) []Label {
	out := make([]Label, len(bands))
	for i, b := range bands {
		out[i] = Label{b.label, b.label}
	}
	return out
}

// bandOf is the band holding years ("" for -1, an unknown date).
func bandOf(bands []band, years int) string {
	for _, b := range bands {
		if years >= 0 && years <= b.max {
			return b.label
		}
	}
	return ""
}

// yearsOn is the number of full years from the date from to on: -1 when
// from is empty, malformed or after on. Someone born on 29 February turns a
// year older on 1 March in common years, as in the members register.
func yearsOn(from string, on time.Time) int {
	d, err := time.Parse(clock.DateLayout, from)
	if err != nil || d.After(on) {
		return -1
	}
	n := on.Year() - d.Year()
	if on.Month() < d.Month() || (on.Month() == d.Month() && on.Day() < d.Day()) {
		n--
	}
	return n
}

// yearStart is 1 January of date's year ("2026-01-01").
func yearStart(on time.Time) string { return strconv.Itoa(on.Year()) + "-01-01" }
