package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// readCSV reads a CSV file in UTF-8 (with or without BOM), UTF-16 with BOM
// or GB18030/GBK (what Excel writes on Chinese Windows). The delimiter is a
// comma, or a tab when the first line has more tabs than commas.
func (rd *reader) readCSV(data []byte) error {
	text, err := decodeText(data)
	if err != nil {
		return errors.New("无法识别 CSV 文件的编码，请另存为 UTF-8 编码的 CSV 后上传")
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	firstLine, _, _ := strings.Cut(text, "\n")
	if strings.Count(firstLine, "\t") > strings.Count(firstLine, ",") {
		cr.Comma = '\t'
	}
	s := rd.newSheet("")
	num, lastLine := 0, 0 // Excel row number, and last line of the previous record
	for s.state != 2 {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := num + 1
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return fmt.Errorf("CSV 文件第 %d 行格式错误，请检查引号是否成对", line)
		}
		// encoding/csv skips empty lines; Excel shows them as empty rows.
		start, _ := cr.FieldPos(0)
		num += 1 + max(0, start-lastLine-1)
		last, _ := cr.FieldPos(len(fields) - 1)
		lastLine = last + strings.Count(fields[len(fields)-1], "\n")
		if err := s.add(record{num: num, shown: fields}); err != nil {
			return err
		}
	}
	return s.finish()
}

// decodeText converts CSV bytes to a UTF-8 string.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		return string(b), err
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	return string(b), err
}

// looksLikeText reports whether data could be a CSV file: no NUL bytes in
// the first 8 KiB (UTF-16 text is recognized by its BOM).
func looksLikeText(data []byte) bool {
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return true
	}
	return bytes.IndexByte(data[:min(len(data), 8192)], 0) < 0
}
