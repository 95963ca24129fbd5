package tabular

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Accepted year range for parsed dates.
const (
	MinYear = 1900
	MaxYear = 2100
)

// DateLayout is the canonical text form of dates produced by this package.
const DateLayout = "2006-01-02"

var (
	// 2006-01-02, 2006/1/2, 2006.1.2, optionally followed by a time
	// ("15:04", "15:04:05", ISO "T15:04:05.000Z", "+08:00"), which is dropped.
	reSepDate = regexp.MustCompile(`^(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})(?:(?:T| )\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?(?: ?(?:Z|[+-]\d{2}(?::?\d{2})?))?)?$`)
	// 2006年1月2日 (or 号), optionally followed by a time.
	reCNDate = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?(?: ?\d{1,2}[:时]\d{1,2}(?:[:分]\d{1,2}秒?)?)?$`)
	// 2006-01, 2006/1, 2006.1, 2006年1月: a month without a day.
	reMonth = regexp.MustCompile(`^\d{4}(?:[-/.]\d{1,2}|年\d{1,2}月)$`)
	// Spaces around 年/月/日, as in "2023 年 1 月 2 日".
	reCNSpace = regexp.MustCompile(` ?([年月日号]) ?`)
	// Excel serial number, optionally with a time fraction.
	reSerial = regexp.MustCompile(`^\d{1,5}(?:\.\d+)?$`)
)

// Excel serial numbers of 1900-01-01 and 2100-12-31 (1900 date system).
const (
	minSerial = 1
	maxSerial = 73415
)

// ParseDate parses the date formats found in real spreadsheets: Excel serial
// numbers (1900 date system, including Excel's fictitious 1900-02-29),
// "2006-01-02", "2006/1/2", "2006.1.2", "2006年1月2日", "20060102", and any of
// these with a time of day (also ISO 8601 with "T"), which is dropped. The
// year must be within MinYear..MaxYear. A month without a day ("2006-01",
// "2006年1月") is an error, as is a bare year such as "2023" (which would
// otherwise be read as an Excel serial in 1905). The result is a date at
// midnight UTC.
func ParseDate(s string) (time.Time, error) {
	t, err := parseDate(s)
	if err != nil {
		return time.Time{}, err
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return time.Time{}, dateError(s, "年份超出范围")
	}
	return t, nil
}

func parseDate(s string) (time.Time, error) {
	v := reCNSpace.ReplaceAllString(NormalizeCell(s), "$1")
	switch {
	case v == "":
		return time.Time{}, errors.New("日期为空")
	case len(v) == 8 && isDigits(v):
		return ymd(s, v[0:4], v[4:6], v[6:8])
	case reSerial.MatchString(v):
		f, _ := strconv.ParseFloat(v, 64)
		if f == math.Trunc(f) && f >= MinYear && f <= MaxYear {
			return time.Time{}, dateError(s, "缺少月和日")
		}
		return serialDate(s, f, false)
	case reMonth.MatchString(v):
		return time.Time{}, dateError(s, "日期缺少日")
	}
	if m := reSepDate.FindStringSubmatch(v); m != nil && m[2] == m[4] {
		return ymd(s, m[1], m[3], m[5])
	}
	if m := reCNDate.FindStringSubmatch(v); m != nil {
		return ymd(s, m[1], m[2], m[3])
	}
	return time.Time{}, dateError(s, "")
}

// ymd builds a date and rejects impossible ones such as 2023-02-30.
func ymd(orig, ys, ms, ds string) (time.Time, error) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, dateError(orig, "日期不存在")
	}
	return t, nil
}

// serialDate converts an Excel serial date, dropping the time of day. In
// the 1900 system serial 1 is 1900-01-01 and serial 60 is the non-existent
// 1900-02-29 that Excel inherited from Lotus 1-2-3; in the 1904 system
// serial 0 is 1904-01-01.
func serialDate(orig string, f float64, date1904 bool) (time.Time, error) {
	if f != f || f < 0 || f >= maxSerial+2 {
		return time.Time{}, dateError(orig, "超出范围")
	}
	n := int(math.Floor(f))
	if date1904 {
		t := time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
		if t.Year() > MaxYear {
			return time.Time{}, dateError(orig, "超出范围")
		}
		return t, nil
	}
	switch {
	case n < minSerial || n > maxSerial:
		return time.Time{}, dateError(orig, "超出范围")
	case n == 60:
		return time.Time{}, dateError(orig, "1900-02-29 不存在")
	case n < 60:
		return time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n), nil
	default:
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n), nil
	}
}

func dateError(s, reason string) error {
	msg := "无法识别的日期：" + strings.TrimSpace(s)
	if reason != "" {
		msg += "（" + reason + "）"
	}
	return errors.New(msg)
}

func isDigits(s string) bool {
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
