package elections_test

import (
	"context"
	"net/http"
	"testing"

	"dangjian/internal/elections"
)

type overduePage struct {
	Items []struct {
		OrgID        string `json:"org_id"`
		TermEnd      string `json:"term_end"`
		DaysOverdue  int    `json:"days_overdue"`
		Status       string `json:"status"`
		Notices      int    `json:"notices"`
		LastNoticeOn string `json:"last_notice_on"`
	} `json:"items"`
	TotalOverdue int    `json:"total_overdue"`
	NextCursor   string `json:"next_cursor"`
}

func TestOverdueListAndNotices(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.org(nil, "committee", "区委")
		mk := func(name, end string, active bool) elections.OrgRef {
			o := e.org(&c, "branch", name)
			o.TermEnd, o.Active = end, active
			e.put(o)
			return o
		}
		late := mk("超期一年支部", "2025-03-01", true)
		late2 := mk("超期支部", "2026-03-01", true) // ended yesterday
		ending := mk("将届满支部", "2026-09-01", true)
		mk("刚过提示期支部", "2026-09-02", true) // exactly six months ahead: not yet ending
		mk("正常支部", "2028-01-01", true)
		mk("未设任期支部", "", true)
		mk("已撤销支部", "2024-01-01", false)
		c.TermEnd = "2020-01-01" // the org itself is not listed
		e.put(c)

		up := worker(c)
		notice := func(org elections.OrgRef, sentOn string) {
			e.call(t, up, "POST", "/api/v1/orgs/"+c.ID+"/terms/notices", map[string]string{"org_id": org.ID,
				"doc_no": "区委组〔2026〕3号", "sent_on": sentOn, "text": "请于两个月内完成换届。"}, http.StatusCreated)
		}
		notice(late, "2026-01-05")
		notice(late, "2026-02-10")
		notice(ending, "2026-02-11")

		var p overduePage
		e.dir.overdueQ = 0
		e.srv.Expect(t, viewer(c), "GET", "/api/v1/orgs/"+c.ID+"/terms/overdue?limit=2", nil, http.StatusOK).JSON(t, &p)
		if len(p.Items) != 2 || p.Items[0].OrgID != late.ID || p.Items[1].OrgID != late2.ID || p.NextCursor == "" || p.TotalOverdue != 2 {
			t.Fatalf("page 1 %+v", p)
		}
		if it := p.Items[0]; it.Status != "overdue" || it.DaysOverdue != 366 || it.Notices != 2 || it.LastNoticeOn != "2026-02-10" {
			t.Errorf("late %+v", it)
		}
		if it := p.Items[1]; it.DaysOverdue != 1 || it.Notices != 0 || it.LastNoticeOn != "" {
			t.Errorf("late2 %+v", it)
		}
		if e.dir.overdueQ != 1 {
			t.Errorf("%d page queries", e.dir.overdueQ)
		}
		var p2 overduePage
		e.srv.Expect(t, viewer(c), "GET", "/api/v1/orgs/"+c.ID+"/terms/overdue?limit=2&cursor="+p.NextCursor, nil, http.StatusOK).JSON(t, &p2)
		if len(p2.Items) != 1 || p2.Items[0].OrgID != ending.ID || p2.Items[0].Status != "ending" ||
			p2.Items[0].DaysOverdue != -183 || p2.Items[0].Notices != 1 || p2.NextCursor != "" {
			t.Fatalf("page 2 %+v", p2)
		}
		var none overduePage
		e.srv.Expect(t, viewer(c), "GET", "/api/v1/orgs/"+c.ID+"/terms/overdue?within=0", nil, http.StatusOK).JSON(t, &none)
		if len(none.Items) != 2 {
			t.Errorf("within=0 lists %d", len(none.Items))
		}
		for _, q := range []string{"within=25", "limit=0", "cursor=zzz"} {
			e.srv.Expect(t, viewer(c), "GET", "/api/v1/orgs/"+c.ID+"/terms/overdue?"+q, nil, http.StatusUnprocessableEntity)
		}

		// Notices: only the upper org, only orgs strictly under it.
		e.refused(t, worker(late), "POST", "/api/v1/orgs/"+late.ID+"/terms/notices", map[string]string{"org_id": late.ID,
			"doc_no": "1", "sent_on": today, "text": "x"}, http.StatusUnprocessableEntity, "只能向本组织的下级党组织发出通知")
		e.refused(t, worker(late), "POST", "/api/v1/orgs/"+late.ID+"/terms/notices", map[string]string{"org_id": c.ID,
			"doc_no": "1", "sent_on": today, "text": "x"}, http.StatusUnprocessableEntity, "只能向本组织的下级党组织发出通知")
		e.srv.Expect(t, viewer(c), "POST", "/api/v1/orgs/"+c.ID+"/terms/notices", map[string]string{"org_id": late.ID},
			http.StatusForbidden)
		e.srv.Expect(t, worker(late), "POST", "/api/v1/orgs/"+c.ID+"/terms/notices", map[string]string{"org_id": late.ID},
			http.StatusNotFound)
		e.refused(t, up, "POST", "/api/v1/orgs/"+c.ID+"/terms/notices", map[string]string{"org_id": late.ID,
			"doc_no": "", "sent_on": "2026-03-03", "text": ""}, http.StatusUnprocessableEntity, "请填写文号")

		var list struct {
			Items []elections.Notice `json:"items"`
		}
		e.srv.Expect(t, worker(late), "GET", "/api/v1/orgs/"+late.ID+"/terms/notices", nil, http.StatusOK).JSON(t, &list)
		if len(list.Items) != 2 || list.Items[0].SentOn != "2026-02-10" || list.Items[0].FromOrgName != "区委" || list.Items[0].OrgName != late.Name {
			t.Errorf("the overdue org's notices %+v", list.Items)
		}
		e.srv.Expect(t, up, "GET", "/api/v1/orgs/"+c.ID+"/terms/notices?org_id="+ending.ID, nil, http.StatusOK).JSON(t, &list)
		if len(list.Items) != 1 {
			t.Errorf("notices about one org %+v", list.Items)
		}
		e.srv.Expect(t, worker(late), "GET", "/api/v1/orgs/"+late.ID+"/terms/notices?org_id="+ending.ID, nil, http.StatusNotFound)
		for typ, want := range map[string]int{"term.notice_sent": 3} {
			if n := e.count(t, "SELECT COUNT(*) FROM outbox_events WHERE type = ?", typ); n != want {
				t.Errorf("%d %s events", n, typ)
			}
			if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = ?", typ); n != want {
				t.Errorf("%d %s audits", n, typ)
			}
		}

		// The terms view of an overdue org.
		var terms struct {
			Current struct {
				Status   string `json:"status"`
				DaysLeft *int   `json:"days_left"`
			} `json:"current"`
		}
		e.srv.Expect(t, viewer(c), "GET", "/api/v1/orgs/"+late.ID+"/terms", nil, http.StatusOK).JSON(t, &terms)
		if terms.Current.Status != "overdue" || terms.Current.DaysLeft == nil || *terms.Current.DaysLeft != -366 {
			t.Errorf("late terms %+v", terms.Current)
		}
	})
}

func TestLoadDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		if err := e.s.LoadDemo(context.Background(), []string{tr.b.ID, tr.small.ID}); err != nil {
			t.Fatal(err)
		}
		var terms struct {
			Current struct {
				Number int    `json:"number"`
				Status string `json:"status"`
			} `json:"current"`
			History   []elections.Term `json:"history"`
			Elections []struct {
				State string `json:"state"`
			} `json:"elections"`
		}
		e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/orgs/"+tr.b.ID+"/terms", nil, http.StatusOK).JSON(t, &terms)
		if terms.Current.Number != 2 || terms.Current.Status != "normal" || len(terms.History) != 2 ||
			len(terms.Elections) != 1 || terms.Elections[0].State != "completed" {
			t.Errorf("demo terms %+v", terms)
		}
		if got := e.dir.positions[tr.b.ID]; len(got) != 3 || got[0].Title != "secretary" {
			t.Errorf("demo positions %v", got)
		}
		e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/orgs/"+tr.small.ID+"/terms", nil, http.StatusOK).JSON(t, &terms)
		if len(terms.Elections) != 1 || terms.Elections[0].State != "submitted" {
			t.Errorf("demo plan %+v", terms.Elections)
		}
	})
}
