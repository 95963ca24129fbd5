package members_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

type historyItem struct {
	Kind, On, Detail, Reason, ActorName string
	At                                  *string
}

func (e *env) history(t *testing.T, id string) []historyItem {
	t.Helper()
	r := e.srv.Do(t, "GET", "/api/v1/members/"+id+"/history", nil)
	wantStatus(t, r, 200)
	var out struct {
		Items []struct {
			Kind      string  `json:"kind"`
			On        string  `json:"on"`
			At        *string `json:"at"`
			ActorName string  `json:"actor_name"`
			Detail    string  `json:"detail"`
			Reason    string  `json:"reason"`
		} `json:"items"`
	}
	r.JSON(t, &out)
	var items []historyItem
	for _, it := range out.Items {
		items = append(items, historyItem{it.Kind, it.On, it.Detail, it.Reason, it.ActorName, it.At})
	}
	return items
}

func kinds(items []historyItem) string {
	var k []string
	for _, it := range items {
		k = append(k, it.Kind)
	}
	return strings.Join(k, ",")
}

// TestLifecycle: edit with optimistic locking, 转正, move, 出党 — counts
// follow every step and equal a recount, the history keeps every step.
func TestLifecycle(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		srv := e.as(authz.OrgAdmin, "A")
		p := person("赵六", "1995-05-05", 21)
		p.Status, p.FullMemberOn, p.JoinedOn = "probationary", "", "2025-10-01"
		r := srv.Do(t, "POST", "/api/v1/members", body(e.ids["A1"], p))
		wantStatus(t, r, 201)
		var m members.Member
		r.JSON(t, &m)
		e.add(t, "A1", person("钱七", "1980-01-01", 23))
		c := e.counts(t, "R", "A", "A1", "A2")
		if c["R"] != (orgs.MemberCounts{Total: 2, Full: 1, Probationary: 1}) ||
			c["A1"] != (orgs.MemberCounts{Total: 2, Full: 1, Probationary: 1, Direct: 2, DirectFull: 1}) {
			t.Fatalf("after create: %+v", c)
		}

		// A stale version is refused; a current one passes.
		r = srv.Do(t, "PATCH", "/api/v1/members/"+m.ID, map[string]any{"education": "master", "version": 7})
		wantStatus(t, r, 409)
		if !r.Contains("version_conflict") || !r.Contains("该党员信息已被他人修改，请刷新后重试") {
			t.Errorf("conflict body: %s", r.Body)
		}
		e.clk.Advance(time.Minute)
		r = srv.Do(t, "PATCH", "/api/v1/members/"+m.ID, map[string]any{"education": "master", "phone": "13512345678", "version": 1})
		wantStatus(t, r, 200)
		r.JSON(t, &m)
		if m.Education != "master" || m.Version != 2 || m.Phone != "135****5678" {
			t.Errorf("after patch: %+v", m)
		}
		// The same values again change nothing.
		r = srv.Do(t, "PATCH", "/api/v1/members/"+m.ID, map[string]any{"education": "master"})
		r.JSON(t, &m)
		if m.Version != 2 {
			t.Errorf("no-op patch bumped the version to %d", m.Version)
		}
		// Bad values are 422 with the field.
		r = srv.Do(t, "PATCH", "/api/v1/members/"+m.ID, map[string]any{"gender": "female"})
		wantStatus(t, r, 422)

		// 转正: full_member_on defaults to admission + 1 year.
		e.clk.Advance(24 * time.Hour)
		r = srv.Do(t, "PATCH", "/api/v1/members/"+m.ID, map[string]any{"status": "full", "version": 2})
		wantStatus(t, r, 200)
		r.JSON(t, &m)
		if m.Status != "full" || m.FullMemberOn != "2026-10-01" || m.PartyAge != 0 {
			t.Errorf("after 转正: %+v", m)
		}
		c = e.counts(t, "A1")
		if c["A1"].Full != 2 || c["A1"].Probationary != 0 || c["A1"].DirectFull != 2 {
			t.Errorf("counts after 转正: %+v", c)
		}
		e.checkRecount(t)

		// Move to A2 (needs member.move: org admin).
		wantStatus(t, e.as(authz.PartyWorker, "A").Do(t, "POST", "/api/v1/members/"+m.ID+"/move",
			map[string]any{"org_id": e.ids["A2"], "reason": "工作调动"}), 403)
		e.as(authz.OrgAdmin, "A")
		r = srv.Do(t, "POST", "/api/v1/members/"+m.ID+"/move", map[string]any{"org_id": e.ids["A2"]})
		wantStatus(t, r, 422)
		r = srv.Do(t, "POST", "/api/v1/members/"+m.ID+"/move", map[string]any{"org_id": e.ids["B1"], "reason": "工作调动"})
		wantStatus(t, r, 404) // B1 is outside the admin's scope
		r = srv.Do(t, "POST", "/api/v1/members/"+m.ID+"/move", map[string]any{"org_id": e.ids["A1g"], "reason": "工作调动"})
		wantStatus(t, r, 422)
		e.clk.Advance(time.Minute)
		r = srv.Do(t, "POST", "/api/v1/members/"+m.ID+"/move", map[string]any{"org_id": e.ids["A2"], "reason": "工作调动"})
		wantStatus(t, r, 200)
		r.JSON(t, &m)
		if m.OrgID != e.ids["A2"] || m.OrgName != "A2" {
			t.Errorf("after move: %+v", m)
		}
		c = e.counts(t, "A", "A1", "A2")
		if c["A"].Total != 2 || c["A1"].Total != 1 || c["A2"].Total != 1 || c["A2"].Direct != 1 {
			t.Errorf("counts after move: %+v", c)
		}
		e.checkRecount(t)

		// 出党: reason required; the record stays, out of lists and counts.
		r = srv.Do(t, "POST", "/api/v1/members/"+m.ID+"/end", map[string]any{"kind": "withdrew", "on": "2026-11-20"})
		wantStatus(t, r, 422)
		r = srv.Do(t, "POST", "/api/v1/members/"+m.ID+"/end", map[string]any{"kind": "gone", "on": "2026-11-20", "reason": "x"})
		wantStatus(t, r, 422)
		e.clk.Advance(time.Minute)
		r = srv.Do(t, "POST", "/api/v1/members/"+m.ID+"/end", map[string]any{"kind": "withdrew", "on": "2026-11-23", "reason": "本人申请退党"})
		wantStatus(t, r, 200)
		r.JSON(t, &m)
		if m.State != "ended" || m.EndedKind != "withdrew" || m.EndedOn != "2026-11-23" {
			t.Errorf("after end: %+v", m)
		}
		c = e.counts(t, "R", "A2")
		if c["R"].Total != 1 || c["A2"].Total != 0 {
			t.Errorf("counts after end: %+v", c)
		}
		e.checkRecount(t)
		var list members.Page
		srv.Do(t, "GET", "/api/v1/members?org="+e.ids["A"], nil).JSON(t, &list)
		if list.Total != 1 || len(list.Items) != 1 || list.Items[0].Name != "钱七" {
			t.Errorf("active list: %+v", list)
		}
		srv.Do(t, "GET", "/api/v1/members?state=ended&org="+e.ids["A"], nil).JSON(t, &list)
		if list.Total != 1 || list.Items[0].ID != m.ID {
			t.Errorf("ended list: %+v", list)
		}
		wantStatus(t, srv.Do(t, "PATCH", "/api/v1/members/"+m.ID, map[string]any{"name": "改"}), 409)

		// History: every step, newest first, reasons kept.
		h := e.history(t, m.ID)
		if got := kinds(h); got != "left,moved,updated,created,became_full,admitted" {
			t.Errorf("history kinds: %s", got)
		}
		if h[0].Reason != "本人申请退党" || h[0].Detail != "出党：退党" || h[1].Reason != "工作调动" ||
			!strings.Contains(h[1].Detail, "从「A1」转至「A2」") || h[4].On != "2026-10-01" || h[5].At != nil {
			t.Errorf("history: %+v", h)
		}
		if !strings.Contains(h[2].Detail, "学历：大学本科 → 硕士研究生") || !strings.Contains(h[2].Detail, "135****5678") ||
			strings.Contains(h[2].Detail, "13512345678") || h[2].ActorName != "测试组织管理员" {
			t.Errorf("update entry: %+v", h[2])
		}
		// Domain events and audit records for every write.
		if n := rowCount(t, d, "outbox_events WHERE type LIKE 'member.%'"); n != 6 {
			t.Errorf("%d member events in the outbox, want 6", n)
		}
		acts := strings.Join(auditActions(t, d), ",")
		for _, a := range []string{"member.create", "member.update", "member.move", "member.end"} {
			if !strings.Contains(acts, a) {
				t.Errorf("no %s in the audit log: %s", a, acts)
			}
		}
	})
}

