package rollup

import (
	"reflect"
	"testing"
	"time"

	"dangjian/internal/platform/settings"
)

// today is the date the judgement tests run on: 2026-11-22 (Q4; the
// previous quarter is 2026 Q3, the last complete month 2026-10).
var today = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// defaultRules are the catalog's defaults.
func defaultRules() healthRules { return rulesOf(settings.Values(resolvedDefaults())) }

func resolvedDefaults() map[string]settings.Resolved {
	out := map[string]settings.Resolved{}
	for _, it := range healthCatalog.Items {
		out[it.Key] = settings.Resolved{Key: it.Key, Value: it.Default, Default: it.Default}
	}
	return out
}

// healthy are the facts of a branch nothing is wrong with.
func healthy() branchFacts {
	return branchFacts{Members: 10, FullMembers: 8, PaidLastMonth: 10, RecentMeetings: 3, Present: 9, Leave: 1,
		QuarterMeetings: 3, EstablishedOn: "2020-01-01", TermEnd: "2027-06-30", LastActivityOn: "2026-11-20"}
}

func TestComponentsAtTheirBoundaries(t *testing.T) {
	tests := []struct {
		name      string
		change    func(*branchFacts)
		component string
		want      int
	}{
		{"three meetings", func(f *branchFacts) { f.RecentMeetings = 3 }, compOrglife, 100},
		{"two meetings", func(f *branchFacts) { f.RecentMeetings = 2 }, compOrglife, 60},
		{"one meeting", func(f *branchFacts) { f.RecentMeetings = 1 }, compOrglife, 60},
		{"no meeting", func(f *branchFacts) { f.RecentMeetings = 0 }, compOrglife, 0},
		{"attendance 9 of 10", func(f *branchFacts) {}, compAttendance, 90},
		{"attendance 2 of 3 rounds up", func(f *branchFacts) { f.Present, f.Leave, f.Absent = 2, 0, 1 }, compAttendance, 67},
		{"attendance 1 of 8 rounds half up", func(f *branchFacts) { f.Present, f.Leave, f.Absent = 1, 3, 4 }, compAttendance, 13},
		{"no attendance", func(f *branchFacts) { f.Present, f.Leave, f.Absent = 0, 0, 0 }, compAttendance, 0},
		{"dues all paid", func(f *branchFacts) {}, compDues, 100},
		{"dues 799 of 1000 rounds down", func(f *branchFacts) { f.Members, f.PaidLastMonth = 1000, 799 }, compDues, 79},
		{"dues paid by more than the members", func(f *branchFacts) { f.PaidLastMonth = 12 }, compDues, 100},
		{"dues without members", func(f *branchFacts) { f.Members, f.PaidLastMonth = 0, 0 }, compDues, 100},
		{"term ends today", func(f *branchFacts) { f.TermEnd = "2026-11-22" }, compTerm, 100},
		{"term ended yesterday", func(f *branchFacts) { f.TermEnd = "2026-11-21" }, compTerm, 0},
		{"no term recorded", func(f *branchFacts) { f.TermEnd = "" }, compTerm, 50},
		{"active today", func(f *branchFacts) { f.LastActivityOn = "2026-11-22" }, compActivity, 100},
		{"active 30 days ago", func(f *branchFacts) { f.LastActivityOn = "2026-10-23" }, compActivity, 100},
		{"active 31 days ago", func(f *branchFacts) { f.LastActivityOn = "2026-10-22" }, compActivity, 50},
		{"active 90 days ago", func(f *branchFacts) { f.LastActivityOn = "2026-08-24" }, compActivity, 50},
		{"active 91 days ago", func(f *branchFacts) { f.LastActivityOn = "2026-08-23" }, compActivity, 0},
		{"never active", func(f *branchFacts) { f.LastActivityOn = "" }, compActivity, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := healthy()
			tc.change(&f)
			if got := judge(f, defaultRules(), today).Components[tc.component]; got != tc.want {
				t.Errorf("%s = %d, want %d", tc.component, got, tc.want)
			}
		})
	}
}

