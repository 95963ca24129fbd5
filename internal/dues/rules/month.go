// Package rules holds the pure rules of 党费 (关于中国共产党党费收缴、使用和
// 管理的规定): categories and rate bands, monthly amounts in integer fen, money
// and percent parsing, upper-level shares, and the months a member owes. No
// database, no clock: callers pass everything in.
package rules

import (
	"errors"
	"fmt"
	"time"

	"dangjian/internal/platform/clock"
)

// Month is a calendar month as an index, year*12 + (month-1), so that month
// arithmetic across year ends is plain integer arithmetic (m+1, m-6).
type Month int

// MonthOf is the month m of year y.
func MonthOf(y int, m time.Month) Month { return Month(y*12 + int(m) - 1) }

var errMonth = errors.New("月份格式应为 YYYY-MM")

// ParseMonth reads "2026-11".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return 0, errMonth
	}
	return MonthOf(t.Year(), t.Month()), nil
}

// MonthOfDate is the month of a "YYYY-MM-DD" date.
func MonthOfDate(date string) (Month, error) {
	t, err := time.Parse(clock.DateLayout, date)
	if err != nil {
		return 0, errors.New("日期格式应为 YYYY-MM-DD")
	}
	return MonthOf(t.Year(), t.Month()), nil
}

// MonthOfTime is the month t falls in, reckoned in Asia/Shanghai: a payment
// at 2026-03-31T20:00Z belongs to April.
func MonthOfTime(t time.Time) Month {
	l := t.In(clock.Shanghai)
	return MonthOf(l.Year(), l.Month())
}

// Year is the calendar year.
func (m Month) Year() int { return int(m) / 12 }

// Num is the month of the year, 1..12.
func (m Month) Num() int { return int(m)%12 + 1 }

// String is "2026-11", the form months travel in.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), m.Num()) }

// Label is "2026年11月", the form months are shown in.
func (m Month) Label() string { return fmt.Sprintf("%d年%d月", m.Year(), m.Num()) }
