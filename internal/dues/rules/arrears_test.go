package rules

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestOwes(t *testing.T) {
	mar := MonthOf(2026, time.March)
	tests := []struct {
		joined string
		m      Month
		want   bool
	}{
		{"2026-03-15", mar, true},
		{"2026-03-15", mar - 1, false},
		{"2026-03-31", mar, true},
		{"2026-03-01", mar + 10, true},
		{"2025-12-31", MonthOf(2026, time.January), true},
		{"2026-01-01", MonthOf(2025, time.December), false},
		{"", MonthOf(1990, time.January), true},
		{"2026-3-15", mar, false},
		{"garbage", mar, false},
	}
	for _, tt := range tests {
		if got := Owes(tt.joined, tt.m); got != tt.want {
			t.Errorf("Owes(%q, %s) = %v, want %v", tt.joined, tt.m, got, tt.want)
		}
	}
}

func TestCheckPayMonth(t *testing.T) {
	cur := MonthOf(2026, time.March)
	tests := []struct {
		m    Month
		want string // "" for allowed, else a part of the error
	}{
		{cur, ""},
		{cur - 6, ""},
		{cur - 7, "补缴不能超过 6 个月：最早可补缴 2025年9月"},
		{cur + 12, ""},
		{cur + 13, "预缴不能超过 12 个月：最晚可预缴 2027年3月"},
	}
	for _, tt := range tests {
		err := CheckPayMonth(tt.m, cur, 6, 12)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || err.Error() != tt.want) {
			t.Errorf("CheckPayMonth(%s) = %v, want %q", tt.m, err, tt.want)
		}
	}
	if err := CheckPayMonth(cur+1, cur, 6, 0); err == nil {
		t.Error("paying ahead must be refused when the limit is 0")
	}
}

func TestStreak(t *testing.T) {
	tests := []struct {
		unpaid []bool
		want   int
	}{
		{nil, 0},
		{[]bool{false}, 0},
		{[]bool{true}, 1},
		{[]bool{true, true, false}, 0},
		{[]bool{true, false, true, true}, 2},
		{[]bool{true, true, true, true, true, true}, 6},
	}
	for _, tt := range tests {
		if got := Streak(tt.unpaid); got != tt.want {
			t.Errorf("Streak(%v) = %d, want %d", tt.unpaid, got, tt.want)
		}
	}
}

func TestParseWarnMonths(t *testing.T) {
	tests := map[string][]int{
		"3,5": {3, 5}, "5, 3": {3, 5}, "３，５": {3, 5}, "1、2、3": {1, 2, 3}, "3,3": {3}, "": {}, " ": {},
	}
	for in, want := range tests {
		if got, err := ParseWarnMonths(in); err != nil || !slices.Equal(got, want) {
			t.Errorf("ParseWarnMonths(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{"6": "不在 1 至 5 之间", "0": "不在 1 至 5 之间", "3,x": "格式不正确", "3.5": "格式不正确", "-1": "不在"} {
		if _, err := ParseWarnMonths(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseWarnMonths(%q) err = %v, want %q", in, err, msg)
		}
	}
}

func TestWarnLevel(t *testing.T) {
	levels := []int{3, 5}
	for streak, want := range map[int]int{0: 0, 2: 0, 3: 3, 4: 3, 5: 5, 6: 5, 12: 5} {
		if got := WarnLevel(streak, levels); got != want {
			t.Errorf("WarnLevel(%d, %v) = %d, want %d", streak, levels, got, want)
		}
	}
	if WarnLevel(9, nil) != 0 {
		t.Error("no levels, no warning")
	}
}
