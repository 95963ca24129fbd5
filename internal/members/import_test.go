package members_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/members"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/tabular"
)

// stdHeader is the template's column order.
var stdHeader = []string{"姓名", "性别", "民族", "出生日期", "身份证号", "手机号", "学历", "人员类别", "党员状态", "入党时间", "转正时间", "住址"}

var labels = map[string]string{"male": "男", "female": "女", "bachelor": "大学本科", "master": "硕士研究生",
	"enterprise": "企业人员", "retired": "离退休人员", "full": "正式党员", "probationary": "预备党员"}

// rowOf is p in stdHeader order, with Chinese labels.
func rowOf(p members.Details) []string {
	return []string{p.Name, labels[p.Gender], p.Ethnicity, p.BirthDate, p.IDNumber, p.Phone, labels[p.Education],
		labels[p.Category], labels[p.Status], p.JoinedOn, p.FullMemberOn, p.Address}
}

// xlsxFile writes rows under header with tabular.Write.
func xlsxFile(t testing.TB, header []string, rows [][]string) []byte {
	t.Helper()
	cols := make([]tabular.Column, len(header))
	for i, h := range header {
		cols[i] = tabular.Column{Key: fmt.Sprint(i), Title: h}
	}
	b, err := tabular.Write(cols, "党员", rows)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (e *env) importFile(t testing.TB, org, name string, data []byte, mode members.ImportMode) members.ImportReport {
	t.Helper()
	rep, err := e.m.Import(context.Background(), e.ids[org], name, bytes.NewReader(data), mode)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

// hasProblem reports whether rep has a problem at row/column containing msg.
func hasProblem(rep members.ImportReport, row int, column, msg string) bool {
	for _, p := range rep.Errors {
		if p.Row == row && p.Column == column && strings.Contains(p.Message, msg) {
			return true
		}
	}
	return false
}

// goodAndBad is a sheet with two good rows (2, 5) and two bad ones (3, 4).
func goodAndBad() [][]string {
	bad1 := rowOf(person("坏甲", "1990-01-01", 203))
	bad1[4] = bad1[4][:17] + flip(bad1[4][17])
	bad2 := rowOf(person("坏乙", "1990-01-01", 205))
	bad2[6], bad2[9] = "研究僧", "2015年13月1日"
	return [][]string{rowOf(person("好甲", "1990-01-01", 201)), bad1, bad2, rowOf(person("好乙", "1960-06-01", 207))}
}

// TestImportGoodRows: good rows are imported, bad ones reported by row and
// column; all_or_nothing leaves everything untouched.
func TestImportGoodRows(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		file := xlsxFile(t, stdHeader, goodAndBad())

		rep := e.importFile(t, "A1", "名册.xlsx", file, members.ImportAllOrNothing)
		if rep.Committed || rep.Created != 0 || rep.Refused != 4 || rep.Total != 4 || rep.Mode != "all_or_nothing" {
			t.Errorf("all_or_nothing report: %+v", rep)
		}
		for _, table := range []string{"members", "member_events", "member_counts", "outbox_events WHERE type LIKE 'member.%'"} {
			if n := rowCount(t, d, table); n != 0 {
				t.Errorf("all_or_nothing wrote %d rows to %s", n, table)
			}
		}
		if !hasProblem(rep, 3, "身份证号", "校验位") || !hasProblem(rep, 4, "学历", "学历应为") || !hasProblem(rep, 4, "入党时间", "无法识别的日期") {
			t.Errorf("problems: %+v", rep.Errors)
		}

		rep = e.importFile(t, "A1", "名册.xlsx", file, members.ImportGoodRows)
		if !rep.Committed || rep.Created != 2 || rep.Refused != 2 || rep.Total != 4 || len(rep.Errors) != 3 {
			t.Errorf("good_rows report: %+v", rep)
		}
		if c := e.counts(t, "R", "A1"); c["R"].Total != 2 || c["A1"].Direct != 2 {
			t.Errorf("counts after import: %+v", c)
		}
		e.checkRecount(t)
		if n := rowCount(t, d, "outbox_events WHERE type = 'member.created'"); n != 2 {
			t.Errorf("%d member.created events", n)
		}
		acts := memberActions(t, d)
		if len(acts) != 2 || acts[0] != "member.import" || acts[1] != "member.import" {
			t.Errorf("audit: %v", acts)
		}
		// The stored report lists the bad rows, personal data masked.
		report, err := e.m.ImportReportFile(context.Background(), rep.ID)
		if err != nil {
			t.Fatal(err)
		}
		text := sheetText(t, report)
		if !strings.Contains(text, "校验位") || !strings.Contains(text, "坏乙") || strings.Contains(text, "好甲") ||
			strings.Contains(text, goodAndBad()[1][4]) || !strings.Contains(text, "********") {
			t.Errorf("report: %s", text)
		}
	})
}

