package tabular

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// DefaultSheetName is used when no sheet name is given.
const DefaultSheetName = "数据"

// Template builds an import template: a data sheet with the header row
// (required columns marked "*" in red), one example row from example (by
// Column.Key), column widths, text format ("@") for ID and phone columns,
// and an instructions sheet InstructionsSheet with notes and a column list.
func Template(cols []Column, sheetName string, example map[string]string, notes []string) ([]byte, error) {
	sheetName = sheetNameOr(sheetName)
	if sheetName == InstructionsSheet {
		return nil, errors.New("tabular: sheet name is reserved for instructions")
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	exampleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "808080", Italic: true}})
	if err != nil {
		return nil, err
	}
	exampleText, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Color: "808080", Italic: true}})
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := columnWidth(c.Title+"*", example[c.Key])
		if err := f.SetColWidth(sheetName, col, col, width); err != nil {
			return nil, err
		}
		hs, es := st.header, exampleStyle
		if isTextColumn(c) {
			if err := f.SetColStyle(sheetName, col, st.text); err != nil {
				return nil, err
			}
			es = exampleText
		}
		title := c.Title
		if c.Required {
			title, hs = title+"*", st.required
		}
		if err := setCell(f, sheetName, i+1, 1, title, hs); err != nil {
			return nil, err
		}
		if v, ok := example[c.Key]; ok {
			if err := setCell(f, sheetName, i+1, 2, v, es); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetPanes(sheetName, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if err := writeInstructions(f, st, cols, notes, len(example) > 0); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeInstructions(f *excelize.File, st styles, cols []Column, notes []string, hasExample bool) error {
	const sh = InstructionsSheet
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	lines := append([]string(nil), notes...)
	if hasExample {
		lines = append(lines, "第 2 行为填写示例（灰色斜体），导入前请删除或覆盖。")
	}
	lines = append(lines, "标 * 的列为必填列；列的顺序可以调整，多余的列会被忽略。",
		"身份证号、手机号等列请保持“文本”格式，否则 Excel 会把长数字变成科学计数法并丢失末尾数字。")
	r := 1
	if err := setCell(f, sh, 1, r, "填写说明", st.header); err != nil {
		return err
	}
	for i, n := range lines {
		r++
		if err := setCell(f, sh, 1, r, strconv.Itoa(i+1)+". "+n, 0); err != nil {
			return err
		}
	}
	r += 2
	for i, h := range []string{"列名", "是否必填", "也可使用的列名"} {
		if err := setCell(f, sh, i+1, r, h, st.header); err != nil {
			return err
		}
	}
	for _, c := range cols {
		r++
		req := "否"
		if c.Required {
			req = "是"
		}
		for i, v := range []string{c.Title, req, strings.Join(c.Aliases, "、")} {
			if err := setCell(f, sh, i+1, r, v, 0); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(sh, "A", "A", 24); err != nil {
		return err
	}
	return f.SetColWidth(sh, "B", "C", 30)
}

// styles shared by templates, reports and exports.
type styles struct{ header, required, text, bad int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
	align := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	specs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill, Border: border, Alignment: align}},
		{&s.required, excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Fill: fill, Border: border, Alignment: align}},
		{&s.text, excelize.Style{NumFmt: 49}},
		{&s.bad, excelize.Style{NumFmt: 49, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
			Font: &excelize.Font{Color: "9C0006"}}},
	}
	for _, sp := range specs {
		if *sp.dst, err = f.NewStyle(&sp.style); err != nil {
			return s, err
		}
	}
	return s, nil
}

// setCell writes text (never a number or formula) with an optional style.
func setCell(f *excelize.File, sheet string, col, row int, v string, style int) error {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if err := f.SetCellStr(sheet, cell, v); err != nil {
		return err
	}
	if style != 0 {
		return f.SetCellStyle(sheet, cell, cell, style)
	}
	return nil
}

// columnWidth estimates an Excel column width for the given texts, counting
// wide (CJK) characters double.
func columnWidth(texts ...string) float64 {
	w := 0
	for _, t := range texts {
		n := 0
		for _, r := range t {
			if utf8.RuneLen(r) > 1 {
				n += 2
			} else {
				n++
			}
		}
		w = max(w, n)
	}
	return float64(min(max(w+4, 10), 60))
}

func sheetNameOr(name string) string {
	if name == "" {
		return DefaultSheetName
	}
	return name
}
