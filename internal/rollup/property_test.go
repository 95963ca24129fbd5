package rollup

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/settings"
)

// The property: after any sequence of operations through the real
// services, every subtree counter equals a recount from what the test
// itself did (its ground truth), and so does a rebuild from zero.

// randomOp is one kind of random operation. run does it through the
// services and records its effect in the world's ground truth; it skips
// (does nothing) when no suitable subject exists or the service refuses.
type randomOp struct {
	name   string
	weight int
	run    func(t testing.TB, w *world)
}

// extraOps are operation kinds other files of the package add (meetings,
// payments), with extraRecounts adding what their ground truth counts.
var (
	extraOps      []randomOp
	extraRecounts []func(w *world, add func(path string, ds ...Delta))
)

// truthOrg and truthMember are the ground truth: what the test did.
type truthOrg struct {
	id, parent, kind, unit, termEnd string
	active                          bool
}

type truthMember struct {
	id, org                                                               string
	gender, ethnicity, birth, education, category, status, joined, fullOn string
	active                                                                bool
}

// world is a random run: the services, the random source and the truth.
type world struct {
	*env
	rnd      *rand.Rand
	torgs    map[string]*truthOrg
	tmembers map[string]*truthMember
	oids     []string       // org IDs in creation order, for picking
	mids     []string       // member IDs in creation order, for picking
	extra    map[string]any // ground truth of extraOps, by their own keys
	refused  map[string]int // operations the services refused, by name
}

func (w *world) today() time.Time { return clock.Today(w.clk) }

// pathOf is an org's path by the truth's parents.
func (w *world) pathOf(id string) string {
	p := ""
	for ; id != ""; id = w.torgs[id].parent {
		p = "/" + id + p
	}
	return p + "/"
}

