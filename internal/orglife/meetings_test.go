package orglife_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/orglife"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func TestExpectedAttendeesFollowTheKind(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		cases := []struct {
			kind  string
			extra map[string]any
			want  []string
		}{
			{"member_assembly", nil, []string{"m-bing", "m-ding", "m-jia", "m-wu", "m-yi"}},
			{"committee", nil, []string{"m-jia", "m-yi", "m-bing"}},
			{"group", map[string]any{"group_id": w.G1.ID}, []string{"m-ding", "m-wu"}},
			{"lecture", map[string]any{"cadre_ids": []string{"m-a2"}, "guests": []map[string]string{{"name": "王老师"}}},
				[]string{"m-bing", "m-ding", "m-jia", "m-wu", "m-yi", "m-a2", "guest:1"}},
		}
		for _, c := range cases {
			m := e.meetingAt(t, w.A1, c.kind, t0.Add(48*time.Hour), c.extra)
			list, sum := e.attendeesOf(t, m.ID)
			var got []string
			for _, a := range list {
				got = append(got, a.MemberID)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: attendees %v, want %v", c.kind, got, c.want)
			}
			if c.kind == "member_assembly" && (sum.Expected != 5 || sum.VotersExpected != 4) {
				t.Errorf("assembly summary %+v: want 5 expected, 4 voters (戊 is probationary)", sum)
			}
		}
		// The probationary member is listed without a vote, and says why.
		m := e.meetingAt(t, w.A1, "member_assembly", t0.Add(48*time.Hour), nil)
		list, _ := e.attendeesOf(t, m.ID)
		for _, a := range list {
			if a.MemberID == "m-wu" && (a.HasVote || !strings.Contains(a.VoteNote, "预备党员")) {
				t.Errorf("probationary member: %+v", a)
			}
		}
		// A 党小组会 needs one of the branch's own groups.
		r := e.do(t, secretary(w.A1), "POST", "/api/v1/meetings", map[string]any{"org_id": w.A1.ID, "kind": "group",
			"topic": "x", "starts_at": stamp(t0.Add(time.Hour))}, 422)
		if !r.Contains("请选择党小组") {
			t.Errorf("group without group: %s", r.Body)
		}
		// Meetings are held by branches, and only in scope.
		e.do(t, secretary(w.R), "POST", "/api/v1/meetings", map[string]any{"org_id": w.R.ID, "kind": "committee",
			"topic": "x", "starts_at": stamp(t0.Add(time.Hour))}, 409)
		e.do(t, secretary(w.A2), "POST", "/api/v1/meetings", map[string]any{"org_id": w.A1.ID, "kind": "committee",
			"topic": "x", "starts_at": stamp(t0.Add(time.Hour))}, 404)
	})
}

func TestNoticeLeaveAndReminder(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		m := e.meetingAt(t, w.A1, "committee", t0.Add(72*time.Hour), map[string]any{"topic": "三月工作安排"})
		if got := e.inbox(t, "m-yi"); !slices.Equal(got, []string{"会议通知：支委会：三月工作安排"}) {
			t.Fatalf("notice: %v", got)
		}
		if got := e.inbox(t, "m-ding"); len(got) != 0 {
			t.Fatalf("a non-committee member was told about the 支委会: %v", got)
		}
		// Leave needs a reason; the secretary approves it and the member is told.
		yi := member("m-yi", w.A1)
		e.do(t, yi, "POST", "/api/v1/my/meetings/"+m.ID+"/answer", map[string]any{"answer": "leave"}, 422)
		e.do(t, yi, "POST", "/api/v1/my/meetings/"+m.ID+"/answer", map[string]any{"answer": "leave", "reason": "出差"}, 200)
		var mine orglife.MyMeeting
		e.do(t, yi, "GET", "/api/v1/my/meetings/"+m.ID, nil, 200).JSON(t, &mine)
		if mine.LeaveState != "pending" || mine.LeaveReason != "出差" {
			t.Fatalf("my meeting after asking leave: %+v", mine)
		}
		e.do(t, member("m-ding", w.A1), "POST", "/api/v1/my/meetings/"+m.ID+"/answer", map[string]any{"answer": "attend"}, 404)
		e.do(t, secretary(w.A1), "POST", "/api/v1/meetings/"+m.ID+"/leave/m-yi", map[string]any{"approve": true}, 200)
		if got := e.inbox(t, "m-yi"); !slices.Contains(got, "请假已批准：支委会：三月工作安排") {
			t.Fatalf("leave decision not told: %v", got)
		}
		_, sum := e.attendeesOf(t, m.ID)
		if sum.Leave != 1 || sum.PendingLeave != 0 {
			t.Fatalf("summary after leave: %+v", sum)
		}
		e.meetingAt(t, w.A1, "member_assembly", t0.Add(96*time.Hour), nil)
		var page struct {
			Items []orglife.MeetingSummary `json:"items"`
			Total int                      `json:"total"`
		}
		e.do(t, viewer(w.R), "GET", "/api/v1/meetings?org_id="+w.A1.ID, nil, 200).JSON(t, &page)
		if page.Total != 2 || page.Items[1].ID != m.ID || page.Items[1].Leave != 1 || page.Items[1].Expected != 3 ||
			page.Items[0].Expected != 5 {
			t.Fatalf("list with counts: %+v", page)
		}
		// The day before, everyone not on leave is reminded, once.
		e.clk.Set(t0.Add(48*time.Hour + time.Minute))
		e.drain(t)
		e.drain(t)
		if got := e.inbox(t, "m-jia"); !slices.Contains(got, "明天开会：支委会：三月工作安排") {
			t.Fatalf("no reminder: %v", got)
		}
		if got := e.inbox(t, "m-yi"); slices.Contains(got, "明天开会：支委会：三月工作安排") {
			t.Fatalf("a member on leave was reminded: %v", got)
		}
	})
}

