package points_test

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/settings"
	"dangjian/internal/points"
)

// TestBucketCountersEqualARecount: after random runs of meetings,
// attendance corrections, dues payments and their reversals, volunteer
// hours and commendations, members moving between branches and orgs moving
// in the tree, the histogram counters of every org equal a recount of the
// totals in points_member_years — and still do after the whole outbox is
// delivered again, after a rebuild from nothing, and when the migration
// fills them from the totals alone.
func TestBucketCountersEqualARecount(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := &shuffle{e: e, rng: rand.New(rand.NewPCG(8, 2026)), seen: map[int]bool{}}
		for round := range 6 {
			for range 30 {
				w.step(t)
			}
			w.check(t, fmt.Sprintf("round %d", round))
		}
		if len(w.moved) < 10 || len(w.seen) != 7 {
			t.Fatalf("%d moves, buckets %v counted: the run proves little", len(w.moved), w.seen)
		}

		e.rewind(t, "0")
		e.dispatch(t)
		w.check(t, "replay")

		for _, table := range []string{"points_ledger", "points_member_years", "points_buckets"} {
			exec(t, e.d, "DELETE FROM "+table)
		}
		e.rewind(t, "0")
		e.dispatch(t)
		w.check(t, "rebuild")

		exec(t, e.d, "DELETE FROM points_buckets")
		exec(t, e.d, "DELETE FROM schema_migrations WHERE id = 'points.0003_buckets_fill'")
		if err := db.Migrate(t.Context(), e.d, steps()); err != nil {
			t.Fatal(err)
		}
		w.check(t, "filled by the migration")
	})
}

func exec(t *testing.T, d *db.DB, stmt string) {
	t.Helper()
	if _, err := d.ExecContext(t.Context(), stmt); err != nil {
		t.Fatal(err)
	}
}

// shuffle drives a random run over the env's tree: R (A, B) and X (X1).
type shuffle struct {
	e        *env
	rng      *rand.Rand
	n        int
	held     []attended // a member's attendance of a meeting, as last corrected
	payments []payment
	moved    []string     // what moved, for the failure messages
	seen     map[int]bool // the ranges the recounts found totals in
}

type attended struct{ meeting, org, date, member, status string }

type payment struct {
	entry, member, month string
	reversed             bool
}

func (w *shuffle) step(t *testing.T) {
	w.n++
	switch r := w.rng.IntN(100); {
	case r < 22:
		w.meeting(t, w.date(), attendanceStatuses)
	case r < 25:
		w.meeting(t, fmt.Sprintf("2028-01-%02d", 1+w.rng.IntN(28)), []string{"leave"})
	case r < 35:
		w.correct(t)
	case r < 50:
		w.pay(t)
	case r < 58:
		w.reverse(t)
	case r < 70:
		w.volunteer(t)
	case r < 76:
		w.commend(t)
	case r < 88:
		w.moveMember(t)
	default:
		w.moveOrg(t)
	}
}

func (w *shuffle) org(id string) points.OrgRef { return w.e.dir.orgs[id] }

// date is a day of 2025, 2026 or 2027: the members move in 2026, taking
// their totals of 2026 and 2027 along and leaving 2025's.
func (w *shuffle) date() string {
	return fmt.Sprintf("%d-%02d-%02d", 2025+w.rng.IntN(3), 1+w.rng.IntN(12), 1+w.rng.IntN(28))
}

func (w *shuffle) member() points.MemberRef {
	ids := slices.Sorted(maps.Keys(w.e.dir.members))
	return w.e.dir.members[ids[w.rng.IntN(len(ids))]]
}

var attendanceStatuses = []string{"present", "remote", "leave", "absent"}

// meeting is a meeting of a branch on date with each of its members in
// one of statuses (2028's, all on leave, make totals of 0).
func (w *shuffle) meeting(t *testing.T, date string, statuses []string) {
	branch := w.branches()[w.rng.IntN(3)]
	id := fmt.Sprintf("mt%d", w.n)
	got := map[string]string{}
	in, _ := w.e.dir.MembersIn(t.Context(), nil, branch.ID)
	for _, m := range in {
		st := statuses[w.rng.IntN(len(statuses))]
		got[m.ID] = st
		w.held = append(w.held, attended{id, branch.ID, date, m.ID, st})
	}
	w.e.meeting(t, id, branch, date, got)
}

