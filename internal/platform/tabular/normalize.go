package tabular

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizeCell cleans one cell value: it removes zero-width characters,
// NBSP and control characters, maps full-width ASCII (U+FF01–U+FF5E) to
// half-width and U+3000 to a space, collapses runs of whitespace to one space
// and trims the result.
func NormalizeCell(s string) string {
	if isCleanASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending (only written before the next non-space rune)
	for _, r := range s {
		switch {
		case r == '\u00a0' || r == '\u200b' || r == '\u200c' || r == '\u200d' ||
			r == '\u2060' || r == '\ufeff' || r == utf8.RuneError:
			continue
		case r == '\u3000' || unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r < 0x20 || r == 0x7f:
			continue
		case r >= 0xff01 && r <= 0xff5e:
			r -= 0xfee0
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isCleanASCII reports whether s is printable ASCII without leading,
// trailing or doubled spaces, i.e. NormalizeCell(s) == s.
func isCleanASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f {
			return false
		}
		if c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}

// normalizeHeader turns a header cell into its matching key: normalized,
// all spaces removed, lower-case ASCII, without required markers such as a
// leading/trailing "*" or a "(必填)" suffix.
func normalizeHeader(s string) string {
	s = strings.ReplaceAll(NormalizeCell(s), " ", "")
	s = strings.ToLower(s)
	for {
		t := strings.Trim(s, "*")
		t = strings.TrimSuffix(t, "(必填)")
		t = strings.TrimSuffix(t, "(选填)")
		t = strings.TrimSuffix(t, "【必填】")
		if t == s {
			return s
		}
		s = t
	}
}

// LostPrecision reports whether v is a number that Excel stored in
// scientific notation with more than 15 integer digits, e.g.
// "1.10105199001011E+17": an ID number typed as a number whose last digits
// are gone. Validators can use it to give a precise message.
func LostPrecision(v string) bool {
	m, e, ok := splitExponent(v)
	if !ok || e == 0 {
		return false
	}
	intDigits, _, ok := mantissaDigits(m)
	return ok && intDigits+e > 15
}

// canonicalNumber renders the raw XML value of a numeric cell as plain text:
// integers as plain digits (never scientific notation), other numbers with at
// most 15 significant digits (as Excel shows them). Values whose integer part
// exceeds Excel's 15-digit precision and were stored in scientific notation
// are returned unchanged so that validators can report them.
func canonicalNumber(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", false
	}
	if LostPrecision(raw) {
		return strings.ToUpper(raw), true
	}
	if isPlainInteger(raw) {
		i, _, _ := strings.Cut(strings.TrimPrefix(raw, "+"), ".")
		return i, true
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || f != f || f > 1e300 || f < -1e300 {
		return "", false
	}
	if f == float64(int64(f)) && f < 1e15 && f > -1e15 {
		return strconv.FormatInt(int64(f), 10), true
	}
	// Round to Excel's 15 significant digits, then print without exponent.
	f, _ = strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	if f == float64(int64(f)) && f < 1e15 && f > -1e15 {
		return strconv.FormatInt(int64(f), 10), true
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// isPlainInteger reports whether s is an optionally signed run of digits,
// optionally followed by ".000…".
func isPlainInteger(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		if strings.Trim(s[i+1:], "0") != "" {
			return false
		}
		s = s[:i]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// splitExponent splits "1.23E+17" into mantissa "1.23" and exponent 17.
func splitExponent(v string) (string, int, bool) {
	i := strings.IndexAny(v, "eE")
	if i <= 0 {
		return v, 0, false
	}
	e, err := strconv.Atoi(strings.TrimPrefix(v[i+1:], "+"))
	if err != nil || e > 400 || e < -400 {
		return v, 0, false
	}
	return v[:i], e, true
}

// mantissaDigits returns the number of integer and fraction digits of a
// decimal mantissa such as "-1.2345".
func mantissaDigits(m string) (intDigits, fracDigits int, ok bool) {
	if m != "" && (m[0] == '-' || m[0] == '+') {
		m = m[1:]
	}
	intPart, frac, _ := strings.Cut(m, ".")
	if intPart == "" && frac == "" {
		return 0, 0, false
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, 0, false
			}
		}
	}
	return len(strings.TrimLeft(intPart, "0")), len(frac), true
}
