package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/notify/notifytest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/pii"
)

var steps = append(append(append([]db.Migration{}, audit.Migrations...), jobs.Migrations...), notify.Migrations...)

// org IDs are 26 characters, like real ones, so paths have real widths.
func orgID(name string) string { return fmt.Sprintf("%026s", name) }

type env struct {
	d   *db.DB
	clk *clock.Fake
	dir *notifytest.Directory
	run *jobs.Runner
	n   *notify.Service
}

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, clock.Shanghai)

func newEnv(t testing.TB, d *db.DB, clk *clock.Fake, dir *notifytest.Directory, worker string) *env {
	t.Helper()
	prot, err := pii.New(pii.ProfileGM, make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	run := jobs.NewRunner(d, clk, worker)
	return &env{d: d, clk: clk, dir: dir, run: run, n: notify.New(d, clk, dir, prot, run, notify.Config{})}
}

// drain runs due jobs until none is left.
func (e *env) drain(t testing.TB) {
	t.Helper()
	for i := 0; i < 1000; i++ {
		n, err := e.run.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("jobs never drained")
}

// tree makes R with children A and B; A holds nA members, B nB, R itself 3.
func tree(dir *notifytest.Directory, nA, nB int) (r, a, b string) {
	r, a, b = "/"+orgID("R")+"/", "/"+orgID("R")+"/"+orgID("A")+"/", "/"+orgID("R")+"/"+orgID("B")+"/"
	dir.Org(orgID("R"), r)
	dir.Org(orgID("A"), a)
	dir.Org(orgID("B"), b)
	add := func(prefix string, n int, id, path string) {
		for i := 0; i < n; i++ {
			dir.Add(notifytest.Person{ID: fmt.Sprintf("%s%05d", prefix, i), Name: fmt.Sprintf("%s%d", prefix, i), OrgID: id, OrgPath: path})
		}
	}
	add("a", nA, orgID("A"), a)
	add("b", nB, orgID("B"), b)
	add("r", 3, orgID("R"), r)
	return r, a, b
}

func notice(subject string) notify.Message {
	return notify.Message{Key: "notice:" + subject, Kind: "notice", SubjectID: subject, SenderOrgID: orgID("R"),
		Title: "关于开展主题党日活动的通知", Link: "/notices/" + subject, AckRequired: true, Tally: true}
}

func start(t testing.TB, e *env, f notify.Fanout) {
	t.Helper()
	if _, err := e.n.StartFanout(context.Background(), e.d, f); err != nil {
		t.Fatal(err)
	}
}

func count(t testing.TB, d *db.DB, where string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM messages WHERE "+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFanoutReachesEveryoneOnceWithTallies(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, clock.NewFake(t0), notifytest.New(), "w1")
		r, a, _ := tree(e.dir, 2500, 10)
		// a00007 is also chosen by name: still one copy.
		start(t, e, notify.Fanout{Message: notice("N1"),
			Audience: notify.Audience{Subtrees: []string{orgID("R")}, Members: []string{"a00007"}}})
		e.drain(t)
		if n := count(t, d, "subject_id = ?", "N1"); n != 2513 {
			t.Fatalf("copies = %d, want 2513", n)
		}
		if p, _ := e.n.FanoutProgress(ctx, "notice", "N1"); !p.Finished || p.Sent != 2513 {
			t.Errorf("progress = %+v", p)
		}
		whole, byOrg, err := e.n.Tallies(ctx, "notice", "N1", r)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{orgID("A"): 2500, orgID("B"): 10, orgID("R"): 3}
		if whole.Total != 2513 || len(byOrg) != 3 {
			t.Fatalf("whole %+v, by org %+v", whole, byOrg)
		}
		for _, tl := range byOrg {
			if tl.Total != want[tl.OrgID] {
				t.Errorf("org %s total %d, want %d", tl.OrgID, tl.Total, want[tl.OrgID])
			}
		}
		if _, err := e.n.StartFanout(ctx, d, notify.Fanout{Message: notice("N1"),
			Audience: notify.Audience{Subtrees: []string{orgID("R")}}}); !errors.Is(err, notify.ErrFanoutExists) {
			t.Errorf("second fan-out of a subject: %v", err)
		}

		// Reading and confirming count once each, in the reader's org.
		item, err := e.n.Received(ctx, "a00042", "notice", "N1")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			if err := e.n.Ack(ctx, "a00042", item.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.n.MarkRead(ctx, "someone-else", item.ID); err != nil {
			t.Fatal(err)
		}
		whole, byOrg, _ = e.n.Tallies(ctx, "notice", "N1", a)
		if whole.Total != 2500 || whole.Read != 1 || whole.Acked != 1 || len(byOrg) != 1 || byOrg[0].OrgID != orgID("A") {
			t.Errorf("after one confirmation: whole %+v by org %+v", whole, byOrg)
		}
		list, total, err := e.n.Receipts(ctx, "notice", "N1", a, notify.StateAcked, 10, 0)
		if err != nil || total != 1 || list[0].Recipient != "a00042" || list[0].Name != "a42" || list[0].AckedAt == "" {
			t.Errorf("acked drill-down: %v %d %+v", err, total, list)
		}
		if _, total, _ := e.n.Receipts(ctx, "notice", "N1", r, notify.StateUnread, 10, 0); total != 2512 {
			t.Errorf("unread under R = %d", total)
		}
		if n, err := e.n.MarkAllRead(ctx, "b00003"); err != nil || n != 1 {
			t.Errorf("read all: %d %v", n, err)
		}
		if whole, _, _ := e.n.Tallies(ctx, "notice", "N1", r); whole.Read != 2 {
			t.Errorf("read-all is not counted: %+v", whole)
		}
	})
}

func TestReminderReachesOnlyTheUnreadOnce(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, clock.NewFake(t0), notifytest.New(), "w1")
		tree(e.dir, 5, 5)
		start(t, e, notify.Fanout{Message: notice("N2"), Audience: notify.Audience{Subtrees: []string{orgID("R")}}})
		e.drain(t)
		for _, who := range []string{"a00000", "b00001"} {
			it, _ := e.n.Received(ctx, who, "notice", "N2")
			if err := e.n.MarkRead(ctx, who, it.ID); err != nil {
				t.Fatal(err)
			}
		}
		remind := notify.Message{Key: "notice-reminder:N2", Kind: "notice.reminder", SubjectID: "N2", Title: "提醒：请阅读通知"}
		start(t, e, notify.Fanout{Message: remind, RemindUnread: "notice"})
		e.drain(t)
		if n := count(t, d, "kind = 'notice.reminder'"); n != 11 {
			t.Errorf("reminders = %d, want 11 (13 minus 2 readers)", n)
		}
		if n := count(t, d, "kind = 'notice.reminder' AND recipient IN ('a00000', 'b00001')"); n != 0 {
			t.Errorf("readers were reminded")
		}
		if _, err := e.n.StartFanout(ctx, d, notify.Fanout{Message: remind, RemindUnread: "notice"}); !errors.Is(err, notify.ErrFanoutExists) {
			t.Errorf("second reminder: %v", err)
		}
	})
}

