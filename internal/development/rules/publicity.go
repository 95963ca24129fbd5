package rules

import (
	"fmt"
	"time"

	"dangjian/internal/platform/httpx"
)

// DefaultPublicityDays is the usual 公示 length before admission and 转正
// (local practice; the setting development.publicity_days overrides it).
const DefaultPublicityDays = 5

// Span is a period of days, both ends included.
type Span struct{ Start, End time.Time }

func isWorkday(t time.Time) bool { return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday }

// WorkingDays counts the days Monday to Friday from start to end, both
// included (0 when end is before start). Public holidays are not known to
// the platform: a branch whose 公示 spans one extends it itself.
func WorkingDays(start, end time.Time) int {
	if end.Before(start) {
		return 0
	}
	days := int(end.Sub(start).Hours()/24) + 1
	n := days / 7 * 5
	for d := start.AddDate(0, 0, days/7*7); !d.After(end); d = d.AddDate(0, 0, 1) {
		if isWorkday(d) {
			n++
		}
	}
	return n
}

// PublicityEnd is the earliest day a 公示 starting on start may end: its
// n-th working day, start counted when it is one.
func PublicityEnd(start time.Time, n int) time.Time {
	d := start
	for left := max(n, 1); ; d = d.AddDate(0, 0, 1) {
		if isWorkday(d) {
			if left--; left == 0 {
				return d
			}
		}
	}
}

// checkPublicity: the 公示 before a 支部大会 vote starts after the stage's
// review (from, the 支部委员会 review or the 转正 application), lasts at
// least n working days and is over by the day of the vote.
func checkPublicity(fe *httpx.Fields, p *Span, from, vote time.Time, n int) {
	if p == nil {
		fe.Add("publicity", "required", "请填写公示的起止日期：接收预备党员和预备党员转正前须进行公示")
		return
	}
	if p.Start.Before(from) {
		fe.Add("publicity.start", "too_early", "公示应在"+ChineseDate(from)+"（上一步骤办理）之后开始")
	}
	if p.End.After(vote) {
		fe.Add("publicity.end", "after_vote", "公示须在支部大会讨论之前结束")
	}
	if got := WorkingDays(p.Start, p.End); got < n {
		fe.Add("publicity.end", "too_short", fmt.Sprintf(
			"依据%s和本地规定，公示期不少于 %d 个工作日（周一至周五，遇法定节假日顺延）；本次仅 %d 个工作日，%s开始的公示最早于%s结束",
			Regulation, n, got, ChineseDate(p.Start), ChineseDate(PublicityEnd(p.Start, n))))
	}
}
