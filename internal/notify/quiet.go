package notify

import (
	"fmt"
	"time"

	"dangjian/internal/platform/clock"
)

// Default quiet hours (免打扰): 22:00 to 08:00 Asia/Shanghai, in minutes
// since midnight, matching the notify_prefs column defaults.
const (
	defaultQuietStart = 22 * 60
	defaultQuietEnd   = 8 * 60
	minutesPerDay     = 24 * 60
)

// quiet is a daily window [start, end) in minutes since midnight, Asia/
// Shanghai. start > end wraps midnight (22:00–08:00); start == end means no
// quiet hours at all, so a member can switch them off without a flag.
type quiet struct{ start, end int }

// contains reports whether minute (0..1439) falls inside the window.
func (w quiet) contains(minute int) bool {
	switch {
	case w.start == w.end:
		return false
	case w.start < w.end:
		return minute >= w.start && minute < w.end
	default:
		return minute >= w.start || minute < w.end
	}
}

// until reports whether now is inside the window and, if so, when it ends:
// the first end-of-window instant after now.
func (w quiet) until(now time.Time) (time.Time, bool) {
	local := now.In(clock.Shanghai)
	if !w.contains(local.Hour()*60 + local.Minute()) {
		return now, false
	}
	y, m, d := local.Date()
	end := time.Date(y, m, d, w.end/60, w.end%60, 0, 0, clock.Shanghai)
	if !end.After(local) {
		end = end.AddDate(0, 0, 1)
	}
	return end, true
}

// parseHHMM reads "HH:MM" (00:00–23:59) as minutes since midnight.
func parseHHMM(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	if h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

// formatHHMM renders minutes since midnight as "HH:MM".
func formatHHMM(minutes int) string {
	minutes = ((minutes % minutesPerDay) + minutesPerDay) % minutesPerDay
	return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60)
}