// TestRevealAudited: reveal shows the value to a caller with the
// permission, and writes who saw which field.
func TestRevealAudited(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := person("孙八", "1988-08-08", 41)
		id := e.add(t, "A1", p)
		srv := e.as(authz.PartyWorker, "A1")
		for field, want := range map[string]string{"id_number": p.IDNumber, "phone": p.Phone, "address": p.Address} {
			r := srv.Do(t, "POST", "/api/v1/members/"+id+"/reveal", map[string]any{"field": field})
			wantStatus(t, r, 200)
			var v struct{ Value string }
			r.JSON(t, &v)
			if v.Value != want {
				t.Errorf("reveal %s: got %q", field, v.Value)
			}
		}
		wantStatus(t, srv.Do(t, "POST", "/api/v1/members/"+id+"/reveal", map[string]any{"field": "name"}), 422)
		var n int
		err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'member.reveal'
			AND target_id = ? AND actor_name = ? AND after_json LIKE '%phone%'`, id, "party_worker@A1").Scan(&n)
		if err != nil || n != 1 {
			t.Errorf("reveal audit rows: %d %v", n, err)
		}
		if got := rowCount(t, d, "audit_log WHERE action = 'member.reveal'"); got != 3 {
			t.Errorf("%d reveal audit rows, want 3", got)
		}
	})
}

// TestMe: a member account sees its own record, org and positions.
func TestMe(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.add(t, "A1", person("周九", "1970-07-07", 51))
		ctx := context.Background()
		if _, err := e.orgs.AddPosition(ctx, e.ids["A1"], orgs.NewPosition{MemberID: id, Title: "secretary", StartOn: "2024-01-01"}); err != nil {
			t.Fatal(err)
		}
		me := &authz.Principal{AccountID: "acc-me", Username: "zhou", MemberID: id,
			Grants: []authz.Grant{{Role: authz.MemberRole, OrgID: e.ids["A1"], OrgPath: e.paths["A1"]}}}
		r := e.srv.As(me).Do(t, "GET", "/api/v1/me/member", nil)
		wantStatus(t, r, 200)
		var got struct {
			members.Member
			Org       members.OrgRef     `json:"org"`
			Positions []members.Position `json:"positions"`
		}
		r.JSON(t, &got)
		if got.ID != id || got.Org.Name != "A1" || got.Org.ID != e.ids["A1"] || len(got.Positions) != 1 ||
			got.Positions[0].Title != "secretary" || !maskedPhone.MatchString(got.Phone) {
			t.Errorf("me: %s", r.Body)
		}
		// The member's history shows the position.
		e.as(authz.Viewer, "A")
		if h := e.history(t, id); kinds(h) != "created,position_started,admitted" && kinds(h) != "created,position_started,became_full,admitted" {
			t.Errorf("history with position: %s", kinds(h))
		}
		wantStatus(t, e.srv.As(&authz.Principal{AccountID: "x"}).Do(t, "GET", "/api/v1/me/member", nil), 404)
	})
}

// TestSubtreeMoved: moving a committee with its branches rewrites the
// members' paths and moves the subtree's totals between ancestors.
func TestSubtreeMoved(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.add(t, "A1", person("甲", "1980-01-01", 61))
		e.add(t, "A2", person("乙", "1980-01-01", 63))
		e.add(t, "B1", person("丙", "1980-01-01", 65))
		e.org(t, "C", "committee", "R")
		// A1 (with its member) moves from A to C.
		if _, err := e.orgs.Move(context.Background(), e.ids["A1"], e.ids["C"], func(string) bool { return true }); err != nil {
			t.Fatal(err)
		}
		c := e.counts(t, "R", "A", "C", "A1")
		if c["R"].Total != 3 || c["A"].Total != 1 || c["C"].Total != 1 || c["A1"].Total != 1 {
			t.Errorf("counts after moving A1: %+v", c)
		}
		e.checkRecount(t)
		e.as(authz.PartyWorker, "C")
		var list members.Page
		e.srv.Do(t, "GET", "/api/v1/members?org="+e.ids["C"]+"&q=甲", nil).JSON(t, &list)
		if list.Total != 1 || len(list.Items) != 1 {
			t.Errorf("member not found under its new parent: %+v", list)
		}
		e.as(authz.PartyWorker, "A")
		e.srv.Do(t, "GET", "/api/v1/members?org="+e.ids["A"], nil).JSON(t, &list)
		if list.Total != 1 || list.Items[0].Name != "乙" {
			t.Errorf("old parent still lists the moved member: %+v", list)
		}
	})
}

// TestAuditFailureFailsTheWrite: when the audit record cannot be written,
// the change is not made and nothing is revealed or exported.
func TestAuditFailureFailsTheWrite(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.add(t, "A1", person("吴十", "1980-01-01", 81))
		if _, err := d.ExecContext(context.Background(), "ALTER TABLE audit_log RENAME TO audit_log_gone"); err != nil {
			t.Fatal(err)
		}
		srv := e.as(authz.OrgAdmin, "A")
		wantStatus(t, srv.Do(t, "POST", "/api/v1/members", body(e.ids["A1"], person("郑十一", "1980-01-01", 83))), 500)
		wantStatus(t, srv.Do(t, "PATCH", "/api/v1/members/"+id, map[string]any{"education": "master"}), 500)
		wantStatus(t, srv.Do(t, "POST", "/api/v1/members/"+id+"/move", map[string]any{"org_id": e.ids["A2"], "reason": "x"}), 500)
		wantStatus(t, srv.Do(t, "POST", "/api/v1/members/"+id+"/end", map[string]any{"kind": "deceased", "on": "2026-11-01", "reason": "x"}), 500)
		r := srv.Do(t, "POST", "/api/v1/members/"+id+"/reveal", map[string]any{"field": "phone"})
		if r.Status != 500 || r.Contains("13900000081") {
			t.Errorf("reveal without audit: %d %s", r.Status, r.Body)
		}
		wantStatus(t, srv.Do(t, "GET", "/api/v1/orgs/"+e.ids["A"]+"/members/export", nil), 500)
		rep, err := e.m.Import(context.Background(), e.ids["A1"], "x.csv",
			bytes.NewReader(csvFile(stdHeader, [][]string{rowOf(person("王十二", "1980-01-01", 85))})), members.ImportGoodRows)
		if err == nil {
			t.Errorf("import without audit: %+v", rep)
		}
		if n := rowCount(t, d, "members"); n != 1 {
			t.Errorf("%d members, want 1", n)
		}
		var m members.Member
		srv.Do(t, "GET", "/api/v1/members/"+id, nil).JSON(t, &m)
		if m.Version != 1 || m.Education != "bachelor" || m.OrgID != e.ids["A1"] || m.State != "active" {
			t.Errorf("member changed: %+v", m)
		}
		if c := e.counts(t, "R", "A1", "A2"); c["R"].Total != 1 || c["A1"].Total != 1 || c["A2"].Total != 0 {
			t.Errorf("counts changed: %+v", c)
		}
		if n := rowCount(t, d, "outbox_events WHERE type LIKE 'member.%'"); n != 1 {
			t.Errorf("%d member events, want 1", n)
		}
	})
}
