package pii

import "testing"

func TestMask(t *testing.T) {
	tests := []struct {
		fn       func(string) string
		in, want string
	}{
		{MaskIDNumber, "11010519491231002X", "110105********002X"},
		{MaskIDNumber, "11010519491231002x", "110105********002X"},
		{MaskIDNumber, "", ""},
		{MaskIDNumber, "123", "***"},
		{MaskIDNumber, "110105491231002", "110*********002"}, // 15 chars
		{MaskPhone, "13812345678", "138****5678"},
		{MaskPhone, "+86 138-1234-5678", "138****5678"},
		{MaskPhone, "12345678", "12****78"},
		{MaskPhone, "1", "*"},
		{MaskPhone, "", ""},
		{MaskAddress, "北京市朝阳区建国路88号", "北京市朝阳区****"},
		{MaskAddress, "朝阳区", "朝****"},
		{MaskAddress, "北", "****"},
		{MaskAddress, "  ", ""},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("mask(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
