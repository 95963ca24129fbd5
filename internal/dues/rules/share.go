package rules

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/width"
)

// Upper-level shares (上缴) and the Centre's part of the dues.
const (
	CentreShareBP      = 500    // 5% of a province's year total goes to the Centre
	VoluntaryCentreFen = 100000 // a single voluntary payment ≥ ¥1,000 goes wholly to the Centre
)

var errPercent = errors.New("比例格式不正确：应为 0% 至 100% 之间的百分数，如 5% 或 12.5%，最多两位小数")

// ParsePercent reads a share such as "5%", "12.5%" or "100" (the % sign is
// optional) into basis points: 0..10000.
func ParsePercent(s string) (int, error) {
	s = strings.TrimSpace(width.Narrow.String(s))
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	whole, frac, _ := strings.Cut(s, ".")
	bp, err := parseHundredths(whole, frac, 10000)
	if err != nil {
		return 0, errPercent
	}
	return int(bp), nil
}

// FormatPercent shows basis points as a percent without trailing zeros:
// 1250 → "12.5%", 500 → "5%", 50 → "0.5%".
func FormatPercent(bp int) string {
	sign := ""
	if bp < 0 {
		sign, bp = "-", -bp
	}
	s := fmt.Sprintf("%d.%02d", bp/100, bp%100)
	s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	return sign + s + "%"
}

// Share is bp basis points of totalFen, rounded by r.
func Share(totalFen int64, bp int, r Rounding) int64 {
	return r.Apply(totalFen*int64(bp), 10000)
}

// GoesToCentre reports whether a voluntary payment is large enough to go
// wholly to the Centre.
func GoesToCentre(voluntaryFen int64) bool { return voluntaryFen >= VoluntaryCentreFen }

// CentreDeadline is the date ("YYYY-MM-DD") by which a province sends the
// Centre its 5% of year's dues: the end of April of the next year.
func CentreDeadline(year int) string { return fmt.Sprintf("%04d-04-30", year+1) }
