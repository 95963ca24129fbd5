package development_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"dangjian/internal/development"
)

type filesPage struct {
	Items      []development.FileSummary `json:"items"`
	NextCursor string                    `json:"next_cursor"`
}

// pages reads every page of a files list of org with query q.
func (e *env) pages(t *testing.T, orgID, q string, limit int) []development.FileSummary {
	t.Helper()
	var out []development.FileSummary
	cursor := ""
	for range 20 {
		var p filesPage
		e.do(t, e.upper(), "GET", fmt.Sprintf("/api/v1/orgs/%s/development/files?limit=%d&cursor=%s&%s", orgID, limit,
			url.QueryEscape(cursor), q), nil, http.StatusOK).JSON(t, &p)
		if len(p.Items) > limit {
			t.Fatalf("page of %d items, limit %d", len(p.Items), limit)
		}
		out = append(out, p.Items...)
		if cursor = p.NextCursor; cursor == "" {
			return out
		}
	}
	t.Fatal("the pages never end")
	return nil
}

func TestPipelineAndOverdueList(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		// Today 2026-06-01. Talks due 2026-05-10, 2026-05-20 (overdue), 2026-06-25 (not yet).
		a1 := e.open(t, "甲一", "20000101", 11, "2026-04-10")
		a2 := e.open(t, "甲二", "20000102", 13, "2026-04-20")
		e.open(t, "甲三", "20000103", 15, "2026-05-25")
		// An activist confirmed 2025-10-01: review due 2026-04-01 (overdue), in branch A.
		act := e.open(t, "乙一", "20000104", 17, "2025-09-01")
		e.do(t, e.upper(), "POST", stepPath(act.ID), body(2, "2025-09-10"), http.StatusOK)
		e.do(t, e.upper(), "POST", stepPath(act.ID), body(3, "2025-10-01"), http.StatusOK)
		// A candidate in branch B: nothing due.
		var b development.File
		e.do(t, e.upper(), "POST", "/api/v1/orgs/"+e.w.B.ID+"/development/files", applicant("丙一", "20000105", 19, applied), 201).JSON(t, &b)
		for _, no := range order[:5] {
			e.do(t, e.upper(), "POST", stepPath(b.ID), with(no, timeline[no], map[string]any{"people": bPeople(no)}), http.StatusOK)
		}
		var p development.Pipeline
		e.do(t, e.viewer(), "GET", "/api/v1/orgs/"+e.w.R.ID+"/development/pipeline", nil, http.StatusOK).JSON(t, &p)
		want := [5][2]int{{3, 2}, {1, 1}, {1, 0}, {0, 0}, {0, 0}}
		for i, s := range p.Stages {
			if s.Stage != i+1 || [2]int{s.Count, s.Overdue} != want[i] {
				t.Errorf("stage %d: %+v, want count/overdue %v", i+1, s, want[i])
			}
		}
		if p.OverdueTotal != 3 || p.Org.Name != "机关党委" || p.Plan != nil || p.Stages[1].Label != "入党积极分子" {
			t.Errorf("pipeline %+v", p)
		}
		e.do(t, e.branch(), "GET", "/api/v1/orgs/"+e.w.B.ID+"/development/pipeline", nil, http.StatusNotFound)

		overdue := e.pages(t, e.w.R.ID, "overdue=1", 2)
		var got []string
		for _, f := range overdue {
			got = append(got, f.Name+" "+f.NextDue)
			if !f.Overdue {
				t.Errorf("%s listed as overdue but not marked", f.Name)
			}
		}
		if fmt.Sprint(got) != "[乙一 2026-04-01 甲一 2026-05-10 甲二 2026-05-20]" {
			t.Errorf("overdue list %v", got)
		}
		all := e.pages(t, e.w.R.ID, "", 2)
		if len(all) != 5 {
			t.Errorf("%d files in progress under R, want 5", len(all))
		}
		if s := e.pages(t, e.w.R.ID, "stage=3", 10); len(s) != 1 || s[0].Name != "丙一" || s[0].OrgName != "第二支部" {
			t.Errorf("stage 3: %+v", s)
		}
		if s := e.pages(t, e.w.A.ID, "q="+url.QueryEscape("甲"), 10); len(s) != 3 {
			t.Errorf("search 甲: %d files", len(s))
		}
		e.do(t, e.upper(), "POST", "/api/v1/development/files/"+a1.ID+"/stop", map[string]any{"reason": "撤回"}, http.StatusOK)
		if s := e.pages(t, e.w.A.ID, "state=stopped", 10); len(s) != 1 || s[0].ID != a1.ID {
			t.Errorf("stopped: %+v", s)
		}
		if s := e.pages(t, e.w.R.ID, "overdue=1", 10); len(s) != 2 || s[1].ID != a2.ID {
			t.Errorf("overdue after a stop: %+v", s)
		}
		e.do(t, e.upper(), "GET", "/api/v1/orgs/"+e.w.R.ID+"/development/files?stage=9", nil, 422)
		e.do(t, e.upper(), "GET", "/api/v1/orgs/"+e.w.R.ID+"/development/files?cursor=@@@@", nil, 422)
	})
}

