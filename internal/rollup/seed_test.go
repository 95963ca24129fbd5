package rollup

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/ids"
)

// bulkWorld is a world whose tree and members were bulk-loaded as the demo
// city and the benchmark load them: no events at all.
//
//	R (leading_body) ─┬─ C0 (committee) ─┬─ b00, b01 (branches)
//	                  │                  └─ G0 (general_branch) ─── b02
//	                  ├─ C1 (committee) ─── b10, b11
//	                  └─ C2 (committee) ─── b20
func bulkWorld(t *testing.T, d *db.DB, seed uint64, people int) *world {
	ctx := context.Background()
	e := newEnv(t, d)
	w := blankWorld(e, seed)
	var batch []orgs.BulkOrg
	for _, o := range [][3]string{{"R", "leading_body", ""}, {"C0", "committee", "R"}, {"C1", "committee", "R"},
		{"C2", "committee", "R"}, {"b00", "branch", "C0"}, {"b01", "branch", "C0"}, {"G0", "general_branch", "C0"},
		{"b02", "branch", "G0"}, {"b10", "branch", "C1"}, {"b11", "branch", "C1"}, {"b20", "branch", "C2"}} {
		b := orgs.BulkOrg{ID: ids.New(), NewOrg: orgs.NewOrg{Name: o[0], Kind: o[1], Code: "C-" + o[0],
			UnitType: oneOf(w, "", "enterprise"), TermEnd: randomTermEnd(w)}}
		if o[2] != "" {
			b.ParentID, b.ParentPath = e.ids[o[2]], w.pathOf(e.ids[o[2]])
		}
		e.ids[o[0]] = b.ID
		w.torgs[b.ID] = &truthOrg{id: b.ID, parent: b.ParentID, kind: o[1], unit: b.UnitType, termEnd: b.TermEnd, active: true}
		w.oids = append(w.oids, b.ID)
		batch = append(batch, b)
	}
	if err := e.orgs.BulkLoad(ctx, d, batch); err != nil {
		t.Fatal(err)
	}
	var list []members.BulkMember
	for len(list) < people {
		org := w.pickOrg(func(o *truthOrg) bool { return orgs.HoldsMembers(o.kind) })
		p, ok := randomPerson(w)
		if !ok {
			continue
		}
		id := ids.New()
		list = append(list, members.BulkMember{ID: id, OrgID: org, OrgPath: w.pathOf(org), Name: p.Name, Gender: p.Gender,
			Ethnicity: p.Ethnicity, BirthDate: p.BirthDate, IDNumber: p.IDNumber, Phone: p.Phone, Address: p.Address,
			Education: p.Education, Category: p.Category, Status: p.Status, JoinedOn: p.JoinedOn, FullMemberOn: p.FullMemberOn})
		w.remember(id, org, p)
	}
	if err := e.m.BulkLoad(ctx, d, list); err != nil {
		t.Fatal(err)
	}
	if err := e.orgs.RebuildChildCounts(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.m.RebuildCounts(ctx); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestRebuildSeedsFromTheRegister: a rebuild counts what was bulk-loaded
// (which no event tells) once, what happened after the load through the
// services and the activity events once more (the seed already reflects
// the member and org events, and a branch moved after its meetings takes
// them along), and the store goes on counting live from there.
func TestRebuildSeedsFromTheRegister(t *testing.T) {
	defer func(page, keys int) { seedPage, seedKeys = page, keys }(seedPage, seedKeys)
	seedPage, seedKeys = 16, 300 // several pages, the last one short, and counters written on the way
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := bulkWorld(t, d, 5, 70)
		holdMeetingAt(t, w, w.ids["b00"])
		if _, err := w.orgs.Move(ctx, w.ids["b00"], w.ids["C1"], nil); err != nil {
			t.Fatal(err)
		}
		w.torgs[w.ids["b00"]].parent = w.ids["C1"]
		for n := len(w.mids); len(w.mids) == n; {
			createMember(t, w)
		}
		done := w.run(t, 200)
		w.sync(t)
		registered := slices.Clone(w.mids[70:]) // through the services: their history is in the events
		before := w.spanRows(t, registered)
		// Undelivered, so unnumbered when the rebuild starts: it must
		// number them before its mark, or replaying them after the seed
		// would record the member's joining twice.
		for n := len(w.mids); len(w.mids) == n; {
			createMember(t, w)
		}
		gone := w.tmembers[w.mids[len(w.mids)-1]]
		w.step() // not in the same millisecond: the outbox would order the two by ID
		if _, err := w.m.End(ctx, gone.id, members.Ending{Kind: "withdrew", On: date(w.today()), Reason: "测试"}); err != nil {
			t.Fatal(err)
		}
		gone.active = false
		st, err := w.s.Rebuild(ctx, w.x)
		if err != nil {
			t.Fatal(err)
		}
		if st.Members != len(w.tmembers) || st.Orgs != len(w.torgs) || st.Deliveries == 0 {
			t.Errorf("rebuild %+v, want %d members and %d orgs seeded and the events replayed", st, len(w.tmembers), len(w.torgs))
		}
		w.compare(t, fmt.Sprintf("after a rebuild following %v", done))
		w.checkSpans(t)
		if after := w.spanRows(t, registered); !slices.Equal(after, before) {
			t.Errorf("spans of the members registered through the services:\n before %q\n after %q", before, after)
		}
		done = w.run(t, 150)
		w.sync(t)
		w.compare(t, fmt.Sprintf("after %v on the seeded store", done))
	})
}

