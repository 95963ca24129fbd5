package notify_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func at(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, clock.Shanghai)
}

func TestQuietHoursDeferSMSUntilMorning(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		e.clk.Set(at(23, 22, 30))
		e.send(t, "k1", e.people(1), notify.SMS, notify.Email)
		sms := e.one(t, "d.channel = 'sms'")
		if sms.State != "deferred" || sms.Detail != "免打扰时段，将于 11-24 08:00 发送" {
			t.Fatalf("SMS at 22:30: %+v", sms)
		}
		e.runDue(t)
		if n := len(e.sms.calls()); n != 0 {
			t.Fatal("SMS sent during quiet hours")
		}
		e.clk.Set(at(24, 7, 59))
		e.runDue(t)
		if n := len(e.sms.calls()); n != 0 {
			t.Fatal("SMS sent at 07:59")
		}
		e.clk.Set(at(24, 8, 0))
		e.runDue(t)
		if r := e.one(t, "d.channel = 'sms'"); r.State != "sent" || len(e.sms.calls()) != 1 {
			t.Fatalf("SMS at 08:00: %+v", r)
		}
		// Quiet hours hold SMS only; this e-mail had no address, so it was settled at once.
		if r := e.one(t, "d.channel = 'email'"); r.State != "not_sent" || r.Reason != "no_contact" {
			t.Errorf("e-mail: %+v", r)
		}
	})
}

func TestQuietHoursEdges(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		to := e.people(1)
		cases := []struct {
			now  time.Time
			want string
		}{
			{at(23, 21, 59), "queued"},
			{at(23, 22, 0), "deferred"},
			{at(24, 0, 0), "deferred"},
			{at(24, 7, 59), "deferred"},
			{at(24, 8, 0), "queued"},
		}
		for i, c := range cases {
			e.clk.Set(c.now)
			key := fmt.Sprintf("edge%d", i)
			e.send(t, key, to, notify.SMS)
			if r := e.one(t, "m.idem_key = ?", key+":"+to[0].ID); r.State != c.want {
				t.Errorf("%s: %s, want %s", c.now.Format("15:04"), r.State, c.want)
			}
		}
	})
}

func TestOwnQuietHours(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		to := e.people(1)
		srv := e.server()
		srv.As(memberOf(to[0].ID, e.org, e.orgP))
		put := func(start, end string) {
			r := srv.Do(t, "PUT", "/api/v1/me/notify-prefs", map[string]any{"sms": true, "email": true,
				"quiet_start": start, "quiet_end": end})
			if r.Status != http.StatusOK {
				t.Fatalf("PUT: %d %s", r.Status, r.Body)
			}
		}
		check := func(key string, now time.Time, want string) {
			t.Helper()
			e.clk.Set(now)
			e.send(t, key, to, notify.SMS)
			if r := e.one(t, "m.idem_key = ?", key+":"+to[0].ID); r.State != want {
				t.Errorf("%s at %s: %s, want %s", key, now.Format("15:04"), r.State, want)
			}
		}
		put("12:00", "14:00") // a window that does not wrap midnight
		check("noon1", at(23, 11, 59), "queued")
		check("noon2", at(23, 12, 0), "deferred")
		check("noon3", at(23, 14, 0), "queued")
		check("noon4", at(23, 23, 0), "queued")
		put("00:00", "00:00") // no quiet hours at all
		check("none1", at(23, 23, 30), "queued")
		check("none2", at(24, 3, 0), "queued")
	})
}