func TestMinutesVotesFinalizeAndCorrections(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		sec := secretary(w.A1)
		m := e.meetingAt(t, w.A1, "member_assembly", t0.Add(time.Hour), nil)
		base := "/api/v1/meetings/" + m.ID
		// 4 voters expected (戊 probationary); exactly half present fails quorum.
		e.do(t, sec, "POST", base+"/attendance", map[string]any{"member_ids": []string{"m-jia", "m-yi", "m-wu"},
			"status": "present", "reason": "现场签到表"}, 200)
		r := e.do(t, sec, "POST", base+"/votes", map[string]any{"subject": "接收张三为预备党员", "kind": "admission",
			"yes": 2}, 422)
		if !r.Contains("quorum_failed") || !r.Contains("支部工作条例") {
			t.Fatalf("quorum refusal: %s", r.Body)
		}
		e.do(t, sec, "POST", base+"/attendance", map[string]any{"member_ids": []string{"m-bing"}, "status": "remote",
			"reason": "线上参会"}, 200)
		// 3 of 4 present; 2 yes is not more than half of the 4 who should attend.
		var v orglife.Vote
		e.do(t, sec, "POST", base+"/votes", map[string]any{"subject": "一般事项", "yes": 2, "no": 1}, 201).JSON(t, &v)
		if v.Passed || v.VotersExpected != 4 || v.VotersPresent != 3 {
			t.Fatalf("vote counted against those present: %+v", v)
		}
		// A written opinion of the absent voter counts for an admission.
		e.do(t, sec, "POST", base+"/votes", map[string]any{"subject": "接收张三为预备党员", "kind": "admission",
			"yes": 2, "no": 1, "written": []map[string]string{{"member_id": "m-ding", "choice": "yes"}}}, 201).JSON(t, &v)
		if !v.Passed || v.WrittenYes != 1 {
			t.Fatalf("admission with a written opinion: %+v", v)
		}
		// Finalizing needs minutes; then the record is locked.
		if r := e.do(t, sec, "POST", base+"/finalize", nil, 409); !r.Contains("会议记录") {
			t.Fatalf("finalize without minutes: %s", r.Body)
		}
		e.clk.Set(t0.Add(2 * time.Hour))
		e.do(t, sec, "PUT", base+"/minutes", map[string]any{"recorder": "乙", "content": "传达学习", "decisions": "同意接收"}, 200)
		e.do(t, sec, "POST", base+"/finalize", nil, 200)
		e.do(t, sec, "PUT", base+"/minutes", map[string]any{"content": "改写"}, 409)
		e.do(t, sec, "POST", base+"/attendance", map[string]any{"member_ids": []string{"m-ding"}, "status": "present",
			"reason": "x"}, 409)
		// A correction is appended with its reason; the original stays.
		e.do(t, sec, "POST", base+"/corrections", map[string]any{"field": "attendance", "member_id": "m-ding",
			"value": "present"}, 422)
		var got orglife.Meeting
		e.do(t, sec, "POST", base+"/corrections", map[string]any{"field": "attendance", "member_id": "m-ding",
			"value": "present", "reason": "签到表漏记"}, 200).JSON(t, &got)
		if got.Minutes.Content != "传达学习" || len(got.Corrections) != 1 || got.Corrections[0].Before != "未到" ||
			got.Corrections[0].After != "到会" || got.Corrections[0].Reason != "签到表漏记" {
			t.Fatalf("after correction: minutes %+v corrections %+v", got.Minutes, got.Corrections)
		}
		if got.State != "finalized" || len(got.Votes) != 2 {
			t.Fatalf("finalized meeting: %+v", got)
		}
		assertEvents(t, d, map[string]int{"meeting.held": 1, "meeting.attended": 4, "meeting.absent": 1,
			"meeting.attendance_corrected": 1})
	})
}

// assertEvents checks how many outbox events of each type were recorded.
func assertEvents(t *testing.T, d *db.DB, want map[string]int) {
	t.Helper()
	for typ, n := range want {
		var got int
		if err := d.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM outbox_events WHERE type = ?", typ).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != n {
			t.Errorf("%s events: %d, want %d", typ, got, n)
		}
	}
}

func TestCadresAttendWithoutVoteOrCountingInExpected(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		m := e.meetingAt(t, w.A1, "member_assembly", t0.Add(time.Hour), map[string]any{"cadre_ids": []string{"m-a2"}})
		_, before := e.attendeesOf(t, m.ID)
		e.do(t, secretary(w.A1), "POST", "/api/v1/meetings/"+m.ID+"/attendees", map[string]any{"member_id": "m-out"}, 200)
		list, after := e.attendeesOf(t, m.ID)
		if before.Expected != 5 || after.Expected != 5 || after.VotersExpected != 4 {
			t.Fatalf("cadres counted in 应到: before %+v after %+v", before, after)
		}
		for _, a := range list {
			if a.Role == "cadre" && (a.HasVote || a.ShouldAttend) {
				t.Errorf("cadre %s: %+v", a.MemberID, a)
			}
		}
	})
}
