package appraisal_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"dangjian/internal/appraisal"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/timeline"
)

// TestAppraisalFlow runs a round from opening to handling: members write,
// comment and rate; the committee closes the rating, proposes grades under
// the cap and confirms them at a 支部党员大会; grades go to the outbox once
// per participant; 不合格 members get handling records whose measures
// follow their status.
func TestAppraisalFlow(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a1, ms := e.branch("第一支部", "a", 9, true) // a-09 is probationary
		mgr := worker(a1)

		// Opening: once per branch and year, at a branch, for a past or the current year.
		rd := e.open(t, a1)
		if rd.Stage != "open" || rd.ParticipantCount != 9 || len(rd.Participants) != 9 || rd.Year != 2026 ||
			rd.OrgName != "第一支部" || rd.ExcellentCap != "1/3" || rd.ExcellentMax != 3 || !rd.CanManage ||
			rd.Participants[8].Status != "probationary" || rd.Participants[8].StatusLabel != "预备党员" {
			t.Fatalf("opened: %+v", rd)
		}
		base := "/api/v1/appraisals/" + rd.ID
		r := e.do(t, mgr, "POST", "/api/v1/orgs/"+a1.ID+"/appraisals", map[string]int{"year": 2026}, 409)
		if !r.Contains("appraisal_exists") || !r.Contains("每个支部每年开展一次") {
			t.Errorf("second round: %s", r.Body)
		}
		e.do(t, mgr, "POST", "/api/v1/orgs/"+a1.ID+"/appraisals", map[string]int{"year": 2027}, 422)
		r = e.do(t, worker(e.root), "POST", "/api/v1/orgs/"+e.root.ID+"/appraisals", map[string]int{"year": 2026}, 422)
		if !r.Contains("not_branch") {
			t.Errorf("round at a committee: %s", r.Body)
		}
		var byYear appraisal.Round
		e.do(t, mgr, "GET", "/api/v1/orgs/"+a1.ID+"/appraisals/2026", nil, 200).JSON(t, &byYear)
		if byYear.ID != rd.ID {
			t.Errorf("by year: %+v", byYear.Summary)
		}
		e.do(t, mgr, "GET", "/api/v1/orgs/"+a1.ID+"/appraisals/2025", nil, 404)

		// Members on their phones.
		m1, m2, m3 := member(ms[0], a1), member(ms[1], a1), member(ms[2], a1)
		my := e.mine(t, m1, rd.ID)
		if !my.Open || len(my.Colleagues) != 8 || my.Rated || my.Grade != "" || my.OrgName != "第一支部" {
			t.Fatalf("my round: %+v", my)
		}
		e.do(t, m1, "PUT", "/api/v1/my/appraisals/"+rd.ID+"/self", map[string]string{"text": strings.Repeat("学", 2001)}, 422)
		e.do(t, m1, "PUT", "/api/v1/my/appraisals/"+rd.ID+"/self", map[string]string{"text": "  "}, 422)
		e.do(t, m1, "PUT", "/api/v1/my/appraisals/"+rd.ID+"/self", map[string]string{"text": "初稿"}, 200)
		r = e.do(t, m1, "PUT", "/api/v1/my/appraisals/"+rd.ID+"/self", map[string]string{"text": strings.Repeat("学", 2000)}, 200)
		r.JSON(t, &my)
		if my.SelfAssessment != strings.Repeat("学", 2000) || my.SelfUpdatedAt == "" {
			t.Errorf("self-assessment not saved: %d runes", len([]rune(my.SelfAssessment)))
		}
		peer := "/api/v1/my/appraisals/" + rd.ID + "/peers/"
		e.do(t, m1, "PUT", peer+ms[1], map[string]string{"comment": "工作认真"}, 200)
		e.do(t, m1, "PUT", peer+ms[1], map[string]string{"comment": "工作认真，乐于助人"}, 200).JSON(t, &my)
		if my.Colleagues[0].MemberID != ms[1] || my.Colleagues[0].MyComment != "工作认真，乐于助人" {
			t.Errorf("my comment: %+v", my.Colleagues[0])
		}
		e.do(t, m1, "PUT", peer+ms[0], map[string]string{"comment": "自评"}, 422)
		e.do(t, m1, "PUT", peer+"nobody", map[string]string{"comment": "x"}, 422)
		e.do(t, m3, "PUT", peer+ms[1], map[string]string{"comment": "学习不够主动"}, 200)

		rate := "/api/v1/my/appraisals/" + rd.ID + "/ratings"
		e.do(t, m1, "POST", rate, map[string]any{"grades": map[string]string{ms[0]: "excellent"}}, 422)
		e.do(t, m1, "POST", rate, map[string]any{"grades": map[string]string{ms[1]: "best"}}, 422)
		e.do(t, m1, "POST", rate, map[string]any{"grades": map[string]string{}}, 422)
		ballot1 := grades(ms[1:], "qualified", map[string]string{ms[1]: "excellent", ms[2]: "excellent", ms[7]: "unqualified"})
		e.do(t, m1, "POST", rate, map[string]any{"grades": ballot1}, 201).JSON(t, &my)
		if !my.Rated {
			t.Errorf("rated flag: %+v", my)
		}
		r = e.do(t, m1, "POST", rate, map[string]any{"grades": map[string]string{ms[3]: "excellent"}}, 409)
		if !r.Contains("already_rated") {
			t.Errorf("second rating: %s", r.Body)
		}
		e.do(t, m2, "POST", rate, map[string]any{"grades": map[string]string{ms[0]: "excellent", ms[2]: "qualified", ms[7]: "unqualified"}}, 201)
		e.do(t, m3, "POST", rate, map[string]any{"grades": map[string]string{ms[0]: "excellent", ms[1]: "basically_qualified"}}, 201)

		// The committee sees who wrote and rated, the comments, but no tally while rating is open.
		view := e.round(t, a1, rd.ID)
		if view.TallyVisible || view.Participants[0].Tally != nil || view.RatedCount != 3 || view.SelfAssessed != 1 ||
			view.PeerReviewCount != 2 || !view.Participants[0].SelfAssessed || !view.Participants[2].Rated || view.Participants[3].Rated {
			t.Fatalf("open round view: %+v", view)
		}
		if prs := view.Participants[1].PeerReviews; len(prs) != 2 || prs[0].AuthorID != ms[0] ||
			prs[0].Comment != "工作认真，乐于助人" || prs[0].AuthorName != "党员"+ms[0] {
			t.Errorf("peer reviews of %s: %+v", ms[1], prs)
		}

		// Closing the rating ends every member write.
		e.do(t, member(ms[3], a1), "GET", "/api/v1/my/appraisals/"+rd.ID, nil, 200)
		e.do(t, mgr, "POST", base+"/close-rating", nil, 200).JSON(t, &view)
		if view.Stage != "rating_closed" || view.RatingClosedAt == "" || !view.TallyVisible {
			t.Fatalf("closed: %+v", view)
		}
		e.do(t, mgr, "POST", base+"/close-rating", nil, 409)
		r = e.do(t, member(ms[3], a1), "POST", rate, map[string]any{"grades": map[string]string{ms[0]: "qualified"}}, 409)
		if !r.Contains("rating_closed") {
			t.Errorf("late rating: %s", r.Body)
		}
		e.do(t, m1, "PUT", "/api/v1/my/appraisals/"+rd.ID+"/self", map[string]string{"text": "改"}, 409)
		e.do(t, m1, "PUT", peer+ms[1], map[string]string{"comment": "改"}, 409)
		want := map[string]map[string]int{
			ms[0]: {"excellent": 2, "qualified": 0, "basically_qualified": 0, "unqualified": 0},
			ms[1]: {"excellent": 1, "qualified": 0, "basically_qualified": 1, "unqualified": 0},
			ms[3]: {"excellent": 0, "qualified": 1, "basically_qualified": 0, "unqualified": 0},
			ms[7]: {"excellent": 0, "qualified": 0, "basically_qualified": 0, "unqualified": 2},
		}
		for i, p := range view.Participants {
			if w, ok := want[p.MemberID]; ok && !reflect.DeepEqual(p.Tally, w) {
				t.Errorf("tally of participant %d: %v, want %v", i, p.Tally, w)
			}
		}

		// Proposal: everyone graded, 优秀 under one third (9 → 3).
		prop := base + "/proposal"
		r = e.do(t, mgr, "PUT", prop, map[string]any{"grades": map[string]string{ms[0]: "excellent"}}, 422)
		if !r.Contains("grades." + ms[1]) {
			t.Errorf("missing grades: %s", r.Body)
		}
		four := grades(ms, "qualified", map[string]string{ms[0]: "excellent", ms[1]: "excellent", ms[2]: "excellent", ms[3]: "excellent"})
		r = e.do(t, mgr, "PUT", prop, map[string]any{"grades": four}, 422)
		if !r.Contains("excellent_cap_exceeded") || !r.Contains("优秀等次一般不超过参评党员的三分之一") ||
			!r.Contains("本次参评党员 9 人，优秀最多 3 人，现拟定 4 人") {
			t.Errorf("over the cap: %s", r.Body)
		}
		final := grades(ms, "qualified", map[string]string{ms[0]: "excellent", ms[1]: "excellent", ms[2]: "excellent",
			ms[6]: "basically_qualified", ms[7]: "unqualified", ms[8]: "unqualified"})
		withStranger := grades(ms, "qualified", map[string]string{"stranger": "qualified"})
		e.do(t, mgr, "PUT", prop, map[string]any{"grades": withStranger}, 422)
		e.do(t, mgr, "PUT", prop, map[string]any{"grades": grades(ms, "qualified", nil)}, 200)
		e.do(t, mgr, "PUT", prop, map[string]any{"grades": final}, 200).JSON(t, &view)
		if view.Stage != "proposed" || view.Participants[0].ProposedGradeLabel != "优秀" || view.Participants[0].FinalGrade != "" {
			t.Fatalf("proposed: %+v", view)
		}
		if my = e.mine(t, m1, rd.ID); my.Grade != "" || my.Open {
			t.Errorf("member sees a grade before confirmation: %+v", my)
		}

		// Confirmation needs a 支部党员大会 of this branch that has begun.
		a2, _ := e.branch("第二支部", "b", 1, false)
		conf := base + "/confirm"
		for _, id := range []string{e.meeting(a2, "member_assembly", t0.Add(-time.Hour)),
			e.meeting(a1, "committee", t0.Add(-time.Hour)), "unknown", ""} {
			r = e.do(t, mgr, "POST", conf, map[string]string{"meeting_id": id}, 422)
			if !r.Contains("meeting_id") {
				t.Errorf("meeting %q: %s", id, r.Body)
			}
		}
		r = e.do(t, mgr, "POST", conf, map[string]string{"meeting_id": e.meeting(a1, "member_assembly", t0.Add(48*time.Hour))}, 422)
		if !r.Contains("not_held") {
			t.Errorf("future assembly: %s", r.Body)
		}
		if n := countRows(t, d, "SELECT COUNT(*) FROM outbox_events"); n != 0 {
			t.Fatalf("events before confirmation: %d", n)
		}
		assembly := e.meeting(a1, "member_assembly", t0.Add(-2*time.Hour))
		e.clk.Advance(time.Minute)
		e.do(t, mgr, "POST", conf, map[string]string{"meeting_id": assembly}, 200).JSON(t, &view)
		if view.Stage != "confirmed" || view.Meeting == nil || view.Meeting.ID != assembly || view.ConfirmedAt == "" ||
			view.Participants[7].FinalGrade != "unqualified" || len(view.Handlings) != 2 {
			t.Fatalf("confirmed: %+v", view)
		}
		e.do(t, mgr, "POST", conf, map[string]string{"meeting_id": assembly}, 409)
		r = e.do(t, mgr, "PUT", prop, map[string]any{"grades": final}, 409)
		if !r.Contains("round_confirmed") {
			t.Errorf("proposal after confirmation: %s", r.Body)
		}
		checkGradedEvents(t, d, rd.ID, a1, final)
		if my = e.mine(t, m1, rd.ID); my.Grade != "excellent" || my.GradeLabel != "优秀" {
			t.Errorf("my grade: %+v", my)
		}
		if my = e.mine(t, member(ms[8], a1), rd.ID); my.Grade != "unqualified" {
			t.Errorf("probationary member's grade: %+v", my)
		}

		checkHandlings(t, e, a1, rd.ID, view.Handlings, ms)

		var hist struct{ Items []timeline.Event }
		e.do(t, viewer(a1), "GET", base+"/history", nil, 200).JSON(t, &hist)
		var kinds []string
		for _, h := range hist.Items {
			kinds = append(kinds, h.Kind)
		}
		if strings.Join(kinds, ",") != "handling_closed,handling_decided,handling_decided,confirmed,reproposed,proposed,rating_closed,opened" ||
			hist.Items[0].ActorName != "组织委员" {
			t.Errorf("history: %v", kinds)
		}
		var list struct{ Items []appraisal.Summary }
		e.do(t, viewer(a1), "GET", "/api/v1/orgs/"+a1.ID+"/appraisals", nil, 200).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].Stage != "confirmed" || list.Items[0].RatedCount != 3 || list.Items[0].ParticipantCount != 9 {
			t.Errorf("list: %+v", list)
		}
		checkAudited(t, d)
	})
}

