package rollup

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/outbox"
)

// emit records events as their capabilities would and delivers them.
func (e *env) emit(t testing.TB, evs ...outbox.Event) {
	t.Helper()
	if err := outbox.EmitAllAt(context.Background(), e.d, e.clk.Now(), evs); err != nil {
		t.Fatal(err)
	}
	e.sync(t)
}

// held is orglife's meeting.held for a meeting at the named org that
// started at startsAt (RFC 3339 UTC).
func (e *env) held(t testing.TB, id, org, kind, startsAt string, present, leave, absent int) outbox.Event {
	return outbox.Event{Type: "meeting.held", SubjectID: id, OrgPath: e.path(t, org), Payload: map[string]any{
		"meeting_id": id, "org_id": e.ids[org], "kind": kind, "topic": "学习", "starts_at": startsAt,
		"expected": present + leave + absent, "present": present, "leave": leave, "absent": absent}}
}

func (e *env) corrected(t testing.TB, meeting, org, previous, status string) outbox.Event {
	return outbox.Event{Type: "meeting.attendance_corrected", SubjectID: "m1", OrgPath: e.path(t, org),
		Payload: map[string]any{"meeting_id": meeting, "org_id": e.ids[org], "member_id": "m1",
			"status": status, "previous": previous, "reason": "补记"}}
}

func (e *env) paid(t testing.TB, entry, org, month string, fen int, onTime, voluntary bool) outbox.Event {
	p := map[string]any{"member_id": "m-" + entry, "org_id": e.ids[org], "month": month, "amount_fen": fen,
		"on_time": onTime, "entry_id": entry}
	if voluntary {
		p["voluntary"], p["to_centre"] = true, false
	}
	return outbox.Event{Type: "dues.paid", SubjectID: "m-" + entry, OrgPath: e.path(t, org), Payload: p}
}

func (e *env) reversed(t testing.TB, entry, org string) outbox.Event {
	return outbox.Event{Type: "dues.payment_reversed", SubjectID: "m-" + entry, OrgPath: e.path(t, org),
		Payload: map[string]any{"member_id": "m-" + entry, "org_id": e.ids[org], "entry_id": "rev-" + entry,
			"reverses_id": entry, "month": "2026-10", "amount_fen": 100}}
}

// devStep is development.step_recorded: the file's stage and state after it.
func (e *env) devStep(t testing.TB, file, org string, stage int, state string) outbox.Event {
	return outbox.Event{Type: "development.step_recorded", SubjectID: file, OrgPath: e.path(t, org),
		Payload: map[string]any{"file_id": file, "org_id": e.ids[org], "step_no": 3, "on": "2026-11-01",
			"passed": true, "stage": stage, "state": state, "member_id": ""}}
}

// devChange is one of development's events without a stage (admitted,
// became_full, stopped, probation_extended); state "" leaves it out.
func (e *env) devChange(t testing.TB, typ, file, org, state string) outbox.Event {
	p := map[string]any{"file_id": file, "org_id": e.ids[org], "member_id": "m-" + file}
	if state != "" {
		p["state"] = state
	}
	return outbox.Event{Type: typ, SubjectID: file, OrgPath: e.path(t, org), Payload: p}
}

func TestMeetingHeldCountsInShanghaiMonthAtEveryAncestor(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.tree(t)
		e.sync(t)
		// 2026-10-31 16:30 UTC is 1 November 00:30 in Shanghai.
		e.emit(t, e.held(t, "mt1", "A1", "branch_meeting", "2026-10-31T16:30:00Z", 5, 1, 2),
			e.held(t, "mt2", "A1", "party_class", "2026-10-31T15:59:00Z", 3, 0, 0))
		for _, org := range []string{"A1", "A", "R"} {
			e.want(t, org, map[string]int64{"meetings.held/2026-11": 1, "meetings.held/2026-10": 1,
				"meetings.kind:branch_meeting/2026-11": 1, "meetings.kind:party_class/2026-10": 1,
				"attendance.present/2026-11": 5, "attendance.leave/2026-11": 1, "attendance.absent/2026-11": 2,
				"attendance.present/2026-10": 3})
		}
		e.want(t, "B", map[string]int64{"meetings.held/2026-11": 0, "attendance.present/2026-11": 0})

		e.emit(t, e.held(t, "mt1", "A1", "branch_meeting", "2026-10-31T16:30:00Z", 5, 1, 2)) // the same meeting again
		e.want(t, "R", map[string]int64{"meetings.held/2026-11": 1, "attendance.present/2026-11": 5})
	})
}

