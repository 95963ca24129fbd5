package tabular

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func openBook(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	must(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func cellNumFmt(t *testing.T, f *excelize.File, sheet, cell string) int {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	must(t, err)
	st, err := f.GetStyle(id)
	must(t, err)
	return st.NumFmt
}

func TestTemplateRoundTrip(t *testing.T) {
	example := map[string]string{"name": "张三", "id_number": "110105199001011234", "phone": "13800138000", "birth": "1990-01-01"}
	data, err := Template(memberCols, "党员信息", example, []string{"每行填写一名党员。"})
	must(t, err)
	f := openBook(t, data)
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "党员信息" || got[1] != InstructionsSheet {
		t.Fatalf("sheets = %v", got)
	}
	header, _ := f.GetRows("党员信息")
	if header[0][0] != "姓名*" || header[0][1] != "性别" || header[1][2] != "110105199001011234" {
		t.Errorf("rows = %q", header)
	}
	if n := cellNumFmt(t, f, "党员信息", "C2"); n != 49 {
		t.Errorf("ID example cell numFmt = %d, want 49 (text)", n)
	}
	if st, _ := f.GetColStyle("党员信息", "E"); st == 0 {
		t.Error("phone column has no text style")
	}
	notes, _ := f.GetRows(InstructionsSheet)
	if len(notes) < 3 || !strings.Contains(notes[1][0], "每行填写一名党员") {
		t.Errorf("notes = %q", notes)
	}
	rows, probs := readBytes(t, data, "template.xlsx", memberCols, Limits{})
	if len(probs) != 0 || len(rows) != 1 || rows[0].Number != 2 || rows[0].Values["id_number"] != "110105199001011234" {
		t.Errorf("reading the template back: %+v %+v", rows, probs)
	}
}

func TestAnnotatedReport(t *testing.T) {
	rows := []Row{
		{Sheet: "一支部", Number: 2, Raw: map[string]string{"name": "张三", "id_number": "1.10105E+17"}},
		{Sheet: "一支部", Number: 3, Raw: map[string]string{"name": "李四", "id_number": "110105199001011234"}},
	}
	problems := []Problem{
		{Sheet: "一支部", Row: 2, Column: "身份证号", Message: "身份证号被存成了数字，末尾数字已丢失"},
		{Sheet: "一支部", Row: 2, Column: "性别", Message: "不能为空"},
		{Sheet: "二支部", Row: 1, Column: "身份证号", Message: "缺少必填列「身份证号」"},
		{Sheet: "一支部", Row: 2, Column: "", Message: "与第 3 行重复"},
	}
	data, err := AnnotatedReport(memberCols, rows, problems)
	must(t, err)
	f := openBook(t, data)
	got, _ := f.GetRows(ReportSheet)
	if len(got) != 3 {
		t.Fatalf("report rows = %q", got)
	}
	if h := got[0]; h[0] != "工作表" || h[1] != "行号" || h[2] != "姓名" || h[len(memberCols)+2] != "错误原因" {
		t.Errorf("header = %q", h)
	}
	r := got[1]
	if r[0] != "一支部" || r[1] != "2" || r[2] != "张三" || r[4] != "1.10105E+17" ||
		r[len(memberCols)+2] != "身份证号被存成了数字，末尾数字已丢失；性别：不能为空；与第 3 行重复" {
		t.Errorf("row = %q", r)
	}
	if got[2][0] != "二支部" || got[2][1] != "1" {
		t.Errorf("sheet problem row = %q", got[2])
	}
	id, _ := f.GetCellStyle(ReportSheet, "E2")
	st, _ := f.GetStyle(id)
	if st.Fill.Type != "pattern" || len(st.Fill.Color) == 0 {
		t.Errorf("bad cell not highlighted: %+v", st.Fill)
	}
	if id, _ := f.GetCellStyle(ReportSheet, "C2"); id == 0 {
		t.Error("original values must keep text format")
	}
	comments, err := f.GetComments(ReportSheet)
	must(t, err)
	if len(comments) != 3 || comments[0].Cell != "D2" || comments[1].Cell != "E2" || comments[2].Cell != "E3" {
		t.Errorf("comments = %+v", comments)
	}
}

func TestWriteRoundTrip(t *testing.T) {
	in := [][]string{
		{"张三", "男", "110105199001011234", "1990-01-01", "13800138000", "2020-07-01", "第一支部"},
		{"李四", "", "00123"},
		{"=1+1", "女"},
	}
	data, err := Write(memberCols, "", in)
	must(t, err)
	f := openBook(t, data)
	if n := cellNumFmt(t, f, DefaultSheetName, "C2"); n != 49 {
		t.Errorf("ID cell numFmt = %d", n)
	}
	if formula, _ := f.GetCellFormula(DefaultSheetName, "A4"); formula != "" {
		t.Errorf("values must never become formulas, got %q", formula)
	}
	rows, probs := readBytes(t, data, "export.xlsx", memberCols, Limits{})
	if len(probs) != 0 || len(rows) != 3 {
		t.Fatalf("%+v %+v", rows, probs)
	}
	if rows[0].Values["id_number"] != in[0][2] || rows[1].Values["id_number"] != "00123" || rows[2].Values["name"] != "=1+1" {
		t.Errorf("round trip: %+v", rows)
	}
	w, err := NewWriter(memberCols, "x")
	must(t, err)
	must(t, w.WriteRow([]string{"a"}))
	must(t, w.Close())
	if err := w.WriteRow(nil); err == nil {
		t.Error("WriteRow after Close must fail")
	}
}