// checkGradedEvents: one appraisal.graded per participant, with the grade
// and the branch's path.
func checkGradedEvents(t *testing.T, d *db.DB, roundID string, b appraisal.OrgRef, final map[string]string) {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), "SELECT type, subject_id, org_path, payload FROM outbox_events")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var typ, subject, path, payload string
		if err := rows.Scan(&typ, &subject, &path, &payload); err != nil {
			t.Fatal(err)
		}
		var p struct {
			AppraisalID string `json:"appraisal_id"`
			OrgID       string `json:"org_id"`
			Year        int
			Grade       string
			GradeLabel  string `json:"grade_label"`
			MemberName  string `json:"member_name"`
		}
		if err := json.Unmarshal([]byte(payload), &p); err != nil {
			t.Fatal(err)
		}
		if typ != appraisal.GradedEvent || path != b.Path || seen[subject] || p.AppraisalID != roundID || p.OrgID != b.ID ||
			p.Year != 2026 || p.Grade != final[subject] || p.GradeLabel == "" || p.MemberName != "党员"+subject {
			t.Errorf("event %s %s %s %s", typ, subject, path, payload)
		}
		seen[subject] = true
	}
	if len(seen) != len(final) {
		t.Errorf("events for %d participants, want %d", len(seen), len(final))
	}
}

