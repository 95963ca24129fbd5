package rules

import (
	"testing"
	"time"
)

func TestMonthArithmetic(t *testing.T) {
	tests := []struct {
		m     Month
		want  string
		label string
		year  int
		num   int
	}{
		{MonthOf(2026, time.November), "2026-11", "2026年11月", 2026, 11},
		{MonthOf(2026, time.December) + 1, "2027-01", "2027年1月", 2027, 1},
		{MonthOf(2027, time.January) - 1, "2026-12", "2026年12月", 2026, 12},
		{MonthOf(2026, time.March) - 6, "2025-09", "2025年9月", 2025, 9},
		{MonthOf(2026, time.November) + 12, "2027-11", "2027年11月", 2027, 11},
		{MonthOf(2026, time.January) - 13, "2024-12", "2024年12月", 2024, 12},
	}
	for _, tt := range tests {
		if tt.m.String() != tt.want || tt.m.Label() != tt.label || tt.m.Year() != tt.year || tt.m.Num() != tt.num {
			t.Errorf("month %d = %s %s %d/%d, want %s %s %d/%d", tt.m, tt.m, tt.m.Label(), tt.m.Year(), tt.m.Num(), tt.want, tt.label, tt.year, tt.num)
		}
		if back, err := ParseMonth(tt.want); err != nil || back != tt.m {
			t.Errorf("ParseMonth(%q) = %d, %v; want %d", tt.want, back, err, tt.m)
		}
	}
	if MonthOf(2027, time.January)-MonthOf(2026, time.November) != 2 {
		t.Error("months between 2026-11 and 2027-01 should be 2")
	}
}

func TestParseMonthBad(t *testing.T) {
	for _, s := range []string{"", "2026", "2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11-01", "abcd-ef"} {
		if _, err := ParseMonth(s); err == nil || err.Error() != "月份格式应为 YYYY-MM" {
			t.Errorf("ParseMonth(%q) err = %v", s, err)
		}
	}
}

func TestMonthOfDate(t *testing.T) {
	m, err := MonthOfDate("2026-03-15")
	if err != nil || m != MonthOf(2026, time.March) {
		t.Errorf("MonthOfDate = %s, %v; want 2026-03", m, err)
	}
	for _, s := range []string{"", "2026-03", "2026-02-30", "2026/03/15"} {
		if _, err := MonthOfDate(s); err == nil {
			t.Errorf("MonthOfDate(%q) should fail", s)
		}
	}
}

func TestMonthOfTimeShanghai(t *testing.T) {
	tests := []struct {
		utc  time.Time
		want string
	}{
		{time.Date(2026, 3, 31, 15, 59, 59, 0, time.UTC), "2026-03"}, // 23:59:59 in Shanghai
		{time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC), "2026-04"},   // midnight in Shanghai
		{time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC), "2027-01"},
	}
	for _, tt := range tests {
		if got := MonthOfTime(tt.utc); got.String() != tt.want {
			t.Errorf("MonthOfTime(%s) = %s, want %s", tt.utc, got, tt.want)
		}
	}
}
