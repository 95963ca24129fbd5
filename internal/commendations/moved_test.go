package commendations_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"dangjian/internal/commendations"
	"dangjian/internal/platform/outbox"
)

func (e *env) emit(t *testing.T, ev outbox.Event) {
	t.Helper()
	if err := outbox.EmitAt(context.Background(), e.d, e.clk.Now(), ev); err != nil {
		t.Fatal(err)
	}
}

// marksIn lists the marks of org as its viewer.
func (e *env) marksIn(t *testing.T, o commendations.OrgRef) []commendations.Mark {
	t.Helper()
	var list struct{ Items []commendations.Mark }
	e.srv.Expect(t, viewer(o), "GET", "/api/v1/orgs/"+o.ID+"/commendations/marks", nil, http.StatusOK).JSON(t, &list)
	return list.Items
}

// TestMoves: a member who moves takes their marks and open nominations to
// the new branch; an org moved elsewhere takes its subtree's rows along.
// Delivering the events twice changes nothing more.
func TestMoves(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		x := outbox.NewDispatcher(e.d)
		e.s.Subscribe(x)
		r := e.open(t, tr.c, map[string]int{"excellent_member": 1}, []string{})
		e.nominate(t, worker(tr.b1), r.ID, "excellent_member", "m1", http.StatusCreated)
		e.srv.Expect(t, worker(tr.b1), "POST", "/api/v1/orgs/B1/commendations/marks", map[string]any{"member_id": "m1",
			"kind": "admonished", "reason": "诫勉谈话", "on": "2026-01-10"}, http.StatusCreated)

		e.member(tr.b2, "m1", "full", "2010-07-01")
		e.emit(t, outbox.Event{Type: "member.moved", SubjectID: "m1", OrgPath: tr.b2.Path,
			Payload: map[string]any{"id": "m1", "from_org_id": "B1", "to_org_id": "B2"}})
		e.clk.Advance(time.Second)
		other := e.org(&tr.lead, "C2", "committee", "另一党委")
		moved := e.org(&other, "B2", "branch", "第二党支部")
		e.member(moved, "m1", "full", "2010-07-01")
		e.emit(t, outbox.Event{Type: "org.moved", SubjectID: "B2", OrgPath: moved.Path,
			Payload: map[string]any{"old_path": tr.b2.Path}})
		for range 2 {
			if _, err := x.DispatchOnce(t.Context()); err != nil {
				t.Fatal(err)
			}
			if _, err := e.d.ExecContext(t.Context(), "UPDATE outbox_cursors SET last_seq = 0"); err != nil {
				t.Fatal(err)
			}
		}
		if got := e.marksIn(t, other); len(got) != 1 || got[0].MemberOrgID != "B2" {
			t.Errorf("the new committee sees marks %+v", got)
		}
		if got := e.marksIn(t, tr.b1); len(got) != 0 {
			t.Errorf("the old branch still sees %+v", got)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM commendation_nominations WHERE org_id = 'B2' AND org_path = ?", moved.Path); n != 1 {
			t.Errorf("the nomination follows the member: %d", n)
		}
	})
}
