package points_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/points"
)

func steps() []db.Migration {
	return slices.Concat(audit.Migrations, outbox.Migrations, files.Migrations, points.Migrations)
}

// fakeDir is the orgs and members capabilities as points sees them.
type fakeDir struct {
	mu      sync.Mutex
	orgs    map[string]points.OrgRef
	members map[string]points.MemberRef
}

var _ points.Directory = (*fakeDir)(nil)

// get is the entry of id in m (db.ErrNoRows when missing).
func get[T any](f *fakeDir, m map[string]T, id string) (T, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := m[id]
	if !ok {
		return v, db.ErrNoRows
	}
	return v, nil
}

// pick is the entries of m that keep holds for, by name.
func pick[T any](f *fakeDir, m map[string]T, keep func(T) bool, name func(T) string) []T {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []T
	for _, v := range m {
		if keep(v) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b T) int { return strings.Compare(name(a), name(b)) })
	return out
}

func (f *fakeDir) Org(_ context.Context, _ db.Querier, id string) (points.OrgRef, error) {
	return get(f, f.orgs, id)
}

func (f *fakeDir) Member(_ context.Context, _ db.Querier, id string) (points.MemberRef, error) {
	return get(f, f.members, id)
}

func (f *fakeDir) Children(_ context.Context, _ db.Querier, id string) ([]points.OrgRef, error) {
	return pick(f, f.orgs, func(o points.OrgRef) bool { return o.ParentID == id && o.Active },
		func(o points.OrgRef) string { return o.Name }), nil
}

func (f *fakeDir) MembersIn(_ context.Context, _ db.Querier, orgID string) ([]points.MemberRef, error) {
	return pick(f, f.members, func(m points.MemberRef) bool { return m.OrgID == orgID && m.Active },
		func(m points.MemberRef) string { return m.Name }), nil
}

func (f *fakeDir) CountUnder(_ context.Context, _ db.Querier, paths []string) (map[string]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for _, p := range paths {
		for _, m := range f.members {
			if m.Active && strings.HasPrefix(m.OrgPath, p) {
				out[p]++
			}
		}
	}
	return out, nil
}

// env is the points service over real outbox, audit and file tables, fed
// by a real dispatcher, with a fake clock and directory.
type env struct {
	d   *db.DB
	clk *clock.Fake
	dir *fakeDir
	x   *outbox.Dispatcher
	s   *points.Service
	srv *apitest.Server
	// R (机关党委) has branches A (第一支部) and B (第二支部); X (外委) has X1.
	R, A, B, X, X1 points.OrgRef
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) { fn(t, newEnv(d)) })
}

func newEnv(d *db.DB) *env {
	e := &env{d: d, clk: clock.NewFake(time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)),
		dir: &fakeDir{orgs: map[string]points.OrgRef{}, members: map[string]points.MemberRef{}}}
	e.x = outbox.NewDispatcher(d, outbox.WithClock(e.clk))
	e.s = points.New(d, e.clk, e.dir, files.New(d, e.clk, nil))
	e.s.Subscribe(e.x)
	e.srv = apitest.New()
	e.s.Routes(e.srv.Router)
	e.R = e.mkOrg(nil, "committee", "机关党委")
	e.A = e.mkOrg(&e.R, "branch", "第一支部")
	e.B = e.mkOrg(&e.R, "branch", "第二支部")
	e.X = e.mkOrg(nil, "committee", "外委")
	e.X1 = e.mkOrg(&e.X, "branch", "外支部")
	for id, name := range map[string]string{"a1": "甲", "a2": "乙", "a3": "丙", "a4": "丁"} {
		e.addMember(id, name, e.A)
	}
	e.addMember("b1", "戊", e.B)
	e.addMember("b2", "己", e.B)
	e.addMember("x1", "庚", e.X1)
	return e
}

func (e *env) mkOrg(parent *points.OrgRef, kind, name string) points.OrgRef {
	id := ids.New()
	o := points.OrgRef{ID: id, Name: name, Kind: kind, Path: "/" + id + "/", Active: true}
	if parent != nil {
		o.ParentID, o.Path = parent.ID, parent.Path+id+"/"
	}
	e.dir.orgs[id] = o
	return o
}

