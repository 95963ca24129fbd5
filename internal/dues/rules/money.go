package rules

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/width"
)

// MaxFen bounds any amount read from a person (¥10,000,000,000): far above
// any real dues, and low enough that base × rate never overflows int64.
const MaxFen int64 = 1_000_000_000_000

// FormatYuan shows fen as yuan with thousands separators: 480000 → "4,800.00".
func FormatYuan(fen int64) string {
	sign, u := "", uint64(fen)
	if fen < 0 {
		sign, u = "-", -u // two's complement negation is exact even for MinInt64
	}
	whole := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	cents := u % 100
	b.WriteByte('.')
	b.WriteByte(byte('0' + cents/10))
	b.WriteByte(byte('0' + cents%10))
	return b.String()
}

var (
	errYuan         = errors.New("金额格式不正确：应为以元为单位的数字，如 4800 或 4,800.00")
	errYuanNegative = errors.New("金额格式不正确：不能为负数")
	errYuanDecimals = errors.New("金额格式不正确：最多两位小数（到分）")
	errYuanTooLarge = errors.New("金额格式不正确：金额过大")
	groupedInt      = regexp.MustCompile(`^\d{1,3}(,\d{3})+$`)
)

// ParseYuan reads an amount in yuan as typed or imported — "4800",
// "4,800.00", "４８００", "¥4800", " 4800 元" — into fen.
func ParseYuan(s string) (int64, error) {
	s = strings.TrimSpace(width.Narrow.String(s))
	s = strings.TrimSpace(strings.TrimSuffix(s, "元"))
	s = strings.TrimSpace(strings.TrimPrefix(s, "¥"))
	if strings.HasPrefix(s, "-") {
		return 0, errYuanNegative
	}
	whole, frac, _ := strings.Cut(s, ".")
	if strings.Contains(whole, ",") {
		if !groupedInt.MatchString(whole) {
			return 0, errYuan
		}
		whole = strings.ReplaceAll(whole, ",", "")
	}
	fen, err := parseHundredths(whole, frac, MaxFen)
	switch {
	case errors.Is(err, errDecimals):
		return 0, errYuanDecimals
	case errors.Is(err, errTooLarge):
		return 0, errYuanTooLarge
	case err != nil:
		return 0, errYuan
	}
	return fen, nil
}

var (
	errDigits   = errors.New("not a decimal")
	errDecimals = errors.New("more than two decimals")
	errTooLarge = errors.New("too large")
)

// parseHundredths reads whole.frac (ASCII digits, at most two decimals) as
// an integer count of hundredths no greater than limit; shared by yuan → fen
// and percent → basis points, which both have a resolution of 1/100.
func parseHundredths(whole, frac string, limit int64) (int64, error) {
	if !allDigits(whole) || frac != "" && !allDigits(frac) {
		return 0, errDigits
	}
	if len(frac) > 2 {
		return 0, errDecimals
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 16 { // keeps whole × 100 + frac within int64
		return 0, errTooLarge
	}
	n, _ := strconv.ParseInt("0"+whole+(frac + "00")[:2], 10, 64)
	if n > limit {
		return 0, errTooLarge
	}
	return n, nil
}

func allDigits(s string) bool {
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
