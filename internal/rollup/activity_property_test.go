package rollup

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/outbox"
)

// The activity operations of the property test: meetings held and their
// attendance corrected, dues paid and reversed, development files moving
// through their stages, as the capabilities' events; their ground truth
// is recounted below. health.color is recounted from the branches' stored
// colors at their paths now, so it checks that the counters follow the
// rows (refresh, moves, rebuild), not the scoring (health_score_test.go).
func init() {
	extraOps = append(extraOps,
		randomOp{"hold meeting", 3, holdMeeting},
		randomOp{"correct attendance", 1, correctAttendance},
		randomOp{"pay dues", 3, payDues},
		randomOp{"reverse payment", 1, reversePayment},
		randomOp{"development step", 2, developmentStep})
	extraRecounts = append(extraRecounts, recountActivity, recountHealth)
}

type tMeeting struct {
	id, org, kind, month string
	attendance           map[string]int64 // present, leave, absent
}

type tEntry struct {
	id, org, month    string
	fen               int64
	onTime, voluntary bool
	reversed          bool
}

type tFile struct{ id, org, stage, state string }

// activityTruth is what the activity operations did.
type activityTruth struct {
	meetings []*tMeeting
	entries  []*tEntry
	files    []*tFile
}

func truthOf(w *world) *activityTruth {
	a, ok := w.extra["activity"].(*activityTruth)
	if !ok {
		a = &activityTruth{}
		w.extra["activity"] = a
	}
	return a
}

// emitNow records an event as its capability would now (delivered by a
// later dispatch operation).
func emitNow(t testing.TB, w *world, e outbox.Event) {
	t.Helper()
	if err := outbox.EmitAt(context.Background(), w.d, w.clk.Now(), e); err != nil {
		t.Fatal(err)
	}
}

func holdMeeting(t testing.TB, w *world) {
	if org := w.pickOrg(anyOne); org != "" {
		holdMeetingAt(t, w, org)
	}
}

// holdMeetingAt finalizes a meeting with random attendance held at org
// within the last 200 days.
func holdMeetingAt(t testing.TB, w *world, org string) {
	a := truthOf(w)
	start := w.clk.Now().Add(-time.Duration(w.rnd.IntN(200*24)) * time.Hour)
	m := &tMeeting{id: fmt.Sprintf("mt%d", len(a.meetings)), org: org, kind: oneOf(w, "branch_meeting", "party_class"),
		month: start.In(clock.Shanghai).Format("2006-01"), attendance: map[string]int64{
			"present": int64(w.rnd.IntN(10)), "leave": int64(w.rnd.IntN(3)), "absent": int64(w.rnd.IntN(3))}}
	a.meetings = append(a.meetings, m)
	emitNow(t, w, outbox.Event{Type: "meeting.held", SubjectID: m.id, OrgPath: w.pathOf(org), Payload: map[string]any{
		"meeting_id": m.id, "org_id": org, "kind": m.kind, "starts_at": start.UTC().Format(time.RFC3339),
		"present": m.attendance["present"], "leave": m.attendance["leave"], "absent": m.attendance["absent"]}})
}

func correctAttendance(t testing.TB, w *world) {
	a := truthOf(w)
	if len(a.meetings) == 0 {
		return
	}
	m := oneOf(w, a.meetings...)
	from, to := oneOf(w, "present", "leave", "absent"), oneOf(w, "present", "remote", "leave", "absent")
	if m.attendance[from] == 0 {
		return // nobody had that status
	}
	m.attendance[from]--
	if to == "remote" { // online attendance counts as present
		m.attendance["present"]++
	} else {
		m.attendance[to]++
	}
	emitNow(t, w, outbox.Event{Type: "meeting.attendance_corrected", SubjectID: "m", OrgPath: w.pathOf(m.org),
		Payload: map[string]any{"meeting_id": m.id, "org_id": m.org, "status": to, "previous": from}})
}

func payDues(t testing.TB, w *world) {
	org := w.pickOrg(anyOne)
	if org == "" {
		return
	}
	a := truthOf(w)
	month := clock.Today(w.clk).AddDate(0, -w.rnd.IntN(4), 0).Format("2006-01")
	en := &tEntry{id: fmt.Sprintf("en%d", len(a.entries)), org: org, month: month, fen: int64(50 + w.rnd.IntN(500)),
		onTime: w.rnd.IntN(2) == 0, voluntary: w.rnd.IntN(5) == 0}
	a.entries = append(a.entries, en)
	p := map[string]any{"member_id": "m", "org_id": org, "month": month, "amount_fen": en.fen, "on_time": en.onTime,
		"entry_id": en.id}
	if en.voluntary {
		p["voluntary"] = true
	}
	emitNow(t, w, outbox.Event{Type: "dues.paid", SubjectID: "m", OrgPath: w.pathOf(org), Payload: p})
}

