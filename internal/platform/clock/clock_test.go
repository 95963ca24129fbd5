package clock

import (
	"os"
	"testing"
	"time"
)

func TestAddMonths(t *testing.T) {
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2029-08-31", -6, "2029-02-28"},
		{"2028-08-31", -6, "2028-02-29"}, // leap year
		{"2027-05-20", -6, "2026-11-20"},
		{"2026-01-31", 1, "2026-02-28"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-12-15", 1, "2027-01-15"},
		{"2027-02-28", 12, "2028-02-28"},
		{"2028-02-29", 12, "2029-02-28"},
	} {
		from, _ := time.Parse(DateLayout, c.from)
		if got := AddMonths(from, c.n).Format(DateLayout); got != c.want {
			t.Errorf("%s %+d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

func TestChineseDate(t *testing.T) {
	for in, want := range map[string]string{"2027-05-20": "2027年5月20日", "2026-12-03": "2026年12月3日", "bad": "bad"} {
		if got := ChineseDate(in); got != want {
			t.Errorf("ChineseDate(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestTravelFollowsItsFile(t *testing.T) {
	path := t.TempDir() + "/offset"
	c := NewTravel(path)
	if d := c.Now().Sub(time.Now()); d > time.Second || d < -time.Second {
		t.Fatalf("without a file the clock is off by %s", d)
	}
	if err := os.WriteFile(path, []byte("86400\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.checked = time.Time{} // do not wait for the re-read interval
	if d := c.Now().Sub(time.Now()); d < 86399*time.Second || d > 86401*time.Second {
		t.Fatalf("with a day's offset the clock is off by %s", d)
	}
	os.Remove(path)
	c.checked = time.Time{}
	if d := c.Now().Sub(time.Now()); d > time.Second {
		t.Fatalf("after the file is gone the clock is still off by %s", d)
	}
}
