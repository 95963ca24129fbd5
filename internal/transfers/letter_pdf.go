package transfers

import (
	"dangjian/internal/platform/pdf"
)

// Layout of the letter on an A4 page: the letter above, a cut line, and the
// 回执 stub below.
const (
	pdfLeft    = 72.0
	pdfRight   = pdf.PageWidth - 72
	bodySize   = 13.0
	lineHeight = 26.0
	cutY       = 470.0
)

// letterPDF renders the letter and its stub on one A4 page.
func letterPDF(l *Letter) ([]byte, error) {
	doc := pdf.New(l.Title + " " + l.Number)
	p := doc.AddPage()
	p.TextCenter(pdf.PageWidth/2, 90, 20, l.Title)
	p.TextRight(pdfRight, 122, 12, "第 "+l.Number+" 号")
	y := paragraphs(p, 160, l.Body)
	p.TextRight(pdfRight, y+24, bodySize, l.Issuer+"（盖章）")
	p.TextRight(pdfRight, y+24+lineHeight, bodySize, l.IssuedOn)
	if l.Void != "" {
		p.Text(pdfLeft, y+24+2*lineHeight, 16, l.Void)
	}

	p.Line(pdfLeft-24, cutY, pdfRight+24, cutY, 0.5)
	p.TextCenter(pdf.PageWidth/2, cutY+14, 9, "（沿此线剪下，由接收党组织填写后寄回）")
	p.TextCenter(pdf.PageWidth/2, cutY+56, 16, l.StubTitle)
	// The stub ends with its two signature lines (seal, date), set right.
	sign := len(l.Stub) - 2
	y = paragraphs(p, cutY+96, l.Stub[:sign])
	for i, s := range l.Stub[sign:] {
		p.TextRight(pdfRight, y+24+float64(i)*lineHeight, bodySize, s)
	}
	return doc.Bytes()
}

// paragraphs draws lines from y (the first baseline), wrapping each at the
// right margin, and returns the baseline after the last.
func paragraphs(p *pdf.Page, y float64, lines []string) float64 {
	for _, s := range lines {
		for _, part := range wrap(s, bodySize, pdfRight-pdfLeft) {
			p.Text(pdfLeft, y, bodySize, part)
			y += lineHeight
		}
	}
	return y
}

// wrap splits s into pieces no wider than width at size (Chinese text
// breaks between any two characters).
func wrap(s string, size, width float64) []string {
	var out []string
	line, w := []rune{}, 0.0
	for _, r := range s {
		rw := pdf.Width(string(r), size)
		if w+rw > width && len(line) > 0 {
			out = append(out, string(line))
			line, w = line[:0:0], 0
		}
		line, w = append(line, r), w+rw
	}
	return append(out, string(line))
}
