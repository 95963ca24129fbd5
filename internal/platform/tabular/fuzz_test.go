package tabular

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

var fuzzLimits = Limits{MaxRows: 2000, MaxBytes: 1 << 20}

func checkRead(t *testing.T, data []byte, name string) {
	rows, probs, err := Read(bytes.NewReader(data), name, memberCols, fuzzLimits)
	if err != nil {
		if rows != nil || probs != nil {
			t.Fatalf("error %v with results", err)
		}
		return
	}
	for _, r := range rows {
		if r.Number < 1 {
			t.Fatalf("row number %d < 1", r.Number)
		}
		if !r.hasValue() {
			t.Fatalf("blank row %d returned", r.Number)
		}
	}
	for _, p := range probs {
		if p.Row < 0 || p.Message == "" {
			t.Fatalf("bad problem %+v", p)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"姓名,身份证号\n张三,110105199001011234\n",
		"\ufeff标题\n\n名字,公民身份号码,性别\n\"李\n四\",1,男\n,,\n",
		"姓名\t身份证号\n王五\t2\n",
		"a,\"b\nc\",\"\"\"\n",
		"\xd0\xd5\xc3\xfb,\xc9\xed\xb7\xdd\xd6\xa4\xba\xc5\r\n\xd5\xc5\xc8\xfd,1\r\n", // GBK
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data, "upload.csv") })
}

// FuzzReadXLSX reads fuzzed .xlsx files. Inputs starting with "PK" are
// whole files; any other input is used as the XML of the first worksheet of
// a valid workbook (with shared strings and a date style), so that the
// fuzzer also reaches the sheet parsing behind the zip checksums.
func FuzzReadXLSX(f *testing.F) {
	base := book(f, sheetFill{"数据", func(x *excelize.File, sh string) {
		rowsFill(3, []string{"*姓名", "身份证号（必填）", "出生日期", "手机号"}, []string{"李四"})(x, sh)
		must(f, x.SetCellDefault(sh, "B4", "1.10105199001011E+17"))
		must(f, x.SetCellDefault(sh, "C4", "44927"))
		must(f, x.SetCellStyle(sh, "C4", "C4", numFmtStyle(f, x, 14, "")))
		must(f, x.SetCellStyle(sh, "D4", "D4", numFmtStyle(f, x, 0, "yyyy年m月d日")))
		must(f, x.SetCellInt(sh, "D4", 13800138000))
	}}, sheetFill{"说明", rowsFill(1, []string{"说明"})})
	tmpl, err := Template(memberCols, "", map[string]string{"name": "x"}, nil)
	must(f, err)
	f.Add(base)
	f.Add(tmpl)
	f.Add(book(f, sheetFill{"S", rowsFill(1, []string{"姓名", "身份证号"}, []string{"张三", "1"})}))
	f.Add(zipEntry(f, base, sheet1))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("PK")) {
			data = withZipEntry(t, base, sheet1, data)
		}
		checkRead(t, data, "upload.xlsx")
	})
}

const sheet1 = "xl/worksheets/sheet1.xml"

// zipEntry returns the content of one file in a zip archive.
func zipEntry(t testing.TB, archive []byte, name string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	must(t, err)
	rc, err := zr.Open(name)
	must(t, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	must(t, err)
	return b
}

// withZipEntry returns a copy of archive with file name replaced by content.
func withZipEntry(t testing.TB, archive []byte, name string, content []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	must(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		w, err := zw.Create(zf.Name)
		must(t, err)
		if zf.Name == name {
			_, err = w.Write(content)
		} else {
			var rc io.ReadCloser
			if rc, err = zf.Open(); err == nil {
				_, err = io.Copy(w, rc)
				rc.Close()
			}
		}
		must(t, err)
	}
	must(t, zw.Close())
	return buf.Bytes()
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"44927", "60", "2023-01-02", "2023/1/2", "2023.1.2", "2023年1月2日",
		"20230102", "2023-1-2 15:04:05", "2023-01-02T15:04:05Z", "2023-01", "", "1e5", "９９９９９"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err == nil && (d.Year() < MinYear || d.Year() > MaxYear) {
			t.Fatalf("ParseDate(%q) = %v outside %d–%d", s, d, MinYear, MaxYear)
		}
		if err == nil && (d.Hour() != 0 || d.Minute() != 0) {
			t.Fatalf("ParseDate(%q) = %v keeps a time", s, d)
		}
	})
}
