package orglife

import (
	"testing"
	"time"

	"dangjian/internal/platform/clock"
)

// sh is a Shanghai wall-clock time.
func sh(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, clock.Shanghai)
}

func samePeriod(a, b Period) bool {
	return a.Key == b.Key && a.Start.Equal(b.Start) && a.End.Equal(b.End)
}

func mustPeriod(t *testing.T, key string) Period {
	t.Helper()
	p, err := ParsePeriod(key)
	if err != nil {
		t.Fatalf("ParsePeriod(%q): %v", key, err)
	}
	return p
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		key, start, end, label string
		f                      Frequency
	}{
		{"2026-11", "2026-11-01", "2026-12-01", "2026年11月", Monthly},
		{"2026-01", "2026-01-01", "2026-02-01", "2026年1月", Monthly},
		{"2026-12", "2026-12-01", "2027-01-01", "2026年12月", Monthly},
		{"2026-Q1", "2026-01-01", "2026-04-01", "2026年第一季度", Quarterly},
		{"2026-Q4", "2026-10-01", "2027-01-01", "2026年第四季度", Quarterly},
		{"2026", "2026-01-01", "2027-01-01", "2026年", Yearly},
	} {
		p := mustPeriod(t, c.key)
		if p.Key != c.key || p.Label() != c.label || p.Frequency() != c.f {
			t.Errorf("%s: key %q label %q frequency %q", c.key, p.Key, p.Label(), p.Frequency())
		}
		for _, b := range []struct {
			at   time.Time
			want string
		}{{p.Start, c.start}, {p.End, c.end}} {
			if b.at.Location() != clock.Shanghai || b.at.Format(clock.DateLayout) != b.want || b.at.Hour() != 0 {
				t.Errorf("%s: bound %v, want %s 00:00 Shanghai", c.key, b.at, b.want)
			}
		}
	}
	for _, bad := range []string{"", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-1", "2026-1", "2026-q4",
		"2026-", "20261", "2026-11-01", "+026", "0999", "2026-+1", "２０２６"} {
		if p, err := ParsePeriod(bad); err == nil || err.Error() != "期间应为 2026-11、2026-Q4 或 2026 的形式" {
			t.Errorf("ParsePeriod(%q) = %+v, %v; want the Chinese form error", bad, p, err)
		}
	}
	if (Period{}).Frequency() != Off {
		t.Error("the zero Period has no granularity")
	}
}

// TestPeriodMonthBoundaries: every month ends exclusively at the next month's
// Shanghai midnight, whatever its length (28, 29 in leap 2028, 30, 31).
func TestPeriodMonthBoundaries(t *testing.T) {
	for _, c := range []struct {
		key     string
		lastDay int
	}{{"2026-02", 28}, {"2028-02", 29}, {"2026-04", 30}, {"2026-01", 31}, {"2026-12", 31}} {
		p := mustPeriod(t, c.key)
		y, m := p.Start.Year(), p.Start.Month()
		last := sh(y, m, c.lastDay, 23, 59)
		next := last.Add(time.Minute)
		if !p.Contains(p.Start) || !p.Contains(last) || p.Contains(next) || p.Contains(p.Start.Add(-time.Nanosecond)) {
			t.Errorf("%s: contains start %v, last minute %v, next midnight %v", c.key, p.Contains(p.Start), p.Contains(last), p.Contains(next))
		}
		if !p.End.Equal(next) || next.Day() != 1 {
			t.Errorf("%s: end %v, want %v", c.key, p.End, next)
		}
		if PeriodOf(Monthly, last).Key != c.key || PeriodOf(Monthly, next).Key == c.key {
			t.Errorf("%s: PeriodOf(last) %s, PeriodOf(next) %s", c.key, PeriodOf(Monthly, last).Key, PeriodOf(Monthly, next).Key)
		}
	}
}

