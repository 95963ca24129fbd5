package voting

import (
	"fmt"
	"strconv"
	"strings"
)

// Share is a fraction of a group of members, such as the cap on 优秀 grades
// in 民主评议. Build it with ParseShare; the zero Share is 0% and admits no
// one.
type Share struct {
	num, den int
}

// DefaultExcellentShare is the default cap on 优秀 in 民主评议: one third of
// the members rated (DOMAIN.md; configurable per subtree).
var DefaultExcellentShare = Share{num: 1, den: 3}

// ParseShare reads a share written as a fraction ("1/3") or a whole
// percentage ("30%"); full-width "／" and "％" are accepted. The share must be
// more than zero — a cap of zero would forbid a grade the rules provide —
// and at most the whole.
func ParseShare(s string) (Share, error) {
	t := strings.NewReplacer("／", "/", "％", "%", " ", "").Replace(strings.TrimSpace(s))
	num, den, ok := splitShare(t)
	switch {
	case !ok:
		return Share{}, badShare(fmt.Sprintf("比例“%s”格式有误，请写成“1/3”或“30%%”这样的分数或百分数", s))
	case num <= 0:
		return Share{}, badShare("比例必须大于零")
	case num > den:
		return Share{}, badShare("比例不能超过全部人数（100%）")
	}
	return Share{num: num, den: den}, nil
}

// splitShare parses "a/b" or "a%" into a numerator and a positive denominator.
func splitShare(t string) (num, den int, ok bool) {
	if p, found := strings.CutSuffix(t, "%"); found {
		n, err := strconv.Atoi(p)
		return n, 100, err == nil
	}
	a, b, found := strings.Cut(t, "/")
	n, errA := strconv.Atoi(a)
	d, errB := strconv.Atoi(b)
	return n, d, found && errA == nil && errB == nil && d > 0
}

func badShare(msg string) error { return &RuleError{Code: CodeBadShare, Message: msg} }

// Max is how many of n members the share allows, rounded down: a third of
// 10 is 3, never 4.
func (s Share) Max(n int) int {
	if n <= 0 || s.den == 0 {
		return 0
	}
	return n * s.num / s.den
}

// String writes the share back in the form ParseShare reads: a percentage
// when it is in hundredths, a fraction otherwise.
func (s Share) String() string {
	if s.den == 0 || s.den == 100 {
		return strconv.Itoa(s.num) + "%"
	}
	return fmt.Sprintf("%d/%d", s.num, s.den)
}