func TestWithdrawHidesAndStopsTheFanout(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, clock.NewFake(t0), notifytest.New(), "w1")
		tree(e.dir, 5, 0)
		start(t, e, notify.Fanout{Message: notice("N3"), Audience: notify.Audience{Subtrees: []string{orgID("R")}}})
		e.drain(t)
		if n, _ := e.n.Unread(ctx, "a00001"); n != 1 {
			t.Fatalf("unread before withdrawal = %d", n)
		}
		start(t, e, notify.Fanout{Message: notice("N4"), Audience: notify.Audience{Subtrees: []string{orgID("R")}}})
		for _, s := range []string{"N3", "N4"} {
			if err := e.n.Withdraw(ctx, d, s); err != nil {
				t.Fatal(err)
			}
		}
		e.drain(t)
		if n := count(t, d, "subject_id = 'N4'"); n != 0 {
			t.Errorf("a withdrawn fan-out still delivered %d copies", n)
		}
		items, total, err := e.n.Inbox(ctx, "a00001", false, 20, 0)
		if n, _ := e.n.Unread(ctx, "a00001"); err != nil || total != 0 || len(items) != 0 || n != 0 {
			t.Errorf("withdrawn notice still in the inbox: %v %d %d", err, total, n)
		}
		if n := count(t, d, "subject_id = 'N3'"); n != 8 {
			t.Errorf("withdrawal must keep the record: %d copies", n)
		}
	})
}

