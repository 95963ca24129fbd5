package archive

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/pdf"
)

// Layout of the printed archive on A4 pages.
const (
	pdfLeft   = 50.0
	pdfRight  = pdf.PageWidth - 50
	pdfTop    = 60.0
	pdfBottom = pdf.PageHeight - 60
	pdfRow    = 21.0 // a table row at the default size
)

var (
	itemWidths    = []float64{62, 66, 197, 170}
	summaryWidths = []float64{80, 415}
)

// archivePDF prints the archive: the member, then each year's figures and
// timeline, newest year first, with the page number and member at the foot.
func archivePDF(a Archive, now time.Time) ([]byte, error) {
	doc := pdf.New(a.Member.Name + " 党员档案")
	pw := &pageWriter{doc: doc, footer: a.Member.Name + " 党员档案"}
	pw.newPage()
	pw.page.TextCenter(pdf.PageWidth/2, pw.y+10, 20, "党员档案")
	pw.y += 36
	m := a.Member
	pw.table([]float64{80, 167, 80, 168}, nil, [][]string{
		{"姓名", m.Name, "党员状态", memberStatusText(m)},
		{"所在党组织", m.OrgName, "入党日期", orDash(m.JoinedOn)},
		{"转正日期", orDash(m.FullMemberOn), "打印时间", clock.LocalMinute(now.UnixMilli())},
	})
	for _, y := range a.Years {
		pw.ensure(pdfRow * 6)
		pw.y += 28
		pw.page.Text(pdfLeft, pw.y, 14, strconv.Itoa(y.Year)+" 年")
		if len(y.Items) == 0 && emptySummary(y.Summary) {
			pw.page.Text(pdfLeft+60, pw.y, 10.5, "本年度无记录")
			continue
		}
		pw.y += 10
		pw.table(summaryWidths, nil, summaryRows(y.Summary))
		pw.y += 8
		if len(y.Items) > 0 {
			pw.table(itemWidths, itemHeader, itemRows(y.Items))
		}
	}
	return doc.Bytes()
}

// pageWriter flows tables down pages, repeating a table's first row (its
// header) on each page it continues on.
type pageWriter struct {
	doc    *pdf.Document
	page   *pdf.Page
	footer string
	pages  int
	y      float64
}

func (w *pageWriter) newPage() {
	w.page, w.y = w.doc.AddPage(), pdfTop
	w.pages++
	w.page.TextCenter(pdf.PageWidth/2, pdf.PageHeight-30, 9, w.footer+"　第 "+strconv.Itoa(w.pages)+" 页")
}

// ensure starts a new page unless h more points fit on this one.
func (w *pageWriter) ensure(h float64) {
	if w.y+h > pdfBottom {
		w.newPage()
	}
}

// table draws rows under header (nil for none) across as many pages as
// they need, repeating the header on each.
func (w *pageWriter) table(widths []float64, header []string, rows [][]string) {
	for {
		w.ensure(2 * pdfRow)
		room := int((pdfBottom - w.y) / pdfRow)
		var chunk [][]string
		if header != nil {
			chunk, room = append(chunk, header), room-1
		}
		n := min(len(rows), room)
		w.y = w.page.Table(pdf.Table{X: pdfLeft, Y: w.y, Widths: widths}, append(chunk, rows[:n]...))
		if rows = rows[n:]; len(rows) == 0 {
			return
		}
		w.newPage()
	}
}

// emptySummary reports a year with no figures at all.
func emptySummary(s Summary) bool {
	return s.MeetingsExpected == 0 && s.DuesPaidFen == 0 && s.ArrearsWarnings == 0 && s.Points == 0 &&
		s.AppraisalGradeLabel == "" && s.AssessmentGradeLabel == "" && len(s.Commendations) == 0
}

func summaryRows(s Summary) [][]string {
	return [][]string{
		{"组织生活", meetingsText(s)},
		{"党费", duesText(s)},
		{"评议考核", appraisalText(s)},
	}
}

func meetingsText(s Summary) string {
	if s.AttendanceRate == nil {
		return "本年度无应参加会议记录"
	}
	return fmt.Sprintf("应参加 %d 次，出席 %d 次，请假 %d 次，缺席 %d 次，出席率 %d%%", s.MeetingsExpected,
		s.MeetingsAttended, s.MeetingsLeave, s.MeetingsAbsent, *s.AttendanceRate)
}

func duesText(s Summary) string {
	out := "本年度无交纳记录"
	if s.DuesPaidFen != 0 {
		out = fmt.Sprintf("已交 %d 个月（按时 %d 个月），合计 %s 元", s.DuesMonthsPaid, s.DuesMonthsOnTime,
			rules.FormatYuan(s.DuesPaidFen))
	}
	return out + fmt.Sprintf("；欠缴提醒 %d 次", s.ArrearsWarnings)
}

func appraisalText(s Summary) string {
	out := fmt.Sprintf("积分 %d；民主评议 %s；年度考核 %s", s.Points, orDash(s.AppraisalGradeLabel),
		orDash(s.AssessmentGradeLabel))
	if len(s.Commendations) > 0 {
		out += "；表彰 " + strings.Join(s.Commendations, "、")
	}
	return out
}

var itemHeader = []string{"日期", "类别", "事项", "说明"}

func itemRows(items []Item) [][]string {
	var rows [][]string
	for _, it := range items {
		rows = append(rows, []string{it.On, it.KindLabel, it.Title, it.Detail})
	}
	return rows
}

// memberStatusText is the status, or that the member is no longer on the
// register.
func memberStatusText(m MemberView) string {
	if !m.Active {
		return orDash(m.StatusLabel) + "（已不在册）"
	}
	return orDash(m.StatusLabel)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
