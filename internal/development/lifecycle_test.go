package development_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestAdmissionAndFullMembership(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "张三", "20000115", 11, applied)
		e.upTo(t, f.ID, 16)
		if len(e.dir.people) != 0 {
			t.Fatal("a member was created before the approval")
		}
		e.upTo(t, f.ID, 17)
		got := e.get(t, f.ID)
		m := e.dir.member(got.MemberID)
		if got.State != "admitted" || got.JoinedOn != "2025-04-01" || got.ProbationEnd != "2026-04-01" {
			t.Errorf("admitted file: state %q joined %q probation end %q", got.State, got.JoinedOn, got.ProbationEnd)
		}
		if m.Status != "probationary" || m.JoinedOn != "2025-04-01" || m.OrgID != e.w.A.ID || m.Name != "张三" {
			t.Errorf("member %+v", m)
		}
		if p := e.dir.people[got.MemberID]; p.IDNumber != idNumber("20000115", 11) || p.Phone != "13912345678" || p.Education != "bachelor" {
			t.Errorf("the register got %+v", p)
		}
		if ev := e.events(t, "development.admitted"); len(ev) != 1 || !strings.Contains(ev[0], `"member_id":"`+got.MemberID+`"`) {
			t.Errorf("admitted events %q", ev)
		}
		for _, org := range []string{e.w.R.ID, e.w.A.ID} {
			if n := e.count(t, "SELECT n FROM dev_admitted WHERE org_id = ? AND year = 2025", org); n != 1 {
				t.Errorf("admitted in 2025 at %s: %d", org, n)
			}
		}
		e.upTo(t, f.ID, 20)
		if !slices.Contains(e.dir.notes, got.MemberID+" development 2025-05-07 入党宣誓") {
			t.Errorf("the oath is not in the member's history: %q", e.dir.notes)
		}
		e.upTo(t, f.ID, 24) // approved 2026-04-20, probation ended 2026-04-01
		got = e.get(t, f.ID)
		if m := e.dir.member(got.MemberID); m.Status != "full" || m.FullMemberOn != "2026-04-01" {
			t.Errorf("after 转正 the member is %+v, want full from the probation end 2026-04-01", m)
		}
		if got.State != "full" || got.NextDue != "" || len(got.Next) != 1 || got.Next[0].No != 25 {
			t.Errorf("full file: state %q next due %q next %+v", got.State, got.NextDue, got.Next)
		}
		if ev := e.events(t, "development.became_full"); len(ev) != 1 || !strings.Contains(ev[0], `"full_member_on":"2026-04-01"`) {
			t.Errorf("became_full events %q", ev)
		}
		if n := e.count(t, "SELECT COALESCE(SUM(n), 0) FROM dev_stage_counts WHERE org_id = ?", e.w.R.ID); n != 0 {
			t.Errorf("a full member still counts in the pipeline: %d", n)
		}
		e.upTo(t, f.ID, 25)
	})
}

// failedVote is step 15 on its date with 2 yes of 4 (half is not a majority).
func failedVote() map[string]any { return with(15, timeline[15], map[string]any{"vote": vote(2)}) }

func TestFailedVoteIsRecordedAndHeldAgain(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "张三", "20000115", 11, applied)
		e.upTo(t, f.ID, 14)
		var got struct {
			LastStep int      `json:"last_step"`
			Warnings []string `json:"warnings"`
			Steps    []struct {
				No     int
				Failed bool
				Vote   struct{ Outcome struct{ Passed bool } }
			}
		}
		e.do(t, e.upper(), "POST", stepPath(f.ID), failedVote(), http.StatusOK).JSON(t, &got)
		last := got.Steps[len(got.Steps)-1]
		if got.LastStep != 14 || last.No != 15 || !last.Failed || last.Vote.Outcome.Passed {
			t.Errorf("after a failed vote: last step %d, step %+v", got.LastStep, last)
		}
		if len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "表决未通过") {
			t.Errorf("warnings %q", got.Warnings)
		}
		if msg := e.refused(t, f.ID, body(16, "2025-04-15"), "no"); !strings.Contains(msg, "须先办理第 15 步") {
			t.Errorf("upper talk after a failed vote: %q", msg)
		}
		noQuorum := with(15, "2025-04-02", map[string]any{"vote": map[string]any{"voters": vote(4)["voters"],
			"ballot": map[string]any{"yes": 5}}})
		if msg := e.refused(t, f.ID, noQuorum, "vote"); !strings.Contains(msg, "多于到会人数") {
			t.Errorf("more votes than voters: %q", msg)
		}
		e.do(t, e.upper(), "POST", stepPath(f.ID), with(15, "2025-04-02", nil), http.StatusOK)
		if g := e.get(t, f.ID); g.LastStep != 15 || g.NextDue != "2025-07-02" || g.NextDueWhat != "上级党委派人谈话" {
			t.Errorf("after the second vote: last %d next %q %q", g.LastStep, g.NextDue, g.NextDueWhat)
		}
	})
}

