package rules

import (
	"strings"
	"testing"
)

func TestParsePercent(t *testing.T) {
	tests := map[string]int{
		"0": 0, "0%": 0, "5%": 500, "5": 500, "12.5%": 1250, "12.50%": 1250, "0.01%": 1,
		"100%": 10000, "100.00": 10000, " 5 % ": 500, "５％": 500, "０．５％": 50,
	}
	for in, want := range tests {
		if got, err := ParsePercent(in); err != nil || got != want {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestParsePercentBad(t *testing.T) {
	for _, in := range []string{"", "%", "-5%", "100.01%", "101%", "12.345%", "abc", "5%%", "1/2", ".5", "5 0%", "1e2", "0x10"} {
		if got, err := ParsePercent(in); err == nil || !strings.HasPrefix(err.Error(), "比例格式不正确") {
			t.Errorf("ParsePercent(%q) = %d, %v; want a Chinese error", in, got, err)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	tests := map[int]string{0: "0%", 1: "0.01%", 50: "0.5%", 100: "1%", 125: "1.25%", 150: "1.5%", 500: "5%", 1250: "12.5%", 10000: "100%", -50: "-0.5%"}
	for bp, want := range tests {
		if got := FormatPercent(bp); got != want {
			t.Errorf("FormatPercent(%d) = %q, want %q", bp, got, want)
		}
		if bp >= 0 {
			if back, err := ParsePercent(want); err != nil || back != bp {
				t.Errorf("ParsePercent(FormatPercent(%d)) = %d, %v", bp, back, err)
			}
		}
	}
}

func TestShare(t *testing.T) {
	tests := []struct {
		total int64
		bp    int
		r     Rounding
		want  int64
	}{
		{1000000, CentreShareBP, HalfUp, 50000},
		{12345, CentreShareBP, HalfUp, 617}, // 617.25
		{12350, CentreShareBP, HalfUp, 618}, // 617.5
		{12350, CentreShareBP, Down, 617},
		{12341, CentreShareBP, Up, 618}, // 617.05
		{99999, 10000, HalfUp, 99999},
		{99999, 0, Up, 0},
		{333, 3333, HalfUp, 111}, // 110.9889
	}
	for _, tt := range tests {
		if got := Share(tt.total, tt.bp, tt.r); got != tt.want {
			t.Errorf("Share(%d, %d, %s) = %d, want %d", tt.total, tt.bp, tt.r, got, tt.want)
		}
	}
}

func TestCentre(t *testing.T) {
	for fen, want := range map[int64]bool{0: false, 99999: false, 100000: true, 500000: true} {
		if GoesToCentre(fen) != want {
			t.Errorf("GoesToCentre(%d) = %v", fen, !want)
		}
	}
	if got := CentreDeadline(2026); got != "2027-04-30" {
		t.Errorf("CentreDeadline(2026) = %q", got)
	}
}
