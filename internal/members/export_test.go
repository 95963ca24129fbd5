package members_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/members"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/ids"
)

// TestExport: the filtered subtree as a readable .xlsx, masked, audited;
// large exports need a reason; exports are throttled.
func TestExport(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		full := person("正式甲", "1980-01-01", 501)
		e.add(t, "A1", full)
		prob := person("预备乙", "1995-01-01", 503)
		prob.Status, prob.FullMemberOn, prob.JoinedOn = "probationary", "", "2026-05-01"
		e.add(t, "A2", prob)
		e.add(t, "B1", person("外丙", "1980-01-01", 505))
		e.as(authz.PartyWorker, "A")
		r := e.srv.Do(t, "GET", "/api/v1/orgs/"+e.ids["A"]+"/members/export?status=probationary", nil)
		wantStatus(t, r, 200)
		text := sheetText(t, r.Body)
		if !strings.Contains(text, "预备乙") || strings.Contains(text, "正式甲") || strings.Contains(text, "外丙") ||
			!strings.Contains(text, "预备党员") || !strings.Contains(text, "A2") || strings.Contains(text, prob.IDNumber) ||
			strings.Contains(text, prob.Phone) || !strings.Contains(text, "110105********") {
			t.Errorf("export: %s", text)
		}
		if !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("headers: %v", r.Header)
		}
		r = e.srv.Do(t, "GET", "/api/v1/orgs/"+e.ids["A"]+"/members/export", nil)
		if text := sheetText(t, r.Body); !strings.Contains(text, "正式甲") || !strings.Contains(text, "预备乙") {
			t.Errorf("whole subtree: %s", text)
		}
		var after string
		if err := d.QueryRowContext(context.Background(), `SELECT after_json FROM audit_log WHERE action = 'member.export'
			ORDER BY seq LIMIT 1`).Scan(&after); err != nil || !strings.Contains(after, "probationary") || !strings.Contains(after, `"count":1`) {
			t.Errorf("export audit: %q %v", after, err)
		}
		// Throttled: 10 an hour per account.
		for i := 0; i < 8; i++ {
			wantStatus(t, e.srv.Do(t, "GET", "/api/v1/orgs/"+e.ids["A"]+"/members/export", nil), 200)
		}
		r = e.srv.Do(t, "GET", "/api/v1/orgs/"+e.ids["A"]+"/members/export", nil)
		wantStatus(t, r, 429)
		if !r.Contains("rate_limited") {
			t.Errorf("429 body: %s", r.Body)
		}
		e.clk.Advance(61 * time.Minute)
		wantStatus(t, e.srv.Do(t, "GET", "/api/v1/orgs/"+e.ids["A"]+"/members/export", nil), 200)
		if n := rowCount(t, d, "audit_log WHERE action = 'member.export'"); n != 11 {
			t.Errorf("%d export audit records, want 11", n)
		}
		// A viewer may not export.
		e.as(authz.Viewer, "A")
		wantStatus(t, e.srv.Do(t, "GET", "/api/v1/orgs/"+e.ids["A"]+"/members/export", nil), 403)
	})
}

// bulk loads n generated members into org (then rebuilds the counts).
func (e *env) bulk(t testing.TB, org string, n, seed int) []members.BulkMember {
	t.Helper()
	batch := e.bulkBatch(t, org, n, seed)
	if err := e.m.BulkLoad(context.Background(), e.d, batch); err != nil {
		t.Fatal(err)
	}
	if err := e.m.RebuildCounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	return batch
}

// bulkBatch generates n valid members of org.
func (e *env) bulkBatch(t testing.TB, org string, n, seed int) []members.BulkMember {
	batch := make([]members.BulkMember, n)
	for i := range batch {
		birth := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%20000).Format("2006-01-02")
		seq := 1 + (seed+i/20000)%997
		batch[i] = members.BulkMember{ID: ids.New(), OrgID: e.ids[org], OrgPath: e.paths[org], Name: fmt.Sprintf("批量%d", i),
			Gender: genderOf(seq), Ethnicity: "汉族", BirthDate: birth, IDNumber: idNumber(birth, seq),
			Phone: fmt.Sprintf("15%09d", seed*100000+i), Address: "北京市西城区某街道", Education: "bachelor",
			Category: "retired", Status: "full", JoinedOn: "1990-07-01", FullMemberOn: "1991-07-01"}
	}
	return batch
}

// TestLargeExportNeedsReason: over 1000 members an export must say why;
// the operator's ExportAll is unmasked and imports back unchanged.
func TestLargeExportNeedsReason(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.bulk(t, "A1", 1001, 0)
		if c := e.counts(t, "R", "A1"); c["R"].Total != 1001 || c["A1"].DirectFull != 1001 {
			t.Fatalf("counts after bulk load: %+v", c)
		}
		e.as(authz.PartyWorker, "A")
		r := e.srv.Do(t, "GET", "/api/v1/orgs/"+e.ids["A"]+"/members/export", nil)
		wantStatus(t, r, 422)
		if !r.Contains(`"field":"reason"`) || !r.Contains("导出超过 1000 人须填写用途") {
			t.Errorf("422 body: %s", r.Body)
		}
		// Filtered (capped count) too.
		wantStatus(t, e.srv.Do(t, "GET", "/api/v1/orgs/"+e.ids["A"]+"/members/export?category=retired", nil), 422)
		r = e.srv.Do(t, "GET", "/api/v1/orgs/"+e.ids["A"]+"/members/export?reason=%E6%8D%A2%E5%B1%8A", nil)
		wantStatus(t, r, 200)
		if n := strings.Count(sheetText(t, r.Body), "\n"); n != 1002 {
			t.Errorf("%d lines exported", n)
		}
		var out bytes.Buffer
		n, err := e.m.ExportAll(context.Background(), e.ids["A"], &out)
		if err != nil || n != 1001 {
			t.Fatalf("ExportAll: %d %v", n, err)
		}
		rep := e.importFile(t, "A", "全部.xlsx", out.Bytes(), members.ImportAllOrNothing)
		if rep.Unchanged != 1001 || !rep.Committed {
			t.Errorf("re-import of the full export: %+v %v", rep, rep.Errors[:min(3, len(rep.Errors))])
		}
		// A list of the big subtree counts from member_counts; a filtered
		// one counts at most 10,000.
		var page members.Page
		e.srv.Do(t, "GET", "/api/v1/members?org="+e.ids["A"]+"&category=retired", nil).JSON(t, &page)
		if page.Total != 1001 || page.TotalCapped || len(page.Items) != 20 {
			t.Errorf("filtered page: total %d capped %v", page.Total, page.TotalCapped)
		}
	})
}
