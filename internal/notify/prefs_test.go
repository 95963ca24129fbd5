package notify_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"dangjian/internal/notify"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func TestPrefsDefaultsUpdateAndSealedAddress(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{noSMS: true})
		to := e.people(1)
		srv := e.server()
		srv.As(memberOf(to[0].ID, e.org, e.orgP))
		r := srv.Do(t, "GET", "/api/v1/me/notify-prefs", nil)
		var v notify.PrefsView
		r.JSON(t, &v)
		want := notify.PrefsView{SMS: true, Email: true, QuietStart: "22:00", QuietEnd: "08:00", EmailAvailable: true}
		if r.Status != http.StatusOK || v != want {
			t.Fatalf("defaults: %d %s", r.Status, r.Body)
		}
		r = srv.Do(t, "PUT", "/api/v1/me/notify-prefs", map[string]any{"sms": false, "email": true,
			"email_address": " zhangsan@Example.COM ", "quiet_start": "21:30", "quiet_end": "07:00"})
		r.JSON(t, &v)
		want = notify.PrefsView{SMS: false, Email: true, EmailAddress: "zh***@example.com", QuietStart: "21:30",
			QuietEnd: "07:00", EmailAvailable: true}
		if r.Status != http.StatusOK || v != want {
			t.Fatalf("PUT: %d %s", r.Status, r.Body)
		}
		var sealed, masked string
		if err := d.QueryRowContext(context.Background(), "SELECT email_sealed, email_masked FROM notify_prefs").Scan(&sealed, &masked); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(sealed, "zhangsan") || !strings.HasPrefix(sealed, "gm1:") || masked != "zh***@example.com" {
			t.Errorf("stored %q / %q", sealed, masked)
		}
		if n := e.scalar(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'notify.prefs' AND after_json NOT LIKE '%zhangsan%' AND after_json LIKE '%zh***%'"); n != 1 {
			t.Errorf("audit rows with the masked address only: %d", n)
		}
		// Omitting the address keeps it; the e-mail goes to the opened address.
		r = srv.Do(t, "PUT", "/api/v1/me/notify-prefs", map[string]any{"sms": false, "email": true,
			"quiet_start": "21:30", "quiet_end": "07:00"})
		if r.Status != http.StatusOK || r.Map(t)["email_address"] != "zh***@example.com" {
			t.Fatalf("keep: %d %s", r.Status, r.Body)
		}
		e.send(t, "k1", to, notify.SMS, notify.Email)
		e.runDue(t)
		mails := e.mail.calls()
		if len(mails) != 1 || mails[0].To != "zhangsan@example.com" || mails[0].Subject != "【智慧党建】关于开展主题党日活动的通知" ||
			!strings.Contains(mails[0].Body, "请按时参加。") || !strings.Contains(mails[0].Body, "/notices/S-k1") {
			t.Fatalf("mail = %+v", mails)
		}
		if r := e.one(t, "d.channel = 'sms'"); r.State != "not_sent" || r.Reason != "opted_out" {
			t.Errorf("SMS to someone who opted out: %+v", r)
		}
		if r := e.one(t, "d.channel = 'email'"); r.State != "sent" {
			t.Errorf("e-mail: %+v", r)
		}
		// "" clears the address.
		r = srv.Do(t, "PUT", "/api/v1/me/notify-prefs", map[string]any{"sms": true, "email": true,
			"email_address": "", "quiet_start": "22:00", "quiet_end": "08:00"})
		if r.Status != http.StatusOK || r.Map(t)["email_address"] != "" {
			t.Fatalf("clear: %d %s", r.Status, r.Body)
		}
		if n := e.scalar(t, "SELECT COUNT(*) FROM notify_prefs WHERE email_sealed = '' AND email_masked = ''"); n != 1 {
			t.Error("address not cleared")
		}
	})
}