func (e *env) addMember(id, name string, o points.OrgRef) {
	e.dir.members[id] = points.MemberRef{ID: id, Name: name, OrgID: o.ID, OrgPath: o.Path, Status: "full",
		JoinedOn: "2010-07-01", Active: true}
}

func grant(role authz.Role, o points.OrgRef, who string) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + who, Username: who, DisplayName: who,
		Grants: []authz.Grant{{ID: "g-" + who, Role: role, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

func (e *env) do(t *testing.T, p *authz.Principal, method, path string, body any, want int) *apitest.Response {
	t.Helper()
	return e.srv.Expect(t, p, method, path, body, want)
}

// emit records events a millisecond apart (so they are delivered in the
// order given) and delivers everything pending.
func (e *env) emit(t *testing.T, evs ...outbox.Event) {
	t.Helper()
	for _, ev := range evs {
		e.clk.Advance(time.Millisecond)
		if err := outbox.EmitAt(t.Context(), e.d, e.clk.Now(), ev); err != nil {
			t.Fatal(err)
		}
	}
	e.dispatch(t)
}

func (e *env) dispatch(t *testing.T) {
	t.Helper()
	for {
		n, err := e.x.DispatchOnce(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// attendance is a meeting.* event as orglife records it for a meeting of
// org held at 10:00 Shanghai time on date.
func attendance(typ, meetingID string, org points.OrgRef, date, member, status, previous string) outbox.Event {
	d, _ := time.ParseInLocation(clock.DateLayout, date, clock.Shanghai)
	p := map[string]any{"meeting_id": meetingID, "org_id": org.ID, "kind": "theme_day", "topic": "学习党章",
		"starts_at": clock.Stamp(d.Add(10 * time.Hour).UnixMilli()), "member_id": member, "status": status, "method": "qr"}
	if previous != "" {
		p["previous"], p["reason"] = previous, "补录"
	}
	return outbox.Event{Type: typ, SubjectID: member, OrgPath: org.Path, Payload: p}
}

var statusEvent = map[string]string{"present": "meeting.attended", "remote": "meeting.attended",
	"leave": "meeting.leave", "absent": "meeting.absent"}

// meeting emits the attendance events of a finalized meeting.
func (e *env) meeting(t *testing.T, id string, org points.OrgRef, date string, statuses map[string]string) {
	t.Helper()
	var evs []outbox.Event
	for member, st := range statuses {
		evs = append(evs, attendance(statusEvent[st], id, org, date, member, st, ""))
	}
	e.emit(t, evs...)
}

// correct emits meeting.attendance_corrected.
func (e *env) correct(t *testing.T, id string, org points.OrgRef, date, member, from, to string) {
	t.Helper()
	e.emit(t, attendance("meeting.attendance_corrected", id, org, date, member, to, from))
}

// total is the member's running total of a year (0 without a row).
func (e *env) total(t *testing.T, member string, year int) int {
	t.Helper()
	var n int
	err := e.d.QueryRowContext(t.Context(), "SELECT total FROM points_member_years WHERE member_id = ? AND year = ?",
		member, year).Scan(&n)
	if err != nil && !db.IsNoRows(err) {
		t.Fatal(err)
	}
	return n
}

// ledger is every line as "key points reverses note", sorted, with the
// line IDs a reversal refers to replaced by the reversed line's key.
func (e *env) ledger(t *testing.T) []string {
	t.Helper()
	rows, err := e.d.QueryContext(t.Context(), `SELECT l.dedupe_key, l.points, COALESCE(o.dedupe_key, ''), l.note
		FROM points_ledger l LEFT JOIN points_ledger o ON o.id = l.reverses_id ORDER BY l.dedupe_key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var key, rev, note string
		var pts int
		if err := rows.Scan(&key, &pts, &rev, &note); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join([]string{key, strconv.Itoa(pts), rev, note}, " "))
	}
	return out
}

// checkTotals fails unless every running total equals the sum of its lines.
func (e *env) checkTotals(t *testing.T) {
	t.Helper()
	var bad int
	if err := e.d.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM points_member_years y WHERE y.total <>
		(SELECT COALESCE(SUM(points), 0) FROM points_ledger l WHERE l.member_id = y.member_id AND l.year = y.year)`).
		Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Fatalf("%d running totals differ from their lines", bad)
	}
}