// bPeople are branch B's members for the steps that name people.
func bPeople(no int) []any {
	switch no {
	case 2:
		return []any{person("b1", "talker")}
	case 5:
		return []any{person("b1", "contact")}
	}
	return nil
}

func TestPlans(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "张三", "20000115", 11, applied)
		e.upTo(t, f.ID, 17) // approved 2025-05-01
		e.do(t, e.upper(), "PUT", "/api/v1/orgs/"+e.w.A.ID+"/development/plans/2025", map[string]any{"quota": 3, "note": "重点发展青年"}, http.StatusOK)
		e.do(t, e.upper(), "PUT", "/api/v1/orgs/"+e.w.R.ID+"/development/plans/2025", map[string]any{"quota": 10}, http.StatusOK)
		e.do(t, e.branch(), "PUT", "/api/v1/orgs/"+e.w.B.ID+"/development/plans/2025", map[string]any{"quota": 1}, http.StatusNotFound)
		e.do(t, e.viewer(), "PUT", "/api/v1/orgs/"+e.w.A.ID+"/development/plans/2025", map[string]any{"quota": 1}, http.StatusForbidden)
		e.do(t, e.upper(), "PUT", "/api/v1/orgs/"+e.w.A.ID+"/development/plans/2025", map[string]any{"quota": -1}, 422)
		var plans development.Plans
		e.do(t, e.viewer(), "GET", "/api/v1/orgs/"+e.w.R.ID+"/development/plans?year=2025", nil, http.StatusOK).JSON(t, &plans)
		got := fmt.Sprint(plans.Year)
		for _, r := range plans.Items {
			got += fmt.Sprintf(" %s:%d/%d", r.OrgName, r.Admitted, r.Quota)
		}
		if got != "2025 机关党委:1/10 第一支部:1/3 第二支部:0/0" {
			t.Errorf("plans %s", got)
		}
		e.do(t, e.viewer(), "GET", "/api/v1/orgs/"+e.w.R.ID+"/development/plans?year=2026", nil, http.StatusOK).JSON(t, &plans)
		if plans.Items[0].Admitted != 0 || plans.Items[0].Quota != 0 {
			t.Errorf("2026 plans %+v", plans.Items)
		}
		e.at("2025-06-01")
		var p development.Pipeline
		e.do(t, e.branch(), "GET", "/api/v1/orgs/"+e.w.A.ID+"/development/pipeline", nil, http.StatusOK).JSON(t, &p)
		if p.Plan == nil || *p.Plan != (development.PlanProgress{Year: 2025, Quota: 3, Admitted: 1}) {
			t.Errorf("pipeline plan %+v", p.Plan)
		}
	})
}