// checkHandlings: a full member is rectified (a year by default), a
// probationary member cannot be expelled but has probation extended.
func checkHandlings(t *testing.T, e *env, b appraisal.OrgRef, roundID string, hs []appraisal.Handling, ms []string) {
	t.Helper()
	mgr := worker(b)
	full, prob := hs[0], hs[1]
	if full.MemberID != ms[7] || full.Status != "full" || full.State != "pending" || len(full.MeasureOptions) != 3 ||
		prob.MemberID != ms[8] || prob.Status != "probationary" || len(prob.MeasureOptions) != 2 {
		t.Fatalf("handlings: %+v", hs)
	}
	url := func(h appraisal.Handling) string { return "/api/v1/appraisals/" + roundID + "/handlings/" + h.ID }
	r := e.do(t, mgr, "PUT", url(prob), map[string]string{"measure": "expel"}, 422)
	if !r.Contains("probationary") || !r.Contains("应延长预备期或取消预备党员资格") {
		t.Errorf("expelling a probationary member: %s", r.Body)
	}
	e.do(t, mgr, "PUT", url(prob), map[string]string{"measure": "rectify"}, 422)
	r = e.do(t, mgr, "PUT", url(full), map[string]string{"measure": "extend_probation"}, 422)
	if !r.Contains("只适用于预备党员") {
		t.Errorf("extending a full member's probation: %s", r.Body)
	}
	e.do(t, mgr, "PUT", url(full), map[string]string{"measure": "expel", "deadline": "2027-06-30"}, 422)
	e.do(t, mgr, "PUT", url(full), map[string]string{"measure": "rectify", "deadline": "2026-11-01"}, 422)
	r = e.do(t, mgr, "POST", url(prob)+"/close", map[string]string{"outcome": "x"}, 409)
	if !r.Contains("measure_missing") {
		t.Errorf("closing before deciding: %s", r.Body)
	}

	var h appraisal.Handling
	e.do(t, mgr, "PUT", url(full), map[string]string{"measure": "rectify", "note": "支部书记谈话提醒"}, 200).JSON(t, &h)
	if h.Measure != "rectify" || h.MeasureLabel != "限期改正" || h.Deadline != "2027-11-20" || h.State != "in_progress" {
		t.Errorf("rectify: %+v", h)
	}
	e.do(t, mgr, "PUT", url(prob), map[string]string{"measure": "extend_probation", "deadline": "2027-09-30"}, 200).JSON(t, &h)
	if h.MeasureLabel != "延长预备期" || h.Deadline != "2027-09-30" {
		t.Errorf("extend probation: %+v", h)
	}
	e.do(t, mgr, "POST", url(full)+"/close", map[string]string{"outcome": ""}, 422)
	e.do(t, mgr, "POST", url(full)+"/close", map[string]string{"outcome": "已按期改正"}, 200).JSON(t, &h)
	if h.State != "closed" || h.Outcome != "已按期改正" || h.ClosedAt == "" {
		t.Errorf("closed: %+v", h)
	}
	e.do(t, mgr, "PUT", url(full), map[string]string{"measure": "expel"}, 409)
	e.do(t, mgr, "PUT", "/api/v1/appraisals/"+roundID+"/handlings/unknown", map[string]string{"measure": "expel"}, 404)
}

// checkAudited: every committee and member write left an audit entry.
func checkAudited(t *testing.T, d *db.DB) {
	t.Helper()
	count := map[string]int{}
	for _, a := range auditActions(t, d) {
		count[a]++
	}
	want := map[string]int{"appraisal.opened": 1, "appraisal.self_assessed": 2, "appraisal.peer_reviewed": 3,
		"appraisal.rated": 3, "appraisal.rating_closed": 1, "appraisal.proposed": 1, "appraisal.reproposed": 1,
		"appraisal.confirmed": 1, "appraisal.handling_decided": 2, "appraisal.handling_closed": 1}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("audit actions: %v, want %v", count, want)
	}
}

func countRows(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