func (w *shuffle) correct(t *testing.T) {
	if len(w.held) == 0 {
		return
	}
	a := &w.held[w.rng.IntN(len(w.held))]
	to := attendanceStatuses[(slices.Index(attendanceStatuses, a.status)+1+w.rng.IntN(3))%len(attendanceStatuses)]
	w.e.correct(t, a.meeting, w.org(a.org), a.date, a.member, a.status, to)
	a.status = to
}

func (w *shuffle) pay(t *testing.T) {
	m := w.member()
	p := payment{entry: fmt.Sprintf("e%d", w.n), member: m.ID, month: fmt.Sprintf("2026-%02d", 1+w.rng.IntN(12))}
	w.payments = append(w.payments, p)
	w.e.emit(t, paid(m.ID, w.org(m.OrgID), p.month, p.entry, w.rng.IntN(4) > 0, false))
}

func (w *shuffle) reverse(t *testing.T) {
	i := slices.IndexFunc(w.payments, func(p payment) bool { return !p.reversed })
	if i < 0 {
		return
	}
	p := &w.payments[i]
	p.reversed = true
	m := w.e.dir.members[p.member]
	w.e.emit(t, paymentReversed(p.member, w.org(m.OrgID), p.month, p.entry+"r", p.entry))
}

// volunteer hours make the large totals (up to 20 a month).
func (w *shuffle) volunteer(t *testing.T) {
	m := w.member()
	w.e.emit(t, outbox.Event{Type: "volunteer.hours", SubjectID: m.ID, OrgPath: m.OrgPath, Payload: map[string]any{
		"member_id": m.ID, "hours": 1 + w.rng.IntN(20), "on": w.date(), "title": "社区服务"}})
}

func (w *shuffle) commend(t *testing.T) {
	m := w.member()
	w.e.emit(t, outbox.Event{Type: "commendation.awarded", SubjectID: m.ID + "-" + fmt.Sprint(w.n), OrgPath: m.OrgPath,
		Payload: map[string]any{"round_id": fmt.Sprintf("r%d", w.n), "title": "两优一先", "kind_label": "优秀共产党员",
			"member_id": m.ID, "org_id": m.OrgID}})
}

func (w *shuffle) branches() []points.OrgRef {
	return []points.OrgRef{w.org(w.e.A.ID), w.org(w.e.B.ID), w.org(w.e.X1.ID)}
}

func (w *shuffle) moveMember(t *testing.T) {
	m := w.member()
	to := w.branches()[w.rng.IntN(3)]
	if to.ID == m.OrgID {
		return
	}
	m.OrgID, m.OrgPath = to.ID, to.Path
	w.e.dir.members[m.ID] = m
	w.moved = append(w.moved, m.ID+"→"+to.Name)
	w.e.emit(t, outbox.Event{Type: "member.moved", SubjectID: m.ID, OrgPath: to.Path,
		Payload: map[string]any{"id": m.ID, "to_org_id": to.ID}})
}

// moveOrg moves a branch to the other committee, or X between the top and
// under R (taking X1 a level down or up).
func (w *shuffle) moveOrg(t *testing.T) {
	e := w.e
	o := w.org([]string{e.A.ID, e.B.ID, e.X1.ID, e.X.ID}[w.rng.IntN(4)])
	parents := []string{e.R.ID, e.X.ID}
	if o.ID == e.X.ID {
		parents = []string{"", e.R.ID}
	}
	parents = slices.DeleteFunc(parents, func(p string) bool { return p == o.ParentID })
	parent := parents[w.rng.IntN(len(parents))]
	newPath := "/" + o.ID + "/"
	if parent != "" {
		newPath = w.org(parent).Path + o.ID + "/"
	}
	w.rewrite(o.Path, newPath)
	moved := w.org(o.ID)
	moved.ParentID = parent
	e.dir.orgs[o.ID] = moved
	w.moved = append(w.moved, o.Name+"→"+cmp.Or(w.org(parent).Name, "顶层"))
	e.emit(t, outbox.Event{Type: "org.moved", SubjectID: o.ID, OrgPath: newPath, Payload: map[string]any{"old_path": o.Path}})
}

