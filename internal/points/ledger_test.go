package points_test

import (
	"fmt"
	"slices"
	"testing"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/points"
)

func paid(member string, org points.OrgRef, month, entry string, onTime, voluntary bool) outbox.Event {
	p := map[string]any{"member_id": member, "org_id": org.ID, "month": month, "amount_fen": 500,
		"on_time": onTime, "entry_id": entry}
	if voluntary {
		p["voluntary"], p["to_centre"] = true, false
	}
	return outbox.Event{Type: "dues.paid", SubjectID: member, OrgPath: org.Path, Payload: p}
}

func paymentReversed(member string, org points.OrgRef, month, entry, reverses string) outbox.Event {
	return outbox.Event{Type: "dues.payment_reversed", SubjectID: member, OrgPath: org.Path, Payload: map[string]any{
		"member_id": member, "org_id": org.ID, "entry_id": entry, "reverses_id": reverses, "month": month, "amount_fen": 500}}
}

func graded(member string, org points.OrgRef, grade string) outbox.Event {
	return outbox.Event{Type: "appraisal.graded", SubjectID: member, OrgPath: org.Path, Payload: map[string]any{
		"appraisal_id": "ap1", "org_id": org.ID, "year": 2025, "grade": grade, "grade_label": "优秀", "member_name": "甲"}}
}

func (e *env) rewind(t *testing.T, to string) {
	t.Helper()
	if _, err := e.d.ExecContext(t.Context(), "UPDATE outbox_cursors SET last_seq = "+to+
		" WHERE subscriber = 'points.ledger'"); err != nil {
		t.Fatal(err)
	}
}

func (e *env) wantTotals(t *testing.T, want map[string]int) {
	t.Helper()
	for m, n := range want {
		if got := e.total(t, m, 2026); got != n {
			t.Errorf("%s: total %d, want %d", m, got, n)
		}
	}
	e.checkTotals(t)
}

func TestExactlyOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.meeting(t, "m1", e.A, "2026-05-10", map[string]string{"a1": "present", "a2": "absent", "a3": "leave", "a4": "remote"})
		e.emit(t, paid("a1", e.A, "2026-05", "d1", true, false), graded("a1", e.A, "excellent"),
			graded("a2", e.A, "qualified"), outbox.Event{Type: "member.created", SubjectID: "a1", OrgPath: e.A.Path})
		want := e.ledger(t)
		if len(want) != 6 {
			t.Fatalf("%d lines, want 6: %q", len(want), want)
		}
		totals := map[string]int{"a1": 2 + 1 + 5, "a2": -2, "a3": 0, "a4": 2}
		e.wantTotals(t, totals)

		e.rewind(t, "last_seq - 4") // a crash before the cursor moved: delivered again
		e.dispatch(t)
		if got := e.ledger(t); !slices.Equal(got, want) {
			t.Fatalf("after redelivery:\n%q\nwant\n%q", got, want)
		}
		e.wantTotals(t, totals)

		e.correct(t, "m1", e.A, "2026-05-10", "a2", "absent", "present")
		want, totals["a2"] = e.ledger(t), 2
		if len(want) != 8 {
			t.Fatalf("%d lines after the correction, want 8: %q", len(want), want)
		}
		e.rewind(t, "0") // a full replay of the outbox
		e.dispatch(t)
		if got := e.ledger(t); !slices.Equal(got, want) {
			t.Fatalf("after a full replay:\n%q\nwant\n%q", got, want)
		}
		e.wantTotals(t, totals)
	})
}

// entries reads the member's points of 2026 through the API.
func (e *env) entries(t *testing.T, member string) points.MemberPoints {
	t.Helper()
	var v points.MemberPoints
	e.do(t, grant(authz.Viewer, e.R, "领导"), "GET", "/api/v1/members/"+member+"/points?year=2026", nil, 200).JSON(t, &v)
	return v
}

