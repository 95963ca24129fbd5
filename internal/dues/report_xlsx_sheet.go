package dues

import (
	"dangjian/internal/platform/tabular"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// registerHeader is the usual layout of a 党费收缴登记表: the twelve month
// columns hold what was paid for each month, in yuan.
func registerHeader() []any {
	head := []any{"序号", "姓名", "缴费类别", "缴费基数（元）", "月缴纳额（元）"}
	for m := 1; m <= 12; m++ {
		head = append(head, strconv.Itoa(m)+"月")
	}
	return append(head, "合计", "欠缴月数")
}

// registerStyles are the workbook's cell styles.
type registerStyles struct{ title, header, text, money, total int }

func newRegisterStyles(f *excelize.File) (registerStyles, error) {
	border := tabular.GridBorder
	var st registerStyles
	return st, tabular.NewStyles(f,
		tabular.StyleSpec{Dst: &st.title, Style: excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: tabular.Centered}},
		tabular.StyleSpec{Dst: &st.header, Style: excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Alignment: tabular.Centered}},
		tabular.StyleSpec{Dst: &st.text, Style: excelize.Style{Border: border}},
		tabular.StyleSpec{Dst: &st.money, Style: excelize.Style{Border: border, NumFmt: 4}}, // #,##0.00
		tabular.StyleSpec{Dst: &st.total, Style: excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, NumFmt: 4}})
}

// registerXLSX renders one sheet per branch: a title row, the header, a row
// per member and a totals row. Amounts are numbers (yuan, two decimals), so
// the sheet can be summed and checked in Excel.
func registerXLSX(sheets []registerSheet, year int) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newRegisterStyles(f)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	for i, sh := range sheets {
		name := sheetName(sh.org.Name, used)
		if i == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err == nil {
			err = writeRegisterSheet(f, name, st, sh, year)
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

func writeRegisterSheet(f *excelize.File, name string, st registerStyles, sh registerSheet, year int) error {
	head := registerHeader()
	lastCol, _ := excelize.ColumnNumberToName(len(head))
	cell := func(col, row int) string { c, _ := excelize.CoordinatesToCellName(col, row); return c }
	err := errors.Join(
		f.SetCellValue(name, "A1", fmt.Sprintf("%s %d 年党费收缴登记表", sh.org.Name, year)),
		f.MergeCell(name, "A1", lastCol+"1"),
		f.SetCellStyle(name, "A1", lastCol+"1", st.title),
		f.SetRowHeight(name, 1, 30),
		f.SetSheetRow(name, "A2", &head),
		f.SetCellStyle(name, "A2", lastCol+"2", st.header),
		f.SetColWidth(name, "B", "E", 14),
		f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}))
	var totals [13]int64 // twelve months and the year
	for i, l := range sh.lines {
		row, values := i+3, registerRow(i+1, l)
		for m, p := range l.paid {
			totals[m] += p
			totals[12] += p
		}
		err = errors.Join(err, f.SetSheetRow(name, cell(1, row), &values),
			f.SetCellStyle(name, cell(1, row), cell(3, row), st.text),
			f.SetCellStyle(name, cell(4, row), cell(len(head)-1, row), st.money),
			f.SetCellStyle(name, cell(len(head), row), cell(len(head), row), st.text))
	}
	row := len(sh.lines) + 3
	sum := []any{"", "合计", "", "", ""}
	for _, t := range totals {
		sum = append(sum, yuan(t))
	}
	return errors.Join(err, f.SetSheetRow(name, cell(1, row), &sum),
		f.SetCellStyle(name, cell(1, row), cell(len(head), row), st.total))
}

// registerRow is a member's cells: months with nothing charged or paid are
// left empty.
func registerRow(n int, l *registerLine) []any {
	category, base, amount := "未申报基数", any(""), any("")
	if !l.missing {
		category, amount = l.category.Label(), yuan(l.amountFen)
		if l.category.NeedsBase() {
			base = yuan(l.baseFen)
		}
	}
	out := []any{n, l.name, category, base, amount}
	var total int64
	for m, p := range l.paid {
		total += p
		if l.charged[m] {
			out = append(out, yuan(p))
		} else {
			out = append(out, "")
		}
	}
	return append(out, yuan(total), l.overdue)
}

// yuan is fen as a number of yuan for a spreadsheet cell.
func yuan(fen int64) float64 { return float64(fen) / 100 }

// sheetName makes an org name a valid, unused sheet name: no []:*?/\, at
// most 31 characters.
func sheetName(orgName string, used map[string]bool) string {
	base := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, orgName)
	if base == "" {
		base = "党支部"
	}
	name := truncateRunes(base, 31)
	for n := 2; used[name]; n++ {
		suffix := fmt.Sprintf("(%d)", n)
		name = truncateRunes(base, 31-utf8.RuneCountInString(suffix)) + suffix
	}
	used[name] = true
	return name
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
