package orgs_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/notify/notifytest"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/pii"
)

var reminderSteps = slices.Concat(steps, jobs.Migrations, notify.Migrations)

type termEnv struct {
	*env
	run *jobs.Runner
	n   *notify.Service
	dir *notifytest.Directory
}

func newTermEnv(t *testing.T, d *db.DB, leadMonths int) *termEnv {
	e := newEnv(t, d)
	prot, _ := pii.New(pii.ProfileGM, make([]byte, 32))
	run := jobs.NewRunner(d, e.clk, "t")
	dir := notifytest.New()
	n := notify.New(d, e.clk, dir, prot, run, notify.Config{})
	e.s.UseReminders(n, leadMonths)
	return &termEnv{env: e, run: run, n: n, dir: dir}
}

func (e *termEnv) at(t *testing.T, date string, hour int) {
	d, _ := time.Parse(clock.DateLayout, date)
	e.clk.Set(time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, clock.Shanghai))
	for {
		n, err := e.run.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func (e *termEnv) reminders(t *testing.T, addressee string) []notify.InboxItem {
	items, _, err := e.n.Inbox(context.Background(), addressee, false, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func (e *termEnv) officer(id string, o orgs.Org) {
	e.dir.Add(notifytest.Person{ID: id, Name: id, OrgID: o.ID, OrgPath: o.Path, Officer: true})
}

func setTerm(t *testing.T, e *termEnv, o orgs.Org, end string) {
	cur := e.get(t, o.ID)
	start := "2024-01-01"
	if _, err := e.s.Update(context.Background(), o.ID, orgs.Fields{TermStart: &start, TermEnd: &end}, cur.Version); err != nil {
		t.Fatal(err)
	}
}

func TestTermEndReminderMovesWithTheTermAndReachesBothLevels(t *testing.T) {
	dbtest.Each(t, reminderSteps, func(t *testing.T, d *db.DB) {
		e := newTermEnv(t, d, 6)
		root := e.mk(t, orgs.Org{}, "上级党委", orgs.KindLeadingBody)
		branch := e.mk(t, root, "第一党支部", orgs.KindBranch)
		e.officer("upper-sec", root)
		e.officer("branch-sec", branch)

		setTerm(t, e, branch, "2027-05-20") // reminder due 2026-11-20 09:00: already past → at once
		e.at(t, "2026-11-22", 10)
		got := e.reminders(t, "branch-sec")
		if len(got) != 1 || got[0].Kind != "term_end" || !strings.Contains(got[0].Title, "2027年5月20日") {
			t.Fatalf("branch secretary: %+v", got)
		}
		if up := e.reminders(t, "upper-sec"); len(up) != 1 || up[0].ID == got[0].ID {
			t.Errorf("the upper organization was not told: %+v", up)
		}

		// Re-elected: a new term gets its own reminder, 6 months before it ends.
		setTerm(t, e, branch, "2029-05-20")
		e.at(t, "2028-11-19", 10)
		if n := len(e.reminders(t, "branch-sec")); n != 1 {
			t.Fatalf("the new term was reminded early: %d", n)
		}
		// Moved before it fired: the old time passes silently.
		setTerm(t, e, branch, "2029-08-31")
		e.at(t, "2028-11-21", 10)
		if n := len(e.reminders(t, "branch-sec")); n != 1 {
			t.Fatalf("a moved reminder fired at its old time")
		}
		e.at(t, "2029-02-28", 9) // 31 August − 6 months
		if got := e.reminders(t, "branch-sec"); len(got) != 2 || !strings.Contains(got[0].Body, "还有 184 天") {
			t.Fatalf("after the move: %+v", got)
		}
	})
}

func TestTermEndReminderCancelledByDissolutionAndConfigurable(t *testing.T) {
	dbtest.Each(t, reminderSteps, func(t *testing.T, d *db.DB) {
		e := newTermEnv(t, d, 3)
		root := e.mk(t, orgs.Org{}, "上级党委", orgs.KindLeadingBody)
		a := e.mk(t, root, "甲支部", orgs.KindBranch)
		b := e.mk(t, root, "乙支部", orgs.KindBranch)
		e.officer("a-sec", a)
		e.officer("b-sec", b)
		setTerm(t, e, a, "2027-06-30")
		setTerm(t, e, b, "2027-06-30")
		if _, err := e.s.Dissolve(context.Background(), b.ID, "2026-12-01", "单位撤并"); err != nil {
			t.Fatal(err)
		}
		e.at(t, "2027-03-29", 10)
		if n := len(e.reminders(t, "a-sec")); n != 0 {
			t.Errorf("3 months configured, reminded earlier")
		}
		e.at(t, "2027-03-30", 9)
		if n := len(e.reminders(t, "a-sec")); n != 1 {
			t.Errorf("3 months before: %d reminders", n)
		}
		if n := len(e.reminders(t, "b-sec")); n != 0 {
			t.Errorf("a dissolved branch was reminded")
		}
	})
}
