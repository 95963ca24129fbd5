package tabular

import "github.com/xuri/excelize/v2"

// GridBorder is the thin grey border round every cell of a printed table
// (registers, statistics).
var GridBorder = []excelize.Border{{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
	{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1}}

// Centered is the alignment of titles and column headings.
var Centered = &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}

// StyleSpec is a cell style and where to keep its ID once registered.
type StyleSpec struct {
	Dst   *int
	Style excelize.Style
}

// NewStyles registers each style with f, storing its ID in Dst.
func NewStyles(f *excelize.File, specs ...StyleSpec) error {
	for _, sp := range specs {
		id, err := f.NewStyle(&sp.Style)
		if err != nil {
			return err
		}
		*sp.Dst = id
	}
	return nil
}
