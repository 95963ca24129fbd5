package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// MaxExportRows is the most data rows an .xlsx sheet can hold (Excel's
// 1,048,576 rows minus the header).
const MaxExportRows = excelize.TotalRows - 1

// Writer streams an export to .xlsx with constant memory per row: a header
// row of column titles, then one row per WriteRow. All values are written
// as text; ID and phone columns (see Column.Text) are formatted as text so
// that Excel keeps them intact when users edit them.
type Writer struct {
	f     *excelize.File
	sw    *excelize.StreamWriter
	cols  []Column
	style []int
	cells []any
	row   int
}

// NewWriter starts an export with one sheet named sheetName.
func NewWriter(cols []Column, sheetName string) (*Writer, error) {
	sheetName = sheetNameOr(sheetName)
	f := excelize.NewFile()
	w := &Writer{f: f, cols: cols, style: make([]int, len(cols)), cells: make([]any, len(cols))}
	if err := w.init(sheetName); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

func (w *Writer) init(sheetName string) error {
	if err := w.f.SetSheetName("Sheet1", sheetName); err != nil {
		return err
	}
	st, err := newStyles(w.f)
	if err != nil {
		return err
	}
	if w.sw, err = w.f.NewStreamWriter(sheetName); err != nil {
		return err
	}
	header := make([]any, len(w.cols))
	for i, c := range w.cols {
		width := columnWidth(c.Title)
		if isTextColumn(c) {
			w.style[i], width = st.text, max(width, 22)
		}
		if err := w.sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
		header[i] = excelize.Cell{StyleID: st.header, Value: c.Title}
	}
	if err := w.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	w.row = 1
	return w.sw.SetRow("A1", header)
}

// WriteRow appends one row; values are in column order (missing trailing
// values are left empty, extra values are ignored).
func (w *Writer) WriteRow(values []string) error {
	if w.sw == nil {
		return errors.New("tabular: writer is closed")
	}
	if w.row > MaxExportRows {
		return fmt.Errorf("导出行数超过 Excel 上限（%d 行），请缩小导出范围", MaxExportRows)
	}
	w.row++
	for i := range w.cells {
		v := ""
		if i < len(values) {
			v = values[i]
		}
		w.cells[i] = excelize.Cell{StyleID: w.style[i], Value: v}
	}
	return w.sw.SetRow(cellName(1, w.row), w.cells)
}

// Rows returns the number of data rows written so far.
func (w *Writer) Rows() int { return w.row - 1 }

// WriteTo finishes the workbook, writes it to out and closes the writer.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	if w.sw == nil {
		return 0, errors.New("tabular: writer is closed")
	}
	defer w.Close()
	if err := w.sw.Flush(); err != nil {
		return 0, err
	}
	return w.f.WriteTo(out)
}

// Close releases temporary files; it is safe to call more than once.
func (w *Writer) Close() error {
	w.sw = nil
	return w.f.Close()
}

// Write renders rows (in column order) to an .xlsx file in memory. For very
// large exports prefer NewWriter and WriteTo an io.Writer.
func Write(cols []Column, sheetName string, rows [][]string) ([]byte, error) {
	w, err := NewWriter(cols, sheetName)
	if err != nil {
		return nil, err
	}
	defer w.Close()
	for _, r := range rows {
		if err := w.WriteRow(r); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
