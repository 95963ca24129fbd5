// Package clock gives rule logic an injectable "now", so tests can travel in
// time (term ends, lockouts, session limits) without sleeping.
package clock

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

// Real is the wall clock.
type Real struct{}

func (Real) Now() time.Time { return time.Now() }

// Fake is a settable clock for tests; safe for concurrent use.
type Fake struct {
	mu sync.Mutex
	t  time.Time
}

// NewFake starts a fake clock at t.
func NewFake(t time.Time) *Fake { return &Fake{t: t} }

func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

// Advance moves the fake clock forward by d.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}

// Set moves the fake clock to t.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	f.t = t
	f.mu.Unlock()
}

// Shanghai is the zone every date is shown and reckoned in.
var Shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// Fixed UTC+8 (China has no daylight saving) when tzdata is missing.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// Today is the calendar date of t in Asia/Shanghai, as a time at midnight UTC
// so that date arithmetic never crosses a zone boundary.
func Today(c Clock) time.Time {
	y, m, d := c.Now().In(Shanghai).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DateLayout is how dates travel in JSON and in the database.
const DateLayout = "2006-01-02"

// Stamp renders Unix milliseconds as RFC 3339 UTC, the API's time format;
// 0 ("never") renders as "".
func Stamp(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}

// AddMonths moves t by n calendar months, keeping the day of the month but
// clamping it to the month's last day (31 August − 6 months is 28 or 29
// February, not 3 March as time.AddDate would make it): the reading of
// "n months before/after" in party rules.
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// inputLayouts are the forms a person's time may take besides RFC 3339: a
// local (Asia/Shanghai) date and time as a date-time picker sends it.
var inputLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"}

// ParseMillis reads a time given in a request as Unix milliseconds; "" is 0
// (none), and ok is false for anything unreadable.
func ParseMillis(s string) (ms int64, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UnixMilli(), true
	}
	for _, l := range inputLayouts {
		if t, err := time.ParseInLocation(l, s, Shanghai); err == nil {
			return t.UnixMilli(), true
		}
	}
	return 0, false
}

// LocalMinute shows Unix milliseconds to a person: "2006-01-02 15:04" in
// Asia/Shanghai.
func LocalMinute(ms int64) string {
	return time.UnixMilli(ms).In(Shanghai).Format("2006-01-02 15:04")
}

// ChineseDate renders "2027-05-20" as "2027年5月20日" (a malformed date
// comes back unchanged).
func ChineseDate(date string) string {
	d, err := time.Parse(DateLayout, date)
	if err != nil {
		return date
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
}
