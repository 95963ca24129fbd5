// Package tabular reads the spreadsheets users upload (.xlsx and .csv) into
// clean rows keyed by column, and writes templates, exports and annotated
// error reports. Callers define the columns and validate the values; this
// package does the generic work: format detection, header matching, cell
// normalization and positions for error messages.
package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Column describes one logical column of an import.
type Column struct {
	Key      string   // stable key used in Row.Values, e.g. "name"
	Title    string   // Chinese header used in templates, e.g. "姓名"
	Aliases  []string // other header spellings accepted on import, e.g. "党员姓名"
	Required bool     // a sheet without this column is rejected
	// Text forces text format ("@") in templates and exports. Columns whose
	// title or key looks like an ID number or phone number get it anyway.
	Text bool
}

// Row is one non-blank data row.
type Row struct {
	Sheet  string // worksheet name; "" for CSV
	Number int    // 1-based row number as shown by Excel
	// Values holds the normalized text by Column.Key for every column present
	// in the sheet (possibly ""); columns absent from the sheet have no entry.
	Values map[string]string
	// Raw holds the cell text as the user saw it, by Column.Key. It may be
	// the same map as Values (when no cell needed cleaning): read-only.
	Raw map[string]string
}

// Problem is a user-facing error located in the uploaded file.
type Problem struct {
	Sheet   string // worksheet name; "" for CSV or the whole file
	Row     int    // 1-based row number; 0 for the whole sheet/file
	Column  string // column title (or key / header text); "" if not cell-specific
	Message string // Chinese message
}

// Limits bounds the work done for one upload. Zero fields take defaults.
type Limits struct {
	MaxRows  int   // maximum non-blank data rows over all sheets
	MaxBytes int64 // maximum file size
}

// Defaults for Limits.
const (
	DefaultMaxRows  = 200_000
	DefaultMaxBytes = 50 << 20
)

// InstructionsSheet is the name of the notes sheet in templates; Read
// never reads data from a sheet with this name.
const InstructionsSheet = "填写说明"

// headerScanRows is how many leading rows may hold the header.
const headerScanRows = 10

// Errors returned by Read (wrapped with details where useful).
var (
	ErrTooLarge    = errors.New("文件过大")
	ErrTooManyRows = errors.New("数据行数超过上限")
	ErrFormat      = errors.New("不支持的文件格式，请上传 .xlsx 或 .csv 文件")
)

func (l Limits) withDefaults() Limits {
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxRows
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	return l
}

// Read parses an uploaded .xlsx or .csv file. The format is taken from the
// content (xlsx is a zip archive) and the file name. In xlsx files every
// worksheet whose header row matches cols is read; other sheets are skipped.
// The header may be any of the first 10 rows; headers match cols by title or
// alias after normalization, in any order, and unknown columns are ignored.
// Fully blank rows are skipped. Problems report sheets lacking a required
// column or a file without any recognizable header; err is returned only for
// files that cannot be read at all or exceed limits.
func Read(r io.Reader, filename string, cols []Column, limits Limits) ([]Row, []Problem, error) {
	limits = limits.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, limits.MaxBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("读取文件失败：%w", err)
	}
	if int64(len(data)) > limits.MaxBytes {
		return nil, nil, fmt.Errorf("%w（超过 %s）", ErrTooLarge, sizeText(limits.MaxBytes))
	}
	rd := &reader{m: newMatcher(cols), limits: limits}
	ext := strings.ToLower(filepath.Ext(filename))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		err = rd.readXLSX(data)
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return nil, nil, errors.New("不支持旧版 .xls 或加密的 Excel 文件，请在 Excel 中另存为 .xlsx（不设密码）后上传")
	case ext == ".xlsx" || ext == ".xlsm":
		return nil, nil, errors.New("文件不是有效的 .xlsx 文件，可能已损坏")
	case (ext == ".csv" || ext == ".txt" || ext == "") && looksLikeText(data):
		err = rd.readCSV(data)
	default:
		return nil, nil, ErrFormat
	}
	if err != nil {
		return nil, nil, err
	}
	if !rd.anyHeader {
		rd.problems = append(rd.problems, Problem{Message: "未找到表头：请确认文件第 1–10 行中有包含" +
			rd.m.describe() + "等列的表头行（可下载导入模板对照）"})
	}
	return rd.rows, rd.problems, nil
}

// record is one row of a sheet before mapping to columns.
type record struct {
	num   int
	shown []string // cell text as displayed (CSV: the field)
	raw   []string // xlsx: the stored values; nil for CSV
}

