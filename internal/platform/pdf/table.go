package pdf

// Table describes a ruled grid drawn by Page.Table. X and Y are the top-left
// corner; Widths gives one entry per column. Align holds 'l', 'r' or 'c' per
// column (missing entries mean left). Zero RowHeight or Size take defaults.
type Table struct {
	X, Y      float64
	Widths    []float64
	RowHeight float64
	Size      float64
	Align     []byte
}

// Defaults for a zero Table.Size / RowHeight, and the gap between text and
// the cell border.
const (
	defaultTableSize = 10.5 // 五号, the usual size for Chinese forms
	rowHeightPerSize = 2.0
	cellPadding      = 4.0
	gridLineWidth    = 0.5
)

// Table draws the grid and the cell texts and returns the y just below the
// last row. Cells beyond len(Widths) are ignored; text too wide for its cell
// is shrunk to fit rather than overflowing into the neighbour.
func (p *Page) Table(t Table, rows [][]string) float64 {
	size, rh := t.Size, t.RowHeight
	if size <= 0 {
		size = defaultTableSize
	}
	if rh <= 0 {
		rh = size * rowHeightPerSize
	}
	var total float64
	for _, w := range t.Widths {
		total += w
	}
	bottom := t.Y + rh*float64(len(rows))
	if len(rows) == 0 || len(t.Widths) == 0 {
		return bottom
	}

	for i := 0; i <= len(rows); i++ {
		y := t.Y + rh*float64(i)
		p.Line(t.X, y, t.X+total, y, gridLineWidth)
	}
	x := t.X
	for _, w := range t.Widths {
		p.Line(x, t.Y, x, bottom, gridLineWidth)
		x += w
	}
	p.Line(x, t.Y, x, bottom, gridLineWidth)

	for r, row := range rows {
		top := t.Y + rh*float64(r)
		x := t.X
		for c, w := range t.Widths {
			if c < len(row) {
				p.cell(x, top, w, rh, size, alignOf(t.Align, c), row[c])
			}
			x += w
		}
	}
	return bottom
}

// cell writes s inside the box (x, top, w, h), vertically centred on the
// glyph body (ascent above, descent below the baseline).
func (p *Page) cell(x, top, w, h, size float64, align byte, s string) {
	room := w - 2*cellPadding
	if tw := Width(s, size); tw > room && tw > 0 && room > 0 {
		size *= room / tw
	}
	baseline := top + h/2 + (ascent-descent)/2*size
	switch align {
	case 'r':
		p.TextRight(x+w-cellPadding, baseline, size, s)
	case 'c':
		p.TextCenter(x+w/2, baseline, size, s)
	default:
		p.Text(x+cellPadding, baseline, size, s)
	}
}

func alignOf(align []byte, col int) byte {
	if col < len(align) {
		return align[col]
	}
	return 'l'
}
