package dues_test

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/tabular"
)

// upload posts a file to the base import of o for year as p.
func (e *env) upload(t *testing.T, p *authz.Principal, o dues.OrgRef, year, name string, data []byte) *apitest.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", "/api/v1/orgs/"+o.ID+"/dues/bases/import?year="+year, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return e.srv.As(p).DoRequest(req)
}

type importAnswer struct {
	Imported  int    `json:"imported"`
	Unchanged int    `json:"unchanged"`
	Detail    string `json:"detail"`
	Errors    []struct {
		Row     int    `json:"row"`
		Column  string `json:"column"`
		Message string `json:"message"`
	} `json:"errors"`
}

var templateCols = []tabular.Column{{Key: "member_id", Title: "党员ID"}, {Key: "name", Title: "姓名"},
	{Key: "category", Title: "缴费类别"}, {Key: "base", Title: "基数（元）"}, {Key: "effective_month", Title: "起始月份"}}

// fill sets the cells of the template row of memberID (category, base, month).
func fill(t *testing.T, f *excelize.File, memberID string, cells ...string) {
	t.Helper()
	rows, err := f.GetRows("缴费基数")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == memberID {
			for j, v := range cells {
				cell, _ := excelize.CoordinatesToCellName(j+3, i+1)
				f.SetCellStr("缴费基数", cell, v)
			}
			return
		}
	}
	t.Fatalf("no template row for %s", memberID)
}

