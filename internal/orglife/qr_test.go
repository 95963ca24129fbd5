package orglife_test

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"

	"dangjian/internal/orglife"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func TestQRTicket(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		m := e.checkinMeeting(t, w, nil)
		path := "/api/v1/meetings/" + m.ID + "/qr"
		var q orglife.QRTicket
		e.do(t, secretary(w.A1), "GET", path, nil, 200).JSON(t, &q)
		slot := t0.Unix() / 30
		if !strings.HasPrefix(q.Token, strconv.FormatInt(slot, 10)+".") || q.URL != "/m/checkin/"+m.ID+"?t="+q.Token ||
			q.ExpiresAt != stamp(t0.Add(30*time.Second)) || q.RefreshMS != 30000 ||
			q.OpensAt != stamp(t0.Add(-20*time.Minute)) || q.ClosesAt != stamp(t0.Add(30*time.Minute)) {
			t.Fatalf("ticket %+v", q)
		}
		// The token changes with the slot.
		e.clk.Advance(30 * time.Second)
		var next orglife.QRTicket
		e.do(t, secretary(w.A1), "GET", path, nil, 200).JSON(t, &next)
		if next.Token == q.Token {
			t.Error("the token did not rotate")
		}
		// Outside the window, outside the scope, and not for a reader.
		e.clk.Set(t0.Add(-time.Hour))
		if r := e.do(t, secretary(w.A1), "GET", path, nil, 409); !r.Contains("签到时间为 3月2日 08:40 至 09:30") {
			t.Errorf("before the window: %s", r.Body)
		}
		e.clk.Set(t0.Add(31 * time.Minute))
		e.do(t, secretary(w.A1), "GET", path, nil, 409)
		e.clk.Set(t0)
		e.do(t, secretary(w.A2), "GET", path, nil, 404)
		e.do(t, secretary(w.B1), "GET", path, nil, 404)
		e.do(t, viewer(w.R), "GET", path, nil, 403)
		e.do(t, secretary(w.R), "GET", path, nil, 200)
	})
}

func TestQRTokenRefusals(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		m := e.checkinMeeting(t, w, nil)
		other := e.checkinMeeting(t, w, nil)
		tok := e.token(t, w, m.ID)
		slot, mac, _ := strings.Cut(tok, ".")
		prev, _ := strconv.ParseInt(slot, 10, 64)
		refusals := map[string]string{
			"another meeting's": e.token(t, w, other.ID),
			"forged":            slot + "." + base64.RawURLEncoding.EncodeToString(make([]byte, 16)),
			"moved to a slot":   strconv.FormatInt(prev-1, 10) + "." + mac,
			"malformed":         "abc",
			"empty":             "",
		}
		for name, bad := range refusals {
			r := e.checkin(t, w, "m-ding", m.ID, map[string]any{"token": bad}, 422)
			if !r.Contains("token_invalid") || !r.Contains("二维码无效，请扫描本次会议的二维码") {
				t.Errorf("%s token: %s", name, r.Body)
			}
		}
		// A token of the previous slot is still good; one older has expired.
		e.clk.Advance(31 * time.Second)
		e.checkin(t, w, "m-ding", m.ID, map[string]any{"token": tok}, 200)
		e.clk.Advance(30 * time.Second)
		r := e.checkin(t, w, "m-yi", m.ID, map[string]any{"token": tok}, 422)
		if !r.Contains("token_expired") || !r.Contains("二维码已过期，请重新扫描会场的二维码") {
			t.Errorf("expired token: %s", r.Body)
		}
		if a := e.attendee(t, m.ID, "m-yi"); a.Status != "absent" || a.CheckedInAt != "" {
			t.Errorf("an expired token was recorded: %+v", a)
		}
	})
}
