package orglife_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/orglife"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// The meeting room, and a member's position 200 m north of it (one degree
// of latitude is 111 195 m). The member's longitude is distinctive so the
// scan for stored coordinates finds it if anything kept it.
const (
	roomLat, roomLng = 39.9087, 116.3975
	nearLat, nearLng = 39.9105, 116.397512
	farLat           = 39.9161 // 823 m north
)

func TestGeofence(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		e.settings(t, w, map[string]any{"checkin.location": "on"})
		m := e.checkinMeeting(t, w, map[string]any{"lat": roomLat, "lng": roomLng, "radius_m": 300, "geofence": true})
		tok := e.token(t, w, m.ID)
		e.do(t, member("m-ding", w.A1), "PUT", "/api/v1/my/consents", map[string]any{"location": true}, 200)

		// Inside: present, with the distance.
		var res orglife.CheckinResult
		e.checkin(t, w, "m-ding", m.ID, map[string]any{"token": tok, "lat": nearLat, "lng": nearLng}, 200).JSON(t, &res)
		if res.Status != "present" || res.Geo != "in" || res.DistanceM == nil || *res.DistanceM != 200 {
			t.Fatalf("inside the fence: %+v", res)
		}
		// Outside: refused with the distance, nothing recorded.
		e.do(t, member("m-jia", w.A1), "PUT", "/api/v1/my/consents", map[string]any{"location": true}, 200)
		r := e.checkin(t, w, "m-jia", m.ID, map[string]any{"token": tok, "lat": farLat, "lng": roomLng}, 422)
		if !r.Contains("outside_fence") || !r.Contains("您距会场约 823 米，超出 300 米签到范围") {
			t.Fatalf("outside the fence: %s", r.Body)
		}
		if a := e.attendee(t, m.ID, "m-jia"); a.Status != "absent" || a.CheckedInAt != "" || a.DistanceM != nil || a.Geo != "" {
			t.Fatalf("a refused check-in was recorded: %+v", a)
		}
		// Without consent the coordinates are not used: the scan waits for
		// the secretary and is not counted meanwhile.
		e.checkin(t, w, "m-yi", m.ID, map[string]any{"token": tok, "lat": nearLat, "lng": nearLng}, 200).JSON(t, &res)
		if res.Status != "absent" || !res.NeedsConfirmation || res.Geo != "refused" || res.DistanceM != nil || res.Method != "qr" {
			t.Fatalf("no consent: %+v", res)
		}
		// Refusing the location at the moment of check-in is the same.
		e.checkin(t, w, "m-jia", m.ID, map[string]any{"token": tok, "location_refused": true}, 200).JSON(t, &res)
		if !res.NeedsConfirmation || res.Status != "absent" {
			t.Fatalf("location refused: %+v", res)
		}
		_, sum := e.attendeesOf(t, m.ID)
		if sum.Present != 1 || sum.PendingConfirmation != 2 {
			t.Fatalf("pending check-ins counted: %+v", sum)
		}
		// With the location after all, the pending check-in becomes present.
		e.checkin(t, w, "m-jia", m.ID, map[string]any{"token": tok, "lat": nearLat, "lng": nearLng}, 200).JSON(t, &res)
		if res.Status != "present" || res.NeedsConfirmation || res.Geo != "in" {
			t.Fatalf("pending, then with location: %+v", res)
		}
		// The record cannot be finalized while a check-in waits.
		base := "/api/v1/meetings/" + m.ID
		sec := secretary(w.A1)
		e.clk.Set(t0.Add(time.Hour))
		e.do(t, sec, "PUT", base+"/minutes", map[string]any{"content": "学习"}, 200)
		if r := e.do(t, sec, "POST", base+"/finalize", nil, 409); !r.Contains("签到待确认：乙") {
			t.Fatalf("finalize with a pending check-in: %s", r.Body)
		}
		e.do(t, sec, "POST", base+"/attendance", map[string]any{"member_ids": []string{"m-yi"}, "status": "present",
			"reason": "现场确认"}, 200)
		a := e.attendee(t, m.ID, "m-yi")
		if a.Status != "present" || a.Method != "qr_confirmed" || a.NeedsConfirmation || a.CheckedInAt != stamp(t0) {
			t.Fatalf("confirmed: %+v", a)
		}
		assertNoCoordinates(t, d)

		// Withdrawing the location consent clears the distances.
		e.do(t, member("m-ding", w.A1), "PUT", "/api/v1/my/consents", map[string]any{"location": false}, 200)
		if a := e.attendee(t, m.ID, "m-ding"); a.DistanceM != nil || a.Geo != "" || a.Status != "present" {
			t.Fatalf("after withdrawing the location consent: %+v", a)
		}
		if a := e.attendee(t, m.ID, "m-jia"); a.DistanceM == nil {
			t.Errorf("another member's distance was cleared: %+v", a)
		}
	})
}

// assertNoCoordinates scans every column of the tables a check-in writes
// for the member's coordinates.
func assertNoCoordinates(t *testing.T, d *db.DB) {
	t.Helper()
	for _, table := range []string{"meeting_attendees", "meeting_events", "audit_log", "checkin_photos", "orglife_consents"} {
		rows, err := d.QueryContext(t.Context(), "SELECT * FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				text := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					text = string(b)
				}
				if strings.Contains(text, "39.9105") || strings.Contains(text, "116.397512") {
					t.Errorf("%s.%s keeps a coordinate: %s", table, cols[i], text)
				}
			}
		}
		rows.Close()
	}
}
