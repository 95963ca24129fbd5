package tabular

import (
	"archive/zip"
	"bytes"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestReadXLSXHeaderBelowTitleReorderedAliasesExtras(t *testing.T) {
	data := book(t, sheetFill{"花名册", rowsFill(1,
		[]string{"XX 支部党员花名册（2024 年）"},
		nil,
		[]string{"备注", " 公民身份号码 * ", "党员 姓名", "所在党组织（必填）", "联系电话", "无关列"},
		[]string{"", "11010519900101123X", "张三", "第一支部", "13800138000", "x"},
		nil,
		[]string{"", "", "", "", "", "只有无关列有内容"},
		[]string{"好", "  11010519900101124８ ", "ＬＩ　Ｓｉ\u200b", "第二\u00a0支部", "", ""},
	)})
	rows, probs := readBytes(t, data, "members.xlsx", memberCols, Limits{})
	if len(probs) != 0 {
		t.Fatalf("problems: %+v", probs)
	}
	want := []Row{
		{Sheet: "花名册", Number: 4,
			Values: map[string]string{"id_number": "11010519900101123X", "name": "张三", "org": "第一支部", "phone": "13800138000"}},
		{Sheet: "花名册", Number: 7,
			Values: map[string]string{"id_number": "110105199001011248", "name": "LI Si", "org": "第二支部", "phone": ""}},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows: %+v", len(rows), rows)
	}
	for i := range want {
		if rows[i].Sheet != want[i].Sheet || rows[i].Number != want[i].Number || !reflect.DeepEqual(rows[i].Values, want[i].Values) {
			t.Errorf("row %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
	if got := rows[1].Raw["name"]; got != "ＬＩ　Ｓｉ\u200b" {
		t.Errorf("Raw keeps the original text, got %q", got)
	}
	if _, ok := rows[0].Values["gender"]; ok {
		t.Error("absent column must have no entry in Values")
	}
}

func TestReadXLSXSeveralSheets(t *testing.T) {
	header := []string{"姓名", "身份证号", "性别"}
	data := book(t,
		sheetFill{"说明", rowsFill(1, []string{"请按下列要求填写："}, []string{"姓名"}, []string{"身份证号须为18位"})},
		sheetFill{"一支部", rowsFill(1, header, []string{"甲", "110105199001011234", "男"})},
		sheetFill{InstructionsSheet, rowsFill(1, header, []string{"示例", "1", "男"})},
		sheetFill{"二支部", rowsFill(2, header, nil, []string{"乙", "110105199001011235", "女"}, []string{"丙", "", ""})},
		sheetFill{"三支部", rowsFill(1, []string{"姓名", "性别"}, []string{"丁", "男"})},
	)
	rows, probs := readBytes(t, data, "x.xlsx", memberCols, Limits{})
	var got []string
	for _, r := range rows {
		got = append(got, r.Sheet+":"+itoa(r.Number)+":"+r.Values["name"])
	}
	if want := []string{"一支部:2:甲", "二支部:4:乙", "二支部:5:丙"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
	if len(probs) != 1 || probs[0].Sheet != "三支部" || probs[0].Row != 1 || probs[0].Column != "身份证号" ||
		!strings.Contains(probs[0].Message, "缺少必填列「身份证号」") {
		t.Errorf("problems = %+v", probs)
	}
}

func TestReadXLSXNumbersAndDates(t *testing.T) {
	var f1904 bool
	fill := func(f *excelize.File, sh string) {
		must(t, f.SetSheetRow(sh, "A1", &[]string{"姓名", "身份证号", "出生日期", "入党日期", "手机号"}))
		iso := numFmtStyle(t, f, 14, "")
		cn := numFmtStyle(t, f, 0, "yyyy年m月d日")
		slash := numFmtStyle(t, f, 0, "yyyy/m/d;@")
		zeros := numFmtStyle(t, f, 0, "00000000000")
		tm := numFmtStyle(t, f, 0, "h:mm")
		cases := []struct {
			id, birth, joined, phone string
			phoneStyle, birthStyle   int
		}{
			{"110105199001011234", "32874", "2023/1/1", "13800138000", 0, iso},
			{"1.10105199001011E+17", "32874.5", "2023.1.2", "1.3800138E+10", 0, cn},
			{"110105900101123", "44927", "44927", "138001380", 0, slash},
			{"110105199001011234", "0.5", "20230103", "123", zeros, tm},
		}
		for i, c := range cases {
			r := i + 2
			must(t, f.SetCellStr(sh, cellName(1, r), "人"+itoa(r)))
			must(t, f.SetCellDefault(sh, cellName(2, r), c.id))
			must(t, f.SetCellDefault(sh, cellName(3, r), c.birth))
			must(t, f.SetCellStr(sh, cellName(4, r), c.joined))
			must(t, f.SetCellDefault(sh, cellName(5, r), c.phone))
			must(t, f.SetCellStyle(sh, cellName(3, r), cellName(3, r), c.birthStyle))
			if c.phoneStyle != 0 {
				must(t, f.SetCellStyle(sh, cellName(5, r), cellName(5, r), c.phoneStyle))
			}
		}
		if f1904 {
			must(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &f1904}))
		}
	}
	rows, _ := readBytes(t, book(t, sheetFill{"S", fill}), "a.xlsx", memberCols, Limits{})
	want := [][4]string{ // id, birth, joined, phone
		{"110105199001011234", "1990-01-01", "2023/1/1", "13800138000"},
		{"1.10105199001011E+17", "1990-01-01", "2023.1.2", "13800138000"},
		{"110105900101123", "2023-01-01", "44927", "138001380"},
		{"110105199001011234", "12:00", "20230103", "00000000123"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows: %+v", rows)
	}
	for i, w := range want {
		v := rows[i].Values
		if got := [4]string{v["id_number"], v["birth"], v["joined"], v["phone"]}; got != w {
			t.Errorf("row %d = %q, want %q", i+2, got, w)
		}
	}
	if !LostPrecision(rows[1].Values["id_number"]) || LostPrecision(rows[0].Values["id_number"]) {
		t.Error("LostPrecision misjudges ID numbers")
	}
	f1904 = true // same serials in the 1904 date system are 1462 days later
	rows, _ = readBytes(t, book(t, sheetFill{"S", fill}), "a.xlsx", memberCols, Limits{})
	if got := rows[0].Values["birth"]; got != "1994-01-02" {
		t.Errorf("1904 system birth = %q", got)
	}
}

func TestReadCSV(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("姓名,身份证号,性别\r\n张三,110105199001011234,男\r\n")
	must(t, err)
	tests := []struct {
		name, file, data string
		want             []string // "number:name:id"
	}{
		{"utf8 bom", "a.csv", "\ufeff姓名,身份证号\n张三,110105199001011234\n", []string{"2:张三:110105199001011234"}},
		{"utf8 no bom, header on row 2", "a.csv", "花名册\n名字,公民身份号码,x\n张三,110105199001011234,\n", []string{"3:张三:110105199001011234"}},
		{"gbk", "a.csv", gbk, []string{"2:张三:110105199001011234"}},
		{"tab separated, no extension", "upload", "姓名\t身份证号\n李四\t110105199001011234\n", []string{"2:李四:110105199001011234"}},
		{"blank lines and quoted newline", "a.txt", "姓名,身份证号\n\n\"王\n五\",1\n,\n赵六,2\n", []string{"3:王 五:1", "5:赵六:2"}},
		{"full-width", "a.csv", "姓名,身份证号\n　张三　,１１０１０５１９９００１０１１２３Ｘ\n", []string{"2:张三:11010519900101123X"}},
		{"utf16", "a.csv", "\xff\xfe" + utf16le("姓名,身份证号\n张三,1\n"), []string{"2:张三:1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows, probs := readBytes(t, []byte(tc.data), tc.file, memberCols, Limits{})
			if len(probs) != 0 {
				t.Fatalf("problems: %+v", probs)
			}
			var got []string
			for _, r := range rows {
				got = append(got, itoa(r.Number)+":"+r.Values["name"]+":"+r.Values["id_number"])
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadProblemsAndErrors(t *testing.T) {
	okCSV := "姓名,身份证号\n" + strings.Repeat("张三,1\n", 10)
	rows, probs, err := Read(strings.NewReader("姓名,性别\n张三,男\n"), "a.csv", memberCols, Limits{})
	if err != nil || len(rows) != 0 || len(probs) != 1 || probs[0].Row != 1 || probs[0].Column != "身份证号" {
		t.Errorf("missing required column: %v %+v %v", rows, probs, err)
	}
	_, probs, err = Read(strings.NewReader("a,b\n1,2\n"), "a.csv", memberCols, Limits{})
	if err != nil || len(probs) != 1 || !strings.Contains(probs[0].Message, "未找到表头") {
		t.Errorf("no header: %+v %v", probs, err)
	}
	errCases := []struct {
		name, file string
		data       []byte
		limits     Limits
		is         error
	}{
		{"too many rows", "a.csv", []byte(okCSV), Limits{MaxRows: 9}, ErrTooManyRows},
		{"too big", "a.csv", []byte(okCSV), Limits{MaxBytes: 20}, ErrTooLarge},
		{"png", "a.png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), Limits{}, ErrFormat},
		{"binary csv", "a.csv", []byte("a\x00b"), Limits{}, ErrFormat},
		{"pdf", "a.pdf", []byte("%PDF-1.4"), Limits{}, ErrFormat},
		{"not a zip named xlsx", "a.xlsx", []byte("hello"), Limits{}, nil},
		{"corrupt zip", "a.xlsx", []byte("PK\x03\x04garbage"), Limits{}, nil},
		{"zip without workbook", "a.xlsx", zipOf(t, "word/document.xml", "<w/>"), Limits{}, nil},
		{"old xls", "a.xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), Limits{}, nil},
	}
	for _, tc := range errCases {
		rows, _, err := Read(bytes.NewReader(tc.data), tc.file, memberCols, tc.limits)
		if err == nil || rows != nil || (tc.is != nil && !errors.Is(err, tc.is)) {
			t.Errorf("%s: rows=%d err=%v", tc.name, len(rows), err)
		} else if !strings.ContainsFunc(err.Error(), func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("%s: error not in Chinese: %v", tc.name, err)
		}
	}
	_, _, err = Read(strings.NewReader(okCSV), "a.csv", memberCols, Limits{MaxRows: 10})
	if err != nil {
		t.Errorf("exactly MaxRows rows must pass: %v", err)
	}
	many := book(t, sheetFill{"S", rowsFill(1, []string{"姓名", "身份证号"}, []string{"a", "1"}, []string{"b", "2"}, []string{"c", "3"})})
	if _, _, err := Read(bytes.NewReader(many), "a.xlsx", memberCols, Limits{MaxRows: 2}); !errors.Is(err, ErrTooManyRows) {
		t.Errorf("xlsx too many rows: %v", err)
	}
}

func utf16le(s string) string {
	var b []byte
	for _, r := range s { // BMP only
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestReadXLSXSparseRowsFromHandWrittenXML(t *testing.T) {
	// Hand-written sheet XML as other tools produce it: inline strings, no
	// shared strings, a row at Excel's last row and a cell in its last column.
	base := book(t, sheetFill{"S", rowsFill(1, []string{"x"})})
	x := `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>姓名</t></is></c><c r="B2" t="inlineStr"><is><t>身份证号</t></is></c></row>` +
		`<row r="3"><c r="A3" t="inlineStr"><is><t>甲</t></is></c><c r="B3"><v>110105199001011234</v></c></row>` +
		`<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>乙</t></is></c><c r="XFD1048576"><v>1E+300</v></c></row>` +
		`</sheetData></worksheet>`
	rows, probs := readBytes(t, withZipEntry(t, base, sheet1, []byte(x)), "a.xlsx", memberCols, Limits{})
	if len(probs) != 0 || len(rows) != 2 || rows[0].Number != 3 || rows[0].Values["id_number"] != "110105199001011234" ||
		rows[1].Number != 1048576 || rows[1].Values["name"] != "乙" {
		t.Errorf("rows = %+v, problems = %+v", rows, probs)
	}
}

func zipOf(t *testing.T, name, content string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	must(t, err)
	_, err = w.Write([]byte(content))
	must(t, err)
	must(t, zw.Close())
	return buf.Bytes()
}