func TestOptedOutOfBothChannels(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		to := e.people(2)
		e.exec(t, "INSERT INTO notify_prefs (addressee, sms, email, updated_at) VALUES (?, 0, 0, 0)", to[0].ID)
		e.send(t, "k1", to, notify.SMS, notify.Email)
		for _, r := range e.rows(t, "m.recipient = ?", to[0].ID) {
			if r.State != "not_sent" || r.Reason != "opted_out" || !strings.Contains(r.Detail, "收件人已关闭") {
				t.Errorf("%+v", r)
			}
		}
		if r := e.one(t, "m.recipient = ? AND d.channel = 'sms'", to[1].ID); r.State != "queued" {
			t.Errorf("the other recipient: %+v", r)
		}
		if n := e.deliverJobs(t); n != 1 {
			t.Errorf("%d jobs, want 1", n)
		}
		if used := e.scalar(t, "SELECT used FROM sms_usage"); used != 1 {
			t.Errorf("an opted-out recipient used budget: %d", used)
		}
		// Opting out after the SMS was queued still stops it.
		e.exec(t, "INSERT INTO notify_prefs (addressee, sms, updated_at) VALUES (?, 0, 0)", to[1].ID)
		e.runDue(t)
		if r := e.one(t, "m.recipient = ? AND d.channel = 'sms'", to[1].ID); r.State != "not_sent" || r.Reason != "opted_out" {
			t.Errorf("opted out before sending: %+v", r)
		}
		if len(e.sms.calls()) != 0 {
			t.Error("sent to someone who opted out")
		}
	})
}

func TestPrefsValidationInChinese(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		srv := e.server()
		srv.As(memberOf("m000", e.org, e.orgP))
		bad := map[string]any{"email": true, "email_address": "Zhang San <zs@example.com>",
			"quiet_start": "24:00", "quiet_end": "8:00"}
		r := srv.Do(t, "PUT", "/api/v1/me/notify-prefs", bad)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var p struct {
			Detail string
			Errors []struct{ Field, Code, Message string }
		}
		r.JSON(t, &p)
		fields := map[string]string{}
		for _, fe := range p.Errors {
			fields[fe.Field] = fe.Message
		}
		want := map[string]string{
			"sms":           "请选择是否接收短信通知",
			"email_address": "电子邮箱格式不正确，例如 name@example.com",
			"quiet_start":   "免打扰开始时间应为 HH:MM 格式的时间，例如 22:00",
			"quiet_end":     "免打扰结束时间应为 HH:MM 格式的时间，例如 22:00",
		}
		for f, msg := range want {
			if fields[f] != msg {
				t.Errorf("%s: %q, want %q", f, fields[f], msg)
			}
		}
		if len(fields) != len(want) || !strings.HasPrefix(p.Detail, "提交的内容有误") || strings.Contains(string(r.Body), "zs@example.com") {
			t.Errorf("problem: %s", r.Body)
		}
		for _, addr := range []string{"no-at-sign", "a@b", "a@@b.cn", "a b@c.cn", "张三@例子.中国", "a@-x.cn", "@x.cn"} {
			r := srv.Do(t, "PUT", "/api/v1/me/notify-prefs", map[string]any{"sms": true, "email": true,
				"email_address": addr, "quiet_start": "22:00", "quiet_end": "08:00"})
			if r.Status != http.StatusUnprocessableEntity {
				t.Errorf("%q accepted: %d", addr, r.Status)
			}
		}
		if r := srv.Do(t, "PUT", "/api/v1/me/notify-prefs", map[string]any{"sms": "yes"}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("wrong type: %d %s", r.Status, r.Body)
		}
		if n := e.scalar(t, "SELECT COUNT(*) FROM notify_prefs"); n != 0 {
			t.Errorf("invalid input stored")
		}
		srv.As(nil)
		if r := srv.Do(t, "GET", "/api/v1/me/notify-prefs", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("anonymous: %d", r.Status)
		}
	})
}
