package notify_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/notify/notifytest"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func TestBudgetCapsTheDayAndResetsTomorrow(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		e.exec(t, "INSERT INTO sms_budgets (org_id, daily, updated_at) VALUES (?, 3, 0)", e.org)
		to := e.people(5)
		e.send(t, "day1", to, notify.SMS)
		states := map[string]int{}
		for _, r := range e.rows(t, "") {
			states[r.State]++
			if r.State == "not_sent" && (r.Reason != "budget" || r.Detail != "未发送：超出本组织每日短信额度（3 条）") {
				t.Errorf("%+v", r)
			}
		}
		if states["queued"] != 3 || states["not_sent"] != 2 {
			t.Fatalf("states = %v", states)
		}
		if n := e.deliverJobs(t); n != 3 {
			t.Errorf("%d jobs, want one per SMS within the budget", n)
		}
		e.runDue(t)
		if n := len(e.sms.calls()); n != 3 {
			t.Errorf("sent %d", n)
		}
		e.send(t, "day1-later", to, notify.SMS)
		if n := len(e.rows(t, "m.idem_key LIKE 'day1-later:%' AND d.state = 'not_sent'")); n != 5 {
			t.Errorf("later the same day: %d of 5 over budget", n)
		}
		e.clk.Advance(24 * time.Hour)
		e.send(t, "day2", to, notify.SMS)
		if n := len(e.rows(t, "m.idem_key LIKE 'day2:%' AND d.state = 'queued'")); n != 3 {
			t.Errorf("next day: %d queued, want 3", n)
		}
	})
}

func TestBudgetDayIsShanghaiMidnight(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{budget: 1})
		to := e.people(1)
		// Quiet hours would defer these, not refuse them: switch them off.
		e.exec(t, "INSERT INTO notify_prefs (addressee, quiet_start, quiet_end, updated_at) VALUES (?, 0, 0, 0)", to[0].ID)
		e.clk.Set(at(23, 23, 59))
		e.send(t, "late", to, notify.SMS)
		e.send(t, "later", to, notify.SMS)
		e.clk.Set(at(24, 0, 0)) // 16:00 UTC: a new day in Shanghai
		e.send(t, "midnight", to, notify.SMS)
		for key, want := range map[string]string{"late": "queued", "later": "not_sent", "midnight": "queued"} {
			if r := e.one(t, "m.idem_key = ?", key+":"+to[0].ID); r.State != want {
				t.Errorf("%s: %+v", key, r)
			}
		}
	})
}

func TestConcurrentSendersStayWithinBudget(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newChEnv(t, d, chOpts{budget: 7})
		to := e.people(5)
		// Hold today's usage row locked until every sender is under way, so
		// they really race for it instead of running one after another.
		e.exec(t, "INSERT INTO sms_usage (org_id, day, used) VALUES (?, ?, 0)", e.org, e.clk.Now().In(clock.Shanghai).Format("2006-01-02"))
		locked, release := make(chan struct{}), make(chan struct{})
		holder := make(chan error, 1)
		go func() {
			holder <- d.InTx(ctx, func(tx *db.Tx) error {
				if _, err := tx.ExecContext(ctx, "UPDATE sms_usage SET used = used WHERE org_id = ?", e.org); err != nil {
					return err
				}
				close(locked)
				<-release
				return nil
			})
		}()
		<-locked
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for i := range 4 {
			wg.Go(func() {
				m := notify.Message{Key: fmt.Sprintf("c%d", i), Kind: "notice", SenderOrgID: e.org, Title: "通知",
					Channels: []string{notify.SMS}, To: to}
				errs <- d.InTx(context.Background(), func(tx *db.Tx) error {
					_, err := e.n.Send(context.Background(), tx, m)
					return err
				})
			})
		}
		time.Sleep(300 * time.Millisecond)
		close(release)
		wg.Wait()
		if err := <-holder; err != nil {
			t.Fatal(err)
		}
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := len(e.rows(t, "d.state = 'queued'")); n != 7 {
			t.Errorf("%d queued across concurrent senders, budget 7", n)
		}
		if used := e.scalar(t, "SELECT used FROM sms_usage WHERE org_id = ?", e.org); used != 7 {
			t.Errorf("used = %d", used)
		}
	})
}

// A fan-out far past the budget leaves rows, not jobs, for the excess.
func TestFanoutPastBudgetAddsNoJobs(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{}) // the default budget, 200
		for i := range 2500 {
			e.dir.Add(notifytest.Person{ID: fmt.Sprintf("f%05d", i), Name: "党员", OrgID: e.org, OrgPath: e.orgP,
				Phone: fmt.Sprintf("139%08d", i)})
		}
		m := notify.Message{Key: "big", Kind: "notice", SubjectID: "BIG", SenderOrgID: e.org, Title: "通知",
			Channels: []string{notify.SMS}}
		if _, err := e.n.StartFanout(context.Background(), d, notify.Fanout{Message: m,
			Audience: notify.Audience{Subtrees: []string{e.org}}}); err != nil {
			t.Fatal(err)
		}
		// One round runs the fan-out; the delivery jobs it adds wait for the next.
		if _, err := e.run.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		counts, err := e.n.DeliveryCounts(context.Background(), "BIG")
		if err != nil {
			t.Fatal(err)
		}
		if counts["queued"] != 200 || counts["not_sent"] != 2300 {
			t.Fatalf("counts = %v", counts)
		}
		if n := e.deliverJobs(t); n != 200 {
			t.Errorf("%d delivery jobs, want 200", n)
		}
	})
}
