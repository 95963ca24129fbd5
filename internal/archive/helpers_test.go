package archive

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/outbox"
)

// now is 15 June 2026, 10:00 in Shanghai.
var now = time.Date(2026, 6, 15, 2, 0, 0, 0, time.UTC)

// Two branches under one committee.
const (
	pathRoot = "/c/"
	pathA    = "/c/a/"
	pathB    = "/c/b/"
)

// fakeDir is the register and the points ledger as the archive sees them.
type fakeDir struct {
	mu      sync.Mutex
	members map[string]MemberRef
	orgs    map[string]string
	history map[string][]HistoryLine
	points  map[string][]YearPoints
}

var _ Directory = (*fakeDir)(nil)

func (f *fakeDir) Member(_ context.Context, _ db.Querier, id string) (MemberRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m, ok := f.members[id]; ok {
		return m, nil
	}
	return MemberRef{}, db.ErrNoRows
}

func (f *fakeDir) OrgName(_ context.Context, _ db.Querier, id string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.orgs[id], nil
}

func (f *fakeDir) History(_ context.Context, _ db.Querier, id string) ([]HistoryLine, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.history[id]), nil
}

func (f *fakeDir) Points(_ context.Context, _ db.Querier, id string) ([]YearPoints, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.points[id]), nil
}

// env is one test's world: the service on a fresh database, its dispatcher
// and routes, and members m1 (branch A) and m2 (branch B).
type env struct {
	t   *testing.T
	d   *db.DB
	s   *Service
	x   *outbox.Dispatcher
	clk *clock.Fake
	dir *fakeDir
	api *apitest.Server
}

func steps() []db.Migration {
	return slices.Concat(audit.Migrations, outbox.Migrations, Migrations)
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		clk := clock.NewFake(now)
		dir := &fakeDir{
			members: map[string]MemberRef{
				"m1": {ID: "m1", Name: "张三", OrgID: "a", OrgPath: pathA, Status: "full", JoinedOn: "2019-07-01",
					FullMemberOn: "2020-07-01", Active: true},
				"m2": {ID: "m2", Name: "李四", OrgID: "b", OrgPath: pathB, Status: "probationary", JoinedOn: "2025-09-01",
					Active: true},
			},
			orgs:    map[string]string{"a": "第一党支部", "b": "第二党支部"},
			history: map[string][]HistoryLine{},
			points:  map[string][]YearPoints{},
		}
		e := &env{t: t, d: d, clk: clk, dir: dir, s: New(d, clk, dir), x: outbox.NewDispatcher(d, outbox.WithClock(clk)),
			api: apitest.New()}
		e.s.Subscribe(e.x)
		e.s.Routes(e.api.Router)
		fn(t, e)
	})
}

// emit records events in the outbox at the time given, as the emitting
// capabilities do.
func (e *env) emit(at time.Time, evs ...outbox.Event) {
	e.t.Helper()
	if err := outbox.EmitAllAt(context.Background(), e.d, at, evs); err != nil {
		e.t.Fatal(err)
	}
}

// dispatch delivers everything pending to the archive.
func (e *env) dispatch() {
	e.t.Helper()
	for {
		n, err := e.x.DispatchOnce(context.Background())
		if err != nil {
			e.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// replay sets the archive's cursor back to the first event.
func (e *env) replay() {
	e.t.Helper()
	if _, err := e.d.ExecContext(context.Background(),
		"UPDATE outbox_cursors SET last_seq = 0 WHERE subscriber = 'archive.entries'"); err != nil {
		e.t.Fatal(err)
	}
	e.dispatch()
}

func (e *env) stats(year int, ids ...string) map[string]YearStats {
	e.t.Helper()
	st, err := e.s.YearStats(context.Background(), e.d, ids, year)
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

// archive reads m's archive as the service builds it.
func (e *env) archive(id string) Archive {
	e.t.Helper()
	a, err := e.s.build(context.Background(), e.dir.members[id])
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// year is one year of an archive.
func (a Archive) year(t *testing.T, y int) Year {
	t.Helper()
	for _, yr := range a.Years {
		if yr.Year == y {
			return yr
		}
	}
	t.Fatalf("no year %d in %+v", y, a.Years)
	return Year{}
}

// Events as the capabilities emit them.

func meeting(typ, member, meetingID, kind, topic, startsAt, status string) outbox.Event {
	return outbox.Event{Type: typ, SubjectID: member, OrgPath: pathA, Payload: map[string]any{
		"meeting_id": meetingID, "org_id": "a", "kind": kind, "topic": topic, "starts_at": startsAt,
		"member_id": member, "status": status, "method": "qr"}}
}

func correction(member, meetingID, startsAt, previous, status, reason string) outbox.Event {
	ev := meeting("meeting.attendance_corrected", member, meetingID, "member_assembly", "学习党章", startsAt, status)
	p := ev.Payload.(map[string]any)
	p["previous"], p["reason"], p["method"] = previous, reason, "manual"
	return ev
}

func paid(member, entryID, month string, fen int64, onTime bool) outbox.Event {
	return outbox.Event{Type: "dues.paid", SubjectID: member, OrgPath: pathA, Payload: map[string]any{
		"member_id": member, "org_id": "a", "month": month, "amount_fen": fen, "on_time": onTime, "entry_id": entryID}}
}

func reversed(member, entryID, reversesID, month string, fen int64) outbox.Event {
	return outbox.Event{Type: "dues.payment_reversed", SubjectID: member, OrgPath: pathA, Payload: map[string]any{
		"member_id": member, "org_id": "a", "entry_id": entryID, "reverses_id": reversesID, "month": month,
		"amount_fen": fen}}
}

func graded(member, appraisalID string, year int, grade, label string) outbox.Event {
	return outbox.Event{Type: "appraisal.graded", SubjectID: member, OrgPath: pathA, Payload: map[string]any{
		"appraisal_id": appraisalID, "org_id": "a", "year": year, "grade": grade, "grade_label": label,
		"member_name": "张三"}}
}

// Callers.

func leaderOf(orgID, path string) *authz.Principal {
	return &authz.Principal{AccountID: "acc-lead-" + orgID, Username: "lead-" + orgID,
		Grants: []authz.Grant{{ID: "g-" + orgID, Role: authz.PartyWorker, OrgID: orgID, OrgPath: path}}}
}

func viewerOf(orgID, path string) *authz.Principal {
	return &authz.Principal{AccountID: "acc-view-" + orgID, Username: "view-" + orgID,
		Grants: []authz.Grant{{ID: "gv-" + orgID, Role: authz.Viewer, OrgID: orgID, OrgPath: path}}}
}