// TestImportTwice: the same file again changes nothing; a changed row
// updates its member with history.
func TestImportTwice(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		rows := [][]string{rowOf(person("一", "1980-01-01", 1)), rowOf(person("二", "1980-01-01", 3)), rowOf(person("三", "1980-01-01", 5))}
		first := e.importFile(t, "A", "a.xlsx", xlsxFile(t, stdHeader, rows), members.ImportGoodRows)
		if first.Created != 3 || first.Refused != 0 {
			t.Fatalf("first import: %+v", first)
		}
		events := rowCount(t, d, "member_events")
		again := e.importFile(t, "A", "a.xlsx", xlsxFile(t, stdHeader, rows), members.ImportGoodRows)
		if again.Unchanged != 3 || again.Created+again.Updated+again.Refused != 0 {
			t.Errorf("second import: %+v", again)
		}
		if n := rowCount(t, d, "member_events"); n != events {
			t.Errorf("an unchanged import wrote history: %d → %d", events, n)
		}
		e.clk.Advance(time.Hour)
		rows[1][5] = "13611112222"           // phone
		rows[2][8], rows[2][10] = "预备党员", "" // status back to probationary
		rows[2][9] = "2026-03-01"
		third := e.importFile(t, "A", "a.xlsx", xlsxFile(t, stdHeader, rows), members.ImportGoodRows)
		if third.Updated != 2 || third.Unchanged != 1 {
			t.Errorf("third import: %+v", third)
		}
		if c := e.counts(t, "A"); c["A"].Probationary != 1 || c["A"].Full != 2 {
			t.Errorf("counts: %+v", c["A"])
		}
		e.checkRecount(t)
		var page members.Page
		e.as(authz.PartyWorker, "A").Do(t, "GET", "/api/v1/members?org="+e.ids["A"]+"&q=二", nil).JSON(t, &page)
		h := e.history(t, page.Items[0].ID)
		if kinds(h) != "updated,created,became_full,admitted" || !strings.Contains(h[0].Detail, "136****2222") {
			t.Errorf("history after import update: %+v", h)
		}
	})
}

