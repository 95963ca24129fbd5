package tabular

import (
	"strings"
	"testing"
	"time"
)

func TestNormalizeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"  张  三\t\n", "张 三"},
		{"ＡＢＣ１２３（中共）", "ABC123(中共)"},
		{"第一\u3000\u3000支部", "第一 支部"},
		{"\u200b张\u200d三\ufeff\u00a0", "张三"},
		{"a\x00b\x07c", "abc"},
		{"～！", "~!"},
		{"、。“”", "、。“”"},
	}
	for _, tc := range tests {
		if got := NormalizeCell(tc.in); got != tc.want {
			t.Errorf("NormalizeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeHeader(t *testing.T) {
	for _, in := range []string{"姓名", " 姓 名 ", "*姓名", "姓名*", "姓名＊", "姓名（必填）", "姓名(必填)*", "姓名\n(必填)", "姓　名"} {
		if got := normalizeHeader(in); got != "姓名" {
			t.Errorf("normalizeHeader(%q) = %q", in, got)
		}
	}
	if normalizeHeader("QQ号") != normalizeHeader("qq号") {
		t.Error("ASCII case must not matter")
	}
}

func TestCanonicalNumber(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"110105199001011234", "110105199001011234"},
		{"1.10105199001011E+17", "1.10105199001011E+17"},
		{"1.10105199001011e+17", "1.10105199001011E+17"},
		{"1.3800138E+10", "13800138000"},
		{"1.10105199001011E+14", "110105199001011"},
		{"44927", "44927"},
		{"44927.0", "44927"},
		{"3.5", "3.5"},
		{"0.30000000000000004", "0.3"},
		{"-12", "-12"},
		{"1E-3", "0.001"},
	}
	for _, tc := range tests {
		if got, ok := canonicalNumber(tc.raw); !ok || got != tc.want {
			t.Errorf("canonicalNumber(%q) = %q, %v; want %q", tc.raw, got, ok, tc.want)
		}
	}
	if _, ok := canonicalNumber("abc"); ok {
		t.Error("text is not a number")
	}
}

func TestResolveXLSX(t *testing.T) {
	tests := []struct{ shown, raw, want string }{
		{"张三", "张三", "张三"},
		{"2023-01-01", "44927", "2023-01-01"},
		{"2023年1月1日", "44927", "2023-01-01"},
		{"1-Jan-23", "44927", "2023-01-01"},
		{"2023年1月", "44927", "2023-01-01"},
		{"12:30", "0.520833333333333", "12:30"},
		{"50%", "0.5", "0.5"},
		{"1,000.00", "1000", "1000"},
		{"1234.56", "1234.56", "1234.56"},
		{"1234.56", "1234.5600000000001", "1234.56"},
		{"138-0013-8000", "13800138000", "13800138000"},
		{"000123", "123", "000123"},
		{"TRUE", "1", "TRUE"},
		{"1.10105E+17", "1.10105199001011E+17", "1.10105199001011E+17"},
		{"110105199001011000", "1.10105199001011E+17", "1.10105199001011E+17"},
	}
	for _, tc := range tests {
		if got := resolveXLSX(tc.shown, tc.raw, false); got != tc.want {
			t.Errorf("resolveXLSX(%q, %q) = %q, want %q", tc.shown, tc.raw, got, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	ok := []struct{ in, want string }{
		{"44927", "2023-01-01"},
		{"44927.75", "2023-01-01"},
		{"1", "1900-01-01"},
		{"59", "1900-02-28"},
		{"61", "1900-03-01"},
		{"73415", "2100-12-31"},
		{"2023-01-02", "2023-01-02"},
		{"2023/1/2", "2023-01-02"},
		{"2023.1.2", "2023-01-02"},
		{"2023年1月2日", "2023-01-02"},
		{"2023 年 1 月 2 日", "2023-01-02"},
		{"2023年01月02号", "2023-01-02"},
		{"20230102", "2023-01-02"},
		{"2023-1-2 15:04:05", "2023-01-02"},
		{"2023/1/2 9:05", "2023-01-02"},
		{"2023-01-02T15:04:05Z", "2023-01-02"},
		{"2023-01-02T15:04:05.123+08:00", "2023-01-02"},
		{"２０２３－０１－０２", "2023-01-02"},
		{"2024-02-29", "2024-02-29"},
		{" 1921-07-01 ", "1921-07-01"},
	}
	for _, tc := range ok {
		got, err := ParseDate(tc.in)
		if err != nil || got.Format(DateLayout) != tc.want || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	bad := []struct{ in, msg string }{
		{"", "日期为空"},
		{"60", "1900-02-29"},
		{"0", "超出范围"},
		{"73416", "超出范围"},
		{"2023", "缺少月和日"},
		{"2023-01", "日期缺少日"},
		{"2023年1月", "日期缺少日"},
		{"2023-02-30", "日期不存在"},
		{"2023-13-01", "日期不存在"},
		{"1899-12-31", "年份超出范围"},
		{"2101-01-01", "年份超出范围"},
		{"21010101", "年份超出范围"},
		{"2023-01/02", "无法识别的日期"},
		{"01/02/2023", "无法识别的日期"},
		{"明天", "无法识别的日期：明天"},
	}
	for _, tc := range bad {
		_, err := ParseDate(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), "无法识别的日期") && tc.in != "" {
			t.Errorf("ParseDate(%q) error = %v, want containing %q", tc.in, err, tc.msg)
		}
	}
}
