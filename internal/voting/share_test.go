package voting

import (
	"errors"
	"strings"
	"testing"
)

func TestParseShareMax(t *testing.T) {
	cases := []struct {
		in     string
		str    string
		n, max int
	}{
		{"1/3", "1/3", 10, 3},
		{"1/3", "1/3", 9, 3},
		{"1/3", "1/3", 2, 0},
		{"1/3", "1/3", 3, 1},
		{"1/3", "1/3", 0, 0},
		{"1/3", "1/3", -4, 0},
		{"30%", "30%", 10, 3},
		{"30%", "30%", 9, 2}, // 2.7 rounds down
		{"30%", "30%", 3, 0},
		{" 1 / 3 ", "1/3", 12, 4},
		{"1／3", "1/3", 6, 2},
		{"30％", "30%", 20, 6},
		{"2/6", "2/6", 10, 3},
		{"100%", "100%", 7, 7},
		{"1/1", "1/1", 7, 7},
		{"1%", "1%", 99, 0},
		{"50/100", "50%", 5, 2},
	}
	for _, c := range cases {
		s, err := ParseShare(c.in)
		if err != nil {
			t.Errorf("ParseShare(%q): %v", c.in, err)
			continue
		}
		if got := s.Max(c.n); got != c.max {
			t.Errorf("ParseShare(%q).Max(%d) = %d, want %d", c.in, c.n, got, c.max)
		}
		if s.String() != c.str {
			t.Errorf("ParseShare(%q).String() = %q, want %q", c.in, s.String(), c.str)
		}
		if back, err := ParseShare(s.String()); err != nil || back != s {
			t.Errorf("ParseShare(%q) does not read back %q: %v, %v", s.String(), c.in, back, err)
		}
	}
}

// Zero is refused: a cap of zero would forbid a grade the rules provide.
func TestParseShareRefuses(t *testing.T) {
	cases := []struct{ in, msg string }{
		{"abc", "格式有误"},
		{"", "格式有误"},
		{"30", "格式有误"},
		{"33.3%", "格式有误"},
		{"1/3/4", "格式有误"},
		{"1/0", "格式有误"},
		{"1/-3", "格式有误"},
		{"三分之一", "格式有误"},
		{"0/3", "必须大于零"},
		{"0%", "必须大于零"},
		{"-1/3", "必须大于零"},
		{"4/3", "不能超过"},
		{"101%", "不能超过"},
	}
	for _, c := range cases {
		_, err := ParseShare(c.in)
		var re *RuleError
		if !errors.As(err, &re) || re.Code != CodeBadShare || !strings.Contains(re.Message, c.msg) {
			t.Errorf("ParseShare(%q) error = %v, want %s containing %q", c.in, err, CodeBadShare, c.msg)
		}
	}
}

func TestShareDefaultAndZero(t *testing.T) {
	if DefaultExcellentShare.String() != "1/3" || DefaultExcellentShare.Max(30) != 10 {
		t.Errorf("DefaultExcellentShare = %v, Max(30) = %d", DefaultExcellentShare, DefaultExcellentShare.Max(30))
	}
	var zero Share
	if zero.Max(10) != 0 || zero.String() != "0%" {
		t.Errorf("zero Share: Max(10) = %d, String() = %q", zero.Max(10), zero.String())
	}
}
