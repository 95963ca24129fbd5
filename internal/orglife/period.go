package orglife

import (
	"errors"
	"fmt"
	"time"

	"dangjian/internal/platform/clock"
)

// Period is a calendar month, quarter or year in Asia/Shanghai: the span a
// meeting requirement is judged over. It runs from Start (inclusive) to End
// (exclusive), both at Shanghai midnight on the first of a month, so the
// last instant of 31 January belongs to January and 1 February 00:00 to
// February whatever the month's length. Key names it: "2026-11",
// "2026-Q4" or "2026". Build periods with ParsePeriod or PeriodOf.
type Period struct {
	Key        string
	Start, End time.Time
}

var errPeriod = errors.New("期间应为 2026-11、2026-Q4 或 2026 的形式")

// ParsePeriod reads a period key: a four-digit year, optionally followed by
// a two-digit month (01–12) or a quarter Q1–Q4. Keys are exact so that they
// can index meeting counts; "2026-1" or "2026-q4" are refused.
func ParsePeriod(key string) (Period, error) {
	year, ok := digits(key, 0, 4)
	if !ok || year < 1000 {
		return Period{}, errPeriod
	}
	rest := key[4:]
	switch {
	case rest == "":
		return newPeriod(year, time.January, 12), nil
	case len(rest) == 3 && rest[:2] == "-Q":
		if q, ok := digits(rest, 2, 3); ok && q >= 1 && q <= 4 {
			return newPeriod(year, time.Month(3*q-2), 3), nil
		}
	case len(rest) == 3 && rest[0] == '-':
		if m, ok := digits(rest, 1, 3); ok && m >= 1 && m <= 12 {
			return newPeriod(year, time.Month(m), 1), nil
		}
	}
	return Period{}, errPeriod
}

// digits reads s[from:to] as a decimal number made only of ASCII digits
// (strconv.Atoi would also take signs).
func digits(s string, from, to int) (int, bool) {
	if len(s) < to {
		return 0, false
	}
	n := 0
	for _, c := range s[from:to] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = 10*n + int(c-'0')
	}
	return n, true
}

// newPeriod is the period of the given number of months (1, 3 or 12)
// starting on the first of month m.
func newPeriod(year int, m time.Month, months int) Period {
	p := Period{
		Start: time.Date(year, m, 1, 0, 0, 0, 0, clock.Shanghai),
		End:   time.Date(year, m+time.Month(months), 1, 0, 0, 0, 0, clock.Shanghai),
	}
	switch months {
	case 1:
		p.Key = fmt.Sprintf("%04d-%02d", year, m)
	case 3:
		p.Key = fmt.Sprintf("%04d-Q%d", year, quarter(m))
	default:
		p.Key = fmt.Sprintf("%04d", year)
	}
	return p
}

func quarter(m time.Month) int { return (int(m)-1)/3 + 1 }

// PeriodOf is the month, quarter or year (by f) containing t, reckoned in
// Shanghai time. Off has no period of its own and gets the year.
func PeriodOf(f Frequency, t time.Time) Period {
	y, m, _ := t.In(clock.Shanghai).Date()
	n := f.months()
	first := time.Month((int(m)-1)/n*n + 1)
	return newPeriod(y, first, n)
}

var quarterNames = [...]string{"第一季度", "第二季度", "第三季度", "第四季度"}

// Label is the Chinese name: 2026年11月, 2026年第四季度 or 2026年.
func (p Period) Label() string {
	s := p.Start.In(clock.Shanghai)
	switch p.Frequency() {
	case Monthly:
		return fmt.Sprintf("%d年%d月", s.Year(), s.Month())
	case Quarterly:
		return fmt.Sprintf("%d年%s", s.Year(), quarterNames[quarter(s.Month())-1])
	}
	return fmt.Sprintf("%d年", s.Year())
}

// Frequency is the granularity of p: Monthly, Quarterly or Yearly; the zero
// Period is Off.
func (p Period) Frequency() Frequency {
	s, e := p.Start.In(clock.Shanghai), p.End.In(clock.Shanghai)
	switch (e.Year()-s.Year())*12 + int(e.Month()-s.Month()) {
	case 1:
		return Monthly
	case 3:
		return Quarterly
	case 12:
		return Yearly
	}
	return Off
}

// Contains reports whether the instant t falls in [Start, End).
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start) && t.Before(p.End) }

// CountedKeys are the keys of the month, quarter and year in which a
// meeting held at t counts (in that order): one meeting serves a monthly, a
// quarterly and a yearly requirement at once.
func CountedKeys(t time.Time) [3]string {
	return [3]string{PeriodOf(Monthly, t).Key, PeriodOf(Quarterly, t).Key, PeriodOf(Yearly, t).Key}
}

// ReminderAt is when a secretary is reminded of a requirement still unmet
// in p: 09:00 Shanghai on the 20th of the period's last month, which leaves
// about ten days to hold the meeting (20 February for 2026-02, 20 December
// for 2026-Q4). A yearly period is reminded on 20 November instead, so that
// the 组织生活会, normally held in Q4, can still be scheduled in December.
func ReminderAt(p Period) time.Time {
	s, e := p.Start.In(clock.Shanghai), p.End.In(clock.Shanghai)
	if p.Frequency() == Yearly {
		return time.Date(s.Year(), time.November, 20, 9, 0, 0, 0, clock.Shanghai)
	}
	return time.Date(e.Year(), e.Month()-1, 20, 9, 0, 0, 0, clock.Shanghai)
}