func TestBaseTemplateRoundTrip(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 480000, "2026-01")
		r := e.do(t, secretary(w.A), "GET", "/api/v1/orgs/"+w.A.ID+"/dues/bases/template?year=2026", nil, 200)
		if !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("content type %q", r.Header.Get("Content-Type"))
		}
		rows, problems, err := tabular.Read(bytes.NewReader(r.Body), "t.xlsx", templateCols, tabular.Limits{})
		if err != nil || len(problems) > 0 {
			t.Fatal(err, problems)
		}
		var got []string
		for _, row := range rows {
			v := row.Values
			got = append(got, v["member_id"]+"|"+v["name"]+"|"+v["category"]+"|"+v["base"])
		}
		want := []string{"m-jia|甲|在职(月工资)|4,800.00", "m-yi|乙||", "m-bing|丙||"}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("template rows %v, want %v", got, want)
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		fill(t, f, "m-yi", "退休", "5000", "2026-07")
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		var a importAnswer
		res := e.upload(t, secretary(w.A), w.A, "2026", "基数.xlsx", buf.Bytes())
		if res.Status != 200 {
			t.Fatalf("import: %d %s", res.Status, res.Body)
		}
		res.JSON(t, &a)
		if a.Imported != 1 || a.Unchanged != 1 || len(a.Errors) != 0 {
			t.Fatalf("answer: %+v", a)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM dues_bases WHERE member_id = 'm-yi' AND source = 'import'
			AND state = 'confirmed' AND category = 'retired' AND base_fen = 500000 AND effective_month = ?`,
			int(month(t, "2026-07"))); n != 1 {
			t.Fatalf("imported base not stored")
		}
		if x := e.assessOne(t, "m-yi", "2026-07"); x.Amount.Fen != 2500 {
			t.Errorf("imported base: %+v, want 5,000.00 × 0.5%%", x)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'dues.base_import' AND target_id = ?", w.A.ID); n != 1 {
			t.Errorf("%d audit records", n)
		}
	})
}

func TestBaseImportAllOrNothing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		csv := "党员ID,姓名,缴费类别,基数（元）,起始月份\n" +
			"m-jia,甲,在职,4800,2026-03\n" + // row 2: fine
			"m-out,外人,在职,4800,\n" + // row 3: not in the branch
			"m-yi,乙,富翁,100,\n" + // row 4: category
			"m-yi,乙,在职,-5,\n" + // row 5: negative base
			"m-yi,乙,在职,,\n" + // row 6: base missing
			"m-bing,丙,学生,,2025-12\n" + // row 7: month outside the year
			"m-bing,张三,学生,,\n" + // row 8: name does not match
			"m-jia,甲,在职,5000,2026年3月\n" + // row 9: same member and month as row 2
			"m-bing,丙,学生,,2026-13\n" // row 10: bad month
		res := e.upload(t, secretary(w.A), w.A, "2026", "基数.csv", []byte(csv))
		if res.Status != 422 {
			t.Fatalf("import: %d %s", res.Status, res.Body)
		}
		var a importAnswer
		res.JSON(t, &a)
		want := []string{
			"3|党员ID|党员ID不是本支部在册党员",
			"4|缴费类别|缴费类别无法识别",
			"5|基数（元）|基数格式不正确：不能为负数",
			"6|基数（元）|请填写月收入",
			"7|起始月份|起始月份应在申报年度（2026 年）内",
			"8|姓名|姓名与党员ID不符",
			"9|起始月份|与第 2 行重复",
			"10|起始月份|起始月份格式不正确",
		}
		if len(a.Errors) != len(want) {
			t.Fatalf("errors %+v, want %d", a.Errors, len(want))
		}
		for i, er := range a.Errors {
			parts := strings.SplitN(want[i], "|", 3)
			if strconv.Itoa(er.Row) != parts[0] || er.Column != parts[1] || !strings.Contains(er.Message, parts[2]) {
				t.Errorf("error %d: %+v, want %s", i, er, want[i])
			}
		}
		if a.Imported != 0 || !strings.Contains(a.Detail, "未导入任何数据") {
			t.Errorf("answer: %+v", a)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dues_bases"); n != 0 {
			t.Fatalf("%d bases written by a refused import", n)
		}
		good := []byte("党员ID,缴费类别,基数（元）\nm-jia,在职,4800\n")
		if r := e.upload(t, viewer(w.A), w.A, "2026", "a.csv", good); r.Status != 403 {
			t.Errorf("viewer: %d", r.Status)
		}
		if r := e.upload(t, secretary(w.B), w.A, "2026", "a.csv", good); r.Status != 404 {
			t.Errorf("other branch: %d", r.Status)
		}
		if r := e.upload(t, admin(w.R), w.R, "2026", "a.csv", good); r.Status != 409 {
			t.Errorf("committee: %d", r.Status)
		}
		if r := e.upload(t, secretary(w.A), w.A, "2026", "a.pdf", []byte("%PDF-1.4")); r.Status != 422 {
			t.Errorf("not a spreadsheet: %d %s", r.Status, r.Body)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dues_bases"); n != 0 {
			t.Fatalf("%d bases written by refused uploads", n)
		}
		if r := e.upload(t, secretary(w.A), w.A, "2026", "a.csv", good); r.Status != 200 {
			t.Fatalf("good file: %d %s", r.Status, r.Body)
		}
	})
}

// FuzzParseBaseRow checks that any row either is skipped, is refused with
// problems located in its own row and known columns, or yields a
// declaration the rules accept for the year.
func FuzzParseBaseRow(f *testing.F) {
	f.Add("m-1", "在职", "4,800.00", "2026-07", "")
	f.Add("m-1", "学生党员", "", "", "备注")
	f.Add("", "退休", "5000.005", "2026年13月", "")
	f.Add("m-1", "salaried", "0", "2026/7", "")
	f.Add("m-1", "农民", "abc", "46204", "")
	f.Add("m-1", "", "-1", "2025-12-01", "")
	columns := []string{"党员ID", "缴费类别", "基数（元）", "起始月份", "备注"}
	f.Fuzz(func(t *testing.T, id, category, base, mo, note string) {
		row := tabular.Row{Sheet: "s", Number: 7, Values: map[string]string{"member_id": id, "category": category,
			"base": base, "effective_month": mo, "note": note}}
		d, skip, problems := dues.ParseBaseRow(row, 2026)
		if skip {
			if category != "" || base != "" || len(problems) > 0 {
				t.Fatalf("skipped a row that states something: %q %q", category, base)
			}
			return
		}
		for _, p := range problems {
			if p.Row != 7 || p.Sheet != "s" || !slices.Contains(columns, p.Column) || p.Message == "" {
				t.Fatalf("problem %+v", p)
			}
		}
		if len(problems) > 0 {
			return
		}
		c := rules.Category(d.Category)
		m, err := rules.ParseMonth(d.EffectiveMonth)
		switch {
		case !c.Valid(), d.MemberID != id, id == "":
			t.Fatalf("accepted %+v from %q %q", d, id, category)
		case err != nil || m.Year() != 2026:
			t.Fatalf("accepted month %q from %q", d.EffectiveMonth, mo)
		case c.NeedsBase() && (d.BaseFen <= 0 || d.BaseFen > rules.MaxFen), !c.NeedsBase() && d.BaseFen != 0:
			t.Fatalf("accepted base %d for %s from %q", d.BaseFen, c, base)
		}
		if _, err := rules.Monthly(c, d.BaseFen, rules.DefaultOptions(), nil); err != nil {
			t.Fatalf("rules refuse an accepted row: %v", err)
		}
	})
}
