package rollup

import (
	"fmt"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/settings"
)

// Health components, in display order.
const (
	compOrglife    = "orglife"
	compAttendance = "attendance"
	compDues       = "dues"
	compTerm       = "term"
	compActivity   = "activity"
)

var components = []string{compOrglife, compAttendance, compDues, compTerm, compActivity}

// Health colors (the health.color buckets).
const (
	colorGreen  = "green"
	colorYellow = "yellow"
	colorRed    = "red"
)

// Risk reason codes (软弱涣散 candidates), each a health.risk bucket
// besides riskAll (the branches with any reason).
const (
	reasonNoMeetings = "no_meetings_quarter"
	reasonTerm       = "term_overdue"
	reasonDues       = "dues_low"
	reasonInactive   = "inactive_90d"
	riskAll          = "all"
)

var reasonCodes = []string{reasonNoMeetings, reasonTerm, reasonDues, reasonInactive}

// Reason is one reason a branch is at risk of being 软弱涣散, with a
// Chinese text naming the facts.
type Reason struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

// recentDays is the window of "recent" meetings and activity: a day at most
// this many days before today is within it.
const recentDays = 90

// branchFacts are what a branch's health is worked out from.
type branchFacts struct {
	Members, FullMembers   int64
	PaidLastMonth          int64 // dues.paid_members of the last complete month
	RecentMeetings         int64 // finalized meetings held within recentDays
	Present, Leave, Absent int64 // their attendance
	QuarterMeetings        int64 // finalized meetings held in the previous quarter
	EstablishedOn          string
	TermEnd                string
	LastActivityOn         string // "" when nothing was ever recorded
	LastMeetingOn          string
}

// healthRules are the settings health is judged by at a branch.
type healthRules struct {
	weights                         map[string]int
	greenMin, yellowMin, duesMinPct int
}

func rulesOf(v settings.Values) healthRules {
	r := healthRules{weights: map[string]int{}, greenMin: v.Int(keyGreenMin), yellowMin: v.Int(keyYellowMin),
		duesMinPct: v.Int(keyDuesThreshold)}
	for _, c := range components {
		r.weights[c] = v.Int(weightKey(c))
	}
	return r
}

// health is a branch's judgement.
type health struct {
	Components map[string]int
	Score      int
	Color      string
	Reasons    []Reason
}

// judge works out a branch's components, score, color and risk reasons on
// today (a Shanghai date at midnight UTC).
func judge(f branchFacts, r healthRules, today time.Time) health {
	q := previousQuarter(today)
	duesPct, hasMembers := duesPercent(f)
	days, ever := daysSince(f.LastActivityOn, today)
	h := health{Components: map[string]int{
		compOrglife:    orglifeScore(f.RecentMeetings),
		compAttendance: attendanceScore(f),
		compDues:       100,
		compTerm:       termScore(termState(kindBranch, f.TermEnd, today)),
		compActivity:   activityScore(days, ever),
	}}
	if hasMembers {
		h.Components[compDues] = min(duesPct, 100)
	}
	h.Score = weighted(h.Components, r.weights)
	h.Color = colorOf(h.Score, r)
	if f.QuarterMeetings == 0 && (f.EstablishedOn == "" || f.EstablishedOn <= q.first) {
		h.Reasons = append(h.Reasons, Reason{reasonNoMeetings, "上一季度（" + q.label + "）未召开任何会议"})
	}
	if termState(kindBranch, f.TermEnd, today) == "overdue" {
		h.Reasons = append(h.Reasons, Reason{reasonTerm, "任期已于 " + f.TermEnd + " 届满，未按期换届"})
	}
	if hasMembers && duesPct < r.duesMinPct {
		h.Reasons = append(h.Reasons, Reason{reasonDues,
			fmt.Sprintf("上月（%s）党费收缴率 %d%%，低于 %d%%", lastMonth(today), duesPct, r.duesMinPct)})
	}
	switch {
	case !ever:
		h.Reasons = append(h.Reasons, Reason{reasonInactive, "从未有任何记录"})
	case days > recentDays:
		h.Reasons = append(h.Reasons, Reason{reasonInactive,
			fmt.Sprintf("已 %d 天无任何记录（最近一次 %s）", days, f.LastActivityOn)})
	}
	return h
}

// orglifeScore: ≥3 finalized meetings within the window 100, 1–2 60, none 0.
func orglifeScore(n int64) int {
	switch {
	case n >= 3:
		return 100
	case n >= 1:
		return 60
	}
	return 0
}

// attendanceScore is present/(present+leave+absent) in percent, rounded; 0
// without any attendance recorded.
func attendanceScore(f branchFacts) int {
	total := f.Present + f.Leave + f.Absent
	if total == 0 {
		return 0
	}
	return int((200*f.Present + total) / (2 * total))
}

// duesPercent is last month's paying members over the current members in
// whole percent, rounded down so that "below the threshold" reads the same
// in the text as in the test; ok is false for a branch without members.
func duesPercent(f branchFacts) (pct int, ok bool) {
	if f.Members <= 0 {
		return 0, false
	}
	return int(f.PaidLastMonth * 100 / f.Members), true
}

func termScore(state string) int {
	switch state {
	case "ok":
		return 100
	case bucketNone:
		return 50
	}
	return 0
}

// activityScore: last event at most 30 days ago 100, at most recentDays
// 50, longer ago or never 0.
func activityScore(days int, ever bool) int {
	switch {
	case !ever || days > recentDays:
		return 0
	case days <= 30:
		return 100
	}
	return 50
}

// weighted is Σ w·c / Σ w, rounded half up (0 when every weight is 0).
func weighted(comps, weights map[string]int) int {
	sum, total := 0, 0
	for _, c := range components {
		sum += weights[c] * comps[c]
		total += weights[c]
	}
	if total == 0 {
		return 0
	}
	return (2*sum + total) / (2 * total)
}

// colorOf: green from greenMin, yellow from yellowMin, red below. Green is
// judged first, so settings inherited into yellow > green still give a
// color.
func colorOf(score int, r healthRules) string {
	switch {
	case score >= r.greenMin:
		return colorGreen
	case score >= r.yellowMin:
		return colorYellow
	}
	return colorRed
}

// daysSince is the number of days from the date day to today; ever is false
// for no date.
func daysSince(day string, today time.Time) (days int, ever bool) {
	d, err := time.Parse(clock.DateLayout, day)
	if err != nil {
		return 0, false
	}
	return int(today.Sub(d).Hours() / 24), true
}

// quarter is a calendar quarter: its first and last day and its name.
type quarter struct{ first, last, label string }

// previousQuarter is the last complete quarter before today's.
func previousQuarter(today time.Time) quarter {
	start := time.Date(today.Year(), (today.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -3, 0)
	return quarter{first: start.Format(clock.DateLayout), last: start.AddDate(0, 3, -1).Format(clock.DateLayout),
		label: fmt.Sprintf("%d年第%d季度", start.Year(), (int(start.Month())+2)/3)}
}

// lastMonth is the last complete month before today's, "YYYY-MM".
func lastMonth(today time.Time) string {
	return time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0).Format("2006-01")
}

// windowStart is the first day within recentDays of today.
func windowStart(today time.Time) string {
	return today.AddDate(0, 0, -recentDays).Format(clock.DateLayout)
}
