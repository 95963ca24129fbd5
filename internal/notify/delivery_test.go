package notify_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/notify/channel"
	"dangjian/internal/notify/notifytest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/pii"
)

// Helpers of the channel tests carry a "ch" prefix, apart from the core
// tests' helpers in the same package.

var chSteps = append(append(append([]db.Migration{}, audit.Migrations...), jobs.Migrations...), notify.Migrations...)

// chT0 is a weekday morning, outside the default quiet hours.
var chT0 = time.Date(2026, 11, 23, 10, 0, 0, 0, clock.Shanghai)

// fakeSender records what it was asked to send and fails as told.
type fakeSender struct {
	mu   sync.Mutex
	sent []channel.Message
	errs []error // returned by the next calls, in order; then success
	raw  string
}

func (f *fakeSender) Send(_ context.Context, m channel.Message) (channel.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, m)
	if len(f.errs) > 0 {
		err := f.errs[0]
		f.errs = f.errs[1:]
		return channel.Result{}, err
	}
	raw := f.raw
	if raw == "" {
		raw = `{"Code":"OK"}`
	}
	return channel.Result{ProviderID: "p-" + m.ID, Raw: raw}, nil
}

func (f *fakeSender) calls() []channel.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]channel.Message(nil), f.sent...)
}

func (f *fakeSender) failWith(errs ...error) {
	f.mu.Lock()
	f.errs = append(f.errs, errs...)
	f.mu.Unlock()
}

func temporary() error { return &channel.SendError{Code: "Throttling", Message: "请求过于频繁"} }

// chEnv is a message center with fake channels over one organization,
// "org" (path /R/A/) under "root" (/R/), and a sibling "other" (/R/B/).
type chEnv struct {
	d                 *db.DB
	clk               *clock.Fake
	dir               *notifytest.Directory
	run               *jobs.Runner
	n                 *notify.Service
	sms, mail         *fakeSender
	root, org, other  string
	rootP, orgP, othP string
}

type chOpts struct {
	noSMS, noEmail bool
	budget         int
}

func newChEnv(t testing.TB, d *db.DB, o chOpts) *chEnv {
	t.Helper()
	prot, err := pii.New(pii.ProfileGM, []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	e := &chEnv{d: d, clk: clock.NewFake(chT0), dir: notifytest.New(), sms: &fakeSender{}, mail: &fakeSender{}}
	e.root, e.org, e.other = fmt.Sprintf("%026s", "R"), fmt.Sprintf("%026s", "A"), fmt.Sprintf("%026s", "B")
	e.rootP = "/" + e.root + "/"
	e.orgP, e.othP = e.rootP+e.org+"/", e.rootP+e.other+"/"
	e.dir.Org(e.root, e.rootP)
	e.dir.Org(e.org, e.orgP)
	e.dir.Org(e.other, e.othP)
	cfg := notify.Config{SMSTemplates: map[string]string{"notice": "SMS_100001"}, SMSDailyBudget: o.budget}
	if !o.noSMS {
		cfg.SMS = e.sms
	}
	if !o.noEmail {
		cfg.Email = e.mail
	}
	e.run = jobs.NewRunner(d, e.clk, "t")
	e.n = notify.New(d, e.clk, e.dir, prot, e.run, cfg)
	return e
}

// people adds n members of the org, m000..., with mobile numbers.
func (e *chEnv) people(n int) []notify.Recipient {
	var out []notify.Recipient
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("m%03d", i)
		e.dir.Add(notifytest.Person{ID: id, Name: fmt.Sprintf("党员%d", i), OrgID: e.org, OrgPath: e.orgP,
			Phone: fmt.Sprintf("138%08d", i)})
		out = append(out, notify.Recipient{ID: id, OrgID: e.org, OrgPath: e.orgP})
	}
	return out
}

