package partystats_test

import (
	"bytes"
	"net/http"
	"slices"
	"testing"
	"time"

	"dangjian/internal/partystats"
	"dangjian/internal/platform/authz"
	"dangjian/internal/rollup"

	"github.com/xuri/excelize/v2"
)

func TestReportsAreStoredAndListedNewestFirst(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.branchA()
		first := e.generate(t, worker(e.c), e.c, "2026-12-31")
		e.clk.Advance(time.Minute)
		second := e.generate(t, worker(e.c), e.a, "2027-02-28")
		if first.Org.Name != "机关党委" || first.Year != 2026 || first.Actor != "机关党委组织委员" || first.CreatedAt == "" {
			t.Errorf("report header %+v", first)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'stats.generate'"); n != 2 {
			t.Errorf("stats.generate audited %d times, want 2", n)
		}
		// A member added later does not change a stored report.
		e.member(e.a, "late", nil)
		var got partystats.Report
		e.srv.Expect(t, worker(e.c), "GET", "/api/v1/stats/reports/"+first.ID, nil, http.StatusOK).JSON(t, &got)
		if !slices.EqualFunc(got.Tables, first.Tables, sameTable) {
			t.Errorf("stored tables differ from the generated ones:\n%+v\n%+v", got.Tables, first.Tables)
		}
		var list struct{ Items []partystats.Report }
		e.srv.Expect(t, worker(e.c), "GET", "/api/v1/stats/orgs/c/reports", nil, http.StatusOK).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != first.ID || list.Items[0].Tables != nil {
			t.Errorf("c's reports %+v, want the first only, without tables", list.Items)
		}
		e.generate(t, worker(e.c), e.c, "2027-01-31")
		e.srv.Expect(t, worker(e.c), "GET", "/api/v1/stats/orgs/c/reports", nil, http.StatusOK).JSON(t, &list)
		if len(list.Items) != 2 || list.Items[1].ID != first.ID || list.Items[0].AsOf != "2027-01-31" {
			t.Errorf("c's reports %+v, want newest first", list.Items)
		}
		e.srv.Expect(t, worker(e.a), "GET", "/api/v1/stats/reports/"+second.ID, nil, http.StatusOK)
	})
}

func sameTable(a, b partystats.Table) bool {
	return a.Key == b.Key && a.Title == b.Title && a.Note == b.Note && slices.Equal(a.Columns, b.Columns) &&
		slices.EqualFunc(a.Rows, b.Rows, slices.Equal)
}

func TestXLSXHoldsTheSameCells(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.branchA()
		e.member(e.b, "gone", func(r *rollup.SpanRow) { r.EndedKind, r.EndedOn = "deceased", "2027-02-01" })
		e.src.orgs = []rollup.OrgRow{{ID: "c", Path: "/c/", Kind: "committee", UnitType: "government"},
			{ID: "a", Path: "/c/a/", Kind: "branch"}}
		rep := e.generate(t, worker(e.c), e.c, "2027-02-28")
		res := e.srv.Expect(t, worker(e.c), "GET", "/api/v1/stats/reports/"+rep.ID+".xlsx", nil, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("content type %q", ct)
		}
		f, err := excelize.OpenReader(bytes.NewReader(res.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var titles []string
		for _, tb := range rep.Tables {
			titles = append(titles, tb.Title)
		}
		if got := f.GetSheetList(); !slices.Equal(got, titles) {
			t.Fatalf("sheets %v, want one per table %v", got, titles)
		}
		for _, tb := range rep.Tables {
			rows, err := f.GetRows(tb.Title)
			if err != nil {
				t.Fatal(err)
			}
			want := [][]string{{"机关党委" + tb.Title + "（截至 2027-02-28）"}, tb.Columns}
			want = append(want, tb.Rows...)
			if tb.Note != "" {
				want = append(want, nil, []string{"说明：" + tb.Note})
			}
			if !slices.EqualFunc(rows, want, slices.Equal) {
				t.Errorf("sheet %s:\n got %q\nwant %q", tb.Title, rows, want)
			}
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'stats.export' AND target_id = ?", rep.ID); n != 1 {
			t.Errorf("stats.export audited %d times, want 1", n)
		}
	})
}

func TestAsOfIsValidated(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		for _, c := range []struct{ asOf, code string }{
			{"", "required"}, {"2026-2-3", "invalid"}, {"2026-02-29", "invalid"}, {"31/12/2026", "invalid"},
			{"1921-06-30", "too_early"}, {"2027-03-11", "future"},
		} {
			res := e.srv.Expect(t, worker(e.c), "POST", "/api/v1/stats/orgs/c/reports", map[string]string{"as_of": c.asOf},
				http.StatusUnprocessableEntity)
			fieldErr(t, res, "as_of", c.code)
		}
		e.generate(t, worker(e.c), e.c, "1921-07-01")
		e.generate(t, worker(e.c), e.c, "2027-03-10") // today in Shanghai
		if n := e.count(t, "SELECT COUNT(*) FROM stats_reports"); n != 2 {
			t.Errorf("%d reports stored, want only the 2 valid ones", n)
		}
	})
}

func TestScope(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		rep := e.generate(t, worker(e.c), e.c, "2027-02-28")
		ofB := e.generate(t, worker(e.b), e.b, "2027-02-28")
		member := principal(e.a, authz.MemberRole)
		for _, r := range []struct{ method, path string }{
			{"POST", "/api/v1/stats/orgs/a/reports"}, {"GET", "/api/v1/stats/orgs/a/reports"},
			{"GET", "/api/v1/stats/reports/" + rep.ID}, {"GET", "/api/v1/stats/reports/" + rep.ID + ".xlsx"},
		} {
			e.srv.Expect(t, member, r.method, r.path, map[string]string{"as_of": "2027-02-28"}, http.StatusForbidden)
		}
		viewerA := principal(e.a, authz.Viewer)
		for _, r := range []struct{ method, path string }{
			{"POST", "/api/v1/stats/orgs/c/reports"}, {"GET", "/api/v1/stats/orgs/b/reports"},
			{"POST", "/api/v1/stats/orgs/nosuch/reports"},
			{"GET", "/api/v1/stats/reports/" + rep.ID}, {"GET", "/api/v1/stats/reports/" + ofB.ID + ".xlsx"},
			{"GET", "/api/v1/stats/reports/nosuch"}, {"GET", "/api/v1/stats/reports/nosuch.xlsx"},
		} {
			e.srv.Expect(t, viewerA, r.method, r.path, map[string]string{"as_of": "2027-02-28"}, http.StatusNotFound)
		}
		e.generate(t, viewerA, e.a, "2027-02-28")
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'stats.export'"); n != 0 {
			t.Errorf("%d refused exports audited", n)
		}
	})
}
