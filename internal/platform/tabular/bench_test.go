package tabular

import (
	"bytes"
	"strconv"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

var (
	bigOnce sync.Once
	bigXLSX []byte
)

// bigBook generates a realistic 100,000-row member sheet with the
// StreamWriter: text, numeric phone numbers and date-formatted birth dates.
func bigBook(b *testing.B, n int) []byte {
	bigOnce.Do(func() {
		f := excelize.NewFile()
		defer f.Close()
		sw, err := f.NewStreamWriter("Sheet1")
		must(b, err)
		date := numFmtStyle(b, f, 14, "")
		must(b, sw.SetRow("A1", []any{"姓名", "性别", "身份证号", "出生日期", "手机号", "入党日期", "所在党组织", "学历", "备注"}))
		row := make([]any, 9)
		for i := 1; i <= n; i++ {
			row[0] = "党员" + strconv.Itoa(i)
			row[1] = "男"
			row[2] = "110105" + strconv.Itoa(19000101000000+i)
			row[3] = excelize.Cell{StyleID: date, Value: 25000 + i%20000}
			row[4] = 13800000000 + i
			row[5] = "2015-07-01"
			row[6] = "第" + strconv.Itoa(i%50) + "党支部"
			row[7] = "大学本科"
			row[8] = ""
			must(b, sw.SetRow(cellName(1, i+1), row))
		}
		must(b, sw.Flush())
		buf, err := f.WriteToBuffer()
		must(b, err)
		bigXLSX = buf.Bytes()
	})
	return bigXLSX
}

func BenchmarkReadXLSX100k(b *testing.B) {
	const n = 100_000
	data := bigBook(b, n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rows, probs, err := Read(bytes.NewReader(data), "big.xlsx", memberCols, Limits{})
		if err != nil || len(probs) != 0 || len(rows) != n {
			b.Fatalf("rows=%d problems=%v err=%v", len(rows), probs, err)
		}
		if rows[0].Values["birth"] == "" || rows[0].Values["phone"] != "13800000001" {
			b.Fatalf("unexpected row %+v", rows[0])
		}
	}
}