// send sends a notice from the org to to, in its own transaction.
func (e *chEnv) send(t testing.TB, key string, to []notify.Recipient, channels ...string) {
	t.Helper()
	m := notify.Message{Key: key, Kind: "notice", SubjectID: "S-" + key, SenderOrgID: e.org,
		Title: "关于开展主题党日活动的通知", Body: "请按时参加。", Link: "/notices/S-" + key,
		Params: map[string]string{"title": "主题党日"}, Channels: channels, To: to}
	if err := e.d.InTx(context.Background(), func(tx *db.Tx) error {
		_, err := e.n.Send(context.Background(), tx, m)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// runDue runs due jobs until none is left.
func (e *chEnv) runDue(t testing.TB) {
	t.Helper()
	for range 100 {
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

// dRow is a delivery as the tests inspect it.
type dRow struct {
	ID, Recipient, Channel, State, Reason, Detail, ProviderID string
	Attempts                                                  int
}

// rows lists the deliveries matching where (over deliveries d joined with
// messages m), by recipient and channel.
func (e *chEnv) rows(t testing.TB, where string, args ...any) []dRow {
	t.Helper()
	if where == "" {
		where = "1 = 1"
	}
	rs, err := e.d.QueryContext(context.Background(), `SELECT d.id, m.recipient, d.channel, d.state, d.reason,
		d.detail, d.provider_id, d.attempts FROM deliveries d JOIN messages m ON m.id = d.message_id
		WHERE `+where+` ORDER BY m.recipient, d.channel`, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []dRow
	for rs.Next() {
		var r dRow
		if err := rs.Scan(&r.ID, &r.Recipient, &r.Channel, &r.State, &r.Reason, &r.Detail, &r.ProviderID, &r.Attempts); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func (e *chEnv) one(t testing.TB, where string, args ...any) dRow {
	t.Helper()
	rs := e.rows(t, where, args...)
	if len(rs) != 1 {
		t.Fatalf("%d deliveries match %q, want 1: %+v", len(rs), where, rs)
	}
	return rs[0]
}

func (e *chEnv) scalar(t testing.TB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.d.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *chEnv) deliverJobs(t testing.TB) int {
	return e.scalar(t, "SELECT COUNT(*) FROM jobs WHERE kind = 'notify.deliver'")
}

func (e *chEnv) exec(t testing.TB, q string, args ...any) {
	t.Helper()
	if _, err := e.d.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatal(err)
	}
}

func TestNoProviderIsRecordedNotSent(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{noSMS: true, noEmail: true})
		e.send(t, "k1", e.people(2), notify.SMS, notify.Email)
		rs := e.rows(t, "")
		if len(rs) != 4 {
			t.Fatalf("deliveries = %+v, want one per recipient and channel", rs)
		}
		want := map[string]string{notify.SMS: "未发送：未配置短信渠道", notify.Email: "未发送：未配置邮件渠道"}
		for _, r := range rs {
			if r.State != "not_sent" || r.Reason != "no_channel" || r.Detail != want[r.Channel] {
				t.Errorf("%+v", r)
			}
		}
		if n := e.deliverJobs(t); n != 0 {
			t.Errorf("%d jobs for deliveries that cannot be sent", n)
		}
		counts, err := e.n.DeliveryCounts(context.Background(), "S-k1")
		if err != nil || counts["not_sent"] != 4 || len(counts) != 1 {
			t.Errorf("counts = %v, %v", counts, err)
		}
	})
}

func TestSMSSentExactlyOnce(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		e.send(t, "k1", e.people(1), notify.SMS)
		e.send(t, "k1", e.people(1), notify.SMS) // the same message again adds nothing
		if r := e.one(t, ""); r.State != "queued" {
			t.Fatalf("before the runner: %+v", r)
		}
		e.runDue(t)
		calls := e.sms.calls()
		r := e.one(t, "")
		if len(calls) != 1 || calls[0].To != "13800000000" || calls[0].Template != "SMS_100001" ||
			calls[0].Params["title"] != "主题党日" || calls[0].ID != r.ID {
			t.Fatalf("provider got %+v", calls)
		}
		if r.State != "sent" || r.ProviderID != "p-"+r.ID || r.Attempts != 1 || r.Detail != `{"Code":"OK"}` {
			t.Fatalf("after sending: %+v", r)
		}
		// The same job again (a duplicate, a second server) sends nothing.
		ctx := context.Background()
		if _, err := jobs.Enqueue(ctx, d, "notify.deliver", r.ID, map[string]string{"delivery": r.ID}, e.clk.Now()); err != nil {
			t.Fatal(err)
		}
		e.runDue(t)
		if n := len(e.sms.calls()); n != 1 {
			t.Errorf("provider called %d times", n)
		}
		if n := len(e.mail.calls()); n != 0 {
			t.Errorf("e-mail sent though not asked for")
		}
	})
}

func TestFoundSendingIsNotResent(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		e.send(t, "k1", e.people(1), notify.SMS)
		// A previous run committed "sending" and died: the message may have left.
		e.exec(t, "UPDATE deliveries SET state = 'sending', attempts = 1")
		e.runDue(t)
		if n := len(e.sms.calls()); n != 0 {
			t.Fatalf("resent blindly: %d calls", n)
		}
		r := e.one(t, "")
		if r.State != "failed" || r.Reason != "unknown_outcome" || !strings.Contains(r.Detail, "发送结果未知") {
			t.Fatalf("%+v", r)
		}
	})
}