// TestImportMessy: what real registers look like — a title above the
// header, reordered and extra columns, aliases, blank rows, Excel serial
// dates, ID numbers typed as numbers, full-width digits, stray spaces.
func TestImportMessy(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := excelize.NewFile()
		sh := "Sheet1"
		set := func(cell string, v any) {
			if err := f.SetCellValue(sh, cell, v); err != nil {
				t.Fatal(err)
			}
		}
		dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		set("A1", "某某党委党员花名册（2026年）")
		for i, h := range []string{"序号", "党员姓名", "公民身份号码", "联系电话", "民族", "文化程度", "人员类别", "党员状态", "入党日期", "转正日期", "备注", "性别"} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 3)
			set(cell, h)
		}
		p1 := person("刘一", "1975-04-03", 301)
		p2 := person("陈二", "1988-12-31", 303)
		p3 := person("杨三", "1992-06-15", 305)
		p4 := person("黄四", "1992-06-15", 307)
		// Row 4: serial dates, ID as a number, full-width phone, spaces.
		set("A4", 1)
		set("B4", " 刘 一 ")
		var idNum int64
		fmt.Sscan(p1.IDNumber, &idNum)
		set("C4", idNum)
		set("D4", toFullWidth(p1.Phone))
		set("E4", "汉")
		set("F4", "本科")
		set("G4", "企业职工")
		set("H4", "正式")
		set("I4", 42186) // 2015-07-01
		f.SetCellStyle(sh, "I4", "I4", dateStyle)
		set("J4", 42552) // 2016-07-01
		f.SetCellStyle(sh, "J4", "J4", dateStyle)
		set("L4", "男")
		// Row 5 blank, row 6: Chinese dates, spaces inside the ID number.
		set("B6", p2.Name)
		set("C6", p2.IDNumber[:6]+" "+p2.IDNumber[6:14]+" "+p2.IDNumber[14:])
		set("D6", p2.Phone[:3]+"-"+p2.Phone[3:7]+"-"+p2.Phone[7:])
		set("E6", "汉族")
		set("F6", "大学本科")
		set("G6", "enterprise")
		set("H6", "预备党员")
		set("I6", "2026年3月1日")
		// Row 7: an ID number Excel already rounded.
		set("B7", p3.Name)
		set("C7", "1.10105199206153E+17")
		set("D7", p3.Phone)
		set("E7", "汉族")
		set("F7", "大学本科")
		set("G7", "企业人员")
		set("H7", "预备党员")
		set("I7", "2026/3/1")
		// Row 8: lower-case x, 2015.7.1 dates.
		set("B8", p4.Name)
		set("C8", strings.ToLower(p4.IDNumber))
		set("D8", p4.Phone)
		set("E8", "汉族")
		set("F8", "硕士")
		set("G8", "离退休人员")
		set("H8", "正式党员")
		set("I8", "2015.7.1")
		set("J8", "2016.7.1")
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		rep := e.importFile(t, "A1", "花名册.xlsx", buf.Bytes(), members.ImportGoodRows)
		if rep.Total != 4 || rep.Created != 3 || rep.Refused != 1 || !hasProblem(rep, 7, "身份证号", "后几位已丢失") {
			t.Fatalf("report: %+v", rep)
		}
		e.as(authz.PartyWorker, "A1")
		var page members.Page
		e.srv.Do(t, "GET", "/api/v1/members?q="+p1.IDNumber, nil).JSON(t, &page)
		if len(page.Items) != 1 {
			t.Fatalf("row 4 not found: %+v", page)
		}
		m := page.Items[0]
		if m.Name != "刘 一" || m.JoinedOn != "2015-07-01" || m.FullMemberOn != "2016-07-01" || m.BirthDate != "1975-04-03" ||
			m.Gender != "male" || m.Education != "bachelor" || m.Status != "full" || m.Ethnicity != "汉族" {
			t.Errorf("row 4: %+v", m)
		}
		e.srv.Do(t, "GET", "/api/v1/members?q="+p2.Phone, nil).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].JoinedOn != "2026-03-01" || page.Items[0].Status != "probationary" {
			t.Errorf("row 6: %+v", page)
		}
		e.srv.Do(t, "GET", "/api/v1/members?q="+p4.IDNumber, nil).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].Education != "master" || page.Items[0].Category != "retired" {
			t.Errorf("row 8: %+v", page)
		}
	})
}

