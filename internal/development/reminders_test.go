package development_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/notify/notifytest"
	"dangjian/internal/platform/clock"
)

// pendingReminder is when the file's reminder will fire (Beijing, "" when
// none is pending).
func (e *env) pendingReminder(t *testing.T, fileID string) string {
	t.Helper()
	var at []int64
	rows, err := e.d.QueryContext(t.Context(), `SELECT run_at FROM jobs WHERE kind = 'reminder.development_due' AND key = ?
		AND done_at IS NULL AND cancelled_at IS NULL AND failed_at IS NULL`, fileID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var ms int64
		rows.Scan(&ms)
		at = append(at, ms)
	}
	if len(at) > 1 {
		t.Fatalf("%d pending reminders for one file", len(at))
	}
	if len(at) == 0 {
		return ""
	}
	return time.UnixMilli(at[0]).In(clock.Shanghai).Format("2006-01-02 15:04")
}

// runAt moves the clock to 09:00 on date and runs every due job.
func (e *env) runAt(t *testing.T, date string) {
	t.Helper()
	e.at(date)
	if err := e.run.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestReminderFollowsTheNextTimeLimit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "张三", "20000115", 11, "2026-05-20") // talk due 2026-06-20
		if got := e.pendingReminder(t, f.ID); got != "2026-06-13 09:00" {
			t.Errorf("reminder of the talk at %q, want a week before 2026-06-20", got)
		}
		e.do(t, e.branch(), "POST", stepPath(f.ID), body(2, "2026-05-25"), http.StatusOK)
		if got := e.pendingReminder(t, f.ID); got != "" {
			t.Errorf("a reminder pending at %q with no limit running", got)
		}
		e.do(t, e.branch(), "POST", stepPath(f.ID), body(3, "2026-05-26"), http.StatusOK) // review due 2026-11-26
		e.do(t, e.branch(), "POST", stepPath(f.ID), body(4, "2026-05-27"), http.StatusOK)
		e.do(t, e.branch(), "POST", stepPath(f.ID), body(5, "2026-05-28"), http.StatusOK)
		if got := e.pendingReminder(t, f.ID); got != "2026-11-19 09:00" {
			t.Errorf("review reminder at %q", got)
		}
		e.do(t, e.branch(), "POST", stepPath(f.ID), body(6, "2026-06-01"), http.StatusOK) // next review 2026-12-01
		if got := e.pendingReminder(t, f.ID); got != "2026-11-24 09:00" {
			t.Errorf("the reminder did not move with the review: %q", got)
		}
		e.runAt(t, "2026-11-23")
		if got := notifytest.Titles(t, e.n, "sec-第一支部"); len(got) != 0 {
			t.Errorf("reminded before its time: %q", got)
		}
		e.runAt(t, "2026-11-24")
		got := notifytest.Titles(t, e.n, "sec-第一支部")
		if len(got) != 1 || !strings.Contains(got[0], "张三「培养教育考察」应于2026年12月1日前完成") {
			t.Errorf("branch officer got %q", got)
		}
		if got := notifytest.Titles(t, e.n, "sec-机关党委"); len(got) != 0 {
			t.Errorf("the upper committee heard of a branch step: %q", got)
		}
	})
}

func TestApprovalReminderReachesTheUpperCommittee(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.at("2025-04-10")
		f := e.open(t, "张三", "20000115", 11, applied)
		e.upTo(t, f.ID, 15) // vote 2025-04-01: talk and approval by 2025-07-01
		e.runAt(t, "2025-06-24")
		for _, who := range []string{"sec-第一支部", "sec-机关党委"} {
			if got := notifytest.Titles(t, e.n, who); len(got) != 1 || !strings.Contains(got[0], "上级党委派人谈话") {
				t.Errorf("%s got %q", who, got)
			}
		}
		e.do(t, e.upper(), "POST", "/api/v1/development/files/"+f.ID+"/stop", map[string]any{"reason": "停止"}, http.StatusOK)
		if got := e.pendingReminder(t, f.ID); got != "" {
			t.Errorf("a stopped file keeps a reminder at %q", got)
		}
		if got := notifytest.Titles(t, e.n, "sec-第二支部"); !slices.Equal(got, nil) {
			t.Errorf("another branch was reminded: %q", got)
		}
	})
}
