package development_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"dangjian/internal/development"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/pii"
	"dangjian/internal/platform/settings"
)

func TestPublicitySetting(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		path := func(o development.OrgRef) string { return "/api/v1/orgs/" + o.ID + "/development/settings" }
		var v settings.View
		e.do(t, e.branch(), "GET", path(e.w.A), nil, http.StatusOK).JSON(t, &v)
		if len(v.Items) != 1 || v.Items[0].Key != "development.publicity_days" || v.Items[0].Value != "5" || v.Items[0].Source != "default" {
			t.Errorf("settings %+v", v.Items)
		}
		seven := map[string]any{"values": map[string]any{"development.publicity_days": "7"}}
		e.do(t, e.viewer(), "PUT", path(e.w.R), seven, http.StatusForbidden)
		e.do(t, e.branch(), "PUT", path(e.w.A), map[string]any{"values": map[string]any{"development.publicity_days": "16"}}, 422)
		e.do(t, e.upper(), "PUT", path(e.w.R), seven, http.StatusOK)
		e.do(t, e.branch(), "GET", path(e.w.A), nil, http.StatusOK).JSON(t, &v)
		if v.Items[0].Value != "7" || v.Items[0].Source != "inherited" || v.Items[0].SourceOrgName != "机关党委" {
			t.Errorf("inherited setting %+v", v.Items[0])
		}
		f := e.open(t, "张三", "20000115", 11, applied)
		e.upTo(t, f.ID, 14)
		if msg := e.refused(t, f.ID, body(15, timeline[15]), "publicity.end"); !strings.Contains(msg, "不少于 7 个工作日") {
			t.Errorf("5 working days under a 7-day setting: %q", msg)
		}
	})
}

func TestLoadDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.mkOrg(&e.w.R, "branch", "第三支部") // no members: only the files that name nobody
		e.addMember("c1", "辛", c, "probationary")
		if err := e.s.LoadDemo(context.Background(), []string{e.w.A.ID, e.w.B.ID, c.ID}); err != nil {
			t.Fatal(err)
		}
		for org, want := range map[string]int{e.w.A.ID: 5, e.w.B.ID: 5, c.ID: 2} {
			if n := e.count(t, "SELECT COUNT(*) FROM dev_files WHERE org_id = ?", org); n != want {
				t.Errorf("%d demo files at %s, want %d", n, e.dir.orgs[org].Name, want)
			}
		}
		var p development.Pipeline
		e.do(t, e.viewer(), "GET", "/api/v1/orgs/"+e.w.R.ID+"/development/pipeline", nil, http.StatusOK).JSON(t, &p)
		got := [5][2]int{}
		for i, s := range p.Stages {
			got[i] = [2]int{s.Count, s.Overdue}
		}
		if got != [5][2]int{{6, 3}, {2, 0}, {2, 0}, {0, 0}, {2, 0}} {
			t.Errorf("demo pipeline (count, overdue) by stage: %v", got)
		}
		joined := clock.AddMonths(clock.Today(e.clk), -7).Format(clock.DateLayout)
		admitted := 0
		for id, person := range e.dir.people {
			m := e.dir.member(id)
			if m.Status != "probationary" || m.JoinedOn != joined || pii.ValidateIDNumber(person.IDNumber, clock.Today(e.clk)) != nil {
				t.Errorf("demo member %+v (ID number %s)", m, person.IDNumber)
			}
			admitted++
		}
		if admitted != 2 {
			t.Errorf("%d demo members admitted, want 2", admitted)
		}
		if n := e.count(t, "SELECT COUNT(DISTINCT id_index) FROM dev_files"); n != 12 {
			t.Errorf("%d distinct ID numbers among 12 files", n)
		}
	})
}