// rewrite moves the directory's orgs and members under oldPath.
func (w *shuffle) rewrite(oldPath, newPath string) {
	for id, o := range w.e.dir.orgs {
		if rest, ok := strings.CutPrefix(o.Path, oldPath); ok {
			o.Path = newPath + rest
			w.e.dir.orgs[id] = o
		}
	}
	for id, m := range w.e.dir.members {
		if rest, ok := strings.CutPrefix(m.OrgPath, oldPath); ok {
			m.OrgPath = newPath + rest
			w.e.dir.members[id] = m
		}
	}
}

// check compares the counters with a recount, row by row and through
// BucketCounts for every org.
func (w *shuffle) check(t *testing.T, when string) {
	t.Helper()
	want := recount(t, w.e.d, ranges(t, w.e.s, w.e.d))
	if got := counters(t, w.e.d); !maps.Equal(want, got) {
		t.Fatalf("%s (after %v): the counters differ from a recount\n%s", when, w.moved, diff(want, got))
	}
	for k := range want {
		w.seen[k.bucket] = true
	}
	ids := slices.Collect(maps.Keys(w.e.dir.orgs))
	for _, year := range []int{2025, 2026, 2027, 2028} {
		read, err := w.e.s.BucketCounts(t.Context(), w.e.d, ids, year)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			var sum cell
			var got []int
			var wantCounts []int
			for i, b := range read[id].Buckets {
				c := want[cellKey{id, year, i}]
				sum = cell{sum.members + c.members, sum.points + c.points}
				got, wantCounts = append(got, b.Count), append(wantCounts, int(c.members))
			}
			if c := read[id]; !slices.Equal(got, wantCounts) || int64(c.Members) != sum.members || c.Points != sum.points {
				t.Fatalf("%s: BucketCounts of %s %d: %v, %d members, %d points; want %v, %d, %d", when, w.org(id).Name,
					year, got, c.Members, c.Points, wantCounts, sum.members, sum.points)
			}
		}
	}
}

// ranges are the histogram's ranges as BucketCounts gives them.
func ranges(t testing.TB, s *points.Service, d *db.DB) []points.Bucket {
	t.Helper()
	read, err := s.BucketCounts(t.Context(), d, []string{"nowhere"}, 2026)
	if err != nil || len(read["nowhere"].Buckets) != 7 {
		t.Fatalf("ranges: %+v, %v", read, err)
	}
	return read["nowhere"].Buckets
}

// cellKey is a row of points_buckets, cell what it counts.
type (
	cellKey struct {
		org          string
		year, bucket int
	}
	cell struct{ members, points int64 }
)

// recount buckets every total of points_member_years at each org of its
// path.
func recount(t testing.TB, d *db.DB, ranges []points.Bucket) map[cellKey]cell {
	t.Helper()
	out := map[cellKey]cell{}
	rows, err := d.QueryContext(t.Context(), "SELECT org_path, year, total FROM points_member_years")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var path string
		var year, total int
		if err := rows.Scan(&path, &year, &total); err != nil {
			t.Fatal(err)
		}
		b := slices.IndexFunc(ranges, func(b points.Bucket) bool {
			return (b.Min == nil || total >= *b.Min) && (b.Max == nil || total <= *b.Max)
		})
		for _, org := range settings.PathIDs(path) {
			k := cellKey{org, year, b}
			out[k] = cell{out[k].members + 1, out[k].points + int64(total)}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// counters are the rows of points_buckets that count anything.
func counters(t testing.TB, d *db.DB) map[cellKey]cell {
	t.Helper()
	rows, err := d.QueryContext(t.Context(), "SELECT org_id, year, bucket, members, points FROM points_buckets")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[cellKey]cell{}
	for rows.Next() {
		var k cellKey
		var c cell
		if err := rows.Scan(&k.org, &k.year, &k.bucket, &c.members, &c.points); err != nil {
			t.Fatal(err)
		}
		if c != (cell{}) {
			out[k] = c
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func diff(want, got map[cellKey]cell) string {
	var out []string
	for k := range maps.Keys(want) {
		if got[k] != want[k] {
			out = append(out, fmt.Sprintf("%v: got %v, want %v", k, got[k], want[k]))
		}
	}
	for k := range maps.Keys(got) {
		if _, ok := want[k]; !ok {
			out = append(out, fmt.Sprintf("%v: got %v, want nothing", k, got[k]))
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}
