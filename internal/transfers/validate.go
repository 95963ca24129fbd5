package transfers

import (
	"fmt"
	"time"
	"unicode/utf8"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/httpx"
)

// checkText requires (when required) and bounds a free-text field.
func checkText(fe *httpx.Fields, field, title, v string, maxLen int, required bool) {
	switch n := utf8.RuneCountInString(v); {
	case n == 0 && required:
		fe.Add(field, "required", "请填写"+title)
	case n > maxLen:
		fe.Add(field, "too_long", fmt.Sprintf("%s不能超过 %d 个字", title, maxLen))
	}
}

// checkDate requires a date "YYYY-MM-DD" no later than today and, when
// notBefore is set, no earlier than it.
func checkDate(fe *httpx.Fields, field, title, v, today, notBefore string) {
	switch _, err := time.Parse(clock.DateLayout, v); {
	case v == "":
		fe.Add(field, "required", "请填写"+title)
	case err != nil:
		fe.Add(field, "invalid", title+"格式应为 YYYY-MM-DD")
	case v > today:
		fe.Add(field, "future", title+"不能晚于今天")
	case notBefore != "" && v < notBefore:
		fe.Add(field, "too_early", fmt.Sprintf("%s不能早于 %s", title, notBefore))
	}
}