func TestAttendanceCorrectionMovesOneAttendee(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.tree(t)
		e.emit(t, e.held(t, "mt1", "A1", "branch_meeting", "2026-10-10T02:00:00Z", 5, 1, 2))
		e.emit(t, e.corrected(t, "mt1", "A1", "absent", "present"))
		e.want(t, "A", map[string]int64{"attendance.present/2026-10": 6, "attendance.leave/2026-10": 1,
			"attendance.absent/2026-10": 1})
		e.emit(t, e.corrected(t, "mt1", "A1", "present", "leave"),
			e.corrected(t, "mt1", "A1", "present", "remote"), // online counts as present: nothing moves
			e.corrected(t, "unknown", "A1", "absent", "present"))
		e.want(t, "R", map[string]int64{"attendance.present/2026-10": 5, "attendance.leave/2026-10": 2,
			"attendance.absent/2026-10": 1, "meetings.held/2026-10": 1})
	})
}

func TestDuesPaymentsAndReversals(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.tree(t)
		e.emit(t, e.paid(t, "e1", "A1", "2026-10", 150, true, false), e.paid(t, "e2", "A1", "2026-10", 200, false, false),
			e.paid(t, "e3", "A1", "2026-10", 5000, true, true), e.paid(t, "e4", "B1", "2026-09", 100, true, false))
		e.want(t, "A", map[string]int64{"dues.paid_members/2026-10": 2, "dues.paid_fen/2026-10": 5350,
			"dues.on_time/2026-10": 1, "dues.paid_members/2026-09": 0})
		e.want(t, "R", map[string]int64{"dues.paid_members/2026-10": 2, "dues.paid_members/2026-09": 1})

		e.emit(t, e.reversed(t, "e1", "A1"))
		e.want(t, "A1", map[string]int64{"dues.paid_members/2026-10": 1, "dues.paid_fen/2026-10": 5200, "dues.on_time/2026-10": 0})
		e.emit(t, e.reversed(t, "e1", "A1"), e.reversed(t, "nope", "A1")) // twice, and unknown: nothing
		e.want(t, "R", map[string]int64{"dues.paid_members/2026-10": 1, "dues.paid_fen/2026-10": 5200})
		e.emit(t, e.paid(t, "e1b", "A1", "2026-10", 150, false, false)) // paid again after the reversal
		e.want(t, "A", map[string]int64{"dues.paid_members/2026-10": 2, "dues.on_time/2026-10": 0})
	})
}

func TestDevelopmentStageFollowsTheFile(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.tree(t)
		e.emit(t, e.devStep(t, "f1", "A1", 1, "active"), e.devStep(t, "f2", "A1", 1, "active"), e.devStep(t, "f3", "B1", 3, "active"))
		e.want(t, "R", map[string]int64{"development.stage/1": 2, "development.stage/3": 1})

		e.emit(t, e.devStep(t, "f1", "A1", 2, "active"), e.devChange(t, "development.stopped", "f2", "A1", "stopped"))
		e.want(t, "A", map[string]int64{"development.stage/1": 0, "development.stage/2": 1})

		// 接收预备党员: admitted (no stage) comes before the step that moves the stage.
		e.emit(t, e.devChange(t, "development.admitted", "f1", "A1", ""), e.devStep(t, "f1", "A1", 5, "admitted"))
		e.want(t, "A1", map[string]int64{"development.stage/2": 0, "development.stage/5": 1})
		e.emit(t, e.devChange(t, "development.probation_extended", "f1", "A1", "admitted"))
		e.want(t, "A1", map[string]int64{"development.stage/5": 1})

		e.emit(t, e.devChange(t, "development.became_full", "f1", "A1", ""),
			e.devChange(t, "development.probation_extended", "unknown", "A1", "admitted"))
		e.want(t, "R", map[string]int64{"development.stage/5": 0, "development.stage/1": 0, "development.stage/3": 1})

		e.emit(t, e.devStep(t, "f3", "A2", 3, "active")) // the file now sits at another branch
		e.want(t, "B", map[string]int64{"development.stage/3": 0})
		e.want(t, "A", map[string]int64{"development.stage/3": 1})
	})
}

// latest reads an org's rollup_activity row.
func (e *env) latest(t testing.TB, org string) (last, meeting string) {
	t.Helper()
	err := e.d.QueryRowContext(context.Background(), "SELECT last_on, last_meeting_on FROM rollup_activity WHERE org_id = ?",
		e.ids[org]).Scan(&last, &meeting)
	if err != nil && !db.IsNoRows(err) {
		t.Fatal(err)
	}
	return last, meeting
}

