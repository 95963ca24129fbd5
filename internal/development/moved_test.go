package development_test

import (
	"context"
	"net/http"
	"testing"

	"dangjian/internal/development"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// move puts org o under parent as orgs would (the tree, the members) and
// emits orgs' "org.moved" event; it returns the org as it now is.
func (e *env) move(t *testing.T, o, parent development.OrgRef) development.OrgRef {
	t.Helper()
	oldPath := o.Path
	o.ParentID, o.Path = parent.ID, parent.Path+o.ID+"/"
	e.dir.mu.Lock()
	e.dir.orgs[o.ID] = o
	for id, m := range e.dir.members {
		if m.OrgID == o.ID {
			m.OrgPath = o.Path
			e.dir.members[id] = m
		}
	}
	e.dir.mu.Unlock()
	e.nd.Org(o.ID, o.Path)
	if err := outbox.EmitAt(context.Background(), e.d, e.clk.Now(), outbox.Event{Type: "org.moved", SubjectID: o.ID,
		OrgPath: o.Path, Payload: map[string]any{"old_path": oldPath}}); err != nil {
		t.Fatal(err)
	}
	return o
}

// dispatch delivers the pending events; again replays every event to
// development first, as a redelivery would.
func dispatch(t *testing.T, d *db.DB, x *outbox.Dispatcher, again bool) {
	t.Helper()
	ctx := context.Background()
	if again {
		if _, err := d.ExecContext(ctx, "UPDATE outbox_cursors SET last_seq = 0 WHERE subscriber = 'development.org_moved'"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := x.DispatchOnce(ctx); err != nil {
		t.Fatal(err)
	}
}

// rollups is every org's stage counts and admissions, as "stage:n" and
// "year:n" lists.
func (e *env) rollups(t *testing.T, orgs ...development.OrgRef) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, o := range orgs {
		out[o.Name] = e.pairs(t, "SELECT stage, n FROM dev_stage_counts WHERE org_id = ? AND n <> 0 ORDER BY stage", o.ID) + "| " +
			e.pairs(t, "SELECT year, n FROM dev_admitted WHERE org_id = ? AND n <> 0 ORDER BY year", o.ID)
	}
	return out
}

// recounted is rollups as a count of the files under each org's path.
func (e *env) recounted(t *testing.T, orgs ...development.OrgRef) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, o := range orgs {
		out[o.Name] = e.pairs(t, `SELECT stage, COUNT(*) FROM dev_files WHERE state IN ('active', 'admitted')
			AND org_path >= ? AND org_path < ? GROUP BY stage ORDER BY stage`, o.Path, db.PrefixEnd(o.Path)) + "| " +
			e.pairs(t, `SELECT CAST(substr(s.on_date, 1, 4) AS INTEGER), COUNT(*) FROM dev_steps s JOIN dev_files f ON f.id = s.file_id
			WHERE s.step_no = 17 AND s.failed = 0 AND f.org_path >= ? AND f.org_path < ?
			GROUP BY substr(s.on_date, 1, 4) ORDER BY 1`, o.Path, db.PrefixEnd(o.Path))
	}
	return out
}

func (e *env) sameCounts(t *testing.T, when string, want map[string]string, orgs ...development.OrgRef) {
	t.Helper()
	got := e.rollups(t, orgs...)
	for _, o := range orgs {
		if got[o.Name] != want[o.Name] {
			t.Errorf("%s: %s has %q, want %q", when, o.Name, got[o.Name], want[o.Name])
		}
	}
}

// TestOrgMoved: a branch moved to another committee takes its files'
// paths and counts along, the committee it left keeps none of them, a
// redelivered event changes nothing, a file opened under the new path
// before the event is counted once, and a move inside one committee
// leaves the common ancestor's counts alone.
func TestOrgMoved(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := outbox.NewDispatcher(e.d)
		e.s.Subscribe(x)
		first := e.open(t, "甲申", "20000101", 11, applied)
		admitted := e.open(t, "乙申", "20000101", 13, applied)
		e.upTo(t, admitted.ID, 17)
		stopped := e.open(t, "丙申", "20000101", 15, applied)
		e.do(t, e.branch(), "POST", "/api/v1/development/files/"+stopped.ID+"/stop", map[string]any{"reason": "本人撤回"}, http.StatusOK)
		e.do(t, e.upper(), "POST", "/api/v1/orgs/"+e.w.B.ID+"/development/files",
			applicant("丁申", "20000101", 17, applied), http.StatusCreated)
		all := []development.OrgRef{e.w.R, e.w.A, e.w.B, e.w.X, e.w.X1}
		before := e.rollups(t, all...)
		if before["机关党委"] != "1:2 4:1 | 2025:1 " || before["外委"] != "| " {
			t.Fatalf("before the move: %q", before)
		}

		e.w.A = e.move(t, e.w.A, e.w.X)
		late := e.open(t, "戊申", "20000101", 19, applied) // opened under the new path before the event
		dispatch(t, e.d, x, false)
		all[1] = e.w.A
		want := map[string]string{"机关党委": "1:1 | ", "第一支部": "1:2 4:1 | 2025:1 ", "第二支部": "1:1 | ",
			"外委": "1:2 4:1 | 2025:1 ", "外支部": "| "}
		e.sameCounts(t, "after the move", want, all...)
		if rc := e.recounted(t, all...); rc["外委"] != want["外委"] || rc["机关党委"] != want["机关党委"] {
			t.Errorf("recount after the move: %q", rc)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dev_files WHERE org_path = ?", e.w.A.Path); n != 4 {
			t.Errorf("%d files carry the new path, want 4", n)
		}
		dispatch(t, e.d, x, true)
		e.sameCounts(t, "after a redelivery", want, all...)

		// The moved files go on under their new committee, out of sight of
		// the old one.
		e.do(t, e.upper(), "GET", "/api/v1/development/files/"+first.ID, nil, http.StatusNotFound)
		newUpper := grant(authz.PartyWorker, e.w.X, "外委组织委员")
		for _, no := range []int{2, 3} {
			e.do(t, newUpper, "POST", stepPath(first.ID), body(no, timeline[no]), http.StatusOK)
		}
		want["第一支部"], want["外委"] = "1:1 2:1 4:1 | 2025:1 ", "1:1 2:1 4:1 | 2025:1 "
		e.sameCounts(t, "after a step", want, all...)
		var p struct {
			Stages []struct{ Stage, Count int }
		}
		e.do(t, newUpper, "GET", "/api/v1/orgs/"+e.w.X.ID+"/development/pipeline", nil, http.StatusOK).JSON(t, &p)
		if p.Stages[0].Count != 1 || p.Stages[1].Count != 1 || p.Stages[3].Count != 1 {
			t.Errorf("pipeline of the new committee: %+v", p.Stages)
		}
		e.do(t, newUpper, "GET", "/api/v1/development/files/"+late.ID, nil, http.StatusOK)

		// Within one committee: X keeps its counts, X1 gains the branch's.
		e.w.A = e.move(t, e.w.A, e.w.X1)
		all[1] = e.w.A
		dispatch(t, e.d, x, true)
		want["外支部"] = want["外委"]
		e.sameCounts(t, "after a move inside the committee", want, all...)
		if rc := e.recounted(t, all...); rc["外支部"] != want["外支部"] || rc["外委"] != want["外委"] {
			t.Errorf("recount after the second move: %q", rc)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dev_files WHERE org_path >= ? AND org_path < ?",
			e.w.R.Path, db.PrefixEnd(e.w.R.Path)); n != 1 {
			t.Errorf("%d files left under the old committee, want B's 1", n)
		}
	})
}

// TestOrgMovedIgnoresIncompleteEvents: an event without the old path, or
// whose paths are not the moved org's, changes nothing.
func TestOrgMovedIgnoresIncompleteEvents(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := outbox.NewDispatcher(e.d)
		e.s.Subscribe(x)
		e.open(t, "甲申", "20000101", 11, applied)
		before := e.rollups(t, e.w.R, e.w.X)
		for _, p := range []map[string]any{{}, {"old_path": e.w.R.Path}, {"old_path": e.w.A.Path + "x/"}} {
			if err := outbox.EmitAt(context.Background(), e.d, e.clk.Now(), outbox.Event{Type: "org.moved",
				SubjectID: e.w.A.ID, OrgPath: e.w.X.Path + e.w.A.ID + "/", Payload: p}); err != nil {
				t.Fatal(err)
			}
		}
		dispatch(t, e.d, x, false)
		e.sameCounts(t, "after incomplete events", before, e.w.R, e.w.X)
		if n := e.count(t, "SELECT COUNT(*) FROM dev_files WHERE org_path = ?", e.w.A.Path); n != 1 {
			t.Errorf("paths changed: %d files at A's path", n)
		}
	})
}