func TestAudiencePartsAndInbox(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, clock.NewFake(t0), notifytest.New(), "w1")
		tree(e.dir, 3, 3)
		e.dir.Add(notifytest.Person{ID: "sec-b", Name: "书记乙", OrgID: orgID("B"), OrgPath: "/" + orgID("R") + "/" + orgID("B") + "/", Positions: []string{"书记"}})
		m := notice("N5")
		m.Tally = false
		start(t, e, notify.Fanout{Message: m, Audience: notify.Audience{Positions: []string{"书记"}, Within: orgID("R"),
			Members: []string{"a00001", "gone"}}})
		e.drain(t)
		got := map[string]bool{}
		rows, _ := d.QueryContext(ctx, "SELECT recipient FROM messages WHERE subject_id = 'N5'")
		for rows.Next() {
			var r string
			rows.Scan(&r)
			got[r] = true
		}
		rows.Close()
		if len(got) != 2 || !got["sec-b"] || !got["a00001"] {
			t.Errorf("recipients = %v, want the secretary and the chosen member", got)
		}
		e.clk.Advance(time.Minute)
		if _, err := e.n.Send(ctx, d, notify.Message{Key: "k1", Kind: "term_end", Title: "换届提醒", Link: "/orgs",
			To: []notify.Recipient{{ID: "a00001"}}}); err != nil {
			t.Fatal(err)
		}
		items, total, _ := e.n.Inbox(ctx, "a00001", true, 20, 0)
		if total != 2 || items[0].Kind != "term_end" || items[1].Kind != "notice" {
			t.Fatalf("inbox newest first: %+v", items)
		}
		if n, err := e.n.MarkAllRead(ctx, "a00001"); err != nil || n != 2 {
			t.Errorf("read all: %d %v", n, err)
		}
		if n, _ := e.n.Unread(ctx, "a00001"); n != 0 {
			t.Errorf("unread after read-all = %d", n)
		}
		if _, err := e.n.Item(ctx, "a00002", items[0].ID); !db.IsNoRows(err) {
			t.Errorf("another member's message: %v", err)
		}
	})
}

func TestRemindersFireOnceMoveAndCancel(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, clock.NewFake(t0), notifytest.New(), "w1")
		fired := 0
		valid := true
		e.n.RegisterReminder("probation_end", func(ctx context.Context, key string, _ json.RawMessage) ([]notify.Message, error) {
			fired++
			if !valid {
				return nil, nil // the data changed: nothing to say any more
			}
			return []notify.Message{{Key: "probation_end:" + key, Kind: "probation_end", Title: "预备期即将期满",
				To: []notify.Recipient{{ID: "sec"}}}}, nil
		})
		at := t0.Add(48 * time.Hour)
		if err := e.n.Remind(ctx, d, "probation_end", "m1", at, nil); err != nil {
			t.Fatal(err)
		}
		if err := e.n.Remind(ctx, d, "probation_end", "m1", at.Add(24*time.Hour), nil); err != nil { // moved
			t.Fatal(err)
		}
		e.clk.Set(at.Add(time.Hour))
		e.drain(t)
		if fired != 0 {
			t.Fatalf("a moved reminder fired at its old time")
		}
		e.clk.Set(at.Add(25 * time.Hour))
		e.drain(t)
		// Fired again for the same occasion (a retry, a restart): no second copy.
		if err := e.n.Remind(ctx, d, "probation_end", "m1", e.clk.Now(), nil); err != nil {
			t.Fatal(err)
		}
		e.drain(t)
		if fired != 2 || count(t, d, "kind = 'probation_end'") != 1 {
			t.Errorf("fired %d times, %d messages; want 2 runs and exactly 1 message", fired, count(t, d, "kind = 'probation_end'"))
		}
		if err := e.n.Remind(ctx, d, "probation_end", "m2", e.clk.Now().Add(time.Hour), nil); err != nil {
			t.Fatal(err)
		}
		if err := e.n.Forget(ctx, d, "probation_end", "m2"); err != nil {
			t.Fatal(err)
		}
		e.clk.Advance(2 * time.Hour)
		e.drain(t)
		if fired != 2 {
			t.Errorf("a cancelled reminder fired")
		}
		valid = false // m3's probation was extended before its reminder fired
		if err := e.n.Remind(ctx, d, "probation_end", "m3", e.clk.Now(), nil); err != nil {
			t.Fatal(err)
		}
		e.drain(t)
		if fired != 3 || count(t, d, "kind = 'probation_end'") != 1 {
			t.Errorf("a reminder whose reason went away still sent something")
		}
		if err := e.n.Remind(ctx, d, "unknown", "x", t0, nil); err == nil || !strings.Contains(err.Error(), "not registered") {
			t.Errorf("unregistered kind: %v", err)
		}
	})
}