// TestPeriodShanghaiNotUTC: a meeting's period is decided on the Shanghai
// calendar, not the UTC one.
func TestPeriodShanghaiNotUTC(t *testing.T) {
	for _, c := range []struct {
		utc  string
		want [3]string
	}{
		{"2026-01-31T15:59:00Z", [3]string{"2026-01", "2026-Q1", "2026"}}, // 23:59 on 31 Jan
		{"2026-01-31T16:00:00Z", [3]string{"2026-02", "2026-Q1", "2026"}}, // 00:00 on 1 Feb
		{"2026-01-31T16:30:00Z", [3]string{"2026-02", "2026-Q1", "2026"}}, // still 31 Jan in UTC
		{"2026-03-31T15:59:59Z", [3]string{"2026-03", "2026-Q1", "2026"}}, // 31 Mar 23:59:59
		{"2026-03-31T16:00:00Z", [3]string{"2026-04", "2026-Q2", "2026"}}, // 1 Apr 00:00
		{"2026-12-31T15:59:00Z", [3]string{"2026-12", "2026-Q4", "2026"}}, // 31 Dec 23:59
		{"2026-12-31T16:00:00Z", [3]string{"2027-01", "2027-Q1", "2027"}}, // 1 Jan 2027 00:00
		{"2028-02-29T12:00:00Z", [3]string{"2028-02", "2028-Q1", "2028"}},
	} {
		at, _ := time.Parse(time.RFC3339, c.utc)
		if got := CountedKeys(at); got != c.want {
			t.Errorf("CountedKeys(%s) = %v, want %v", c.utc, got, c.want)
		}
		for i, f := range []Frequency{Monthly, Quarterly, Yearly} {
			if p := PeriodOf(f, at); p.Key != c.want[i] || !p.Contains(at) {
				t.Errorf("PeriodOf(%s, %s) = %s (contains %v)", f, c.utc, p.Key, p.Contains(at))
			}
		}
	}
}

func TestPeriodQuarterAndYearEnds(t *testing.T) {
	q1, q4, y := mustPeriod(t, "2026-Q1"), mustPeriod(t, "2026-Q4"), mustPeriod(t, "2026")
	if !q1.Contains(sh(2026, 3, 31, 23, 59)) || q1.Contains(sh(2026, 4, 1, 0, 0)) {
		t.Error("Q1 must end after 31 March, before 1 April")
	}
	if !q4.Contains(sh(2026, 12, 31, 23, 59)) || q4.Contains(sh(2027, 1, 1, 0, 0)) || q4.Contains(sh(2026, 9, 30, 23, 59)) {
		t.Error("2026-Q4 must hold 1 Oct – 31 Dec only")
	}
	if !y.Contains(sh(2026, 1, 1, 0, 0)) || !y.Contains(sh(2026, 12, 31, 23, 59)) || y.Contains(sh(2027, 1, 1, 0, 0)) {
		t.Error("2026 must hold 1 Jan – 31 Dec only")
	}
	for m := time.January; m <= time.December; m++ {
		want := []string{"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}[(m-1)/3]
		if got := PeriodOf(Quarterly, sh(2026, m, 15, 12, 0)); !samePeriod(got, mustPeriod(t, want)) {
			t.Errorf("quarter of month %d = %+v, want %s", m, got, want)
		}
	}
	if got := PeriodOf(Off, sh(2026, 5, 1, 0, 0)); !samePeriod(got, y) {
		t.Errorf("Off reckons by the year, got %+v", got)
	}
}

func TestReminderAt(t *testing.T) {
	for key, want := range map[string]time.Time{
		"2026-02": sh(2026, 2, 20, 9, 0),
		"2028-02": sh(2028, 2, 20, 9, 0),
		"2026-12": sh(2026, 12, 20, 9, 0),
		"2026-Q1": sh(2026, 3, 20, 9, 0),
		"2026-Q2": sh(2026, 6, 20, 9, 0),
		"2026-Q4": sh(2026, 12, 20, 9, 0),
		"2026":    sh(2026, 11, 20, 9, 0), // leaves December for the 组织生活会
	} {
		p := mustPeriod(t, key)
		got := ReminderAt(p)
		if !got.Equal(want) || !p.Contains(got) {
			t.Errorf("ReminderAt(%s) = %v, want %v inside the period", key, got, want)
		}
	}
	if got := ReminderAt(mustPeriod(t, "2026-02")).UTC().Format(time.RFC3339); got != "2026-02-20T01:00:00Z" {
		t.Errorf("09:00 Shanghai is 01:00 UTC, got %s", got)
	}
}
