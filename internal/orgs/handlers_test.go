package orgs_test

import (
	"context"
	"net/http"
	"testing"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func as(role authz.Role, o orgs.Org) *authz.Principal {
	return &authz.Principal{AccountID: "acc", Username: "u", DisplayName: "测试员",
		Grants: []authz.Grant{{ID: "g", Role: role, OrgID: o.ID, OrgName: o.Name, OrgPath: o.Path}}}
}

func TestAPIScopesAndPositions(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		root := e.mk(t, orgs.Org{}, "R", orgs.KindLeadingBody)
		a := e.mk(t, root, "A", orgs.KindCommittee)
		b := e.mk(t, root, "B", orgs.KindCommittee)
		a1 := e.mk(t, a, "A1", orgs.KindBranch)
		b1 := e.mk(t, b, "B1", orgs.KindBranch)
		for i, name := range []string{"甲", "乙", "丙", "丁", "戊", "己", "庚"} {
			e.m.add("a-"+string(rune('0'+i)), name, a1, "full")
		}
		e.m.add("b-0", "外人", b1, "full")
		srv := apitest.New()
		e.s.Routes(srv.Router)

		srv.As(as(authz.OrgAdmin, a))
		if r := srv.Do(t, "GET", "/api/v1/orgs/"+b1.ID, nil); r.Status != http.StatusNotFound {
			t.Errorf("sibling subtree: %d", r.Status)
		}
		if r := srv.Do(t, "GET", "/api/v1/orgs/"+root.ID, nil); r.Status != http.StatusNotFound {
			t.Errorf("parent: %d", r.Status)
		}
		r := srv.Do(t, "GET", "/api/v1/orgs/roots", nil)
		var roots struct{ Items []orgs.OrgJSON }
		r.JSON(t, &roots)
		if len(roots.Items) != 1 || roots.Items[0].ID != a.ID {
			t.Fatalf("roots: %s", r.Body)
		}
		r = srv.Do(t, "GET", "/api/v1/orgs/"+a.ID+"/children", nil)
		var kids struct {
			Items []orgs.OrgJSON
			Total int
		}
		r.JSON(t, &kids)
		if kids.Total != 1 || kids.Items[0].ID != a1.ID || kids.Items[0].MemberCount != 7 {
			t.Fatalf("children: %s", r.Body)
		}
		r = srv.Do(t, "POST", "/api/v1/orgs/"+a1.ID+"/positions", map[string]any{"member_id": "b-0", "title": "secretary", "start_on": "2025-01-01"})
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("appoint a member of another branch: %d %s", r.Status, r.Body)
		}
		r = srv.Do(t, "POST", "/api/v1/orgs/"+a1.ID+"/positions", map[string]any{"member_id": "a-0", "title": "secretary", "start_on": "2025-01-01"})
		if r.Status != http.StatusCreated {
			t.Fatalf("appoint: %d %s", r.Status, r.Body)
		}
		pos := r.Map(t)["id"].(string)
		r = srv.Do(t, "POST", "/api/v1/orgs/"+a1.ID+"/positions", map[string]any{"member_id": "a-1", "title": "secretary", "start_on": "2025-02-01"})
		if r.Status != http.StatusConflict {
			t.Errorf("second secretary: %d", r.Status)
		}
		r = srv.Do(t, "GET", "/api/v1/orgs/"+a1.ID, nil)
		var detail orgs.OrgJSON
		r.JSON(t, &detail)
		if detail.Secretary == nil || detail.Secretary.Name != "甲" || !hasWarning(detail.Warnings, "committee_missing") {
			t.Errorf("detail: %s", r.Body)
		}
		if len(detail.Path) != 3 || detail.Path[0].ID != root.ID {
			t.Errorf("breadcrumb: %+v", detail.Path)
		}
		r = srv.Do(t, "POST", "/api/v1/positions/"+pos+"/end", map[string]any{"end_on": "2026-06-30"})
		if r.Status != http.StatusOK || r.Map(t)["active"] != false {
			t.Errorf("end position: %d %s", r.Status, r.Body)
		}
		if list, _ := e.s.PositionsOf(context.Background(), d, "a-0"); len(list) != 1 || list[0].EndOn != "2026-06-30" {
			t.Errorf("positions of member: %+v", list)
		}
		// Moving one's own branch out of one's scope is refused as not found.
		r = srv.Do(t, "POST", "/api/v1/orgs/"+a1.ID+"/move", map[string]any{"new_parent_id": b.ID})
		if r.Status != http.StatusNotFound {
			t.Errorf("move out of scope: %d %s", r.Status, r.Body)
		}
		srv.As(as(authz.PartyWorker, a1))
		if r := srv.Do(t, "POST", "/api/v1/orgs", map[string]any{"parent_id": a1.ID, "name": "小组", "kind": "group"}); r.Status != http.StatusForbidden {
			t.Errorf("party worker creating an org: %d", r.Status)
		}
		name := "改名"
		if r := srv.Do(t, "PATCH", "/api/v1/orgs/"+a1.ID, map[string]any{"name": name}); r.Status != http.StatusOK {
			t.Errorf("party worker editing own branch: %d %s", r.Status, r.Body)
		}
		if r := srv.Do(t, "PATCH", "/api/v1/orgs/"+a1.ID, map[string]any{"kind": "general_branch"}); r.Status != http.StatusForbidden {
			t.Errorf("party worker changing the kind: %d", r.Status)
		}
		srv.As(as(authz.OrgAdmin, root))
		r = srv.Do(t, "GET", "/api/v1/orgs/"+root.ID+"/chart?depth=2", nil)
		var chart orgs.ChartNode
		r.JSON(t, &chart)
		if len(chart.Children) != 2 || len(chart.Children[0].Children)+len(chart.Children[1].Children) != 2 {
			t.Errorf("chart: %s", r.Body)
		}
		r = srv.Do(t, "GET", "/api/v1/orgs/search?q=B", nil)
		var found struct{ Items []orgs.OrgJSON }
		r.JSON(t, &found)
		if len(found.Items) != 2 {
			t.Errorf("search B: %s", r.Body)
		}
		srv.As(&authz.Principal{AccountID: "sec", Grants: []authz.Grant{{Role: authz.Secadmin}}})
		r = srv.Do(t, "GET", "/api/v1/orgs/lookup?q=B1", nil)
		if r.Status != http.StatusOK || !r.Contains(b1.ID) || r.Contains("member_count") || r.Contains("secretary") {
			t.Errorf("lookup for the security administrator: %d %s", r.Status, r.Body)
		}
		if r := srv.Do(t, "GET", "/api/v1/orgs/search?q=B1", nil); r.Status != http.StatusForbidden {
			t.Errorf("secadmin searching with business data: %d", r.Status)
		}
		srv.As(as(authz.OrgAdmin, root))
		r = srv.Do(t, "GET", "/api/v1/orgs/"+a1.ID+"/history", nil)
		if !r.Contains("position_started") || !r.Contains("position_ended") {
			t.Errorf("history: %s", r.Body)
		}
	})
}

func hasWarning(ws []orgs.Warning, code string) bool {
	for _, w := range ws {
		if w.Code == code {
			return true
		}
	}
	return false
}