func reversePayment(t testing.TB, w *world) {
	a := truthOf(w)
	if len(a.entries) == 0 {
		return
	}
	en := oneOf(w, a.entries...)
	if en.reversed {
		return // the dues capability refuses a second reversal
	}
	en.reversed = true
	emitNow(t, w, outbox.Event{Type: "dues.payment_reversed", SubjectID: "m", OrgPath: w.pathOf(en.org),
		Payload: map[string]any{"member_id": "m", "org_id": en.org, "entry_id": "r" + en.id, "reverses_id": en.id,
			"month": en.month, "amount_fen": en.fen}})
}

// developmentStep opens a file or moves one on: a step (a later stage,
// sometimes recorded at another org), 停止发展, or 转正.
func developmentStep(t testing.TB, w *world) {
	a := truthOf(w)
	var open []*tFile
	for _, f := range a.files {
		if f.state == "active" || f.state == "admitted" {
			open = append(open, f)
		}
	}
	if len(open) == 0 || w.rnd.IntN(3) == 0 {
		org := w.pickOrg(anyOne)
		if org == "" {
			return
		}
		f := &tFile{id: fmt.Sprintf("f%d", len(a.files)), org: org, stage: "1", state: "active"}
		a.files = append(a.files, f)
		emitStep(t, w, f, 1)
		return
	}
	f := oneOf(w, open...)
	switch w.rnd.IntN(4) {
	case 0:
		f.state = "stopped"
		emitNow(t, w, outbox.Event{Type: "development.stopped", SubjectID: f.id, OrgPath: w.pathOf(f.org),
			Payload: map[string]any{"file_id": f.id, "org_id": f.org, "state": f.state}})
	case 1:
		f.state = "full"
		emitNow(t, w, outbox.Event{Type: "development.became_full", SubjectID: f.id, OrgPath: w.pathOf(f.org),
			Payload: map[string]any{"file_id": f.id, "org_id": f.org}})
	default:
		stage, _ := strconv.Atoi(f.stage)
		stage = min(stage+1, 5)
		if stage == 5 {
			f.state = "admitted"
		}
		if org := w.pickOrg(anyOne); org != "" && w.rnd.IntN(4) == 0 {
			f.org = org
		}
		f.stage = strconv.Itoa(stage)
		emitStep(t, w, f, stage)
	}
}

func emitStep(t testing.TB, w *world, f *tFile, stage int) {
	emitNow(t, w, outbox.Event{Type: "development.step_recorded", SubjectID: f.id, OrgPath: w.pathOf(f.org),
		Payload: map[string]any{"file_id": f.id, "org_id": f.org, "stage": stage, "state": f.state}})
}

// recountActivity counts the truth's activity where it happened, at that
// org's path now.
func recountActivity(w *world, add func(path string, ds ...Delta)) {
	a := truthOf(w)
	for _, m := range a.meetings {
		add(w.pathOf(m.org), Delta{"meetings.held", m.month, 1}, Delta{"meetings.kind:" + m.kind, m.month, 1},
			Delta{"attendance.present", m.month, m.attendance["present"]},
			Delta{"attendance.leave", m.month, m.attendance["leave"]},
			Delta{"attendance.absent", m.month, m.attendance["absent"]})
	}
	for _, en := range a.entries {
		if en.reversed {
			continue
		}
		members, onTime := int64(1), int64(0)
		if en.onTime {
			onTime = 1
		}
		if en.voluntary { // money, but neither a paying member nor on time
			members, onTime = 0, 0
		}
		add(w.pathOf(en.org), Delta{"dues.paid_members", en.month, members}, Delta{"dues.paid_fen", en.month, en.fen},
			Delta{"dues.on_time", en.month, onTime})
	}
	for _, f := range a.files {
		if f.state == "active" || f.state == "admitted" {
			add(w.pathOf(f.org), Delta{"development.stage", f.stage, 1})
		}
	}
}

// recountHealth counts each judged branch's stored color, and its stored
// risk reasons (health.risk "all" once, and each reason's code), at its
// path now.
func recountHealth(w *world, add func(path string, ds ...Delta)) {
	rows, err := w.d.QueryContext(context.Background(), "SELECT org_id, color, reasons FROM rollup_branches")
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, color, text string
		if err := rows.Scan(&id, &color, &text); err != nil {
			panic(err)
		}
		var reasons []struct{ Code string }
		if err := json.Unmarshal([]byte(text), &reasons); err != nil {
			panic(err)
		}
		add(w.pathOf(id), Delta{"health.color", color, 1})
		for i, r := range reasons {
			if i == 0 {
				add(w.pathOf(id), Delta{"health.risk", "all", 1})
			}
			add(w.pathOf(id), Delta{"health.risk", r.Code, 1})
		}
	}
	if err := rows.Err(); err != nil {
		panic(err)
	}
}
