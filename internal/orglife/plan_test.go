package orglife

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/platform/clock"
)

func defaults() map[Kind]Frequency {
	m := map[Kind]Frequency{}
	for _, k := range Kinds {
		m[k] = DefaultFrequency(k)
	}
	return m
}

func countByKind(items []PlanItem) map[Kind]int {
	n := map[Kind]int{}
	for _, it := range items {
		n[it.Kind]++
	}
	return n
}

func datesOf(items []PlanItem, k Kind) []string {
	var ds []string
	for _, it := range items {
		if it.Kind == k {
			ds = append(ds, it.Date)
		}
	}
	return ds
}

// TestProposePlanWholeYear: from before the year, each kind gets one item
// per period of its default frequency, on its usual day, moved off
// weekends (checked against the real 2026 calendar).
func TestProposePlanWholeYear(t *testing.T) {
	items := ProposePlan(2026, defaults(), 8, sh(2025, 12, 1, 0, 0))
	want := map[Kind]int{KindMemberAssembly: 4, KindCommittee: 12, KindGroup: 12, KindLecture: 4, KindThemeDay: 12, KindLifeMeeting: 1}
	if got := countByKind(items); !maps.Equal(got, want) {
		t.Errorf("counts = %v, want %v", got, want)
	}
	for k, dates := range map[Kind][]string{
		// 15 Feb, 15 Nov are Sundays; 15 Aug a Saturday.
		KindMemberAssembly: {"2026-02-16", "2026-05-15", "2026-08-17", "2026-11-16"},
		// 15 Mar is a Sunday.
		KindLecture:     {"2026-03-16", "2026-06-15", "2026-09-15", "2026-12-15"},
		KindLifeMeeting: {"2026-12-15"},
	} {
		if got := datesOf(items, k); !slices.Equal(got, dates) {
			t.Errorf("%s dates = %v, want %v", k, got, dates)
		}
	}
	committee := datesOf(items, KindCommittee)
	if committee[0] != "2026-01-12" || committee[4] != "2026-05-11" || committee[1] != "2026-02-10" {
		t.Errorf("committee: 10 Jan (Sat) → 12 Jan, 10 May (Sun) → 11 May, 10 Feb stays; got %v", committee)
	}
	for _, it := range items {
		d, err := time.ParseInLocation(clock.DateLayout, it.Date, clock.Shanghai)
		if err != nil || d.Year() != 2026 {
			t.Fatalf("bad date %q", it.Date)
		}
		wd := d.Weekday()
		if it.Kind != KindThemeDay && (wd == time.Saturday || wd == time.Sunday) {
			t.Errorf("%s on a weekend: %s", it.Kind, it.Date)
		}
		if it.Kind == KindThemeDay && d.Day() != 8 {
			t.Errorf("主题党日 moved: %s", it.Date)
		}
	}
	// The fixed 主题党日 stays on a weekend: 8 Aug 2026 is a Saturday.
	if !slices.Contains(datesOf(items, KindThemeDay), "2026-08-08") {
		t.Errorf("theme days = %v", datesOf(items, KindThemeDay))
	}
	sorted := slices.IsSortedFunc(items, func(a, b PlanItem) int {
		if c := strings.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return slices.Index(Kinds, a.Kind) - slices.Index(Kinds, b.Kind)
	})
	if !sorted {
		t.Errorf("not sorted by date then kind: %v", items)
	}
}

// TestProposePlanFromMidYear: a plan made on 15 July keeps the items dated
// on or after that day, July's included, in date then Kinds order (the
// 党课 and the 组织生活会 share 15 December).
func TestProposePlanFromMidYear(t *testing.T) {
	// 14 July 16:30 UTC is already 15 July 00:30 in Shanghai.
	from := time.Date(2026, 7, 14, 16, 30, 0, 0, time.UTC)
	want := []PlanItem{
		{KindGroup, "2026-07-20"},
		{KindThemeDay, "2026-08-08"}, {KindCommittee, "2026-08-10"}, {KindMemberAssembly, "2026-08-17"}, {KindGroup, "2026-08-20"},
		{KindThemeDay, "2026-09-08"}, {KindCommittee, "2026-09-10"}, {KindLecture, "2026-09-15"}, {KindGroup, "2026-09-21"},
		{KindThemeDay, "2026-10-08"}, {KindCommittee, "2026-10-12"}, {KindGroup, "2026-10-20"},
		{KindThemeDay, "2026-11-08"}, {KindCommittee, "2026-11-10"}, {KindMemberAssembly, "2026-11-16"}, {KindGroup, "2026-11-20"},
		{KindThemeDay, "2026-12-08"}, {KindCommittee, "2026-12-10"}, {KindLecture, "2026-12-15"}, {KindLifeMeeting, "2026-12-15"},
		{KindGroup, "2026-12-21"},
	}
	if got := ProposePlan(2026, defaults(), 8, from); !slices.Equal(got, want) {
		t.Errorf("plan from 15 July =\n%v\nwant\n%v", got, want)
	}
	// An item dated on from's day itself is kept.
	if got := datesOf(ProposePlan(2026, defaults(), 8, sh(2026, 7, 20, 18, 0)), KindGroup); got[0] != "2026-07-20" {
		t.Errorf("group from 20 July = %v", got)
	}
	if got := ProposePlan(2026, defaults(), 8, sh(2027, 1, 1, 0, 0)); len(got) != 0 {
		t.Errorf("a plan from after the year is empty, got %v", got)
	}
}

// TestProposePlanFrequencies: configured frequencies change the counts;
// Off and unknown frequencies propose nothing; missing kinds take defaults.
func TestProposePlanFrequencies(t *testing.T) {
	items := ProposePlan(2026, map[Kind]Frequency{
		KindCommittee: Quarterly, KindGroup: Off, KindThemeDay: "weekly", KindLecture: Yearly, KindMemberAssembly: Yearly,
	}, 8, sh(2026, 1, 1, 0, 0))
	want := map[Kind]int{KindCommittee: 4, KindLecture: 1, KindMemberAssembly: 1, KindLifeMeeting: 1}
	if got := countByKind(items); !maps.Equal(got, want) {
		t.Errorf("counts = %v, want %v", got, want)
	}
	if got := datesOf(items, KindCommittee); !slices.Equal(got, []string{"2026-01-12", "2026-04-10", "2026-07-10", "2026-10-12"}) {
		t.Errorf("quarterly committee = %v", got)
	}
	// A yearly 支部党员大会 sits mid-year, a yearly 党课 at the year's end.
	if a, l := datesOf(items, KindMemberAssembly), datesOf(items, KindLecture); a[0] != "2026-07-15" || l[0] != "2026-12-15" {
		t.Errorf("yearly assembly %v, lecture %v", a, l)
	}
	if got := countByKind(ProposePlan(2026, nil, 8, sh(2026, 1, 1, 0, 0))); got[KindCommittee] != 12 || got[KindLifeMeeting] != 1 {
		t.Errorf("nil freqs take defaults: %v", got)
	}
}

// TestProposePlanThemeDay: days outside 1–28 fall back to the 15th.
func TestProposePlanThemeDay(t *testing.T) {
	for day, want := range map[int]string{1: "2026-02-01", 28: "2026-02-28", 0: "2026-02-15", 29: "2026-02-15", 31: "2026-02-15", -3: "2026-02-15"} {
		dates := datesOf(ProposePlan(2026, defaults(), day, sh(2026, 1, 1, 0, 0)), KindThemeDay)
		if len(dates) != 12 || dates[1] != want {
			t.Errorf("themeDay %d: %v, want February on %s", day, dates, want)
		}
	}
}
