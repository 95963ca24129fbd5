package rules

import (
	"math"
	"strings"
	"testing"
)

func TestFormatYuan(t *testing.T) {
	tests := map[int64]string{
		0:             "0.00",
		5:             "0.05",
		20:            "0.20",
		99999:         "999.99",
		100000:        "1,000.00",
		480000:        "4,800.00",
		123456789:     "1,234,567.89",
		-123450:       "-1,234.50",
		-5:            "-0.05",
		MaxFen:        "10,000,000,000.00",
		math.MinInt64: "-92,233,720,368,547,758.08",
	}
	for fen, want := range tests {
		if got := FormatYuan(fen); got != want {
			t.Errorf("FormatYuan(%d) = %q, want %q", fen, got, want)
		}
	}
}

func TestParseYuan(t *testing.T) {
	tests := map[string]int64{
		"4800":              480000,
		"4,800.00":          480000,
		"4800.5":            480050,
		"4800.05":           480005,
		"４８００":              480000,
		"４，８００．５０":          480050,
		" 4800 元":           480000,
		"¥4,800":            480000,
		"￥ 4800":            480000,
		"0":                 0,
		"0.01":              1,
		"007":               700,
		"1,234,567.89":      123456789,
		"10000000000":       MaxFen,
		"10,000,000,000.00": MaxFen,
	}
	for in, want := range tests {
		if got, err := ParseYuan(in); err != nil || got != want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestParseYuanBad(t *testing.T) {
	tests := map[string]string{
		"":                     "应为",
		"元":                    "应为",
		"abc":                  "应为",
		"48OO":                 "应为",
		"4800.123":             "两位小数",
		"-1":                   "负数",
		"－1":                   "负数",
		"1e3":                  "应为",
		"4 800":                "应为",
		"48,00":                "应为",
		"4,8000":               "应为",
		",480":                 "应为",
		".5":                   "应为",
		"1.2.3":                "应为",
		"+5":                   "应为",
		"10000000000.01":       "过大",
		"99999999999999999999": "过大",
	}
	for in, want := range tests {
		_, err := ParseYuan(in)
		if err == nil || !strings.HasPrefix(err.Error(), "金额格式不正确") || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseYuan(%q) err = %v, want 金额格式不正确…%s", in, err, want)
		}
	}
}

func TestYuanRoundTrip(t *testing.T) {
	for _, fen := range []int64{0, 1, 10, 99, 100, 299999, 300000, 300001, 1000001, 123456789, MaxFen} {
		if got, err := ParseYuan(FormatYuan(fen)); err != nil || got != fen {
			t.Errorf("round trip of %d = %d, %v", fen, got, err)
		}
	}
}

func FuzzParseYuan(f *testing.F) {
	for _, s := range []string{"4800", "4,800.00", "４８００", " 4800 元", "-1", "1.234", "¥0.5", "1,23", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fen, err := ParseYuan(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "金额格式不正确") {
				t.Fatalf("ParseYuan(%q) error %q lacks the Chinese prefix", s, err)
			}
			return
		}
		if fen < 0 || fen > MaxFen {
			t.Fatalf("ParseYuan(%q) = %d, out of range", s, fen)
		}
		back, err := ParseYuan(FormatYuan(fen))
		if err != nil || back != fen {
			t.Fatalf("ParseYuan(%q) = %d, but FormatYuan → %q parses to %d, %v", s, fen, FormatYuan(fen), back, err)
		}
	})
}
