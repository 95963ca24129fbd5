package members

import (
	"testing"
	"time"
)

func day(s string) time.Time { t, _ := parseDate(s); return t }

// TestYearsSince: age and 党龄 count full years; 29 February birthdays
// come on 1 March in common years; the age-band cut-offs agree.
func TestYearsSince(t *testing.T) {
	cases := []struct {
		from, today string
		want        int
	}{
		{"1990-01-01", "2026-11-22", 36},
		{"1990-11-22", "2026-11-22", 36},
		{"1990-11-23", "2026-11-22", 35},
		{"2000-02-29", "2025-02-28", 24},
		{"2000-02-29", "2025-03-01", 25},
		{"2000-02-29", "2028-02-29", 28},
		{"2001-03-01", "2028-02-29", 26},
		{"2030-01-01", "2026-11-22", 0},
		{"", "2026-11-22", 0},
	}
	for _, c := range cases {
		if got := yearsSince(c.from, day(c.today)); got != c.want {
			t.Errorf("yearsSince(%s, %s) = %d, want %d", c.from, c.today, got, c.want)
		}
	}
	// latestBirthForAge(today, n) is the boundary of yearsSince >= n.
	for _, today := range []string{"2026-11-22", "2028-02-29", "2025-02-28", "2025-03-01"} {
		tt := day(today)
		for n := 0; n < 80; n++ {
			cut := latestBirthForAge(tt, n)
			if yearsSince(cut.Format("2006-01-02"), tt) < n {
				t.Errorf("%s n=%d: cut-off %s is younger", today, n, cut.Format("2006-01-02"))
			}
			if next := cut.AddDate(0, 0, 1).Format("2006-01-02"); yearsSince(next, tt) >= n && n > 0 {
				t.Errorf("%s n=%d: day after cut-off %s is old enough", today, n, next)
			}
		}
	}
}
