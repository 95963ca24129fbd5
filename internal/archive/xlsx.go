package archive

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// The workbook's two sheets: a row per year, and a row per timeline line.
const (
	sheetYears = "年度概况"
	sheetItems = "档案明细"
)

var (
	yearsHeader = []any{"年度", "应参加会议", "出席", "请假", "缺席", "出席率（%）", "党费已交月数", "按时交纳月数",
		"交纳金额（元）", "欠缴提醒", "积分", "民主评议", "年度考核", "表彰"}
	itemsHeader = []any{"年度", "日期", "类别", "事项", "说明"}
)

// archiveXLSX renders the archive as a workbook. Counts and amounts are
// numbers, so the figures can be summed in Excel.
func archiveXLSX(a Archive) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetYears); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet(sheetItems); err != nil {
		return nil, err
	}
	var years, items [][]any
	for _, y := range a.Years {
		years = append(years, yearRow(y))
		for _, it := range y.Items {
			items = append(items, []any{y.Year, it.On, it.KindLabel, it.Title, it.Detail})
		}
	}
	if err := writeSheet(f, sheetYears, yearsHeader, years); err != nil {
		return nil, err
	}
	if err := writeSheet(f, sheetItems, itemsHeader, items); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func yearRow(y Year) []any {
	s := y.Summary
	rate := any("")
	if s.AttendanceRate != nil {
		rate = *s.AttendanceRate
	}
	return []any{y.Year, s.MeetingsExpected, s.MeetingsAttended, s.MeetingsLeave, s.MeetingsAbsent, rate,
		s.DuesMonthsPaid, s.DuesMonthsOnTime, float64(s.DuesPaidFen) / 100, s.ArrearsWarnings, s.Points,
		s.AppraisalGradeLabel, s.AssessmentGradeLabel, strings.Join(s.Commendations, "、")}
}

// writeSheet writes a bold, frozen header row and the rows below it.
func writeSheet(f *excelize.File, name string, header []any, rows [][]any) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(header))
	if err := f.SetSheetRow(name, "A1", &header); err != nil {
		return err
	}
	if err := f.SetCellStyle(name, "A1", last+"1", bold); err != nil {
		return err
	}
	if err := f.SetColWidth(name, "A", last, 14); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(name, cell, &r); err != nil {
			return err
		}
	}
	return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}