func TestTouchKeepsTheLatestDayAtEveryAncestor(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.tree(t)
		e.sync(t)
		if last, _ := e.latest(t, "A1"); last != "2026-11-22" {
			t.Fatalf("A1 latest after its creation = %q, want 2026-11-22", last)
		}
		e.clk.Set(testNow.AddDate(0, 0, 10).Add(14 * time.Hour)) // 16:00 UTC: 3 December 00:00 in Shanghai
		e.emit(t, e.held(t, "mt1", "A1", "branch_meeting", "2026-11-30T02:00:00Z", 1, 0, 0))
		for _, org := range []string{"A1", "A", "R"} {
			if last, meeting := e.latest(t, org); last != "2026-12-03" || meeting != "2026-11-30" {
				t.Errorf("%s latest = %q, meeting %q; want 2026-12-03, 2026-11-30", org, last, meeting)
			}
		}
		if last, _ := e.latest(t, "B1"); last != "2026-11-22" {
			t.Errorf("B1 latest = %q, want 2026-11-22 (nothing happened there)", last)
		}

		e.clk.Set(testNow.AddDate(0, 0, 20))
		e.emit(t, outbox.Event{Type: "dues.arrears", SubjectID: "m1", OrgPath: e.path(t, "B1"), Payload: map[string]any{}},
			outbox.Event{Type: "term.notice_sent", SubjectID: e.ids["B1"], OrgPath: e.path(t, "B1"), Payload: map[string]any{}})
		if last, _ := e.latest(t, "B1"); last != "2026-11-22" {
			t.Errorf("B1 latest after a warning and an upper org's notice = %q, want 2026-11-22", last)
		}
		e.clk.Set(testNow)
		e.emit(t, e.paid(t, "e1", "A1", "2026-10", 100, true, false)) // an older event never lowers it
		if last, _ := e.latest(t, "A1"); last != "2026-12-03" {
			t.Errorf("A1 latest after an older event = %q, want 2026-12-03", last)
		}
	})
}

// TestActivityFollowsAMovedSubtree: past activity stays with its org, so
// a moved branch takes its meetings, payments, files and health color
// along, and a later correction or reversal applies where they are now.
func TestActivityFollowsAMovedSubtree(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.tree(t)
		e.emit(t, e.held(t, "mt1", "A1", "branch_meeting", "2026-10-10T02:00:00Z", 5, 0, 1),
			e.paid(t, "e1", "A1", "2026-10", 100, true, false), e.devStep(t, "f1", "A1", 2, "active"))
		e.refresh(t) // A1: 1 meeting, 5 of 6 present → 77, yellow; A2 and B1 red
		if b := e.branches(t, "A1", BranchFilter{})["A1"]; b.Score != 77 || b.Color != colorYellow {
			t.Fatalf("A1 before the move: %d %s, want 77 yellow", b.Score, b.Color)
		}
		if _, err := e.orgs.Move(context.Background(), e.ids["A1"], e.ids["B"], nil); err != nil {
			t.Fatal(err)
		}
		e.sync(t)
		e.emit(t, e.corrected(t, "mt1", "A1", "absent", "present"), e.reversed(t, "e1", "A1"))
		e.want(t, "A", map[string]int64{"meetings.held/2026-10": 0, "attendance.present/2026-10": 0,
			"development.stage/2": 0, "health.color/yellow": 0, "health.color/red": 1})
		e.want(t, "B", map[string]int64{"meetings.held/2026-10": 1, "attendance.present/2026-10": 6,
			"attendance.absent/2026-10": 0, "dues.paid_members/2026-10": 0, "development.stage/2": 1,
			"health.color/yellow": 1, "health.color/red": 1})
		e.want(t, "R", map[string]int64{"meetings.held/2026-10": 1, "attendance.present/2026-10": 6,
			"health.color/yellow": 1, "health.color/red": 2})
		if _, ok := e.branches(t, "B", BranchFilter{})["A1"]; !ok {
			t.Error("the moved branch is not listed under its new parent")
		}
		e.refresh(t) // 6 of 6 present → 80.5, green
		e.want(t, "B", map[string]int64{"health.color/green": 1, "health.color/yellow": 0, "health.color/red": 1})
		e.want(t, "R", map[string]int64{"health.color/green": 1, "health.color/yellow": 0, "health.color/red": 2})
	})
}