func TestExtendProbation(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "张三", "20000115", 11, applied)
		e.upTo(t, f.ID, 22)
		e.do(t, e.upper(), "POST", stepPath(f.ID), with(23, timeline[23], map[string]any{"vote": vote(1)}), http.StatusOK)
		path := "/api/v1/development/files/" + f.ID + "/extend-probation"
		ext := func(months int) map[string]any {
			return map[string]any{"months": months, "reason": "转正表决未通过，支部大会决定延长"}
		}
		if r := e.do(t, e.branch(), "POST", path, ext(6), http.StatusForbidden); !r.Contains("须由上级党组织审批") {
			t.Errorf("branch extending: %s", r.Body)
		}
		for _, m := range []int{5, 13} {
			if msg := fieldErr(t, e.do(t, e.upper(), "POST", path, ext(m), 422), "months"); !strings.Contains(msg, "6 至 12 个月") {
				t.Errorf("%d months: %q", m, msg)
			}
		}
		e.do(t, e.upper(), "POST", path, map[string]any{"months": 6}, 422) // no reason
		got := e.get(t, f.ID)
		e.do(t, e.upper(), "POST", path, ext(6), http.StatusOK).JSON(t, &got)
		if got.ProbationEnd != "2026-10-01" || got.ExtensionMonths != 6 || got.NextDue != "2026-10-01" || got.LastStep != 20 {
			t.Errorf("extended: end %q months %d next %q last %d", got.ProbationEnd, got.ExtensionMonths, got.NextDue, got.LastStep)
		}
		if msg := fieldErr(t, e.do(t, e.upper(), "POST", path, ext(6), 422), "months"); !strings.Contains(msg, "只能延长一次") {
			t.Errorf("a second extension: %q", msg)
		}
		if !slices.ContainsFunc(e.dir.notes, func(n string) bool {
			return strings.Contains(n, "probation_extended") && strings.Contains(n, "2026年10月1日")
		}) {
			t.Errorf("notes %q", e.dir.notes)
		}
		// The application and vote are made again after the new end.
		e.at("2026-10-20")
		e.do(t, e.upper(), "POST", stepPath(f.ID), body(22, "2026-09-25"), http.StatusOK)
		late := with(23, "2026-10-08", map[string]any{"publicity": map[string]string{"start": "2026-09-28", "end": "2026-10-05"}})
		e.do(t, e.upper(), "POST", stepPath(f.ID), late, http.StatusOK)
		e.do(t, e.upper(), "POST", stepPath(f.ID), body(24, "2026-10-20"), http.StatusOK)
		if m := e.dir.member(got.MemberID); m.FullMemberOn != "2026-10-01" {
			t.Errorf("full from %q, want the extended end 2026-10-01", m.FullMemberOn)
		}
	})
}

func TestStop(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		applicantFile := e.open(t, "张三", "20000115", 11, applied)
		probationary := e.open(t, "李四", "19990203", 22, applied)
		e.upTo(t, probationary.ID, 17)
		stop := func(id string) string { return "/api/v1/development/files/" + id + "/stop" }
		e.do(t, e.branch(), "POST", stop(applicantFile.ID), map[string]any{"reason": ""}, 422)
		got := e.get(t, applicantFile.ID)
		e.do(t, e.branch(), "POST", stop(applicantFile.ID), map[string]any{"reason": "本人撤回入党申请"}, http.StatusOK).JSON(t, &got)
		if got.State != "stopped" || got.NextDue != "" || got.StopReason != "本人撤回入党申请" || len(got.Next) != 0 {
			t.Errorf("stopped file %+v", got.FileSummary)
		}
		e.do(t, e.branch(), "POST", stop(applicantFile.ID), map[string]any{"reason": "again"}, http.StatusConflict)
		e.do(t, e.upper(), "POST", stepPath(applicantFile.ID), body(2, timeline[2]), http.StatusConflict)
		// Cancelling a probation is the upper committee's.
		e.do(t, e.branch(), "POST", stop(probationary.ID), map[string]any{"reason": "不履行党员义务"}, http.StatusForbidden)
		e.do(t, e.upper(), "POST", stop(probationary.ID), map[string]any{"reason": "不履行党员义务"}, http.StatusOK)
		memberID := e.get(t, probationary.ID).MemberID
		if !slices.Equal(e.dir.canceled, []string{memberID}) || e.dir.member(memberID).Active {
			t.Errorf("probation of %s not cancelled: %v", memberID, e.dir.canceled)
		}
		if n := e.count(t, "SELECT COALESCE(SUM(n), 0) FROM dev_stage_counts WHERE org_id = ?", e.w.A.ID); n != 0 {
			t.Errorf("stopped files still counted: %d", n)
		}
		if ev := e.events(t, "development.stopped"); len(ev) != 2 {
			t.Errorf("stopped events %q", ev)
		}
		// The same person may apply again once the first file stopped.
		e.open(t, "张三", "20000115", 11, "2026-05-01")
	})
}
