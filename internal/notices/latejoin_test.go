package notices_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"dangjian/internal/notices"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/outbox"
)

// memberEvent records what the members capability emits when a member is
// created in, or moved to, org.
func (e *env) memberEvent(t *testing.T, typ, id string, org notices.OrgRef, state string) {
	t.Helper()
	err := outbox.EmitAt(context.Background(), e.d, e.clk.Now(), outbox.Event{Type: typ, SubjectID: id, OrgPath: org.Path,
		Payload: map[string]any{"id": id, "member": map[string]any{"org_id": org.ID, "name": id, "state": state}}})
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) dispatch(t *testing.T) {
	t.Helper()
	if _, err := e.x.DispatchOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestLateJoiners: members who join or move into a covered subtree after
// publication get the live notices sent to it — into an org that existed
// at publication always, into one set up later only with
// include_future_orgs — exactly once, counted in the tallies.
func TestLateJoiners(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tr := e.tree()
		pub := worker(tr.A)
		mk := func(title string, extra map[string]any) notices.Notice {
			body := map[string]any{"org_id": tr.A.ID, "title": title, "audience": map[string]any{"subtrees": []string{tr.A.ID}}}
			for k, v := range extra {
				body[k] = v
			}
			return notice(t, e.do(t, pub, "POST", "/api/v1/notices", body, http.StatusCreated))
		}
		plain := mk("普通通知", nil)
		future := mk("含新组织", map[string]any{"include_future_orgs": true})
		mk("已过期", map[string]any{"expires_at": stamp(t0.Add(time.Hour))})
		gone := mk("已撤回", nil)
		e.do(t, pub, "POST", "/api/v1/notices/"+gone.ID+"/withdraw", map[string]string{"reason": "重复"}, http.StatusOK)
		// Only to chosen members: no late joiners.
		notice(t, e.do(t, pub, "POST", "/api/v1/notices", map[string]any{"org_id": tr.A.ID, "title": "点名",
			"audience": map[string]any{"members": []string{"m-yi"}}}, http.StatusCreated))
		e.drain(t)
		e.dispatch(t) // the notices' own events; nothing for late joiners yet

		e.clk.Advance(2 * time.Hour) // "已过期" is now past its end
		a3 := e.mkOrg(&tr.A, "新建支部")
		e.person("m-new1", "新一", tr.A1)
		e.memberEvent(t, "member.created", "m-new1", tr.A1, "active")
		e.person("m-new2", "新二", a3)
		e.memberEvent(t, "member.created", "m-new2", a3, "active")
		e.person("m-out", "外人", tr.A2) // moved in from B1
		e.memberEvent(t, "member.moved", "m-out", tr.A2, "active")
		e.memberEvent(t, "member.created", "m-ended", tr.A1, "ended")
		e.person("m-b", "乙支部新人", tr.B1)
		e.memberEvent(t, "member.created", "m-b", tr.B1, "active")
		e.dispatch(t)

		for id, want := range map[string][]string{
			"m-new1":  {"含新组织", "普通通知"},
			"m-new2":  {"含新组织"},
			"m-out":   {"含新组织", "普通通知"},
			"m-ended": nil,
			"m-b":     nil,
		} {
			if got := e.inbox(t, id); !slices.Equal(got, want) {
				t.Errorf("%s got %v, want %v", id, got, want)
			}
		}
		// Delivered again (at-least-once): still one copy each.
		e.memberEvent(t, "member.moved", "m-new1", tr.A1, "active")
		e.dispatch(t)
		if got := e.inbox(t, "m-new1"); len(got) != 2 {
			t.Errorf("second delivery: %v", got)
		}
		var rc receiptsJSON
		e.do(t, pub, "GET", "/api/v1/notices/"+plain.ID+"/receipts", nil, http.StatusOK).JSON(t, &rc)
		if rc.Whole.Total != 8 || childCount(rc, tr.A1.ID).Total != 4 || childCount(rc, tr.A2.ID).Total != 3 {
			t.Errorf("plain receipts: %+v", rc)
		}
		e.do(t, pub, "GET", "/api/v1/notices/"+future.ID+"/receipts", nil, http.StatusOK).JSON(t, &rc)
		if rc.Whole.Total != 9 || childCount(rc, a3.ID).Total != 1 {
			t.Errorf("future receipts: %+v", rc)
		}
		// The late joiner can open it like anyone else.
		e.do(t, member("m-new2", a3), "GET", "/api/v1/my/notices/"+future.ID, nil, http.StatusOK)
		e.do(t, member("m-new2", a3), "GET", "/api/v1/my/notices/"+plain.ID, nil, http.StatusNotFound)
	})
}

// TestOrgMovedCarriesNotices: when the org.moved event names the old path,
// the notices published in the moved subtree follow it into the new scope.
func TestOrgMovedCarriesNotices(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tr := e.tree()
		n := notice(t, e.do(t, worker(tr.A1), "POST", "/api/v1/notices", map[string]any{"org_id": tr.A1.ID,
			"title": "支部通知", "audience": map[string]any{"subtrees": []string{tr.A1.ID}}}, http.StatusCreated))
		e.dispatch(t)
		old := tr.A1.Path
		moved := tr.A1
		moved.Path, moved.ParentID = tr.B.Path+tr.A1.ID+"/", tr.B.ID
		e.org.mu.Lock()
		e.org.orgs[moved.ID] = moved
		e.org.mu.Unlock()
		if err := outbox.EmitAt(context.Background(), d, e.clk.Now(), outbox.Event{Type: "org.moved", SubjectID: moved.ID,
			OrgPath: moved.Path, Payload: map[string]any{"name": moved.Name, "old_path": old}}); err != nil {
			t.Fatal(err)
		}
		e.dispatch(t)
		e.do(t, worker(tr.B), "GET", "/api/v1/notices/"+n.ID, nil, http.StatusOK)
		e.do(t, worker(tr.A), "GET", "/api/v1/notices/"+n.ID, nil, http.StatusNotFound)
	})
}
