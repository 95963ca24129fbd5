package tabular

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

var memberCols = []Column{
	{Key: "name", Title: "姓名", Aliases: []string{"党员姓名", "名字"}, Required: true},
	{Key: "gender", Title: "性别"},
	{Key: "id_number", Title: "身份证号", Aliases: []string{"公民身份号码", "身份证号码"}, Required: true},
	{Key: "birth", Title: "出生日期"},
	{Key: "phone", Title: "手机号", Aliases: []string{"联系电话"}},
	{Key: "joined", Title: "入党日期"},
	{Key: "org", Title: "所在党组织"},
}

// book builds an xlsx file; each sheet is filled by its function.
type sheetFill struct {
	name string
	fill func(f *excelize.File, sheet string)
}

func book(t testing.TB, sheets ...sheetFill) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			must(t, f.SetSheetName("Sheet1", s.name))
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		s.fill(f, s.name)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rowsFill writes string rows starting at row `first`; a nil row is left blank.
func rowsFill(first int, rows ...[]string) func(*excelize.File, string) {
	return func(f *excelize.File, sheet string) {
		for i, r := range rows {
			for j, v := range r {
				if v != "" {
					_ = f.SetCellStr(sheet, cellName(j+1, first+i), v)
				}
			}
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func readBytes(t testing.TB, data []byte, name string, cols []Column, l Limits) ([]Row, []Problem) {
	t.Helper()
	rows, probs, err := Read(bytes.NewReader(data), name, cols, l)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return rows, probs
}

func numFmtStyle(t testing.TB, f *excelize.File, numFmt int, custom string) int {
	t.Helper()
	st := &excelize.Style{NumFmt: numFmt}
	if custom != "" {
		st = &excelize.Style{CustomNumFmt: &custom}
	}
	id, err := f.NewStyle(st)
	must(t, err)
	return id
}
