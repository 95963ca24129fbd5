package rules

import (
	"strings"
	"testing"
)

func date(t *Deadline) string {
	if t == nil {
		return ""
	}
	return t.Due.Format("2006-01-02")
}

func TestNextDeadline(t *testing.T) {
	base := []int{1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14}
	f := func(nos ...int) File { return file("2026-01-31", nos...) } // step k on 2026-01-31 + k-th day
	cases := []struct {
		name string
		f    File
		no   int
		due  string // "" = no time limit running
	}{
		{"talk a month after applying (31 Jan → 28 Feb)", f(1), 2, "2026-02-28"},
		{"nothing due before the activist is confirmed", f(1, 2), 0, ""},
		{"review 6 months after confirmation (2 Feb)", f(1, 2, 3), 6, "2026-08-02"},
		{"review 6 months after the last review", f(1, 2, 3, 4, 5).with(6, "2026-07-20", false), 6, "2027-01-20"},
		{"nothing due as a candidate", f(1, 2, 3, 4, 5, 7), 0, ""},
		{"upper talk 3 months after the vote", f(append(base, 15)...), 16, ""},
		{"approval 3 months after the vote", f(append(base, 15, 16)...), 17, ""},
		{"a failed vote starts no limit", f(base...).with(15, "2026-03-01", true), 0, ""},
		{"转正 application when probation ends", f(append(base, 15, 16, 17, 18, 19, 20)...), 22, ""},
		{"转正 vote when probation ends", f(append(base, 15, 16, 17, 18, 19, 20, 22)...), 23, ""},
		{"转正 approval 3 months after the vote", f(append(base, 15, 16, 17, 18, 19, 20, 22, 23)...), 24, ""},
		{"nothing after 转正", f(append(base, 15, 16, 17, 18, 19, 20, 22, 23, 24)...), 0, ""},
	}
	for _, c := range cases {
		got, ok := c.f.NextDeadline()
		switch {
		case c.no == 0 && ok:
			t.Errorf("%s: deadline %+v", c.name, got)
		case c.no != 0 && (!ok || got.No != c.no):
			t.Errorf("%s: deadline %+v (ok %v), want step %d", c.name, got, ok, c.no)
		case c.due != "" && date(&got) != c.due:
			t.Errorf("%s: due %s, want %s", c.name, date(&got), c.due)
		}
	}
}

func TestProbationDeadlines(t *testing.T) {
	// Vote on 2026-03-10, approved 2026-04-01.
	f := file("2024-01-02", 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14).
		with(15, "2026-03-10", false).with(16, "2026-03-20", false)
	if dl, _ := f.NextDeadline(); date(&dl) != "2026-06-10" || dl.No != 17 {
		t.Errorf("approval due %s (step %d), want 2026-06-10", date(&dl), dl.No)
	}
	f = f.with(17, "2026-04-01", false).with(18, "2026-04-02", false).with(19, "2026-04-03", false).with(20, "2026-04-04", false)
	if end, _ := f.ProbationEnd(); end.Format("2006-01-02") != "2027-03-10" {
		t.Errorf("probation ends %s, want 2027-03-10", end)
	}
	if dl, _ := f.NextDeadline(); date(&dl) != "2027-03-10" || dl.No != 22 {
		t.Errorf("转正 application due %s (step %d)", date(&dl), dl.No)
	}
	f.ExtensionMonths = 6
	if dl, _ := f.NextDeadline(); date(&dl) != "2027-09-10" {
		t.Errorf("extended: due %s, want 2027-09-10", date(&dl))
	}
	f = f.with(22, "2027-09-01", false).with(23, "2027-09-10", false)
	if dl, _ := f.NextDeadline(); date(&dl) != "2027-12-10" || dl.No != 24 {
		t.Errorf("转正 approval due %s (step %d), want 2027-12-10", date(&dl), dl.No)
	}
}

func TestSupersededAfterExtension(t *testing.T) {
	f := file("2024-01-02", 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22)
	f.Records[len(f.Records)-1].Superseded = true
	f.ExtensionMonths = 6
	if open := f.Open(); len(open) != 2 || open[0] != 21 || open[1] != 22 {
		t.Errorf("open after an extension: %v, want [21 22]", open)
	}
}

func TestNextAndWarnings(t *testing.T) {
	activist := file("2026-01-05", 1, 2, 3, 4, 5) // confirmed 2026-01-07
	next := activist.Next(d("2026-06-01"))
	if len(next) != 2 || next[0].No != 6 || next[1].No != 7 {
		t.Fatalf("next %+v, want steps 6 and 7", next)
	}
	if next[0].Due.Format("2006-01-02") != "2026-07-07" || !strings.Contains(next[1].Warning, "最早可于2027年1月7日") {
		t.Errorf("next %+v", next)
	}
	w := activist.Warnings(d("2026-07-08"))
	if len(w) != 1 || !strings.Contains(w[0], "「培养教育考察」已逾期") {
		t.Errorf("warnings %q", w)
	}
	failed := file("2024-01-02", 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14).with(15, "2026-03-10", true)
	if w := failed.Warnings(d("2026-03-11")); len(w) != 1 || !strings.Contains(w[0], "表决未通过") {
		t.Errorf("warnings after a failed vote %q", w)
	}
	if n := failed.Next(d("2026-03-11")); len(n) != 1 || n[0].No != 15 {
		t.Errorf("next after a failed vote %+v, want the vote again", n)
	}
}

func TestStage(t *testing.T) {
	for _, c := range []struct {
		nos   []int
		stage int
	}{{[]int{1}, 1}, {[]int{1, 2, 3}, 2}, {[]int{1, 2, 3, 4, 5, 7}, 3}, {[]int{1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12}, 4}} {
		if got := file("2026-01-01", c.nos...).Stage(); got != c.stage {
			t.Errorf("stage of %v = %d, want %d", c.nos, got, c.stage)
		}
	}
	if StageLabel(2) != "入党积极分子" || StageLabel(6) != "" {
		t.Error("stage labels")
	}
	for i, s := range Steps {
		if s.No != i+1 || s.Name == "" || (s.Actor != Branch && s.Actor != Upper) {
			t.Errorf("step %d malformed: %+v", i+1, s)
		}
	}
}
