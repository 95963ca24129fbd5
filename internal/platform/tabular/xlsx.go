package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
)

var (
	rawOpts        = excelize.Options{RawCellValue: true}
	errCorruptXLSX = errors.New("无法读取 .xlsx 文件，文件可能已损坏，请用 Excel 打开后另存再上传")
)

// readXLSX streams every worksheet. Each sheet is iterated twice in lockstep
// with excelize's Rows iterator: once for the stored values (exact numbers,
// date serials) and once, in a goroutine, for the displayed text (which
// tells dates apart). A panic inside excelize on a malformed file is turned
// into the "corrupt file" error; the row logic shared with CSV runs without
// this guard in FuzzReadCSV.
func (rd *reader) readXLSX(data []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errCorruptXLSX
		}
	}()
	unzipLimit := max(rd.limits.MaxBytes*20, 256<<20) // zip-bomb guard
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		// Built-in short dates display as ISO; the explicit locale spares
		// excelize a slow locale lookup per cell (8.5 s → 5.8 s per 100k).
		ShortDatePattern:  "[$-409]yyyy-mm-dd",
		UnzipSizeLimit:    unzipLimit,
		UnzipXMLSizeLimit: min(unzipLimit, 64<<20),
	})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || errors.Is(err, excelize.ErrWorkbookPassword) {
			return errors.New("文件已加密或格式不受支持，请另存为不带密码的 .xlsx 后上传")
		}
		if strings.Contains(err.Error(), "unzip size") {
			return fmt.Errorf("%w（解压后内容过大）", ErrTooLarge)
		}
		return errCorruptXLSX
	}
	defer f.Close()
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		rd.date1904 = *props.Date1904
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return errors.New("文件不是有效的 .xlsx 文件（没有工作表）")
	}
	for _, name := range sheets {
		if name == InstructionsSheet {
			continue
		}
		if err := rd.readSheet(f, name); err != nil {
			return err
		}
	}
	return nil
}

func (rd *reader) readSheet(f *excelize.File, name string) error {
	rawIt, err := f.Rows(name)
	if err != nil {
		return nil // e.g. a chart sheet: nothing to read
	}
	defer rawIt.Close()
	shownIt, err := f.Rows(name)
	if err != nil {
		return nil
	}
	shown, stop := displayedRows(shownIt)
	defer stop()
	s := rd.newSheet(name)
	var batch [][]string
	for num := 1; rawIt.Next() && s.state != 2; num++ {
		raw, err := rawIt.Columns(rawOpts)
		if err != nil {
			return fmt.Errorf("工作表「%s」第 %d 行无法读取，文件可能已损坏", name, num)
		}
		if len(batch) == 0 {
			batch = <-shown // nil once the displayed-text iterator is done
		}
		var disp []string
		if len(batch) > 0 {
			disp, batch = batch[0], batch[1:]
		}
		if disp == nil {
			disp = raw // displayed text unavailable: fall back to stored values
		}
		if len(raw) == 0 && len(disp) == 0 {
			continue
		}
		if err := s.add(record{num: num, shown: disp, raw: raw}); err != nil {
			return err
		}
	}
	if rawIt.Error() != nil {
		return fmt.Errorf("工作表「%s」无法读取：行数超出 Excel 上限或文件已损坏", name)
	}
	return s.finish()
}

// displayedRows iterates the displayed text of a sheet in a goroutine, in
// batches, so that formatting runs in parallel with the raw pass. stop ends
// the goroutine and closes the iterator.
func displayedRows(it *excelize.Rows) (<-chan [][]string, func()) {
	const batchSize = 512
	out, done := make(chan [][]string, 4), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(out)
		defer func() { _ = recover() }() // a malformed file must not crash the process
		batch := make([][]string, 0, batchSize)
		for it.Next() {
			cells, err := it.Columns()
			if err != nil {
				cells = nil
			} else if cells == nil {
				cells = []string{}
			}
			if batch = append(batch, cells); len(batch) == batchSize {
				select {
				case out <- batch:
				case <-done:
					return
				}
				batch = make([][]string, 0, batchSize)
			}
		}
		select {
		case out <- batch:
		case <-done:
		}
	}()
	return out, func() {
		close(done)
		wg.Wait()
		it.Close()
	}
}

var reDateShown = regexp.MustCompile(`\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{4}[-/]\d{1,2}|[年月日]|(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)`)

// resolveXLSX decides the value of an xlsx cell from its stored value (raw)
// and its displayed text (shown): date-formatted numbers become
// "YYYY-MM-DD", other numbers become plain digits (see canonicalNumber),
// numbers shown with leading zeros keep them, and times, booleans and text
// keep their displayed text.
func resolveXLSX(shown, raw string, date1904 bool) string {
	if raw == shown || raw == "" {
		return shown
	}
	num, ok := canonicalNumber(raw)
	if !ok {
		return shown
	}
	switch {
	case shown == "TRUE" || shown == "FALSE":
		return shown
	case reDateShown.MatchString(shown):
		if f, err := strconv.ParseFloat(raw, 64); err == nil {
			if t, err := serialDate(raw, f, date1904); err == nil {
				return t.Format(DateLayout)
			}
		}
	case strings.Contains(shown, ":"):
		return shown // a time of day
	case isDigits(shown) && len(shown) > len(num) && strings.TrimLeft(shown, "0") == strings.TrimLeft(num, "0"):
		return shown // number format with leading zeros, e.g. "000123"
	}
	return num
}
