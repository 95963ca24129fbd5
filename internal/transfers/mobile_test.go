package transfers_test

import (
	"context"
	"strings"
	"testing"

	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/transfers"
)

func mobileBody(memberID string, local transfers.OrgRef) map[string]any {
	return map[string]any{"member_id": memberID, "whereabouts": "广东省深圳市", "reason": "外出务工",
		"certificate_no": "LD-017", "local_org_id": local.ID, "contact": "13912345678", "since": "2026-02-01", "until": "2026-07-31"}
}

func mobile(t *testing.T, r *apitest.Response) transfers.Mobile {
	var mb transfers.Mobile
	r.JSON(t, &mb)
	return mb
}

// TestMobileMembers: one active record per member; the home organization
// registers and ends it, the local one sees it (read-only) with the rights
// note; the contact number is masked in every list and detail, for the
// home branch's and the local organization's officers alike, and in full
// only to the member on GET /my/mobile.
func TestMobileMembers(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.w
		path := "/api/v1/orgs/" + w.A.ID + "/mobile-members"
		mb := mobile(t, e.do(t, secretary(w.A), "POST", path, mobileBody("m-jia", w.X1), 201))
		if mb.State != "active" || mb.OrgName != "第一支部" || mb.LocalOrgName != "外支部" || mb.Contact != "139****5678" ||
			mb.LocalRights != "无表决权、不能参加选举（在流入地）" || mb.Since != "2026-02-01" {
			t.Fatalf("registered: %+v", mb)
		}
		if r := e.do(t, secretary(w.R), "POST", "/api/v1/orgs/"+w.R.ID+"/mobile-members", mobileBody("m-jia", w.B), 409); !r.Contains("2026-02-01") {
			t.Errorf("second record: %s", r.Body)
		}
		var list struct{ Items []transfers.Mobile }
		for who, c := range map[string]struct {
			p    *authz.Principal
			path string
		}{
			"a viewer of the local org":      {viewer(w.X1), w.X1.ID + "/mobile-members?direction=in"},
			"an officer of the local org":    {secretary(w.X1), w.X1.ID + "/mobile-members?direction=in"},
			"an admin of the local org":      {grant(authz.OrgAdmin, w.X), w.X.ID + "/mobile-members?direction=in"},
			"an officer of the home branch":  {secretary(w.A), w.A.ID + "/mobile-members"},
			"an admin of the home committee": {grant(authz.OrgAdmin, w.R), w.R.ID + "/mobile-members?direction=out"},
		} {
			e.do(t, c.p, "GET", "/api/v1/orgs/"+c.path, nil, 200).JSON(t, &list)
			if len(list.Items) != 1 || list.Items[0].MemberName != "甲" || list.Items[0].Contact != "139****5678" {
				t.Fatalf("list for %s: %+v", who, list.Items)
			}
		}
		e.do(t, secretary(w.X1), "GET", "/api/v1/orgs/"+w.X1.ID+"/mobile-members?direction=out", nil, 200).JSON(t, &list)
		if len(list.Items) != 0 {
			t.Errorf("X1 has no members away: %+v", list.Items)
		}
		if r := e.do(t, secretary(w.X1), "POST", "/api/v1/mobile-members/"+mb.ID+"/end", nil, 403); !r.Contains("须由党员所在党组织办理") {
			t.Errorf("local org ending: %s", r.Body)
		}
		e.do(t, secretary(w.B), "POST", "/api/v1/mobile-members/"+mb.ID+"/end", nil, 404)
		e.do(t, secretary(w.A), "POST", "/api/v1/mobile-members/"+mb.ID+"/end", map[string]any{"on": "2026-01-31"}, 422)

		my := e.do(t, apitest.Member("m-jia", w.A.ID, w.A.Path), "GET", "/api/v1/my/mobile", nil, 200)
		if mine := mobile(t, my); mine.ID != mb.ID || mine.Contact != "13912345678" {
			t.Errorf("my mobile: %s", my.Body)
		}
		if r := e.do(t, apitest.Member("m-yi", w.A.ID, w.A.Path), "GET", "/api/v1/my/mobile", nil, 200); strings.TrimSpace(string(r.Body)) != "null" {
			t.Errorf("not mobile: %s", r.Body)
		}
		e.do(t, secretary(w.A), "GET", "/api/v1/my/mobile", nil, 404) // an account that is no member, as /me/member

		ended := mobile(t, e.do(t, secretary(w.A), "POST", "/api/v1/mobile-members/"+mb.ID+"/end", map[string]any{"note": "已返回"}, 200))
		if ended.State != "ended" || ended.EndedOn != "2026-03-02" || ended.EndNote != "已返回" || ended.Contact != "139****5678" {
			t.Errorf("ended: %+v", ended)
		}
		e.do(t, secretary(w.A), "POST", "/api/v1/mobile-members/"+mb.ID+"/end", nil, 409)
		notes := e.dir.notesOf("m-jia")
		if len(notes) != 2 || !strings.HasPrefix(notes[0], "mobile_started|2026-02-01|外出流动至广东省深圳市") ||
			!strings.HasPrefix(notes[1], "mobile_ended|2026-03-02|") {
			t.Errorf("member history: %q", notes)
		}
		e.do(t, secretary(w.A), "POST", path, mobileBody("m-jia", w.X1), 201)
		if n := e.count(t, "SELECT COUNT(*) FROM outbox_events WHERE type IN ('mobile.started', 'mobile.ended')"); n != 3 {
			t.Errorf("mobile events: %d", n)
		}
		if e.dir.member("m-jia").OrgID != w.A.ID {
			t.Error("a mobile registration moved the member")
		}
	})
}

