package orglife_test

import (
	"bytes"
	"testing"
	"time"

	"dangjian/internal/orglife"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// checkinMeeting is a 支部党员大会 of A1 starting ten minutes after t0, so
// check-in (30 minutes before to 20 after) is open at t0.
func (e *env) checkinMeeting(t *testing.T, w world, extra map[string]any) orglife.Meeting {
	t.Helper()
	return e.meetingAt(t, w.A1, "member_assembly", t0.Add(10*time.Minute), extra)
}

// token is the meeting's QR token now, as the secretary's screen shows it.
func (e *env) token(t *testing.T, w world, meetingID string) string {
	t.Helper()
	var q orglife.QRTicket
	e.do(t, secretary(w.A1), "GET", "/api/v1/meetings/"+meetingID+"/qr", nil, 200).JSON(t, &q)
	return q.Token
}

// checkin sends a member's check-in and checks the status.
func (e *env) checkin(t *testing.T, w world, memberID, meetingID string, body map[string]any, want int) *apitest.Response {
	t.Helper()
	return e.do(t, member(memberID, w.A1), "POST", "/api/v1/my/meetings/"+meetingID+"/checkin", body, want)
}

// settings sets organizational-life settings at the branch A1.
func (e *env) settings(t *testing.T, w world, values map[string]any) {
	t.Helper()
	e.do(t, secretary(w.A1), "PUT", "/api/v1/orgs/"+w.A1.ID+"/orglife/settings", map[string]any{"values": values}, 200)
}

// attendee is one person of a meeting as the secretary sees them.
func (e *env) attendee(t *testing.T, meetingID, memberID string) orglife.AttendeeView {
	t.Helper()
	list, _ := e.attendeesOf(t, meetingID)
	for _, a := range list {
		if a.MemberID == memberID {
			return a
		}
	}
	t.Fatalf("%s not listed", memberID)
	return orglife.AttendeeView{}
}

// count runs a COUNT(*) query.
func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(t.Context(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCheckinReplayIsIdempotent(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		m := e.checkinMeeting(t, w, nil)
		tok := e.token(t, w, m.ID)
		first := e.checkin(t, w, "m-jia", m.ID, map[string]any{"token": tok}, 200)
		var res orglife.CheckinResult
		first.JSON(t, &res)
		if res.Status != "present" || res.Method != "qr" || res.NeedsConfirmation || res.Message != "签到成功" ||
			res.CheckedInAt != stamp(t0) || res.DistanceM != nil {
			t.Fatalf("check-in: %+v", res)
		}
		row := e.attendee(t, m.ID, "m-jia")
		// A second tap a little later answers the same and writes nothing.
		e.clk.Advance(10 * time.Second)
		again := e.checkin(t, w, "m-jia", m.ID, map[string]any{"token": tok}, 200)
		if !bytes.Equal(first.Body, again.Body) {
			t.Errorf("replay answered %s, first %s", again.Body, first.Body)
		}
		if got := e.attendee(t, m.ID, "m-jia"); got != row {
			t.Errorf("replay changed the row: %+v, was %+v", got, row)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM meeting_events WHERE meeting_id = ? AND kind = 'checkin'", m.ID); n != 1 {
			t.Errorf("%d check-in history events, want 1", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.checkin'"); n != 1 {
			t.Errorf("%d check-in audit records, want 1", n)
		}
		// Someone already there gets their record even after the window.
		e.clk.Set(t0.Add(2 * time.Hour))
		if r := e.checkin(t, w, "m-jia", m.ID, map[string]any{"token": tok}, 200); !bytes.Equal(r.Body, first.Body) {
			t.Errorf("replay after the window: %s", r.Body)
		}
		if _, sum := e.attendeesOf(t, m.ID); sum.Present != 1 {
			t.Errorf("summary %+v", sum)
		}
	})
}

func TestCheckinWhoAndWhen(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		m := e.checkinMeeting(t, w, nil)
		tok := e.token(t, w, m.ID)
		// Only people listed on the meeting; an account without a member is refused.
		e.checkin(t, w, "m-a2", m.ID, map[string]any{"token": tok}, 404)
		committee := e.meetingAt(t, w.A1, "committee", t0.Add(10*time.Minute), nil)
		e.checkin(t, w, "m-ding", committee.ID, map[string]any{"token": e.token(t, w, committee.ID)}, 404)
		e.do(t, secretary(w.A1), "POST", "/api/v1/my/meetings/"+m.ID+"/checkin", map[string]any{"token": tok}, 403)
		// Before and after the window.
		for _, at := range []time.Time{t0.Add(-21 * time.Minute), t0.Add(31 * time.Minute)} {
			e.clk.Set(at)
			r := e.checkin(t, w, "m-ding", m.ID, map[string]any{"token": tok}, 422)
			if !r.Contains("window_closed") || !r.Contains("签到时间为 3月2日 08:40 至 09:30") {
				t.Errorf("at %s: %s", at, r.Body)
			}
		}
		// A cancelled meeting takes no check-ins.
		e.clk.Set(t0)
		e.do(t, secretary(w.A1), "POST", "/api/v1/meetings/"+committee.ID+"/cancel", map[string]any{"reason": "改期"}, 200)
		e.checkin(t, w, "m-jia", committee.ID, map[string]any{"token": tok}, 409)
		if got := e.attendee(t, m.ID, "m-ding"); got.Status != "absent" || got.CheckedInAt != "" {
			t.Errorf("refused check-ins recorded: %+v", got)
		}
	})
}

func TestRemoteOnlyForOnlineMeetings(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		onSite := e.checkinMeeting(t, w, nil)
		if r := e.checkin(t, w, "m-ding", onSite.ID, map[string]any{"remote": true}, 422); !r.Contains("not_online") {
			t.Errorf("remote at an on-site meeting: %s", r.Body)
		}
		online := e.checkinMeeting(t, w, map[string]any{"online": true})
		var res orglife.CheckinResult
		e.checkin(t, w, "m-ding", online.ID, map[string]any{"remote": true}, 200).JSON(t, &res)
		if res.Status != "remote" || res.Method != "remote" || res.NeedsConfirmation {
			t.Fatalf("remote check-in: %+v", res)
		}
		if _, sum := e.attendeesOf(t, online.ID); sum.Present != 1 || sum.Remote != 1 {
			t.Errorf("summary after a remote check-in: %+v", sum)
		}
	})
}

func TestCheckinWithdrawsLeave(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		m := e.checkinMeeting(t, w, nil)
		e.do(t, member("m-ding", w.A1), "POST", "/api/v1/my/meetings/"+m.ID+"/answer",
			map[string]any{"answer": "leave", "reason": "出差"}, 200)
		e.do(t, secretary(w.A1), "POST", "/api/v1/meetings/"+m.ID+"/leave/m-ding", map[string]any{"approve": true}, 200)
		e.checkin(t, w, "m-ding", m.ID, map[string]any{"token": e.token(t, w, m.ID)}, 200)
		a := e.attendee(t, m.ID, "m-ding")
		if a.Status != "present" || a.LeaveState != "" || a.Answer != "attend" {
			t.Fatalf("on leave, then came: %+v", a)
		}
		if _, sum := e.attendeesOf(t, m.ID); sum.Leave != 0 || sum.Present != 1 {
			t.Errorf("summary %+v", sum)
		}
	})
}