// summary is each entry as "rule points reversed?" newest first.
func summary(v points.MemberPoints) []string {
	var out []string
	for _, en := range v.Entries {
		s := fmt.Sprintf("%s %d", en.Rule, en.Points)
		if en.ReversesID != "" {
			s += " rev"
		}
		if en.Reversed {
			s += " reversed"
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func TestCorrectionReversesAndAwards(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		const day = "2026-05-10"
		e.meeting(t, "m1", e.A, day, map[string]string{"a1": "absent", "a2": "present", "a3": "leave"})
		e.correct(t, "m1", e.A, day, "a1", "absent", "present")
		e.correct(t, "m1", e.A, day, "a2", "present", "absent")
		e.correct(t, "m1", e.A, day, "a3", "leave", "remote")
		e.wantTotals(t, map[string]int{"a1": 2, "a2": -2, "a3": 2})
		v := e.entries(t, "a1")
		want := []string{"meeting_absent -2 reversed", "meeting_absent 2 rev", "meeting_attended 2"}
		if got := summary(v); !slices.Equal(got, want) || v.Total != 2 {
			t.Fatalf("a1: %q total %d, want %q total 2", got, v.Total, want)
		}
		if v.Entries[0].Note != "更正：未到→到会（补录）" || v.Entries[0].SourceTitle != "主题党日：学习党章" {
			t.Fatalf("newest entry: %+v", v.Entries[0])
		}

		// Corrected again: only the line still standing is reversed.
		e.correct(t, "m1", e.A, day, "a1", "present", "leave")
		want = []string{"meeting_absent -2 reversed", "meeting_absent 2 rev", "meeting_attended -2 rev",
			"meeting_attended 2 reversed", "meeting_leave 0"}
		if got := summary(e.entries(t, "a1")); !slices.Equal(got, want) {
			t.Fatalf("a1 after the second correction: %q, want %q", got, want)
		}
		e.wantTotals(t, map[string]int{"a1": 0})
	})
}

func TestDuesReversal(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.emit(t, paid("a1", e.A, "2026-05", "d1", true, false), paid("a1", e.A, "2026-04", "d0", false, false),
			paid("a1", e.A, "2026-05", "dv", true, true))
		e.wantTotals(t, map[string]int{"a1": 1})
		e.emit(t, paymentReversed("a1", e.A, "2026-05", "r1", "d1"), paymentReversed("a1", e.A, "2026-04", "r0", "d0"))
		want := []string{"dues_on_time -1 rev", "dues_on_time 1 reversed"}
		if got := summary(e.entries(t, "a1")); !slices.Equal(got, want) {
			t.Fatalf("a1: %q, want %q", got, want)
		}
		e.wantTotals(t, map[string]int{"a1": 0})
		e.emit(t, paymentReversed("a1", e.A, "2026-05", "r2", "d1")) // reversed twice at the source: once here
		if n := len(e.ledger(t)); n != 2 {
			t.Fatalf("%d lines, want 2", n)
		}
	})
}

// attendedPoints lists the points of the member's meeting_attended lines
// that are not reversals, oldest first, and their notes.
func attendedPoints(v points.MemberPoints) (pts []int, notes []string) {
	for _, en := range slices.Backward(v.Entries) {
		if en.Rule == "meeting_attended" && en.ReversesID == "" {
			pts, notes = append(pts, en.Points), append(notes, en.Note)
		}
	}
	return pts, notes
}

func TestMonthCapAtTheBoundary(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		var evs []outbox.Event // one delivery batch: the cap is counted in memory too
		for i := 1; i <= 11; i++ {
			evs = append(evs, attendance("meeting.attended", fmt.Sprint("m", i), e.A, fmt.Sprintf("2026-05-%02d", i), "a1", "present", ""))
		}
		e.emit(t, evs...)
		pts, notes := attendedPoints(e.entries(t, "a1"))
		if !slices.Equal(pts, []int{2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0}) || notes[9] != "" || notes[10] != "已达上限" {
			t.Fatalf("May: %v %q; want the 10th to count and the 11th to get 0 (已达上限)", pts, notes)
		}
		e.meeting(t, "m-june", e.A, "2026-06-01", map[string]string{"a1": "present"})
		e.wantTotals(t, map[string]int{"a1": 22})

		e.correct(t, "m3", e.A, "2026-05-03", "a1", "present", "absent") // gives 2 back to May
		e.meeting(t, "m12", e.A, "2026-05-20", map[string]string{"a1": "present"})
		e.meeting(t, "m13", e.A, "2026-05-21", map[string]string{"a1": "present"})
		pts, notes = attendedPoints(e.entries(t, "a1"))
		// By date: the 11 of May 1–11, May 20, May 21, June 1.
		if got := pts[11:13]; len(pts) != 14 || !slices.Equal(got, []int{2, 0}) || notes[12] != "已达上限" {
			t.Fatalf("after the correction: %v %q; want the freed room used once", pts, notes)
		}
		e.wantTotals(t, map[string]int{"a1": 22 - 2 - 2 + 2})
	})
}

