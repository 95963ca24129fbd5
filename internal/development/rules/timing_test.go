package rules

import (
	"strings"
	"testing"
	"time"
)

// d parses a date of a test table.
func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// rule is one boundary case: the check's message must be empty (ok) or
// contain want.
type rule struct {
	name string
	got  string
	want string // "" = allowed
}

func checkRules(t *testing.T, cases []rule) {
	t.Helper()
	for _, c := range cases {
		switch {
		case c.want == "" && c.got != "":
			t.Errorf("%s: refused: %s", c.name, c.got)
		case c.want != "" && !strings.Contains(c.got, c.want):
			t.Errorf("%s: got %q, want it to contain %q", c.name, c.got, c.want)
		case c.want != "" && !strings.Contains(c.got, Regulation) && !strings.Contains(c.got, "负数"):
			t.Errorf("%s: %q does not name the regulation", c.name, c.got)
		}
	}
}

func TestTimeRules(t *testing.T) {
	checkRules(t, []rule{
		{"age 18 on the birthday", CheckAge(d("2008-03-02"), d("2026-03-02")), ""},
		{"age a day short", CheckAge(d("2008-03-02"), d("2026-03-01")), "2026年3月2日起方可递交入党申请书"},
		{"age born 29 Feb, 28 Feb of a common year", CheckAge(d("2008-02-29"), d("2026-02-28")), ""},
		{"age born 29 Feb, a day earlier", CheckAge(d("2008-02-29"), d("2026-02-27")), "年满十八岁"},

		{"talk exactly one month later", CheckTalk(d("2026-01-15"), d("2026-02-15")), ""},
		{"talk one month and a day", CheckTalk(d("2026-01-15"), d("2026-02-16")), "谈话最迟应于2026年2月15日"},
		{"talk from 31 Jan ends with February", CheckTalk(d("2026-01-31"), d("2026-02-28")), ""},
		{"talk from 31 Jan, 1 March late", CheckTalk(d("2026-01-31"), d("2026-03-01")), "一个月内"},

		{"activist the day after applying", CheckActivist(d("2026-01-15"), d("2026-01-16")), ""},
		{"activist the day of the application", CheckActivist(d("2026-01-15"), d("2026-01-15")), "须晚于申请日期"},

		{"candidate exactly one year", CheckCandidate(d("2025-03-02"), d("2026-03-02")), ""},
		{"candidate a day less", CheckCandidate(d("2025-03-02"), d("2026-03-01")), "最早可于2026年3月2日确定为发展对象"},

		{"training 3 days", CheckTraining(3, 0), ""},
		{"training 24 hours", CheckTraining(0, 24), ""},
		{"training 2 days 23 hours", CheckTraining(2, 23), "本次为 2 天、23 学时"},
		{"training negative", CheckTraining(-1, 30), "负数"},

		{"approval exactly 3 months", CheckAdmissionApproval(d("2026-01-10"), d("2026-04-10"), false), ""},
		{"approval 3 months and a day", CheckAdmissionApproval(d("2026-01-10"), d("2026-04-11"), false), "审批最迟应于2026年4月10日"},
		{"approval extended, day after 3 months", CheckAdmissionApproval(d("2026-01-10"), d("2026-04-11"), true), ""},
		{"approval extended, exactly 6 months", CheckAdmissionApproval(d("2026-01-10"), d("2026-07-10"), true), ""},
		{"approval extended, 6 months and a day", CheckAdmissionApproval(d("2026-01-10"), d("2026-07-11"), true), "延长后最迟应于2026年7月10日"},

		{"转正 approval exactly 3 months", CheckFullApproval(d("2027-01-12"), d("2027-04-12")), ""},
		{"转正 approval a day late", CheckFullApproval(d("2027-01-12"), d("2027-04-13")), "最迟应于2027年4月12日"},

		{"转正 vote on the day probation ends", CheckFullVote(d("2027-01-10"), d("2027-01-10")), ""},
		{"转正 vote a day early", CheckFullVote(d("2027-01-10"), d("2027-01-09")), "预备期至2027年1月10日届满"},
	})
}

func TestExtension(t *testing.T) {
	probationary := file("2024-01-02", 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)
	extended := probationary
	extended.ExtensionMonths = 6
	voted := file("2024-01-02", 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22, 23)
	checkRules(t, []rule{
		{"5 months", probationary.CheckExtension(5), "6 至 12 个月"},
		{"6 months", probationary.CheckExtension(6), ""},
		{"12 months", probationary.CheckExtension(12), ""},
		{"13 months", probationary.CheckExtension(13), "最长不超过一年"},
		{"a second extension", extended.CheckExtension(6), "只能延长一次"},
	})
	if msg := voted.CheckExtension(6); msg == "" {
		t.Error("extension after the 转正 vote allowed")
	}
	if msg := file("2024-01-02", 1, 2, 3).CheckExtension(6); msg == "" {
		t.Error("extension of an activist allowed")
	}
}

func TestWorkingDays(t *testing.T) {
	cases := []struct {
		start, end string
		want       int
	}{
		{"2026-03-02", "2026-03-06", 5}, // Monday to Friday
		{"2026-03-04", "2026-03-10", 5}, // Wednesday to Tuesday across a weekend
		{"2026-03-04", "2026-03-09", 4},
		{"2026-03-07", "2026-03-08", 0}, // a weekend
		{"2026-03-07", "2026-03-13", 5},
		{"2026-03-02", "2026-03-27", 20},
		{"2026-03-06", "2026-03-02", 0}, // end before start
	}
	for _, c := range cases {
		if got := WorkingDays(d(c.start), d(c.end)); got != c.want {
			t.Errorf("WorkingDays(%s, %s) = %d, want %d", c.start, c.end, got, c.want)
		}
	}
	for start := d("2026-01-01"); start.Before(d("2026-01-15")); start = start.AddDate(0, 0, 1) {
		for n := 1; n <= 15; n++ {
			end := PublicityEnd(start, n)
			if WorkingDays(start, end) != n || WorkingDays(start, end.AddDate(0, 0, -1)) != n-1 {
				t.Fatalf("PublicityEnd(%s, %d) = %s is not the first day with %d working days", start.Format("2006-01-02"), n, end.Format("2006-01-02"), n)
			}
		}
	}
}