// reader accumulates rows and problems over all sheets of one file.
type reader struct {
	m         *matcher
	limits    Limits
	date1904  bool
	rows      []Row
	problems  []Problem
	anyHeader bool
}

// sheet processes the records of one sheet in order: it buffers the first
// rows until the header is found, then maps every following row.
type sheet struct {
	rd      *reader
	name    string
	pending []record
	index   []int // per column: cell index in the record, -1 if absent
	state   int   // 0 looking for header, 1 reading rows, 2 skip rest
}

func (rd *reader) newSheet(name string) *sheet { return &sheet{rd: rd, name: name} }

// add feeds one record; it returns an error when limits are exceeded.
func (s *sheet) add(rec record) error {
	switch s.state {
	case 0:
		if rec.num > headerScanRows {
			if err := s.finishHeader(); err != nil {
				return err
			}
			return s.add(rec)
		}
		s.pending = append(s.pending, rec)
		return nil
	case 1:
		return s.emit(rec)
	}
	return nil
}

// finish must be called after the last record.
func (s *sheet) finish() error {
	if s.state == 0 {
		return s.finishHeader()
	}
	return nil
}

func (s *sheet) finishHeader() error {
	best, bestN, bestIdx := -1, 0, []int(nil)
	for i, rec := range s.pending {
		idx, n := s.rd.m.match(s.rd.cells(rec))
		if n > bestN {
			best, bestN, bestIdx = i, n, idx
		}
	}
	s.state = 2
	if best < 0 || !s.rd.m.accept(bestIdx, bestN) {
		s.pending = nil
		return nil
	}
	s.rd.anyHeader = true
	headerRow := s.pending[best].num
	missing := false
	for ci, c := range s.rd.m.cols {
		if c.Required && bestIdx[ci] < 0 {
			missing = true
			s.rd.problems = append(s.rd.problems, Problem{Sheet: s.name, Row: headerRow, Column: c.Title,
				Message: "缺少必填列「" + c.Title + "」，该工作表未导入"})
		}
	}
	rest := s.pending[best+1:]
	s.pending = nil
	if missing {
		return nil
	}
	s.index, s.state = bestIdx, 1
	for _, rec := range rest {
		if err := s.emit(rec); err != nil {
			return err
		}
	}
	return nil
}

// emit maps a data record to a Row unless it is blank.
func (s *sheet) emit(rec record) error {
	blank := true
	for _, i := range s.index {
		if i >= 0 && (strings.TrimSpace(at(rec.shown, i)) != "" || strings.TrimSpace(at(rec.raw, i)) != "") {
			blank = false
			break
		}
	}
	if blank {
		return nil
	}
	row := Row{Sheet: s.name, Number: rec.num, Values: make(map[string]string, len(s.index))}
	same := true
	for ci, i := range s.index {
		if i < 0 {
			continue
		}
		key := s.rd.m.cols[ci].Key
		row.Values[key] = s.rd.cell(rec, i)
		same = same && row.Values[key] == at(rec.shown, i)
	}
	row.Raw = row.Values
	if !same {
		row.Raw = s.rawOf(rec)
	}
	if row.hasValue() {
		if len(s.rd.rows) >= s.rd.limits.MaxRows {
			return fmt.Errorf("%w（最多 %d 行），请拆分文件后分批导入", ErrTooManyRows, s.rd.limits.MaxRows)
		}
		s.rd.rows = append(s.rd.rows, row)
	}
	return nil
}

// rawOf is the cell text of rec as shown, by key. Rows whose cells needed
// no cleaning share the Values map instead (most rows of a large import),
// which halves the memory the rows hold.
func (s *sheet) rawOf(rec record) map[string]string {
	raw := make(map[string]string, len(s.index))
	for ci, i := range s.index {
		if i >= 0 {
			raw[s.rd.m.cols[ci].Key] = at(rec.shown, i)
		}
	}
	return raw
}

func (r Row) hasValue() bool {
	for _, v := range r.Values {
		if v != "" {
			return true
		}
	}
	return false
}

// cell returns the normalized value of cell i.
func (rd *reader) cell(rec record, i int) string {
	shown := at(rec.shown, i)
	if rec.raw == nil {
		return NormalizeCell(shown)
	}
	return NormalizeCell(resolveXLSX(shown, at(rec.raw, i), rd.date1904))
}

// cells returns all normalized values of a record (used for headers).
func (rd *reader) cells(rec record) []string {
	n := max(len(rec.shown), len(rec.raw))
	out := make([]string, n)
	for i := range out {
		out[i] = rd.cell(rec, i)
	}
	return out
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", max(n>>10, 1))
}
