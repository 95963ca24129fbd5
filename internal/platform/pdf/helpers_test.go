package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"testing"
)

// build renders a document or fails the test.
func build(t *testing.T, d *Document) []byte {
	t.Helper()
	b, err := d.Bytes()
	if err != nil {
		t.Fatalf("Bytes: %v", err)
	}
	return b
}

var (
	startxrefRE = regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n?$`)
	xrefHeadRE  = regexp.MustCompile(`^xref\n0 (\d+)\n`)
	sizeRE      = regexp.MustCompile(`trailer\n<<[^>]*/Size (\d+)`)
	streamRE    = regexp.MustCompile(`(?s)/Length (\d+) /Filter /FlateDecode[^>]*>>\nstream\n`)
)

// checkStructure parses the file like a reader would: from startxref to the
// xref table, then every offset must land on its "N 0 obj" header.
func checkStructure(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-1.4\n")) {
		t.Fatalf("missing %%PDF-1.4 header: %q", b[:min(len(b), 20)])
	}
	if !bytes.HasSuffix(bytes.TrimRight(b, "\r\n"), []byte("%%EOF")) {
		t.Fatalf("file does not end with %%%%EOF")
	}
	m := startxrefRE.FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref")
	}
	start, _ := strconv.Atoi(string(m[1]))
	if start >= len(b) {
		t.Fatalf("startxref %d beyond file length %d", start, len(b))
	}
	xref := b[start:]
	h := xrefHeadRE.FindSubmatch(xref)
	if h == nil {
		t.Fatalf("startxref %d does not point at an xref table: %q", start, xref[:min(len(xref), 20)])
	}
	count, _ := strconv.Atoi(string(h[1]))
	entries := xref[len(h[0]):]
	for i := 0; i < count; i++ {
		e := entries[i*20 : i*20+20]
		if len(e) != 20 || e[18] != ' ' || e[19] != '\n' {
			t.Fatalf("xref entry %d is not 20 bytes: %q", i, e)
		}
		if i == 0 {
			continue
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || e[17] != 'n' {
			t.Fatalf("bad xref entry %d: %q", i, e)
		}
		want := strconv.Itoa(i) + " 0 obj\n"
		if !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Fatalf("xref entry %d points at %q, want %q", i, b[off:min(len(b), off+12)], want)
		}
	}
	s := sizeRE.FindSubmatch(b)
	if s == nil || string(s[1]) != strconv.Itoa(count) {
		t.Fatalf("trailer /Size %q, xref has %d entries", s, count)
	}
	trailer := b[bytes.LastIndex(b, []byte("trailer")):]
	for _, key := range []string{"/Root 1 0 R", "/Info 7 0 R"} {
		if !bytes.Contains(trailer, []byte(key)) {
			t.Errorf("trailer lacks %s", key)
		}
	}
}

// streams returns every Flate stream of the file, decompressed, checking
// that each /Length is exact.
func streams(t *testing.T, b []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for _, loc := range streamRE.FindAllSubmatchIndex(b, -1) {
		n, _ := strconv.Atoi(string(b[loc[2]:loc[3]]))
		data := b[loc[1] : loc[1]+n]
		if !bytes.HasPrefix(b[loc[1]+n:], []byte("\nendstream")) {
			t.Fatalf("/Length %d does not end at endstream", n)
		}
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("stream not zlib: %v", err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("inflate: %v", err)
		}
		out = append(out, plain)
	}
	if len(out) == 0 {
		t.Fatal("no streams found")
	}
	return out
}

// content joins the decompressed streams that draw something (skipping the
// ToUnicode CMap).
func content(t *testing.T, b []byte) string {
	t.Helper()
	var all []byte
	for _, s := range streams(t, b) {
		if !bytes.Contains(s, []byte("begincmap")) {
			all = append(all, s...)
		}
	}
	return string(all)
}
