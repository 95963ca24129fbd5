package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const receiptLine = "党费收据 No.2026-000001 ¥48.00"

// receiptHex is receiptLine in UTF-16BE, spelled out by hand from the code
// points (党 515A, 费 8D39, 收 6536, 据 636E, ¥ 00A5).
const receiptHex = "<515A8D396536636E0020004E006F002E0032003000320036002D" +
	"003000300030003000300031002000A500340038002E00300030>"

func sample() *Document {
	d := New("党费收据")
	p := d.AddPage()
	p.TextCenter(PageWidth/2, 80, 18, receiptLine)
	p.Rect(50, 100, 495, 200, 1)
	p.Table(Table{X: 60, Y: 120, Widths: []float64{200, 150, 125}, Size: 12, Align: []byte{'l', 'c', 'r'}},
		[][]string{{"姓名", "月份", "金额(元)"}, {"张三", "2026年1月", "48.00"}})
	d.AddPage().Text(50, 50, 12, "第二页")
	return d
}

func TestStructure(t *testing.T) {
	b := build(t, sample())
	checkStructure(t, b)
	for _, want := range []string{
		"/Title <FEFF515A8D396536636E>", "/Producer (Dangjian)",
		"/Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H",
		"/Subtype /CIDFontType0 /BaseFont /STSong-Light",
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>",
		"/DW 1000 /W [1 95 500]", "/Type /FontDescriptor /FontName /STSong-Light",
		"/MediaBox [0 0 595 842]",
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("file lacks %q", want)
		}
	}
}

func TestChineseTextIsUTF16Hex(t *testing.T) {
	c := content(t, build(t, sample()))
	if !strings.Contains(c, receiptHex+" Tj") {
		t.Fatalf("content stream lacks %s:\n%s", receiptHex, c)
	}
}

func TestDelimitersCannotBreakStream(t *testing.T) {
	d := New(`)(\ title`)
	p := d.AddPage()
	p.Text(10, 10, 10, `)(\`)
	p.Text(10, 30, 10, "after")
	b := build(t, d)
	checkStructure(t, b)
	c := content(t, b)
	if !strings.Contains(c, "<00290028005C> Tj") || !strings.Contains(c, "<00610066007400650072> Tj") {
		t.Fatalf("delimiters not hex-encoded or later text lost:\n%s", c)
	}
	if !bytes.Contains(b, []byte("/Title <FEFF00290028005C")) {
		t.Error("title with delimiters not hex-encoded")
	}
}

func TestPageCount(t *testing.T) {
	d := New("多页")
	for i := 0; i < 3; i++ {
		d.AddPage().Text(50, 50, 12, "页")
	}
	b := build(t, d)
	checkStructure(t, b)
	if !bytes.Contains(b, []byte("/Count 3")) {
		t.Error("/Count is not 3")
	}
	if n := bytes.Count(b, []byte("/Type /Page ")); n != 3 {
		t.Errorf("%d page objects, want 3", n)
	}
	if n := len(streams(t, b)); n != 4 { // 3 pages + ToUnicode
		t.Errorf("%d streams, want 4", n)
	}
}

func TestNoPagesIsAnError(t *testing.T) {
	if _, err := New("空").Bytes(); err == nil {
		t.Fatal("empty document produced a file")
	}
}

func TestOutsideBMPAndControlChars(t *testing.T) {
	d := New("x")
	d.AddPage().Text(0, 0, 10, "𠀀a\n")
	if c := content(t, build(t, d)); !strings.Contains(c, "<003F00610020> Tj") {
		t.Fatalf("non-BMP/control characters not replaced:\n%s", c)
	}
}

func TestWidthAndAlignment(t *testing.T) {
	if w := Width("党a", 10); w != 15 {
		t.Fatalf("Width = %v, want 15", w)
	}
	d := New("x")
	p := d.AddPage()
	p.TextRight(100, 50, 10, "党a")
	p.TextCenter(100, 60, 10, "党a")
	c := content(t, build(t, d))
	// y is flipped: 842-50 = 792, 842-60 = 782.
	for _, want := range []string{"/F1 10 Tf 85 792 Td", "/F1 10 Tf 92.5 782 Td"} {
		if !strings.Contains(c, want) {
			t.Errorf("missing %q in:\n%s", want, c)
		}
	}
}

func TestTable(t *testing.T) {
	d := New("x")
	p := d.AddPage()
	below := p.Table(Table{X: 10, Y: 100, Widths: []float64{100, 50}, RowHeight: 20, Size: 10, Align: []byte{'l', 'r'}},
		[][]string{{"姓名", "48.00"}, {"一个非常非常非常长的名字"}})
	if below != 140 {
		t.Fatalf("Table returned %v, want 140", below)
	}
	c := content(t, build(t, d))
	if n := strings.Count(c, " l S"); n != 6 { // 3 horizontal + 3 vertical rules
		t.Errorf("%d grid lines, want 6", n)
	}
	// Right cell: 10+100+50-4 - Width("48.00",10)=25 → x 131; baseline
	// 100 + 10 + 0.38*10 = 113.8 from the top → 728.2.
	if !strings.Contains(c, "/F1 10 Tf 131 728.2 Td") {
		t.Errorf("right-aligned cell misplaced:\n%s", c)
	}
	// 12 CJK characters (120pt) do not fit 92pt of room: shrunk to 92/12.
	if !strings.Contains(c, "/F1 7.67 Tf 14 ") {
		t.Errorf("overlong cell not shrunk to fit:\n%s", c)
	}
}

func TestWriteToMatchesBytes(t *testing.T) {
	d := sample()
	var buf bytes.Buffer
	n, err := d.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) || !bytes.Equal(buf.Bytes(), build(t, d)) {
		t.Fatalf("WriteTo n=%d err=%v differs from Bytes", n, err)
	}
}

// TestPdftotext lets an independent reader (poppler) parse the file and
// extract the Chinese text back.
func TestPdftotext(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	path := filepath.Join(t.TempDir(), "sample.pdf")
	if err := os.WriteFile(path, build(t, sample()), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	for _, want := range []string{receiptLine, "张三", "2026年1月", "48.00", "第二页"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pdftotext output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "Syntax Error") {
		t.Errorf("poppler reported errors:\n%s", out)
	}
}
