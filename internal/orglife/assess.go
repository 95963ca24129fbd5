package orglife

import "time"

// Status colours of a requirement, worst first: Red (a period ended without
// the meeting), Amber (unmet but the period is still running), Green (met),
// None (nothing required: Off, or no period has begun yet).
const (
	Green = "green"
	Amber = "amber"
	Red   = "red"
	None  = "none"
)

// Assessment is how one requirement stands over a viewing period.
// Required counts the requirement's periods that have begun; Held counts
// those of them with at least one meeting, so Held ≤ Required and
// Held/Required is a completion rate; Missing names the periods that ended
// without a meeting (e.g. "2026年10月").
type Assessment struct {
	Required int      `json:"required"`
	Held     int      `json:"held"`
	Status   string   `json:"status"`
	Missing  []string `json:"missing"`
}

// Assess judges a requirement of frequency f over view at now, from held:
// period key (as CountedKeys makes them) → number of meetings held in it.
//
// The requirement's periods are those of f overlapping view: the single
// month, quarter or year of f containing view when f's period is at least
// as long as view's (a quarterly 支部党员大会 seen in a November view is
// judged on Q4), otherwise each f-period inside view (the twelve months of a
// yearly view for a monthly 支委会). Periods that have not begun by now are
// not required yet; if none has begun the status is None with Required 0.
func Assess(view Period, f Frequency, held map[string]int, now time.Time) Assessment {
	return newRule(view, f, now).assess(func(key string) int { return held[key] })
}

// rule is Assess prepared for one view, frequency and moment — the
// periods that have begun, with their labels — so that a view of tens of
// thousands of branches works them out once, not once per branch.
type rule struct {
	label   string // the period a requirement is judged on ("" when Off)
	periods []rulePeriod
}

type rulePeriod struct {
	key, label string
	running    bool // begun and not yet ended
}

func newRule(view Period, f Frequency, now time.Time) rule {
	if f == Off || !f.Valid() {
		return rule{}
	}
	r := rule{label: PeriodOf(f, view.Start).Label()}
	for _, p := range requirementPeriods(view, f) {
		if !p.Start.After(now) {
			r.periods = append(r.periods, rulePeriod{key: p.Key, label: p.Label(), running: p.End.After(now)})
		}
	}
	return r
}

// assess judges the requirement from held: period key → meetings held.
func (r rule) assess(held func(key string) int) Assessment {
	a := Assessment{Status: None, Missing: []string{}}
	running := false
	for _, p := range r.periods {
		a.Required++
		switch {
		case held(p.key) > 0:
			a.Held++
		case p.running:
			running = true
		default:
			a.Missing = append(a.Missing, p.label)
		}
	}
	switch {
	case len(a.Missing) > 0:
		a.Status = Red
	case running:
		a.Status = Amber
	case a.Required > 0:
		a.Status = Green
	}
	return a
}

// requirementPeriods are the periods of f a requirement is judged on in view.
func requirementPeriods(view Period, f Frequency) []Period {
	if f.months() >= view.Frequency().months() {
		return []Period{PeriodOf(f, view.Start)}
	}
	var ps []Period
	for t := view.Start; t.Before(view.End); t = t.AddDate(0, f.months(), 0) {
		ps = append(ps, PeriodOf(f, t))
	}
	return ps
}

// KeysIn lists every key Assess may read for view: the months, quarters and
// year overlapping it, so a caller can load exactly those counts.
func KeysIn(view Period) []string {
	var keys []string
	for _, f := range []Frequency{Monthly, Quarterly, Yearly} {
		for _, p := range requirementPeriods(view, f) {
			keys = append(keys, p.Key)
		}
	}
	return keys
}

var statusRank = map[string]int{None: 0, Green: 1, Amber: 2, Red: 3}

// Worst is the most serious of statuses (red > amber > green > none): a
// branch's colour from its kinds'. No statuses, or unknown ones, give None.
func Worst(statuses ...string) string {
	worst := None
	for _, s := range statuses {
		if statusRank[s] > statusRank[worst] {
			worst = s
		}
	}
	return worst
}
