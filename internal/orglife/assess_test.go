package orglife

import (
	"slices"
	"testing"
	"time"
)

// TestAssess judges requirements on 15 November 2026 at noon: Q4 and the
// year are running, October has ended, December has not begun.
func TestAssess(t *testing.T) {
	now := sh(2026, 11, 15, 12, 0)
	yearHeld := map[string]int{"2026-01": 1, "2026-02": 2, "2026-04": 1, "2026-05": 1, "2026-06": 1,
		"2026-08": 1, "2026-09": 3, "2026-10": 1, "2026-Q1": 3, "2026-Q2": 1, "2026-Q3": 4}
	for _, c := range []struct {
		name, view string
		f          Frequency
		held       map[string]int
		want       Assessment
	}{
		// Month views.
		{"month running, none yet", "2026-11", Monthly, nil, Assessment{1, 0, Amber, nil}},
		{"month met (two meetings count once)", "2026-11", Monthly, map[string]int{"2026-11": 2}, Assessment{1, 1, Green, nil}},
		{"month ended unmet", "2026-10", Monthly, map[string]int{"2026-11": 1, "2026-Q4": 1}, Assessment{1, 0, Red, []string{"2026年10月"}}},
		{"future month not yet required", "2026-12", Monthly, nil, Assessment{0, 0, None, nil}},
		{"quarterly seen in a month: the quarter", "2026-11", Quarterly, map[string]int{"2026-Q4": 1}, Assessment{1, 1, Green, nil}},
		{"quarter running", "2026-11", Quarterly, map[string]int{"2026-11": 1, "2026-Q3": 1}, Assessment{1, 0, Amber, nil}},
		{"future month of a running quarter", "2026-12", Quarterly, nil, Assessment{1, 0, Amber, nil}},
		{"yearly seen in a month: the year", "2026-11", Yearly, nil, Assessment{1, 0, Amber, nil}},
		{"off", "2026-10", Off, map[string]int{"2026-10": 1}, Assessment{0, 0, None, nil}},
		{"unknown frequency", "2026-10", "weekly", nil, Assessment{0, 0, None, nil}},
		// Quarter views.
		{"months of the running quarter", "2026-Q4", Monthly, map[string]int{"2026-10": 1}, Assessment{2, 1, Amber, nil}},
		{"an ended month in the quarter", "2026-Q4", Monthly, map[string]int{"2026-11": 1}, Assessment{2, 1, Red, []string{"2026年10月"}}},
		{"quarter ended unmet", "2026-Q3", Quarterly, map[string]int{"2026-Q4": 1, "2026-09": 0}, Assessment{1, 0, Red, []string{"2026年第三季度"}}},
		{"months of an ended quarter, all met", "2026-Q2", Monthly, yearHeld, Assessment{3, 3, Green, nil}},
		{"yearly in a quarter", "2026-Q2", Yearly, map[string]int{"2026": 1}, Assessment{1, 1, Green, nil}},
		// Year views.
		{"monthly over the year", "2026", Monthly, yearHeld, Assessment{11, 8, Red, []string{"2026年3月", "2026年7月"}}},
		{"quarterly over the year", "2026", Quarterly, yearHeld, Assessment{4, 3, Amber, nil}},
		{"yearly running", "2026", Yearly, yearHeld, Assessment{1, 0, Amber, nil}},
		{"last year's 组织生活会 missed", "2025", Yearly, map[string]int{"2026": 1}, Assessment{1, 0, Red, []string{"2025年"}}},
		{"future year", "2027", Monthly, nil, Assessment{0, 0, None, nil}},
		{"future year, yearly", "2027", Yearly, nil, Assessment{0, 0, None, nil}},
	} {
		got := Assess(mustPeriod(t, c.view), c.f, c.held, now)
		if got.Required != c.want.Required || got.Held != c.want.Held || got.Status != c.want.Status || !slices.Equal(got.Missing, c.want.Missing) {
			t.Errorf("%s: Assess(%s, %s) = %+v, want %+v", c.name, c.view, c.f, got, c.want)
		}
		if got.Missing == nil {
			t.Errorf("%s: Missing must be an empty list, not nil (JSON [])", c.name)
		}
	}
}

// TestAssessAtPeriodEnd: a month is running until the next month's Shanghai
// midnight and ended from that instant.
func TestAssessAtPeriodEnd(t *testing.T) {
	nov := mustPeriod(t, "2026-11")
	if a := Assess(nov, Monthly, nil, sh(2026, 11, 30, 23, 59)); a.Status != Amber {
		t.Errorf("on 30 Nov 23:59: %+v", a)
	}
	if a := Assess(nov, Monthly, nil, sh(2026, 12, 1, 0, 0)); a.Status != Red || !slices.Equal(a.Missing, []string{"2026年11月"}) {
		t.Errorf("on 1 Dec 00:00: %+v", a)
	}
	if a := Assess(nov, Monthly, nil, nov.Start.Add(-time.Nanosecond)); a.Status != None || a.Required != 0 {
		t.Errorf("before November: %+v", a)
	}
	if a := Assess(nov, Monthly, nil, nov.Start); a.Status != Amber || a.Required != 1 {
		t.Errorf("at November's first instant: %+v", a)
	}
}

func TestKeysIn(t *testing.T) {
	for view, want := range map[string][]string{
		"2026-11": {"2026-11", "2026-Q4", "2026"},
		"2026-Q1": {"2026-01", "2026-02", "2026-03", "2026-Q1", "2026"},
		"2026": {"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08",
			"2026-09", "2026-10", "2026-11", "2026-12", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026"},
	} {
		if got := KeysIn(mustPeriod(t, view)); !slices.Equal(got, want) {
			t.Errorf("KeysIn(%s) = %v, want %v", view, got, want)
		}
	}
}

// TestKeysInCoversAssess: with a meeting under every key KeysIn lists, every
// requirement in every view is met, so Assess reads no other key.
func TestKeysInCoversAssess(t *testing.T) {
	now := sh(2027, 1, 1, 0, 0)
	views := []string{"2026"}
	for m := time.January; m <= time.December; m++ {
		views = append(views, PeriodOf(Monthly, sh(2026, m, 1, 0, 0)).Key)
	}
	for q := 1; q <= 4; q++ {
		views = append(views, PeriodOf(Quarterly, sh(2026, time.Month(3*q), 1, 0, 0)).Key)
	}
	for _, v := range views {
		view := mustPeriod(t, v)
		held := map[string]int{}
		for _, k := range KeysIn(view) {
			held[k] = 1
		}
		for _, f := range []Frequency{Monthly, Quarterly, Yearly} {
			if a := Assess(view, f, held, now); a.Status != Green || a.Held != a.Required {
				t.Errorf("%s %s: %+v", v, f, a)
			}
		}
	}
}

func TestWorst(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{nil, None},
		{[]string{None, None}, None},
		{[]string{None, Green}, Green},
		{[]string{Green, Amber, None}, Amber},
		{[]string{Amber, Red, Green}, Red},
		{[]string{Red, Amber}, Red},
		{[]string{"purple", Green}, Green},
	} {
		if got := Worst(c.in...); got != c.want {
			t.Errorf("Worst(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}
