package app_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// dispatchAll delivers every outbox event to every subscriber.
func dispatchAll(t *testing.T, a *app.App) {
	t.Helper()
	for range 100 {
		n, err := a.Events.DispatchOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("the outbox never drained")
}

// recordsState is what a member's year looks like to points, the archive
// and the annual card, in one comparable line.
func recordsState(t *testing.T, w *world, member string) string {
	t.Helper()
	officer := w.principal(authz.PartyWorker, "A1")
	var pts struct {
		Total   int
		Entries []struct {
			SourceTitle string `json:"source_title"`
			Points      int
		}
	}
	w.srv.Expect(t, apitest.Member(member, w.ids["A1"], w.paths["A1"]), "GET", "/api/v1/my/points?year=2026", nil,
		http.StatusOK).JSON(t, &pts)
	var lines []string
	for _, e := range pts.Entries {
		lines = append(lines, fmt.Sprintf("%+d %s", e.Points, e.SourceTitle))
	}
	slices.Sort(lines) // same-day lines come in no fixed order
	var arch struct {
		Years []struct {
			Year    int
			Summary struct {
				MeetingsAttended int `json:"meetings_attended"`
				MeetingsAbsent   int `json:"meetings_absent"`
				Points           int
			}
			Items []struct{ Kind, Title, Detail string }
		}
	}
	w.srv.Expect(t, officer, "GET", "/api/v1/members/"+member+"/archive", nil, http.StatusOK).JSON(t, &arch)
	meetingLine := ""
	for _, it := range arch.Years[0].Items {
		if it.Kind == "meeting" {
			meetingLine = it.Title + "|" + it.Detail
		}
	}
	var cards struct {
		Cards []struct {
			MemberID   string `json:"member_id"`
			Points     int
			Attendance struct{ Expected, Attended, Absent int }
		}
	}
	w.srv.Expect(t, officer, "GET", "/api/v1/orgs/"+w.ids["A1"]+"/assessment/cards?year=2026", nil, http.StatusOK).JSON(t, &cards)
	card := ""
	for _, c := range cards.Cards {
		if c.MemberID == member {
			card = fmt.Sprintf("card %d/%d absent %d points %d", c.Attendance.Attended, c.Attendance.Expected,
				c.Attendance.Absent, c.Points)
		}
	}
	s := arch.Years[0].Summary
	return fmt.Sprintf("points %d [%s]; archive %d: attended %d absent %d points %d, %s; %s", pts.Total,
		strings.Join(lines, ", "), arch.Years[0].Year, s.MeetingsAttended, s.MeetingsAbsent, s.Points, meetingLine, card)
}

// TestMeetingFeedsPointsArchiveAndCard follows one meeting through the real
// capabilities: a member missing a finalized meeting loses points, the
// archive shows the absence and the branch's year card counts it; the
// record corrected to present reverses the deduction and awards the
// attendance everywhere; and a full replay of the outbox changes nothing.
func TestMeetingFeedsPointsArchiveAndCard(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildWorld(t, d)
		officer := w.principal(authz.PartyWorker, "A1")
		w.srv.As(officer)
		meeting := w.ourMeeting // a 支部党员大会 called for 2026-11-23 10:00
		w.a.Cfg.Clock.(*clock.Fake).Advance(2 * 24 * time.Hour)
		w.srv.Expect(t, officer, "POST", "/api/v1/meetings/"+meeting+"/attendance", map[string]any{
			"member_ids": []string{w.ourMember}, "status": "absent", "reason": "未到会"}, http.StatusOK)
		w.srv.Expect(t, officer, "PUT", "/api/v1/meetings/"+meeting+"/minutes", map[string]any{"content": "学习讨论。"}, http.StatusOK)
		w.srv.Expect(t, officer, "POST", "/api/v1/meetings/"+meeting+"/finalize", map[string]any{}, http.StatusOK)
		dispatchAll(t, w.a)
		absent := recordsState(t, w, w.ourMember)
		// (+1 is the world's 2026-11 dues, paid on time.)
		want := "points -1 [+1 按时缴纳 2026-11 党费, -2 支部党员大会：会议A1]; archive 2026: attended 0 absent 1 points -1, " +
			"支部党员大会：会议A1|缺席; card 0/1 absent 1 points -1"
		if absent != want {
			t.Errorf("after the absence:\n got %s\nwant %s", absent, want)
		}

		w.srv.Expect(t, officer, "POST", "/api/v1/meetings/"+meeting+"/corrections", map[string]any{"field": "attendance",
			"member_id": w.ourMember, "value": "present", "reason": "签到漏记"}, http.StatusOK)
		dispatchAll(t, w.a)
		corrected := recordsState(t, w, w.ourMember)
		// The deduction reversed (+2) and the attendance awarded (+2).
		want = "points 3 [+1 按时缴纳 2026-11 党费, +2 支部党员大会：会议A1, +2 支部党员大会：会议A1, -2 支部党员大会：会议A1]; " +
			"archive 2026: attended 1 absent 0 points 3, 支部党员大会：会议A1|出席；更正：缺席→出席（签到漏记）; card 1/1 absent 0 points 3"
		if corrected != want {
			t.Errorf("after the correction:\n got %s\nwant %s", corrected, want)
		}

		if _, err := d.ExecContext(context.Background(), "UPDATE outbox_cursors SET last_seq = 0"); err != nil {
			t.Fatal(err)
		}
		dispatchAll(t, w.a)
		if replayed := recordsState(t, w, w.ourMember); replayed != corrected {
			t.Errorf("a full replay of the outbox changed the records:\n got %s\nwant %s", replayed, corrected)
		}
	})
}