// checkSpans checks the seeded history against the truth: who is a member
// today, that members registered as full were probationary when they
// joined, and who left.
func (w *world) checkSpans(t *testing.T) {
	t.Helper()
	ctx, root, today := context.Background(), w.pathOf(w.ids["R"]), date(w.today())
	asOf := func(day string) map[string]SpanRow {
		out := map[string]SpanRow{}
		if err := w.s.MembersAsOf(ctx, root, day, func(r SpanRow) error { out[r.MemberID] = r; return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	var active, ended []string
	for id, m := range w.tmembers {
		if m.active {
			active = append(active, id)
		} else {
			ended = append(ended, id)
		}
	}
	if got := slices.Sorted(maps.Keys(asOf(today))); !slices.Equal(got, slices.Sorted(slices.Values(active))) {
		t.Errorf("members as of today: %d, want the %d active", len(got), len(active))
	}
	probation := 0
	for _, id := range active {
		if m := w.tmembers[id]; m.status == "full" && m.fullOn > m.joined {
			if r := asOf(m.joined)[id]; r.Status != "probationary" {
				t.Errorf("member %s (full since %s) on joining %s: %+v", id, m.fullOn, m.joined, r)
			}
			probation++
		}
	}
	var left []string
	if err := w.s.EndedBetween(ctx, root, "2000-01-01", today, func(r SpanRow) error {
		left = append(left, r.MemberID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(slices.Sorted(slices.Values(left)), slices.Sorted(slices.Values(ended))) || len(ended) == 0 || probation == 0 {
		t.Errorf("%d ended spans, want the %d who left; %d probations checked", len(left), len(ended), probation)
	}
}

// spanRows are the stored spans of the given members, a line each.
func (w *world) spanRows(t *testing.T, ids []string) []string {
	t.Helper()
	rows, err := w.d.QueryContext(context.Background(), `SELECT member_id, valid_from, valid_to, `+factColumns+`,
		ended_kind, ended_on FROM rollup_member_spans WHERE member_id IN (`+db.Placeholders(len(ids))+`)
		ORDER BY member_id, valid_from`, db.Strings(ids)...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r spanRow
		if err := rows.Scan(append(append([]any{&r.memberID, &r.from, &r.to}, r.facts.scanArgs()...), &r.endedKind, &r.endedOn)...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(r))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) <= len(ids) {
		t.Fatalf("%d spans of %d members: too little history to check", len(out), len(ids))
	}
	return out
}
