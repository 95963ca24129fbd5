package orglife_test

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"time"

	"dangjian/internal/orglife"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// TestLoadDemo loads the demo record on 2 March 2026 (t0): the six months
// September to February, for branch A1 (committee 甲 乙 丙; 丁, 戊) and A2
// (己 alone, no committee, so no 支委会).
func TestLoadDemo(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		if err := e.s.LoadDemo(context.Background(), []string{w.A1.ID, w.A2.ID}); err != nil {
			t.Fatal(err)
		}
		kinds := func(org orglife.OrgRef) map[string]int {
			out := map[string]int{}
			rows, err := d.QueryContext(t.Context(), "SELECT kind, COUNT(*) FROM meetings WHERE org_id = ? AND state = ? GROUP BY kind",
				org.ID, orglife.StateFinalized)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var k string
				var n int
				if err := rows.Scan(&k, &n); err != nil {
					t.Fatal(err)
				}
				out[k] = n
			}
			return out
		}
		if got := kinds(w.A1); !maps.Equal(got, map[string]int{"committee": 6, "theme_day": 6, "member_assembly": 2, "lecture": 2}) {
			t.Errorf("A1 finalized meetings by kind: %v", got)
		}
		if got := kinds(w.A2); !maps.Equal(got, map[string]int{"theme_day": 6, "member_assembly": 2, "lecture": 2}) {
			t.Errorf("A2 finalized meetings by kind (no committee, no 支委会): %v", got)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM meetings WHERE state <> ?", orglife.StateFinalized); n != 0 {
			t.Errorf("%d demo meetings left unfinalized", n)
		}
		// Everything lies before this month, and this quarter's 支部党员大会 is still to be held.
		march := time.Date(2026, 3, 1, 0, 0, 0, 0, clock.Shanghai).UnixMilli()
		q1 := time.Date(2026, 1, 1, 0, 0, 0, 0, clock.Shanghai).UnixMilli()
		if n := count(t, d, "SELECT COUNT(*) FROM meetings WHERE starts_at >= ? OR (kind = ? AND starts_at >= ?)",
			march, "member_assembly", q1); n != 0 {
			t.Errorf("%d demo meetings in this month, or 支部党员大会 in this quarter", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM meeting_period_counts WHERE org_id = ? AND period_key = ? AND committee = 1 AND theme_day = 1",
			w.A1.ID, "2026-02"); n != 1 {
			t.Errorf("A1's February 2026 counts: %d rows with one 支委会 and one 主题党日", n)
		}
		// Per member: A1's 5 at 10 meetings and its 3 officers at 6 支委会, A2's one member at 10.
		// 戊 (A1) and 己 (A2) are the habitual absentees: they miss October,
		// December and February.
		assertEvents(t, d, map[string]int{"meeting.held": 26, "meeting.attended": 57 + 4, "meeting.leave": 4,
			"meeting.absent": 7 + 6, "meeting.attendance_corrected": 2})
		// Leave went through the member's request and its approval.
		if n := count(t, d, "SELECT COUNT(*) FROM meeting_attendees WHERE status = ? AND leave_state = ? AND leave_reason <> ''",
			"leave", "approved"); n != 4 {
			t.Errorf("%d approved leaves with a reason, want 4", n)
		}
		if got := e.inbox(t, "m-jia"); len(got) != 2 || got[0] != "请假已批准：主题党日：庆祝新中国成立，弘扬爱国主义精神" {
			t.Errorf("甲's inbox: %v (no meeting notices, two leave decisions)", got)
		}
		assertDemoCorrections(t, d, e, w)
		if n := count(t, d, "SELECT COUNT(*) FROM meeting_events WHERE actor_name <> ?", "演示数据"); n != 0 {
			t.Errorf("%d history lines not by 演示数据", n)
		}
	})
}

// assertDemoCorrections checks each branch's last absence (the 主题党日 of
// February: 戊 in A1, 己 in A2) was corrected to present, with its event.
func assertDemoCorrections(t *testing.T, d *db.DB, e *env, w world) {
	t.Helper()
	rows, err := d.QueryContext(t.Context(), "SELECT payload FROM outbox_events WHERE type = ? ORDER BY subject_id",
		orglife.EventCorrected)
	if err != nil {
		t.Fatal(err)
	}
	var got []orglife.AttendancePayload
	for rows.Next() {
		var raw string
		var p orglife.AttendancePayload
		if err := rows.Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			t.Fatal(err)
		}
		got = append(got, p)
	}
	rows.Close()
	want := []struct{ member, org string }{{"m-a2", w.A2.ID}, {"m-wu", w.A1.ID}}
	if len(got) != len(want) {
		t.Fatalf("corrections: %+v", got)
	}
	for i, p := range got {
		if p.MemberID != want[i].member || p.OrgID != want[i].org || p.Previous != "absent" || p.Status != "present" ||
			p.Kind != "theme_day" || p.Reason == "" || p.StartsAt[:7] != "2026-02" {
			t.Errorf("correction %d: %+v", i, p)
		}
		v, err := e.s.View(context.Background(), p.MeetingID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Corrections) != 1 || v.Corrections[0].Before != "未到" || v.Corrections[0].After != "到会" {
			t.Errorf("corrections shown with the record: %+v", v.Corrections)
		}
	}
}

// TestDemoPlanFollowsToday: in December the record is the year's eleven
// months; in January it reaches back to last July.
func TestDemoPlanFollowsToday(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		for _, c := range []struct {
			today    time.Time
			meetings int
			first    string
			last     string
		}{
			{time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC), 11 + 11 + 3 + 3, "2026-01", "2026-11"},
			{time.Date(2027, 1, 10, 12, 0, 0, 0, time.UTC), 6 + 6 + 2 + 2, "2026-07", "2026-12"},
		} {
			e := newEnv(t, d)
			e.clk.Set(c.today)
			o := e.mkOrg(nil, "branch", "支部"+c.first)
			for _, id := range []string{"a", "b", "c"} {
				e.person(c.first+id, "党员"+id, o, "")
			}
			e.dir.committee[o.ID] = []string{c.first + "a"}
			if err := e.s.LoadDemo(context.Background(), []string{o.ID}); err != nil {
				t.Fatal(err)
			}
			var starts []int64
			rows, err := d.QueryContext(t.Context(), "SELECT starts_at FROM meetings WHERE org_id = ? AND state = ? ORDER BY starts_at",
				o.ID, orglife.StateFinalized)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var ms int64
				if err := rows.Scan(&ms); err != nil {
					t.Fatal(err)
				}
				starts = append(starts, ms)
			}
			rows.Close()
			months := []string{}
			for _, ms := range starts {
				months = append(months, time.UnixMilli(ms).In(clock.Shanghai).Format("2006-01"))
				if wd := time.UnixMilli(ms).In(clock.Shanghai).Weekday(); wd == time.Saturday || wd == time.Sunday {
					t.Errorf("a demo meeting on a %s", wd)
				}
			}
			if len(starts) != c.meetings || len(months) == 0 || months[0] != c.first || slices.Max(months) != c.last {
				t.Errorf("today %s: %d meetings in months %v, want %d from %s to %s", c.today, len(starts),
					months, c.meetings, c.first, c.last)
			}
		}
	})
}
