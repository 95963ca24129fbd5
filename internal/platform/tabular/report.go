package tabular

import (
	"cmp"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ReportSheet is the name of the sheet in AnnotatedReport output.
const ReportSheet = "错误报告"

// maxComments bounds the number of cell comments in a report; beyond it
// cells are still highlighted and the reasons listed, but not commented.
const maxComments = 5000

// AnnotatedReport builds an .xlsx error report: one line per row that has
// problems, with the sheet name, row number, the row's original values
// (Row.Raw, looked up in rows by sheet and number), and a "错误原因" column
// joining all messages. Cells whose Problem.Column names a column (title,
// key or alias) are filled red and carry a comment with their messages.
// Problems with Row 0 (whole sheet or file) are listed first.
func AnnotatedReport(cols []Column, rows []Row, problems []Problem) ([]byte, error) {
	m := newMatcher(cols)
	type key struct {
		sheet string
		row   int
	}
	orig := make(map[key]*Row, len(rows))
	sheetOrder := map[string]int{}
	for i := range rows {
		orig[key{rows[i].Sheet, rows[i].Number}] = &rows[i]
		if _, ok := sheetOrder[rows[i].Sheet]; !ok {
			sheetOrder[rows[i].Sheet] = len(sheetOrder)
		}
	}
	groups := map[key][]Problem{}
	var keys []key
	for _, p := range problems {
		k := key{p.Sheet, p.Row}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
			if _, ok := sheetOrder[p.Sheet]; !ok {
				sheetOrder[p.Sheet] = len(sheetOrder)
			}
		}
		groups[k] = append(groups[k], p)
	}
	slices.SortStableFunc(keys, func(a, b key) int {
		if c := cmp.Compare(sheetOrder[a.sheet], sheetOrder[b.sheet]); c != 0 {
			return c
		}
		return cmp.Compare(a.row, b.row)
	})

	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", ReportSheet); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	reasonCol := len(cols) + 3
	header := append([]string{"工作表", "行号"}, titles(cols)...)
	header = append(header, "错误原因")
	for i, h := range header {
		if err := setCell(f, ReportSheet, i+1, 1, h, st.header); err != nil {
			return nil, err
		}
	}
	comments := 0
	for n, k := range keys {
		r := n + 2
		if err := setCell(f, ReportSheet, 1, r, k.sheet, 0); err != nil {
			return nil, err
		}
		if k.row > 0 {
			if err := f.SetCellInt(ReportSheet, cellName(2, r), int64(k.row)); err != nil {
				return nil, err
			}
		}
		if o := orig[k]; o != nil {
			for i, c := range cols {
				if err := setCell(f, ReportSheet, i+3, r, o.Raw[c.Key], st.text); err != nil {
					return nil, err
				}
			}
		}
		reasons := make([]string, 0, len(groups[k]))
		perCol := make([][]string, len(cols))
		for _, p := range groups[k] {
			reasons = append(reasons, reasonText(p))
			if ci := m.column(p.Column); ci >= 0 && k.row > 0 {
				perCol[ci] = append(perCol[ci], p.Message)
			}
		}
		for ci, msgs := range perCol {
			if len(msgs) == 0 {
				continue
			}
			cell := cellName(ci+3, r)
			if err := f.SetCellStyle(ReportSheet, cell, cell, st.bad); err != nil {
				return nil, err
			}
			if comments < maxComments {
				comments++
				if err := f.AddComment(ReportSheet, excelize.Comment{Author: "系统", Cell: cell,
					Text: strings.Join(msgs, "\n"), Width: 240, Height: 60}); err != nil {
					return nil, err
				}
			}
		}
		if err := setCell(f, ReportSheet, reasonCol, r, strings.Join(reasons, "；"), 0); err != nil {
			return nil, err
		}
	}
	widths := append([]string{"工作表", "行号"}, titles(cols)...)
	for i, t := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(ReportSheet, col, col, columnWidth(t, "2006-01-02")); err != nil {
			return nil, err
		}
	}
	col, _ := excelize.ColumnNumberToName(reasonCol)
	if err := f.SetColWidth(ReportSheet, col, col, 60); err != nil {
		return nil, err
	}
	if err := f.SetPanes(ReportSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// reasonText prefixes a message with its column unless it already names it.
func reasonText(p Problem) string {
	if p.Column == "" || strings.Contains(p.Message, p.Column) {
		return p.Message
	}
	return p.Column + "：" + p.Message
}

func titles(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Title
	}
	return out
}

func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}
