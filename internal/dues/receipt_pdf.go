package dues

import (
	"context"
	"net/http"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/pdf"
)

// yuanText writes an amount as "48.00 元": old viewers may not draw ¥ in the
// standard CJK font.
func yuanText(fen int64) string { return rules.FormatYuan(fen) + " 元" }

// sendReceiptPDF answers a receipt as a printable PDF (the caller has
// checked that the receipt may be shown).
func (s *Service) sendReceiptPDF(ctx context.Context, w http.ResponseWriter, rc Receipt) error {
	b, err := s.receiptPDF(ctx, rc)
	if err != nil {
		return err
	}
	httpx.Download(w, "application/pdf", "党费收据-"+rc.Number+".pdf")
	_, err = w.Write(b)
	return err
}

// receiptPDF renders a receipt on an A4 page: the header, a table of the
// months paid with their amounts, the total, and who issued it.
func (s *Service) receiptPDF(ctx context.Context, rc Receipt) ([]byte, error) {
	lines, err := viewEntries(ctx, s.db, "e.receipt_id = ? AND e.kind <> '"+kindReversal+"'", rc.ID)
	if err != nil {
		return nil, err
	}
	title := "党费收据"
	if rc.Kind == kindVoluntary {
		title = "自愿多交党费收据"
	}
	doc := pdf.New(title + " " + rc.Number)
	p := doc.AddPage()
	const left, right = 60.0, pdf.PageWidth - 60
	p.TextCenter(pdf.PageWidth/2, 80, 20, title)
	p.Text(left, 115, 11, "收据编号："+rc.Number)
	p.TextRight(right, 115, 11, "开具时间："+clock.LocalMinute(rc.IssuedAt))
	y := p.Table(pdf.Table{X: left, Y: 130, Widths: []float64{95, 380}}, [][]string{
		{"交款单位", rc.OrgName},
		{"交款党员", rc.MemberName},
		{"缴费方式", receiptMethod(rc)},
	})
	rows := [][]string{{"所属月份", "内容", "金额"}}
	for _, e := range lines {
		rows = append(rows, []string{monthIndex(e.Month).Label(), e.Rule, yuanText(e.PaidFen)})
	}
	rows = append(rows, []string{"合计", "", yuanText(rc.TotalFen)})
	y = p.Table(pdf.Table{X: left, Y: y + 16, Widths: []float64{90, 295, 90}, Align: []byte{'l', 'l', 'r'}}, rows)
	if rc.Reversed {
		p.Text(left, y+28, 14, "已冲正：本收据所列款项已被冲正，以冲正后的账目为准。")
		y += 28
	}
	p.Text(left, y+36, 11, "收款人："+rc.IssuedBy)
	p.TextRight(right, y+36, 11, "（盖章）")
	return doc.Bytes()
}

func receiptMethod(rc Receipt) string {
	if rc.Reference == "" {
		return rc.MethodLabel
	}
	return rc.MethodLabel + "（流水号 " + rc.Reference + "）"
}

// monthIndex reads back a month the API wrote ("2026-11").
func monthIndex(s string) rules.Month {
	m, _ := rules.ParseMonth(s)
	return m
}