// TestImportOrgsAndDuplicates: the 所在组织 column (code, name) must stay
// inside the target; ID numbers repeated in the file or registered outside
// the subtree are refused.
func TestImportOrgsAndDuplicates(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.add(t, "A2", person("已在A2", "1970-01-01", 401))
		outside := person("在B1", "1970-01-01", 403)
		e.add(t, "B1", outside)
		header := append(append([]string{}, stdHeader...), "所在组织")
		row := func(p members.Details, org string) []string { return append(rowOf(p), org) }
		dup := person("重复甲", "1985-01-01", 411)
		dup2 := dup
		dup2.Name, dup2.Phone = "重复乙", "13900001111"
		rows := [][]string{
			row(person("按编码", "1985-01-01", 405), "C-A1"), // 2 ok
			row(person("按名称", "1985-01-01", 407), "A2"),   // 3 ok: A2 has members
			row(person("外部", "1985-01-01", 409), "C-B1"),  // 4 outside
			row(dup, ""),     // 5 duplicate
			row(dup2, ""),    // 6 duplicate
			row(outside, ""), // 7 registered outside
			row(person("小组", "1985-01-01", 413), "C-A1g"),    // 8 a group
			row(person("无此组织", "1985-01-01", 415), "不存在的支部"), // 9 unknown
			row(person("默认", "1985-01-01", 417), ""),         // 10 default: A
			row(person("空支部", "1985-01-01", 421), "A3"),      // 11 ok by name: A3 has no members yet
		}
		e.org(t, "A3", "branch", "A")
		rep := e.importFile(t, "A", "b.csv", csvFile(header, rows), members.ImportGoodRows)
		if rep.Created != 4 || rep.Refused != 6 {
			t.Errorf("report: %+v", rep)
		}
		for _, c := range []struct {
			row      int
			col, msg string
		}{{4, "所在组织", "范围内"}, {5, "身份证号", "第 5、6 行"}, {6, "身份证号", "重复"}, {7, "身份证号", "该身份证号已登记"},
			{8, "所在组织", "党员只能编入"}, {9, "所在组织", "找不到"}} {
			if !hasProblem(rep, c.row, c.col, c.msg) {
				t.Errorf("row %d: no %q in %+v", c.row, c.msg, rep.Errors)
			}
		}
		for _, p := range rep.Errors {
			if strings.Contains(p.Message, "在B1") || strings.Contains(p.Message, e.ids["B1"]) {
				t.Errorf("a problem reveals the other member: %+v", p)
			}
		}
		c := e.counts(t, "A", "A1", "A2")
		if c["A"].Direct != 1 || c["A1"].Direct != 1 || c["A2"].Direct != 2 {
			t.Errorf("placement: %+v", c)
		}
		// A leading body holds no members: new rows need an org.
		rep = e.importFile(t, "R", "c.csv", csvFile(stdHeader, [][]string{rowOf(person("顶层", "1985-01-01", 419))}), members.ImportGoodRows)
		if rep.Created != 0 || !hasProblem(rep, 2, "所在组织", "党员只能编入") {
			t.Errorf("import at the leading body: %+v", rep)
		}
	})
}

// csvFile is UTF-8 CSV with a BOM, as Excel writes it.
func csvFile(header []string, rows [][]string) []byte {
	var b strings.Builder
	b.WriteString("\ufeff" + strings.Join(header, ",") + "\r\n")
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\r\n")
	}
	return []byte(b.String())
}

// sheetText is every cell of every sheet of an .xlsx, for assertions.
func sheetText(t testing.TB, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for _, r := range rows {
			b.WriteString(strings.Join(r, "|") + "\n")
		}
	}
	return b.String()
}

// multipartBody builds an upload form.
func multipartBody(t testing.TB, filename string, data []byte, mode string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if mode != "" {
		w.WriteField("mode", mode)
	}
	fw, err := w.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return &buf, w.FormDataContentType()
}

