package elections_test

import (
	"context"
	"net/http"
	"testing"

	"dangjian/internal/elections"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// move puts o under parent as orgs would (the tree, its members) and emits
// orgs' "org.moved" event; it returns the org as it now is.
func (e *env) move(t *testing.T, o, parent elections.OrgRef) elections.OrgRef {
	t.Helper()
	oldPath := o.Path
	o.ParentID, o.Path = parent.ID, parent.Path+o.ID+"/"
	e.put(o)
	e.dir.mu.Lock()
	for id, m := range e.dir.members {
		if m.OrgID == o.ID {
			m.OrgPath = o.Path
			e.dir.members[id] = m
		}
	}
	e.dir.mu.Unlock()
	if err := outbox.EmitAt(context.Background(), e.d, e.clk.Now(), outbox.Event{Type: "org.moved", SubjectID: o.ID,
		OrgPath: o.Path, Payload: map[string]any{"old_path": oldPath}}); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestOrgMoved: a branch moved to another committee takes its election,
// its term history and the notices it received along: the new committee
// sees them, the old one no longer does, and a redelivered event changes
// nothing.
func TestOrgMoved(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		other := e.org(nil, "committee", "另一机关党委")
		x := outbox.NewDispatcher(e.d)
		e.s.Subscribe(x)
		own, upper := worker(tr.small), worker(tr.c)
		el, _ := e.call(t, own, "POST", "/api/v1/orgs/"+tr.small.ID+"/elections",
			map[string]any{"planned_on": "2026-03-20", "seats_secretary": 1}, http.StatusCreated)
		base := "/api/v1/elections/" + el.ID
		e.call(t, own, "POST", base+"/submit", nil, http.StatusOK)
		e.call(t, upper, "POST", base+"/approve", nil, http.StatusOK)
		e.call(t, own, "PUT", base+"/candidates", cands("secretary", "s01"), http.StatusOK)
		e.call(t, own, "POST", base+"/rounds", map[string]any{"held_on": today, "post": "secretary", "present": 4,
			"ballots_issued": 4, "ballots_returned": 4, "votes": map[string]int{"s01": 3}}, http.StatusOK)
		e.call(t, upper, "POST", base+"/approve-officers", nil, http.StatusOK)
		e.call(t, own, "POST", base+"/complete", nil, http.StatusOK)
		e.call(t, upper, "POST", "/api/v1/orgs/"+tr.c.ID+"/terms/notices", map[string]string{"org_id": tr.small.ID,
			"doc_no": "机关党委〔2026〕1号", "sent_on": today, "text": "请按期换届。"}, http.StatusCreated)
		e.call(t, upper, "POST", "/api/v1/orgs/"+tr.c.ID+"/terms/notices", map[string]string{"org_id": tr.b.ID,
			"doc_no": "机关党委〔2026〕2号", "sent_on": today, "text": "请按期换届。"}, http.StatusCreated)

		oldPath := tr.small.Path
		tr.small = e.move(t, tr.small, other)
		for again := range 2 {
			if again == 1 { // the dispatcher delivers the event a second time
				if _, err := e.d.ExecContext(t.Context(), "UPDATE outbox_cursors SET last_seq = 0"); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := x.DispatchOnce(t.Context()); err != nil {
				t.Fatal(err)
			}
			for _, table := range []string{"elections", "org_terms", "term_notices"} {
				moved := e.count(t, "SELECT COUNT(*) FROM "+table+" WHERE org_path = ?", tr.small.Path)
				left := e.count(t, "SELECT COUNT(*) FROM "+table+" WHERE org_path >= ? AND org_path < ?", oldPath, db.PrefixEnd(oldPath))
				if moved != 1 || left != 0 {
					t.Errorf("delivery %d: %s has %d rows at the new path and %d at the old", again+1, table, moved, left)
				}
			}
		}
		var notices struct{ Items []elections.Notice }
		e.srv.Expect(t, viewer(other), "GET", "/api/v1/orgs/"+other.ID+"/terms/notices", nil, http.StatusOK).JSON(t, &notices)
		if len(notices.Items) != 1 || notices.Items[0].OrgID != tr.small.ID {
			t.Errorf("the new committee sees notices %+v", notices.Items)
		}
		e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/orgs/"+tr.c.ID+"/terms/notices", nil, http.StatusOK).JSON(t, &notices)
		if len(notices.Items) != 1 || notices.Items[0].OrgID != tr.b.ID {
			t.Errorf("the old committee sees notices %+v", notices.Items)
		}
	})
}