func TestYearCapOfDues(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		var evs []outbox.Event
		for m := 1; m <= 13; m++ {
			evs = append(evs, paid("a2", e.A, fmt.Sprintf("2026-%02d", m), fmt.Sprint("d", m), true, false))
		}
		e.emit(t, evs[:6]...)
		e.emit(t, evs[6:]...)
		e.wantTotals(t, map[string]int{"a2": 12})
		if v := e.entries(t, "a2"); v.Entries[0].Points != 0 || v.Entries[0].Note != "已达上限" {
			t.Fatalf("13th on-time month: %+v", v.Entries[0])
		}
	})
}

func TestSettingsInheritPerSubtree(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		upper := grant(authz.PartyWorker, e.R, "组织委员")
		e.do(t, upper, "PUT", "/api/v1/orgs/"+e.B.ID+"/points/settings",
			map[string]any{"values": map[string]string{"points.meeting_attended.points": "3"}}, 200)
		e.do(t, upper, "PUT", "/api/v1/orgs/"+e.R.ID+"/points/settings",
			map[string]any{"values": map[string]string{"points.meeting_absent.points": "-1"}}, 200)
		e.do(t, upper, "PUT", "/api/v1/orgs/"+e.R.ID+"/points/settings",
			map[string]any{"values": map[string]string{"points.meeting_attended.points": "51"}}, 422)
		var view struct {
			Items []struct{ Key, Value, Source, SourceOrgName string }
		}
		e.do(t, upper, "GET", "/api/v1/orgs/"+e.A.ID+"/points/settings", nil, 200).JSON(t, &view)
		got := map[string]string{}
		for _, it := range view.Items {
			got[it.Key] = it.Value + " " + it.Source
		}
		if got["points.meeting_absent.points"] != "-1 inherited" || got["points.meeting_attended.points"] != "2 default" ||
			got["points.ranking"] != "off default" {
			t.Fatalf("settings at A: %v", got)
		}

		e.meeting(t, "ma", e.A, "2026-05-10", map[string]string{"a1": "present", "a2": "absent"})
		e.meeting(t, "mb", e.B, "2026-05-10", map[string]string{"b1": "present", "b2": "absent"})
		e.wantTotals(t, map[string]int{"a1": 2, "a2": -1, "b1": 3, "b2": -1})

		// A cap below a full award cuts it to what is left.
		e.do(t, upper, "PUT", "/api/v1/orgs/"+e.A.ID+"/points/settings",
			map[string]any{"values": map[string]string{"points.meeting_attended.month_cap": "3"}}, 200)
		e.meeting(t, "ma2", e.A, "2026-05-17", map[string]string{"a1": "present"})
		if v := e.entries(t, "a1"); v.Entries[0].Points != 1 || v.Entries[0].Note != "已达上限" || v.Total != 3 {
			t.Fatalf("a1 at a month cap of 3: %+v total %d", v.Entries[0], v.Total)
		}
	})
}

func TestCommendationsAndFutureSources(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		awarded := func(member, org string) outbox.Event {
			return outbox.Event{Type: "commendation.awarded", SubjectID: member + org, OrgPath: e.A.Path, Payload: map[string]any{
				"round_id": "r1", "year": 2026, "title": "2026年度两优一先", "kind": "excellent_member",
				"kind_label": "优秀共产党员", "member_id": member, "org_id": org, "name": "甲"}}
		}
		study := func(on string) outbox.Event {
			return outbox.Event{Type: "study.completed", SubjectID: "a2", OrgPath: e.A.Path,
				Payload: map[string]any{"member_id": "a2", "on": on, "title": "学习党章第一章"}}
		}
		e.emit(t, awarded("a1", ""), awarded("", e.A.ID), study("2026-05-04"), study("2026-05-04"), study("2026-05-04"),
			study("2026-05-04"), study("2026-05-05"), outbox.Event{Type: "volunteer.hours", SubjectID: "a3",
				OrgPath: e.A.Path, Payload: map[string]any{"member_id": "a3", "hours": 3.5, "on": "2026-05-06", "title": "社区服务"}})
		if v := e.entries(t, "a1"); v.Total != 10 || v.Entries[0].SourceTitle != "优秀共产党员（2026年度两优一先）" {
			t.Fatalf("a1: %+v", v)
		}
		// Three a day: the fourth of 4 May is capped, 5 May counts again.
		e.wantTotals(t, map[string]int{"a2": 4, "a3": 3})
	})
}