// pickOrg picks an active org satisfying ok, or "".
func (w *world) pickOrg(ok func(o *truthOrg) bool) string {
	var ids []string
	for _, id := range w.oids {
		if o := w.torgs[id]; o.active && ok(o) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return ids[w.rnd.IntN(len(ids))]
}

// empty reports whether the org has no active members or child orgs.
func (w *world) empty(id string) bool {
	for _, o := range w.torgs {
		if o.active && o.parent == id {
			return false
		}
	}
	for _, m := range w.tmembers {
		if m.active && m.org == id {
			return false
		}
	}
	return true
}

// pickMember picks an active member satisfying ok, or nil.
func (w *world) pickMember(ok func(m *truthMember) bool) *truthMember {
	var list []*truthMember
	for _, id := range w.mids {
		if m := w.tmembers[id]; m.active && ok(m) {
			list = append(list, m)
		}
	}
	if len(list) == 0 {
		return nil
	}
	return list[w.rnd.IntN(len(list))]
}

func anyOne[T any](*T) bool { return true }

func oneOf[T any](w *world, list ...T) T { return list[w.rnd.IntN(len(list))] }

// ok reports whether the operation was done: it fails t unless err is nil
// or a refusal (validation, conflict), which it counts.
func (w *world) ok(t testing.TB, op string, err error) bool {
	t.Helper()
	if err != nil && !invalid(err) {
		t.Fatalf("%s: %v", op, err)
	}
	if err != nil {
		w.refused[op]++
	}
	return err == nil
}

func date(t time.Time) string { return t.Format(clock.DateLayout) }

var coreOps = []randomOp{
	{"create member", 8, createMember},
	{"update member", 3, func(t testing.TB, w *world) {
		m := w.pickMember(anyOne)
		if m == nil {
			return
		}
		edu, cat, eth := oneOf(w, "bachelor", "master", "college"), oneOf(w, "enterprise", "retired", "farmer"), oneOf(w, "汉族", "回族")
		_, err := w.m.Update(context.Background(), m.id, members.Patch{Education: &edu, Category: &cat, Ethnicity: &eth})
		if w.ok(t, "update member", err) {
			m.education, m.category, m.ethnicity = edu, cat, eth
		}
	}},
	{"become full", 2, func(t testing.TB, w *world) {
		today := date(w.today())
		m := w.pickMember(func(m *truthMember) bool { return m.status == "probationary" && m.joined < today })
		if m == nil {
			return
		}
		full := "full"
		_, err := w.m.Update(context.Background(), m.id, members.Patch{Status: &full, FullMemberOn: &today})
		if w.ok(t, "become full", err) {
			m.status, m.fullOn = full, today
		}
	}},
	{"move member", 3, func(t testing.TB, w *world) {
		m := w.pickMember(anyOne)
		to := w.pickOrg(func(o *truthOrg) bool { return orgs.HoldsMembers(o.kind) })
		if m == nil || to == "" || to == m.org {
			return
		}
		_, err := w.m.Move(context.Background(), m.id, to, "工作调动")
		if w.ok(t, "move member", err) {
			m.org = to
		}
	}},
	{"member leaves", 2, func(t testing.TB, w *world) {
		m := w.pickMember(anyOne)
		if m == nil {
			return
		}
		_, err := w.m.End(context.Background(), m.id, members.Ending{Kind: oneOf(w, "deceased", "withdrew"),
			On: date(w.today()), Reason: "测试"})
		if w.ok(t, "member leaves", err) {
			m.active = false
		}
	}},
	{"create org", 2, func(t testing.TB, w *world) {
		parent := w.pickOrg(func(*truthOrg) bool { return true })
		kind := oneOf(w, "committee", "general_branch", "branch", "branch", "group")
		n := orgs.NewOrg{ParentID: parent, Name: fmt.Sprintf("组织%d", len(w.torgs)), Kind: kind,
			UnitType: oneOf(w, "", "enterprise", "village"), TermEnd: randomTermEnd(w)}
		o, err := w.orgs.Create(context.Background(), n)
		if w.ok(t, "create org", err) {
			w.torgs[o.ID] = &truthOrg{id: o.ID, parent: parent, kind: kind, unit: n.UnitType, termEnd: n.TermEnd, active: true}
			w.oids = append(w.oids, o.ID)
		}
	}},
	{"update org", 1, func(t testing.TB, w *world) {
		id := w.pickOrg(func(*truthOrg) bool { return true })
		unit, end := oneOf(w, "", "school", "enterprise"), randomTermEnd(w)
		_, err := w.orgs.Update(context.Background(), id, orgs.Fields{UnitType: &unit, TermEnd: &end}, 0)
		if w.ok(t, "update org", err) {
			w.torgs[id].unit, w.torgs[id].termEnd = unit, end
		}
	}},
	{"move org", 2, func(t testing.TB, w *world) {
		id := w.pickOrg(func(o *truthOrg) bool { return o.parent != "" })
		to := w.pickOrg(func(*truthOrg) bool { return true })
		if id == "" {
			return
		}
		_, err := w.orgs.Move(context.Background(), id, to, nil)
		if w.ok(t, "move org", err) {
			w.torgs[id].parent = to
		}
	}},
	{"dissolve org", 1, func(t testing.TB, w *world) {
		id := w.pickOrg(func(o *truthOrg) bool { return o.parent != "" && w.empty(o.id) })
		if id == "" {
			return
		}
		_, err := w.orgs.Dissolve(context.Background(), id, date(w.today()), "测试")
		if w.ok(t, "dissolve org", err) {
			w.torgs[id].active = false
		}
	}},
	{"days pass", 1, func(t testing.TB, w *world) {
		w.sync(t) // what happened so far happened before the days passed
		w.clk.Advance(time.Duration(1+w.rnd.IntN(400)) * 24 * time.Hour)
		if err := w.s.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
	}},
	{"dispatch", 3, func(t testing.TB, w *world) {
		if _, err := w.x.DispatchOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}},
}

func randomTermEnd(w *world) string {
	if w.rnd.IntN(3) == 0 {
		return ""
	}
	return date(w.today().AddDate(0, 0, w.rnd.IntN(800)-300))
}

// createMember registers a random member in a random home org.
func createMember(t testing.TB, w *world) {
	org := w.pickOrg(func(o *truthOrg) bool { return orgs.HoldsMembers(o.kind) })
	if org == "" {
		return
	}
	d, ok := randomPerson(w)
	if !ok {
		return
	}
	m, err := w.m.Create(context.Background(), org, d)
	if w.ok(t, "create member", err) {
		w.remember(m.ID, org, d)
	}
}

// randomPerson is a random member's details, joined after turning 18 and
// by today; not ok when the drawn birth date is too recent for that.
func randomPerson(w *world) (members.Details, bool) {
	today := w.today()
	birth := time.Date(1940+w.rnd.IntN(65), time.Month(1+w.rnd.IntN(12)), 1+w.rnd.IntN(28), 0, 0, 0, 0, time.UTC)
	if w.rnd.IntN(10) == 0 {
		birth = time.Date(1964+4*w.rnd.IntN(10), time.February, 29, 0, 0, 0, 0, time.UTC)
	}
	adult := birth.AddDate(18, 0, 1)
	if !adult.Before(today) {
		return members.Details{}, false
	}
	joined := adult.AddDate(0, 0, w.rnd.IntN(int(today.Sub(adult).Hours()/24)+1))
	status, full := "probationary", ""
	if fullOn := joined.AddDate(1, 0, 0); w.rnd.IntN(3) > 0 && !fullOn.After(today) {
		status, full = "full", date(fullOn)
	}
	d := w.person(fmt.Sprintf("党员%d", len(w.mids)), date(birth), status, date(joined), full)
	d.Ethnicity, d.Education, d.Category = oneOf(w, "汉族", "回族", "满族"), oneOf(w, "bachelor", "college", "secondary"),
		oneOf(w, "enterprise", "farmer", "retired")
	return d, true
}

// remember adds a registered member to the truth.
func (w *world) remember(id, org string, d members.Details) {
	w.tmembers[id] = &truthMember{id: id, org: org, gender: d.Gender, ethnicity: d.Ethnicity, birth: d.BirthDate,
		education: d.Education, category: d.Category, status: d.Status, joined: d.JoinedOn, fullOn: d.FullMemberOn,
		active: true}
	w.mids = append(w.mids, id)
}

// recount is every counter the truth implies, from scratch.
func (w *world) recount() map[countKey]int64 {
	out := map[countKey]int64{}
	add := func(path string, ds ...Delta) {
		for _, id := range settings.PathIDs(path) {
			for _, d := range ds {
				out[countKey{id, d.Metric, d.Bucket}] += d.N
			}
		}
	}
	today := w.today()
	own := map[string][2]int64{} // org → members, full members in its subtree
	for _, m := range w.tmembers {
		if !m.active {
			continue
		}
		path := w.pathOf(m.org)
		add(path, member{AgeBand: ageBand(m.birth, today), PartyAgeBand: partyAgeBand(m.status, m.fullOn, today),
			Active: true, facts: facts{Gender: m.gender, Ethnicity: m.ethnicity, Education: m.education,
				Category: m.category, Status: m.status, JoinedOn: m.joined}}.deltas(1)...)
		for _, id := range settings.PathIDs(path) {
			c := own[id]
			c[0]++
			if m.status == "full" {
				c[1]++
			}
			own[id] = c
		}
	}
	for id, o := range w.torgs {
		if !o.active {
			continue
		}
		c := org{Kind: o.kind, UnitType: o.unit, Status: orgActive, TermState: termState(o.kind, o.termEnd, today)}
		c.SizeClass, c.CommitteeClass = classes(c, own[id][0], own[id][1])
		add(w.pathOf(id), c.deltas(1)...)
	}
	for _, fn := range extraRecounts {
		fn(w, add)
	}
	for k, n := range out {
		if n == 0 {
			delete(out, k)
		}
	}
	return out
}

// stored is every non-zero counter in rollup_counts.
func stored(t testing.TB, d *db.DB) map[countKey]int64 {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), "SELECT org_id, metric, bucket, n FROM rollup_counts WHERE n <> 0")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[countKey]int64{}
	for rows.Next() {
		var k countKey
		var n int64
		if err := rows.Scan(&k.org, &k.metric, &k.bucket, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	return out
}

// compare fails t for every counter that differs from the recount, both
// ways (missing and extra).
func (w *world) compare(t testing.TB, when string) {
	t.Helper()
	want, got := w.recount(), stored(t, w.d)
	var diffs []string
	for _, k := range slices.SortedFunc(maps.Keys(want), cmpKey) {
		if got[k] != want[k] {
			diffs = append(diffs, fmt.Sprintf("%v: stored %d, recount %d", k, got[k], want[k]))
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(got), cmpKey) {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%v: stored %d, recount 0", k, got[k]))
		}
	}
	if len(diffs) > 0 {
		t.Fatalf("%s: %d counters differ from the recount (%d counters):\n%s", when, len(diffs), len(want),
			strings.Join(diffs[:min(len(diffs), 15)], "\n"))
	}
	if len(want) < 50 {
		t.Fatalf("%s: only %d counters: the run exercised too little", when, len(want))
	}
}

func cmpKey(a, b countKey) int {
	return strings.Compare(a.org+"\x00"+a.metric+"\x00"+a.bucket, b.org+"\x00"+b.metric+"\x00"+b.bucket)
}

// run performs n random operations with the seed's choices.
func (w *world) run(t testing.TB, n int) map[string]int {
	ops := slices.Concat(coreOps, extraOps)
	total := 0
	for _, op := range ops {
		total += op.weight
	}
	done := map[string]int{}
	for range n {
		k := w.rnd.IntN(total)
		for _, op := range ops {
			if k -= op.weight; k < 0 {
				op.run(t, w)
				done[op.name]++
				break
			}
		}
		w.clk.Advance(time.Minute)
	}
	return done
}

// newWorld is a world on the usual test tree, made through the services.
func newWorld(t testing.TB, d *db.DB, seed uint64) *world {
	e := newEnv(t, d)
	e.tree(t)
	w := blankWorld(e, seed)
	for _, name := range []string{"R", "A", "B", "A1", "A2", "B1"} {
		o, err := e.orgs.Get(context.Background(), d, e.ids[name])
		if err != nil {
			t.Fatal(err)
		}
		w.torgs[o.ID] = &truthOrg{id: o.ID, parent: o.ParentID, kind: o.Kind, active: true}
		w.oids = append(w.oids, o.ID)
	}
	return w
}

// blankWorld is a world on e with nothing in its truth yet.
func blankWorld(e *env, seed uint64) *world {
	return &world{env: e, rnd: rand.New(rand.NewPCG(seed, 8)), torgs: map[string]*truthOrg{}, tmembers: map[string]*truthMember{},
		extra: map[string]any{}, refused: map[string]int{}}
}

func TestRollupsEqualARecount(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
				w := newWorld(t, d, seed)
				done := w.run(t, 200)
				w.sync(t)
				t.Logf("operations %v, refused %v", done, w.refused)
				w.compare(t, fmt.Sprintf("after %v", done))
				if _, err := w.s.Rebuild(context.Background(), w.x); err != nil {
					t.Fatal(err)
				}
				w.compare(t, "after a rebuild")
			})
		})
	}
}
