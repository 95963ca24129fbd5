package pii

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzValidateIDNumber(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "11010519491231002x", "11010520000229123X",
		"１１０１０５１９４９１２３１００２Ｘ", " 110105 19491231 002X ",
		"01010519491231002X", "110105189912310021", "", "X", "\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s := NormalizeIDNumber(in)
		if err := ValidateIDNumber(s, testToday); err != nil {
			if _, ok := err.(*ValidationError); !ok {
				t.Fatalf("error %T is not *ValidationError", err)
			}
			return
		}
		c, err := IDCheckDigit(s[:17])
		if err != nil || c != s[17] {
			t.Fatalf("validated %q but check digit recomputes to %c (%v)", s, c, err)
		}
		if _, ok := IDNumberBirthDate(s); !ok {
			t.Fatalf("validated %q but no birth date", s)
		}
		if _, ok := IDNumberGender(s); !ok {
			t.Fatalf("validated %q but no gender", s)
		}
	})
}

// visible counts runes other than '*'.
func visible(s string) int {
	return utf8.RuneCountInString(s) - strings.Count(s, "*")
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "11010519491231002x", "13812345678", "+86 138 1234 5678",
		"13856785678", "１３８１２３４５６７８", "北京市朝阳区建国路88号", "", "*", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		id, ph := MaskIDNumber(in), MaskPhone(in)
		MaskAddress(in)
		if visible(id) > 10 || visible(ph) > 7 {
			t.Fatalf("too much shown: %q %q", id, ph)
		}
		if s := NormalizeIDNumber(in); ValidateIDNumber(s, time.Time{}) == nil {
			hidden := s[6:14]
			if id != s[:6]+"********"+s[14:] || strings.Contains(id, hidden) {
				t.Fatalf("MaskIDNumber(%q) = %q leaks %q", s, id, hidden)
			}
		}
		if s := NormalizePhone(in); ValidatePhone(s) == nil {
			// The hidden digits may coincidentally equal the visible tail, so
			// check positionally that only the visible parts are shown.
			if ph != s[:3]+"****"+s[7:] {
				t.Fatalf("MaskPhone(%q) = %q leaks %q", s, ph, s[3:7])
			}
		}
	})
}
