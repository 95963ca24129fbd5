package pdf

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// Page is one A4 page. All y coordinates taken by its methods are measured
// downward from the top edge; they are flipped to PDF's bottom-up space here.
type Page struct {
	content bytes.Buffer
}

// Text draws s with its baseline at y, starting at x.
func (p *Page) Text(x, y, size float64, s string) {
	if s == "" {
		return
	}
	fmt.Fprintf(&p.content, "BT /F1 %s Tf %s %s Td %s Tj ET\n",
		num(size), num(x), num(PageHeight-y), hexText(s))
}

// TextRight draws s so that it ends at xRight (per the Width estimate).
func (p *Page) TextRight(xRight, y, size float64, s string) {
	p.Text(xRight-Width(s, size), y, size, s)
}

// TextCenter draws s centred horizontally on xCenter.
func (p *Page) TextCenter(xCenter, y, size float64, s string) {
	p.Text(xCenter-Width(s, size)/2, y, size, s)
}

// Line strokes a straight line of the given width from (x1,y1) to (x2,y2).
func (p *Page) Line(x1, y1, x2, y2, width float64) {
	fmt.Fprintf(&p.content, "%s w %s %s m %s %s l S\n",
		num(width), num(x1), num(PageHeight-y1), num(x2), num(PageHeight-y2))
}

// Rect strokes a w×h rectangle whose top-left corner is (x,y).
func (p *Page) Rect(x, y, w, h, width float64) {
	fmt.Fprintf(&p.content, "%s w %s %s %s %s re S\n",
		num(width), num(x), num(PageHeight-y-h), num(w), num(h))
}

// num formats a coordinate with at most two decimals (1/7200 inch is far
// below print resolution) and no trailing zeros, keeping streams short.
func num(v float64) string {
	v = math.Round(v*100) / 100
	if v == 0 {
		v = 0 // turns -0 into 0
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
