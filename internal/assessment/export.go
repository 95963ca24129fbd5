package assessment

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/tabular"
)

// exportColumns are the columns of the cards workbook, one row a member.
var exportColumns = []tabular.Column{
	{Key: "name", Title: "姓名"}, {Key: "status", Title: "党员类别"},
	{Key: "expected", Title: "应参加会议"}, {Key: "attended", Title: "出席"}, {Key: "leave", Title: "请假"},
	{Key: "absent", Title: "缺席"}, {Key: "rate", Title: "出席率"}, {Key: "points", Title: "年度积分"},
	{Key: "appraisal", Title: "民主评议等次"}, {Key: "months_paid", Title: "缴纳党费月数"},
	{Key: "months_on_time", Title: "按时缴纳月数"}, {Key: "paid", Title: "缴纳金额（元）"},
	{Key: "arrears", Title: "欠缴党费提醒次数"}, {Key: "proposed", Title: "建议等次"},
	{Key: "reasons", Title: "建议依据"}, {Key: "confirmed", Title: "确定等次"}, {Key: "note", Title: "说明"},
	{Key: "confirmed_by", Title: "确定人"}, {Key: "confirmed_at", Title: "确定时间"},
}

// exportRow is a card as a workbook row.
func exportRow(c Card) []string {
	rate := "—"
	if c.Attendance.Rate != nil {
		rate = percentText(c.Attendance.Attended, c.Attendance.Expected)
	}
	at := ""
	if t, err := time.Parse(time.RFC3339, c.ConfirmedAt); err == nil {
		at = clock.LocalMinute(t.UnixMilli())
	}
	itoa := strconv.Itoa
	return []string{c.Name, c.StatusLabel, itoa(c.Attendance.Expected), itoa(c.Attendance.Attended),
		itoa(c.Attendance.Leave), itoa(c.Attendance.Absent), rate, itoa(c.Points), c.AppraisalGradeLabel,
		itoa(c.Dues.MonthsPaid), itoa(c.Dues.MonthsOnTime), fmt.Sprintf("%.2f", float64(c.Dues.PaidFen)/100),
		itoa(c.Dues.ArrearsWarnings), c.ProposedLabel, strings.Join(c.Reasons, "；"), c.ConfirmedLabel,
		c.Note, c.ConfirmedBy, at}
}

// handleExport sends the branch's cards of ?year= as .xlsx; the export is
// audited before a byte is sent.
func (s *Service) handleExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, year, err := s.branchYear(r, authz.AssessmentRead)
	if err != nil {
		return err
	}
	cards, err := s.cards(ctx, org, year)
	if err != nil {
		return err
	}
	rows := make([][]string, 0, len(cards.Cards))
	for _, c := range cards.Cards {
		rows = append(rows, exportRow(c))
	}
	data, err := tabular.Write(exportColumns, strconv.Itoa(year)+"年度考核", rows)
	if err != nil {
		return err
	}
	if err := s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "assessment.export", TargetType: "org",
			TargetID: org.ID, After: map[string]any{"year": year, "rows": len(rows)}})
	}); err != nil {
		return err
	}
	httpx.Download(w, httpx.XLSX, fmt.Sprintf("%s%d年度党员考核.xlsx", org.Name, year))
	_, err = w.Write(data)
	return err
}
