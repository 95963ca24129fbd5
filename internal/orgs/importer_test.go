package orgs_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/tabular"

	"github.com/xuri/excelize/v2"
)

// A child before its parent, a bad kind, a row under that bad row, a
// parent that exists nowhere, and a full-width code with stray spaces.
const orgCSV = `组织编码,组织名称,组织类别,上级组织编码,单位类型,成立日期,任期届满
Q-1-1,第一党支部,党支部,Q-1,机关,2001/7/1,2027年3月14日
Q-1,某局党总支,党总支,,机关,45000,
Q-2,坏类别,俱乐部,,,,
Q-2-1,坏行之下,党支部,Q-2,,,
Q-3-1,无处安放,党支部,Q-9,,,
　Ｑ-4 ,临时项目支部,临时党支部,,,,
`

func TestImportOrgs(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		root := e.mk(t, orgs.Org{}, "R", orgs.KindLeadingBody)
		rep, err := e.s.ImportOrgs(ctx, root.ID, "orgs.csv", strings.NewReader(orgCSV), true)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Committed || rep.Created != 0 || rep.Refused != 4 {
			t.Fatalf("all or nothing: %+v", rep)
		}
		if n := countOrgs(t, d); n != 1 {
			t.Fatalf("all-or-nothing wrote %d orgs", n)
		}
		report, err := e.s.OrgImportErrorReport(ctx, root.ID, "orgs.csv", strings.NewReader(orgCSV))
		if err != nil {
			t.Fatal(err)
		}
		if text := reportText(t, report); !strings.Contains(text, "俱乐部") || !strings.Contains(text, "Q-9") || strings.Contains(text, "某局党总支") {
			t.Errorf("error report should list exactly the bad rows: %s", text)
		}
		if n := countOrgs(t, d); n != 1 {
			t.Fatalf("the error report wrote %d orgs", n)
		}
		rep, err = e.s.ImportOrgs(ctx, root.ID, "orgs.csv", strings.NewReader(orgCSV), false)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Committed || rep.Created != 2 || rep.Refused != 4 || rep.Total != 6 {
			t.Fatalf("good rows: %+v", rep)
		}
		want := map[int]string{4: "组织类别", 5: "上级组织编码", 6: "上级组织编码", 7: "结束日期"}
		for _, p := range rep.Errors {
			if want[p.Row] == p.Column {
				delete(want, p.Row)
			}
		}
		if len(want) > 0 {
			t.Errorf("problems not reported by row and column: %v in %+v", want, rep.Errors)
		}
		child, err := e.s.Resolve(ctx, "Q-1-1")
		if err != nil {
			t.Fatal(err)
		}
		parent, _ := e.s.Resolve(ctx, "Q-1")
		if child.ParentID != parent.ID || child.EstablishedOn != "2001-07-01" || child.TermEnd != "2027-03-14" || parent.EstablishedOn != "2023-03-15" {
			t.Errorf("imported %+v under %+v", child, parent)
		}
		rep, err = e.s.ImportOrgs(ctx, root.ID, "orgs.csv", strings.NewReader(orgCSV), false)
		if err != nil || rep.Created != 0 || rep.Updated != 0 || rep.Unchanged != 2 {
			t.Errorf("second import: %+v %v", rep, err)
		}
		renamed := strings.Replace(orgCSV, "第一党支部", "第一党支部（机关）", 1)
		rep, _ = e.s.ImportOrgs(ctx, root.ID, "orgs.csv", strings.NewReader(renamed), false)
		if rep.Updated != 1 || rep.Unchanged != 1 {
			t.Errorf("changed row: %+v", rep)
		}
	})
}

func countOrgs(t *testing.T, d *db.DB) int {
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM orgs").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func reportText(t *testing.T, b []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(tabular.ReportSheet)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, r := range rows {
		sb.WriteString(strings.Join(r, "|") + "\n")
	}
	return sb.String()
}

func TestImportOrgLocations(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		root := e.mk(t, orgs.Org{}, "R", orgs.KindLeadingBody)
		const located = `组织编码,组织名称,组织类别,经度,纬度
L-1,有坐标,党委,113.625417,34.746583
L-2,无坐标,党委,,
L-3,缺纬度,党委,113.6,
L-4,非数字,党委,东经113度,34.7
L-5,越界,党委,113.6,60
`
		rep, err := e.s.ImportOrgs(ctx, root.ID, "orgs.csv", strings.NewReader(located), false)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]string{4: "纬度", 5: "经度", 6: "纬度"}
		for _, p := range rep.Errors {
			if want[p.Row] == p.Column {
				delete(want, p.Row)
			}
		}
		if rep.Created != 2 || rep.Refused != 3 || len(want) > 0 {
			t.Fatalf("located import: %+v, unreported %v", rep, want)
		}
		l1, _ := e.s.Resolve(ctx, "L-1")
		l2, _ := e.s.Resolve(ctx, "L-2")
		if point(l1) != "[113.625417,34.746583]" || point(l2) != "-" {
			t.Errorf("imported points %s %s", point(l1), point(l2))
		}
		// An older file without the columns keeps the points; empty cells clear them.
		rep, _ = e.s.ImportOrgs(ctx, root.ID, "orgs.csv", strings.NewReader("组织编码,组织名称,组织类别\nL-1,有坐标,党委\n"), false)
		if l1, _ = e.s.Resolve(ctx, "L-1"); rep.Unchanged != 1 || point(l1) != "[113.625417,34.746583]" {
			t.Errorf("file without coordinates: %+v %s", rep, point(l1))
		}
		rep, _ = e.s.ImportOrgs(ctx, root.ID, "orgs.csv", strings.NewReader("组织编码,组织名称,组织类别,经度,纬度\nL-1,有坐标,党委,,\n"), false)
		if l1, _ = e.s.Resolve(ctx, "L-1"); rep.Updated != 1 || point(l1) != "-" {
			t.Errorf("empty coordinates: %+v %s", rep, point(l1))
		}
	})
}