func TestReasonsNameTheFacts(t *testing.T) {
	tests := []struct {
		name   string
		today  time.Time
		change func(*branchFacts)
		want   []Reason
	}{
		{"healthy", today, func(f *branchFacts) {}, nil},
		{"no meeting last quarter", today, func(f *branchFacts) { f.QuarterMeetings = 0 },
			[]Reason{{reasonNoMeetings, "上一季度（2026年第3季度）未召开任何会议"}}},
		{"no meeting last quarter, judged in January", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
			func(f *branchFacts) { f.QuarterMeetings, f.LastActivityOn = 0, "2026-12-30" },
			[]Reason{{reasonNoMeetings, "上一季度（2026年第4季度）未召开任何会议"}}},
		{"established on the quarter's first day", today, func(f *branchFacts) { f.QuarterMeetings, f.EstablishedOn = 0, "2026-07-01" },
			[]Reason{{reasonNoMeetings, "上一季度（2026年第3季度）未召开任何会议"}}},
		{"established during the quarter", today, func(f *branchFacts) { f.QuarterMeetings, f.EstablishedOn = 0, "2026-07-02" }, nil},
		{"term overdue", today, func(f *branchFacts) { f.TermEnd = "2025-06-30" },
			[]Reason{{reasonTerm, "任期已于 2025-06-30 届满，未按期换届"}}},
		{"term ends today", today, func(f *branchFacts) { f.TermEnd = "2026-11-22" }, nil},
		{"dues exactly at the threshold", today, func(f *branchFacts) { f.PaidLastMonth = 8 }, nil},
		{"dues just below the threshold", today, func(f *branchFacts) { f.Members, f.PaidLastMonth = 1000, 799 },
			[]Reason{{reasonDues, "上月（2026-10）党费收缴率 79%，低于 80%"}}},
		{"no members, no dues reason", today, func(f *branchFacts) { f.Members, f.PaidLastMonth = 0, 0 }, nil},
		{"90 days quiet", today, func(f *branchFacts) { f.LastActivityOn = "2026-08-24" }, nil},
		{"91 days quiet", today, func(f *branchFacts) { f.LastActivityOn = "2026-08-23" },
			[]Reason{{reasonInactive, "已 91 天无任何记录（最近一次 2026-08-23）"}}},
		{"never recorded", today, func(f *branchFacts) { f.LastActivityOn = "" },
			[]Reason{{reasonInactive, "从未有任何记录"}}},
		{"everything wrong", today, func(f *branchFacts) {
			f.QuarterMeetings, f.TermEnd, f.PaidLastMonth, f.LastActivityOn = 0, "2026-01-31", 4, "2026-07-01"
		}, []Reason{{reasonNoMeetings, "上一季度（2026年第3季度）未召开任何会议"}, {reasonTerm, "任期已于 2026-01-31 届满，未按期换届"},
			{reasonDues, "上月（2026-10）党费收缴率 40%，低于 80%"}, {reasonInactive, "已 144 天无任何记录（最近一次 2026-07-01）"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := healthy()
			tc.change(&f)
			if got := judge(f, defaultRules(), tc.today).Reasons; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("reasons = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestWeightsDecideScoreAndColor(t *testing.T) {
	comps := map[string]int{compOrglife: 100, compAttendance: 0, compDues: 100, compTerm: 100, compActivity: 0}
	tests := []struct {
		name      string
		weights   map[string]int
		green     int
		yellow    int
		wantScore int
		wantColor string
	}{
		{"defaults", map[string]int{compOrglife: 30, compAttendance: 20, compDues: 20, compTerm: 15, compActivity: 15},
			80, 60, 65, colorYellow},
		{"only what is fine counts", map[string]int{compOrglife: 30, compDues: 20, compTerm: 15}, 80, 60, 100, colorGreen},
		{"only what is wrong counts", map[string]int{compAttendance: 50, compActivity: 1}, 80, 60, 0, colorRed},
		{"rounds half up", map[string]int{compOrglife: 1, compAttendance: 7}, 80, 60, 13, colorRed}, // 12.5
		{"score exactly green_min", map[string]int{compOrglife: 65, compAttendance: 35}, 65, 60, 65, colorGreen},
		{"one below green_min", map[string]int{compOrglife: 65, compAttendance: 35}, 66, 65, 65, colorYellow},
		{"one below yellow_min", map[string]int{compOrglife: 65, compAttendance: 35}, 80, 66, 65, colorRed},
		{"yellow above green (inherited)", map[string]int{compOrglife: 65, compAttendance: 35}, 60, 70, 65, colorGreen},
		{"no weight", map[string]int{}, 80, 60, 0, colorRed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := healthRules{weights: tc.weights, greenMin: tc.green, yellowMin: tc.yellow}
			score := weighted(comps, r.weights)
			if score != tc.wantScore || colorOf(score, r) != tc.wantColor {
				t.Errorf("score %d %s, want %d %s", score, colorOf(score, r), tc.wantScore, tc.wantColor)
			}
		})
	}
}

func TestRulesComeFromTheSettings(t *testing.T) {
	v := settings.Values(resolvedDefaults())
	for key, value := range map[string]string{weightKey(compTerm): "40", keyGreenMin: "90", keyYellowMin: "70", keyDuesThreshold: "50"} {
		r := v[key]
		r.Value = value
		v[key] = r
	}
	got := rulesOf(v)
	want := healthRules{weights: map[string]int{compOrglife: 30, compAttendance: 20, compDues: 20, compTerm: 40, compActivity: 15},
		greenMin: 90, yellowMin: 70, duesMinPct: 50}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rules = %+v, want %+v", got, want)
	}
	f := healthy()
	f.Members, f.PaidLastMonth = 10, 6
	if h := judge(f, got, today); len(h.Reasons) != 0 {
		t.Errorf("60%% paid under a 50%% threshold: reasons %v", h.Reasons)
	}
}

func TestPreviousQuarter(t *testing.T) {
	for _, tc := range []struct {
		today              string
		first, last, label string
	}{
		{"2026-11-22", "2026-07-01", "2026-09-30", "2026年第3季度"},
		{"2026-10-01", "2026-07-01", "2026-09-30", "2026年第3季度"},
		{"2026-09-30", "2026-04-01", "2026-06-30", "2026年第2季度"},
		{"2027-01-01", "2026-10-01", "2026-12-31", "2026年第4季度"},
		{"2026-03-31", "2025-10-01", "2025-12-31", "2025年第4季度"},
	} {
		d, _ := time.Parse("2006-01-02", tc.today)
		if q := previousQuarter(d); q != (quarter{tc.first, tc.last, tc.label}) {
			t.Errorf("previousQuarter(%s) = %+v, want %s..%s %s", tc.today, q, tc.first, tc.last, tc.label)
		}
	}
	if m := lastMonth(time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)); m != "2026-12" {
		t.Errorf("lastMonth(2027-01-31) = %s", m)
	}
}
