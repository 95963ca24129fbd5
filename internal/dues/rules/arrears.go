package rules

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/width"
)

// SixMonthRule is the rule arrears warnings point to. The system only warns;
// deciding on 自行脱党 is the branch's business.
const SixMonthRule = "党章第九条：党员没有正当理由，连续六个月不交纳党费，就被认为是自行脱党。"

// Owes reports whether a member admitted on joinedOn ("YYYY-MM-DD"; the
// admission as a probationary member) owes dues for month m: from the
// admission month on, whatever the day. An empty date (legacy records) owes
// every month; a malformed one owes none, since it cannot establish a duty —
// dates are validated where they are entered.
func Owes(joinedOn string, m Month) bool {
	if joinedOn == "" {
		return true
	}
	from, err := MonthOfDate(joinedOn)
	return err == nil && m >= from
}

// CheckPayMonth tells whether month m may be paid while current is the open
// accounting month: back-payment (补缴) at most backLimit months, paying
// ahead (预缴) at most aheadLimit months.
func CheckPayMonth(m, current Month, backLimit, aheadLimit int) error {
	if first := current - Month(backLimit); m < first {
		return fmt.Errorf("补缴不能超过 %d 个月：最早可补缴 %s", backLimit, first.Label())
	}
	if last := current + Month(aheadLimit); m > last {
		return fmt.Errorf("预缴不能超过 %d 个月：最晚可预缴 %s", aheadLimit, last.Label())
	}
	return nil
}

// Streak counts the consecutive unpaid months at the end of unpaid (oldest
// first, ending with the last closed month).
func Streak(unpaid []bool) int {
	n := 0
	for i := len(unpaid) - 1; i >= 0 && unpaid[i]; i-- {
		n++
	}
	return n
}

// maxWarnMonth is the latest warning that still comes before the six-month rule.
const maxWarnMonth = 5

var errWarnMonths = errors.New("提醒月数格式不正确：应为以逗号分隔的 1 至 5 之间的整数，如 3,5")

// ParseWarnMonths reads the streak lengths that raise an arrears warning,
// "3,5" → [3 5]: sorted, without repeats, each 1..5 so that the branch is
// warned before the six-month rule applies. "" means no warnings.
func ParseWarnMonths(s string) ([]int, error) {
	// Narrowing folds full-width digits, commas and spaces, and turns 、 into ､.
	s = width.Narrow.String(s)
	fields := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",;､ \t", r) })
	levels := make([]int, 0, len(fields))
	for _, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, errWarnMonths
		}
		if n < 1 || n > maxWarnMonth {
			return nil, fmt.Errorf("提醒月数 %d 不在 1 至 5 之间：连续六个月不交纳党费即被认为自行脱党，须在此之前提醒", n)
		}
		levels = append(levels, n)
	}
	slices.Sort(levels)
	return slices.Compact(levels), nil
}

// WarnLevel is the highest warning level reached by a streak of unpaid
// months; 0 if none.
func WarnLevel(streak int, levels []int) int {
	w := 0
	for _, l := range levels {
		if l <= streak && l > w {
			w = l
		}
	}
	return w
}
