package partystats

import (
	"strconv"

	"dangjian/internal/platform/tabular"

	"github.com/xuri/excelize/v2"
)

// xlsxStyles are the workbook's cell styles.
type xlsxStyles struct{ title, header, label, count int }

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	border := tabular.GridBorder
	var st xlsxStyles
	return st, tabular.NewStyles(f,
		tabular.StyleSpec{Dst: &st.title, Style: excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: tabular.Centered}},
		tabular.StyleSpec{Dst: &st.header, Style: excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Alignment: tabular.Centered}},
		tabular.StyleSpec{Dst: &st.label, Style: excelize.Style{Border: border}},
		tabular.StyleSpec{Dst: &st.count, Style: excelize.Style{Border: border, NumFmt: 1}}) // 0
}

// heading is the line above a table in the file: whose, what, as of when.
func heading(rep Report, t Table) string {
	return rep.Org.Name + t.Title + "（截至 " + rep.AsOf + "）"
}

// notePrefix starts the line under a table that carries its note.
const notePrefix = "说明："

// reportXLSX renders the stored tables, one sheet each named by its title:
// the heading, the header row, the rows (counts as numbers, so the sheet
// can be summed and checked in Excel) and the note.
func reportXLSX(rep Report) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return nil, err
	}
	for i, t := range rep.Tables {
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.Title)
		} else {
			_, err = f.NewSheet(t.Title)
		}
		if err == nil {
			err = writeTable(f, st, heading(rep, t), t)
		}
		if err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeTable fills the sheet named by the table's title.
func writeTable(f *excelize.File, st xlsxStyles, title string, t Table) error {
	sheet := t.Title
	last, _ := excelize.ColumnNumberToName(len(t.Columns))
	if err := setRow(f, sheet, 1, []any{title}, st.title, st.title); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, "A1", last+"1"); err != nil {
		return err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c
	}
	if err := setRow(f, sheet, 2, header, st.header, st.header); err != nil {
		return err
	}
	for i, r := range t.Rows {
		if err := setRow(f, sheet, i+3, cells(r), st.label, st.count); err != nil {
			return err
		}
	}
	if t.Note != "" {
		if err := f.SetCellStr(sheet, cell(1, len(t.Rows)+4), notePrefix+t.Note); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 24); err != nil {
		return err
	}
	return f.SetColWidth(sheet, "B", last, 12)
}

// cells is a table row as written: the name as text, the counts as numbers.
func cells(r []string) []any {
	out := make([]any, len(r))
	for i, v := range r {
		out[i] = v
		if n, err := strconv.Atoi(v); err == nil && i > 0 {
			out[i] = n
		}
	}
	return out
}

// setRow writes values at row, the first cell styled first and the
// others rest.
func setRow(f *excelize.File, sheet string, row int, values []any, first, rest int) error {
	if err := f.SetSheetRow(sheet, cell(1, row), &values); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, cell(1, row), cell(1, row), first); err != nil {
		return err
	}
	if len(values) < 2 {
		return nil
	}
	return f.SetCellStyle(sheet, cell(2, row), cell(len(values), row), rest)
}

func cell(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}
