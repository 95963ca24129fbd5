package dashboard

import (
	"dangjian/internal/orglife"
)

// counterPanel is a panel read from the subtree counters: the metrics it
// needs (and whether the points ledger's histogram too), its headline
// numbers (shown for the org and for each child) and its figures (for the
// org).
type counterPanel struct {
	metrics  []string
	points   bool
	headline func(r reading) []Headline
	figures  func(r reading) []Figure
}

// counterPanels are every panel but notices (which reads notice receipts).
var counterPanels = map[string]counterPanel{
	"members": {
		metrics: []string{"members.total", "members.status", "members.gender", "members.ethnicity",
			"members.education", "members.category", "members.age_band", "members.party_age_band"},
		headline: func(r reading) []Headline {
			return []Headline{r.count("total", "党员总数", "members.total", "all"),
				r.count("full", r.s.bucketLabel("members.status", "full"), "members.status", "full"),
				r.count("probationary", r.s.bucketLabel("members.status", "probationary"), "members.status", "probationary")}
		},
		figures: func(r reading) []Figure {
			return []Figure{r.ranked("members.gender", 0), r.ranked("members.ethnicity", 8),
				r.ranked("members.education", 0), r.ranked("members.category", 0),
				r.scaled("members.age_band"), r.scaled("members.party_age_band")}
		},
	},
	"orgs": {
		metrics: []string{"orgs.kind", "orgs.unit_type", "orgs.term_state", "orgs.size", "orgs.committee"},
		headline: func(r reading) []Headline {
			return []Headline{{Key: "orgs", Label: "党组织总数", N: r.sum("orgs.kind", nil)},
				r.count("committees", "党委", "orgs.kind", "committee"),
				r.count("general_branches", "党总支", "orgs.kind", "general_branch"),
				r.count("branches", "党支部", "orgs.kind", "branch"),
				r.count("term_overdue", "逾期未换届", "orgs.term_state", "overdue"),
				r.count("too_small", "正式党员不足3人", "orgs.size", "too_small"),
				r.count("too_large", "超过50人", "orgs.size", "too_large")}
		},
		figures: func(r reading) []Figure {
			return []Figure{r.ranked("orgs.kind", 0), r.ranked("orgs.unit_type", 0), r.scaled("orgs.term_state"),
				r.scaled("orgs.size"), r.scaled("orgs.committee")}
		},
	},
	"orglife": {
		metrics:  append(meetingKindMetrics(), "meetings.held", "attendance.present", "attendance.leave", "attendance.absent", "health.risk"),
		headline: orglifeHeadline,
		figures:  orglifeFigures,
	},
	"dues": {
		metrics:  []string{"dues.paid_members", "dues.paid_fen", "dues.on_time", "members.total"},
		headline: duesHeadline,
		figures:  duesFigures,
	},
	"development": {
		metrics: []string{"development.stage"},
		headline: func(r reading) []Headline {
			out := []Headline{{Key: "total", Label: "发展党员在培养", N: r.sum("development.stage", nil)}}
			for _, c := range scales["development.stage"] {
				out = append(out, Headline{Key: "stage_" + c.code, Label: c.label, N: r.n("development.stage", c.code)})
			}
			return out
		},
		figures: func(r reading) []Figure { return []Figure{r.scaled("development.stage")} },
	},
	"points": pointsPanel,
	"health": {
		metrics:  []string{"health.color", "health.risk"},
		headline: healthHeadline,
		figures:  func(r reading) []Figure { return []Figure{r.scaled("health.color"), r.scaled("health.risk")} },
	},
}

// meetingKindMetrics are the meetings.kind:<kind> counters, in orglife's
// display order.
func meetingKindMetrics() []string {
	out := make([]string, len(orglife.Kinds))
	for i, k := range orglife.Kinds {
		out[i] = "meetings.kind:" + string(k)
	}
	return out
}

// attendance sums present, leave and absent over the months that pass keep.
func (r reading) attendance(keep func(string) bool) (present, expected int64) {
	present = r.sum("attendance.present", keep)
	return present, present + r.sum("attendance.leave", keep) + r.sum("attendance.absent", keep)
}

func orglifeHeadline(r reading) []Headline {
	year := inYear(r.today)
	present, expected := r.attendance(year)
	return []Headline{r.meetingsThisYear(),
		{Key: "attendance_rate", Label: "本年参会率", N: percent(present, expected), Unit: "%"},
		{Key: "no_meetings_quarter", Label: "上季度未开会的党支部", N: r.n("health.risk", "no_meetings_quarter")}}
}

func orglifeFigures(r reading) []Figure {
	months := yearMonths(r.today)
	held := monthly("meetings.held", "", months, func(m string) Bucket { return Bucket{N: r.n("meetings.held", m)} })
	rate := monthly("attendance.rate", "%", months, func(m string) Bucket {
		present, expected := r.attendance(func(b string) bool { return b == m })
		return Bucket{N: percent(present, expected)}
	})
	kinds := Figure{Metric: "meetings.kind", Label: metricLabels["meetings.kind"], Buckets: []Bucket{}}
	for _, k := range orglife.Kinds {
		kinds.Buckets = append(kinds.Buckets, Bucket{Bucket: string(k), Label: k.Label(),
			N: r.sum("meetings.kind:"+string(k), inYear(r.today))})
	}
	return []Figure{held, kinds, rate}
}

// duesRate is the last complete month's collection rate: the members who
// paid for it over the members now.
func (r reading) duesRate() Headline {
	paid := r.n("dues.paid_members", lastCompleteMonth(r.today))
	return Headline{Key: "rate_last_month", Label: "上月党费收缴率", N: percent(paid, r.n("members.total", "all")), Unit: "%"}
}

// meetingsThisYear is the meetings held this year.
func (r reading) meetingsThisYear() Headline {
	return Headline{Key: "meetings", Label: "本年召开会议", N: r.sum("meetings.held", inYear(r.today))}
}

func duesHeadline(r reading) []Headline {
	year := inYear(r.today)
	amount, text := money(r.sum("dues.paid_fen", year))
	return []Headline{r.duesRate(),
		{Key: "paid_last_month", Label: "上月已缴人数", N: r.n("dues.paid_members", lastCompleteMonth(r.today))},
		{Key: "amount_year", Label: "本年缴纳金额", N: amount, Unit: "元", Text: text},
		{Key: "on_time_year", Label: "本年按时缴纳人次", N: r.sum("dues.on_time", year)}}
}

func duesFigures(r reading) []Figure {
	months := yearMonths(r.today)
	of := func(metric string) func(string) Bucket {
		return func(m string) Bucket { return Bucket{N: r.n(metric, m)} }
	}
	amount := monthly("dues.paid_fen", "元", months, func(m string) Bucket {
		n, text := money(r.n("dues.paid_fen", m))
		return Bucket{N: n, Text: text}
	})
	return []Figure{monthly("dues.paid_members", "", months, of("dues.paid_members")), amount,
		monthly("dues.on_time", "", months, of("dues.on_time"))}
}

func healthHeadline(r reading) []Headline {
	return []Headline{{Key: "branches", Label: "党支部", N: r.sum("health.color", nil)},
		r.count("green", "绿", "health.color", colorGreen), r.count("yellow", "黄", "health.color", colorYellow),
		r.count("red", "红", "health.color", colorRed), r.count("at_risk", "软弱涣散风险", "health.risk", riskAll)}
}