// TestImportHTTP: the upload route, its report and the template.
func TestImportHTTP(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		upload := func(org, name string, data []byte, mode string) (int, map[string]any) {
			b, ct := multipartBody(t, name, data, mode)
			req := httptest.NewRequest("POST", "/api/v1/orgs/"+e.ids[org]+"/members/import", b)
			req.Header.Set("Content-Type", ct)
			r := e.srv.DoRequest(req)
			var m map[string]any
			if r.Status == 200 || r.Status >= 400 {
				r.JSON(t, &m)
			}
			return r.Status, m
		}
		e.as(authz.PartyWorker, "A1")
		file := xlsxFile(t, stdHeader, goodAndBad())
		status, rep := upload("A1", "名册.xlsx", file, "all_or_nothing")
		if status != 200 || rep["committed"] != false || rep["refused"] != 4.0 || rep["mode"] != "all_or_nothing" {
			t.Fatalf("all_or_nothing: %d %v", status, rep)
		}
		status, rep = upload("A1", "名册.xlsx", file, "")
		if status != 200 || rep["created"] != 2.0 || rep["committed"] != true || len(rep["errors"].([]any)) != 3 {
			t.Fatalf("good_rows: %d %v", status, rep)
		}
		first := rep["errors"].([]any)[0].(map[string]any)
		if first["row"] != 3.0 || first["column"] != "身份证号" || first["sheet"] != "党员" {
			t.Errorf("error shape: %v", first)
		}
		r := e.srv.Do(t, "GET", "/api/v1/imports/"+rep["id"].(string)+"/report", nil)
		wantStatus(t, r, 200)
		if !strings.Contains(sheetText(t, r.Body), "学历应为") || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("report download: %s", r.Header)
		}
		// Out of scope: the import's org, the report.
		e.as(authz.PartyWorker, "B1")
		if status, _ := upload("A1", "名册.xlsx", file, ""); status != 404 {
			t.Errorf("import into another branch: %d", status)
		}
		wantStatus(t, e.srv.Do(t, "GET", "/api/v1/imports/"+rep["id"].(string)+"/report", nil), 404)
		// Only .xlsx and .csv, sniffed: a renamed binary is refused.
		e.as(authz.PartyWorker, "A1")
		if status, m := upload("A1", "名册.exe", file, ""); status != 422 || !strings.Contains(fmt.Sprint(m), "xlsx") {
			t.Errorf("exe: %d %v", status, m)
		}
		if status, _ := upload("A1", "名册.csv", []byte{0x7f, 'E', 'L', 'F', 0, 1, 2, 3}, ""); status != 422 {
			t.Errorf("binary as csv: %d", status)
		}
		if status, _ := upload("A1", "名册.xlsx", make([]byte, 21<<20), ""); status != 422 {
			t.Errorf("oversized upload: %d", status)
		}
		if status, _ := upload("A1", "名册.xlsx", file, "sometimes"); status != 422 {
			t.Errorf("bad mode: %d", status)
		}
		// The template reads back as a header the import accepts.
		r = e.srv.Do(t, "GET", "/api/v1/members/import-template", nil)
		wantStatus(t, r, 200)
		rep2 := e.importFile(t, "A1", "模板.xlsx", r.Body, members.ImportGoodRows)
		if rep2.Total != 1 || rep2.Created != 0 || !hasProblem(rep2, 2, "姓名", "示例行") {
			t.Errorf("template as an import: %+v", rep2)
		}
		e.as(authz.Viewer, "A1")
		wantStatus(t, e.srv.Do(t, "GET", "/api/v1/members/import-template", nil), 403)
	})
}

// TestImportEvents: the domain events an import writes in bulk look like
// those outbox.EmitAt writes for a single create.
func TestImportEvents(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.add(t, "A1", person("单个", "1980-01-01", 701))
		e.importFile(t, "A1", "e.csv", csvFile(stdHeader, [][]string{rowOf(person("导入", "1980-01-01", 703))}), members.ImportGoodRows)
		rows, err := d.QueryContext(context.Background(), `SELECT id, subject_id, org_path, payload, created_at,
			dispatched_at IS NULL FROM outbox_events WHERE type = 'member.created' ORDER BY payload`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var shapes []string
		for rows.Next() {
			var id, subject, path, payload string
			var at int64
			var pending bool
			if err := rows.Scan(&id, &subject, &path, &payload, &at, &pending); err != nil {
				t.Fatal(err)
			}
			var p struct {
				ID     string         `json:"id"`
				Member map[string]any `json:"member"`
			}
			if err := json.Unmarshal([]byte(payload), &p); err != nil {
				t.Fatal(err)
			}
			shapes = append(shapes, fmt.Sprintf("%d %v %v %v %d %v %d", len(id), subject == p.ID, path == e.paths["A1"],
				maskedID.MatchString(p.Member["id_number"].(string)), at, pending, len(p.Member)))
		}
		if len(shapes) != 2 || shapes[0] != shapes[1] {
			t.Errorf("event rows differ: %q", shapes)
		}
	})
}