func TestTemporaryFailureIsRetried(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		e.sms.failWith(temporary())
		e.send(t, "k1", e.people(1), notify.SMS)
		e.runDue(t)
		r := e.one(t, "")
		if r.State != "queued" || r.Attempts != 1 || !strings.Contains(r.Detail, "Throttling") {
			t.Fatalf("after a temporary failure: %+v", r)
		}
		e.clk.Advance(31 * time.Second) // the runner's first backoff
		e.runDue(t)
		if r := e.one(t, ""); r.State != "sent" || r.Attempts != 2 || r.Reason != "" {
			t.Fatalf("after the retry: %+v", r)
		}
		if n := len(e.sms.calls()); n != 2 {
			t.Errorf("provider called %d times", n)
		}
	})
}

func TestLastAttemptFailsForGood(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		for range 10 {
			e.sms.failWith(temporary())
		}
		e.send(t, "k1", e.people(1), notify.SMS)
		for range 10 {
			e.runDue(t)
			e.clk.Advance(7 * time.Hour) // past any backoff
		}
		r := e.one(t, "")
		if r.State != "failed" || r.Reason != "retries_exhausted" || r.Attempts != 6 {
			t.Fatalf("%+v", r)
		}
		if n := len(e.sms.calls()); n != 6 {
			t.Errorf("provider called %d times, want 6", n)
		}
	})
}

func TestPermanentFailureKeepsTheProviderCode(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		e.sms.failWith(&channel.SendError{Permanent: true, Code: "isv.MOBILE_NUMBER_ILLEGAL",
			Message: "号码 +8613800000000 非法"})
		e.send(t, "k1", e.people(1), notify.SMS)
		e.runDue(t)
		r := e.one(t, "")
		if r.State != "failed" || r.Reason != "rejected" || !strings.Contains(r.Detail, "isv.MOBILE_NUMBER_ILLEGAL") {
			t.Fatalf("%+v", r)
		}
		if strings.Contains(r.Detail, "13800000000") || !strings.Contains(r.Detail, "138****0000") {
			t.Errorf("phone number not masked in the log: %q", r.Detail)
		}
		if n := e.scalar(t, "SELECT COUNT(*) FROM jobs WHERE kind = 'notify.deliver' AND done_at IS NOT NULL"); n != 1 {
			t.Errorf("a permanent failure must finish its job, not retry it")
		}
		if n := len(e.sms.calls()); n != 1 {
			t.Errorf("provider called %d times", n)
		}
	})
}

func TestNotSentReasonsAtSendTime(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newChEnv(t, d, chOpts{budget: 10})
		to := e.people(3)
		e.dir.Add(notifytest.Person{ID: "m000", Name: "无手机", OrgID: e.org, OrgPath: e.orgP}) // no phone
		e.send(t, "k1", to[:2], notify.SMS)
		e.send(t, "k2", to[2:], notify.SMS)
		if err := e.n.Withdraw(ctx, d, "S-k2"); err != nil {
			t.Fatal(err)
		}
		// A kind without an approved template is settled at once.
		m := notify.Message{Key: "t1", Kind: "term_end", SenderOrgID: e.org, Title: "换届提醒",
			Channels: []string{notify.SMS}, To: to[1:2]}
		if _, err := e.n.Send(ctx, d, m); err != nil {
			t.Fatal(err)
		}
		if used := e.scalar(t, "SELECT used FROM sms_usage"); used != 3 {
			t.Fatalf("reserved %d", used)
		}
		e.runDue(t)
		checks := []struct{ who, kind, reason string }{
			{"m000", "notice", "no_contact"}, {"m002", "notice", "withdrawn"}, {"m001", "term_end", "no_template"},
		}
		for _, c := range checks {
			r := e.one(t, "m.recipient = ? AND m.kind = ?", c.who, c.kind)
			if r.State != "not_sent" || r.Reason != c.reason {
				t.Errorf("%s: %+v", c.who, r)
			}
		}
		if r := e.one(t, "m.recipient = 'm001' AND m.kind = 'notice'"); r.State != "sent" {
			t.Errorf("m001: %+v", r)
		}
		// Only the SMS handed to the provider still counts against the budget.
		if used := e.scalar(t, "SELECT used FROM sms_usage"); used != 1 {
			t.Errorf("used after refunds = %d, want 1", used)
		}
		if n := len(e.sms.calls()); n != 1 {
			t.Errorf("provider called %d times", n)
		}
	})
}

func TestUnknownErrorsAreTemporaryAndScrubbed(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		e.sms.failWith(errors.New("dial: lookup for 13800000000 failed"))
		e.send(t, "k1", e.people(1), notify.SMS)
		e.runDue(t)
		r := e.one(t, "")
		if r.State != "queued" || strings.Contains(r.Detail, "13800000000") {
			t.Fatalf("%+v", r)
		}
		var last string
		if err := d.QueryRowContext(context.Background(), "SELECT last_error FROM jobs WHERE kind = 'notify.deliver'").Scan(&last); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(last, "13800000000") || !strings.Contains(last, "138****0000") {
			t.Errorf("job error keeps the phone number: %q", last)
		}
	})
}