func TestMobileValidation(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.w
		path := "/api/v1/orgs/" + w.A.ID + "/mobile-members"
		bad := func(k string, v any) map[string]any {
			b := mobileBody("m-yi", w.X1)
			b[k] = v
			return b
		}
		for _, c := range []struct {
			body  map[string]any
			field string
		}{
			{bad("since", "2026-03-03"), "since"},
			{bad("until", "2026-01-01"), "until"},
			{bad("local_org_id", w.A.ID), "local_org_id"},
			{bad("local_org_id", w.D.ID), "local_org_id"},
			{bad("local_org_name", "另一个"), "local_org_name"},
			{bad("contact", "12345"), "contact"},
			{bad("whereabouts", ""), "whereabouts"},
			{bad("member_id", "m-out"), "member_id"},
		} {
			if r := e.do(t, secretary(w.A), "POST", path, c.body, 422); !r.Contains(`"field":"` + c.field + `"`) {
				t.Errorf("%s: %s", c.field, r.Body)
			}
		}
		e.do(t, secretary(w.X1), "POST", path, mobileBody("m-yi", w.X1), 404)
		named := mobileBody("m-yi", transfers.OrgRef{})
		named["local_org_name"], named["contact"] = "深圳市流动党员党委", ""
		if mb := mobile(t, e.do(t, secretary(w.A), "POST", path, named, 201)); mb.LocalOrgName != "深圳市流动党员党委" || mb.Contact != "" {
			t.Errorf("outside local org: %+v", mb)
		}
	})
}

// TestTransferEndsMobile: a mobile member whose relationship is accepted
// elsewhere is no longer the old branch's mobile member.
func TestTransferEndsMobile(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.do(t, secretary(e.w.A), "POST", "/api/v1/orgs/"+e.w.A.ID+"/mobile-members", mobileBody("m-jia", e.w.X1), 201)
		tr := e.internal(t, e.w.A, "m-jia", e.w.B)
		e.do(t, secretary(e.w.B), "POST", "/api/v1/transfers/"+tr.ID+"/accept", nil, 200)
		if n := e.count(t, "SELECT COUNT(*) FROM mobile_members WHERE member_id = 'm-jia' AND state = 'active'"); n != 0 {
			t.Errorf("still mobile after the transfer: %d", n)
		}
	})
}

func TestLoadDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.addMember("m-ding", "丁", e.w.A, "full")
		if err := e.s.LoadDemo(context.Background(), e.w.A.ID, e.w.B.ID, []string{"m-jia", "m-yi"}); err == nil {
			t.Fatal("two members are not enough")
		}
		if err := e.s.LoadDemo(context.Background(), e.w.A.ID, e.w.B.ID, []string{"m-jia", "m-yi", "m-bing", "m-ding"}); err != nil {
			t.Fatal(err)
		}
		for state, want := range map[string]int{"pending": 1, "accepted": 1, "issued": 1} {
			if n := e.count(t, "SELECT COUNT(*) FROM transfers WHERE state = ?", state); n != want {
				t.Errorf("%s: %d", state, n)
			}
		}
		if n := e.count(t, "SELECT COUNT(*) FROM mobile_members WHERE member_id = 'm-ding' AND state = 'active'"); n != 1 {
			t.Errorf("mobile: %d", n)
		}
		if e.dir.member("m-yi").OrgID != e.w.B.ID || e.dir.member("m-jia").OrgID != e.w.A.ID {
			t.Error("only the accepted member moves")
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log"); n != 5 {
			t.Errorf("demo audit records: %d", n)
		}
	})
}

// TestOrgMoved: a branch moved to another committee takes its transfers
// and mobile records with it: the new committee sees them, the old does not.
func TestOrgMoved(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.internal(t, e.w.A, "m-jia", e.w.B)
		e.do(t, secretary(e.w.A), "POST", "/api/v1/orgs/"+e.w.A.ID+"/mobile-members", mobileBody("m-yi", e.w.X1), 201)
		x := outbox.NewDispatcher(e.d)
		e.s.Subscribe(x)
		newPath := e.w.X.Path + e.w.A.ID + "/"
		if err := outbox.EmitAt(context.Background(), e.d, e.clk.Now(), outbox.Event{Type: "org.moved", SubjectID: e.w.A.ID,
			OrgPath: newPath, Payload: map[string]any{"old_path": e.w.A.Path}}); err != nil {
			t.Fatal(err)
		}
		if _, err := x.DispatchOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.do(t, secretary(e.w.X), "GET", "/api/v1/transfers/"+tr.ID, nil, 200)
		e.do(t, secretary(e.w.R), "POST", "/api/v1/transfers/"+tr.ID+"/cancel", nil, 403) // still sees the receiving end
		var list struct{ Items []transfers.Mobile }
		e.do(t, secretary(e.w.X), "GET", "/api/v1/orgs/"+e.w.X.ID+"/mobile-members", nil, 200).JSON(t, &list)
		if len(list.Items) != 1 {
			t.Errorf("the new committee does not see the moved branch's mobile member: %+v", list.Items)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM transfers WHERE from_org_path = ?", newPath); n != 1 {
			t.Errorf("transfer paths not rewritten: %d", n)
		}
	})
}
