// Package pdf writes small, printable PDF 1.4 documents in Chinese (dues
// receipts, introduction letters, member archives) without any dependency.
//
// No font is embedded: all text uses the standard Adobe CJK font STSong-Light
// through a Type0 font with the predefined UniGB-UCS2-H CMap, which every
// conforming viewer knows (substituting a local Song/Ming font if needed).
// This keeps files a few kilobytes in size. Coordinates are in points on an A4
// portrait page and measured from the TOP-left corner, like on screen.
package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
)

// A4 portrait size in points.
const (
	PageWidth  = 595.0
	PageHeight = 842.0
)

// Fixed object numbers; page objects follow from firstPageObj on, two per
// page (the page dictionary, then its content stream).
const (
	objCatalog = 1 + iota
	objPages
	objFont
	objCIDFont
	objFontDescriptor
	objToUnicode
	objInfo
	firstPageObj
)

// Document is a PDF under construction. It is not safe for concurrent use.
type Document struct {
	title string
	pages []*Page
}

// New starts an empty A4 portrait document whose Info dictionary carries title.
func New(title string) *Document {
	return &Document{title: title}
}

// AddPage appends a blank page and returns it for drawing.
func (d *Document) AddPage() *Page {
	p := &Page{}
	d.pages = append(d.pages, p)
	return p
}

// WriteTo writes the finished file to w.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	b, err := d.Bytes()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

// Bytes returns the finished file, with an exact cross-reference table.
func (d *Document) Bytes() ([]byte, error) {
	if len(d.pages) == 0 {
		return nil, errors.New("PDF 文档没有任何页面")
	}
	w := &objWriter{offsets: make([]int, firstPageObj+2*len(d.pages))}
	// The binary comment line tells transfer tools the file is not plain text.
	w.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

	w.object(objCatalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", objPages))
	kids := new(bytes.Buffer)
	for i := range d.pages {
		fmt.Fprintf(kids, "%d 0 R ", firstPageObj+2*i)
	}
	w.object(objPages, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 %s %s] >>",
		bytes.TrimSpace(kids.Bytes()), len(d.pages), num(PageWidth), num(PageHeight)))
	if err := writeFont(w); err != nil {
		return nil, err
	}
	w.object(objInfo, fmt.Sprintf("<< /Title %s /Producer (Dangjian) >>", textString(d.title)))

	for i, p := range d.pages {
		page, content := firstPageObj+2*i, firstPageObj+2*i+1
		w.object(page, fmt.Sprintf(
			"<< /Type /Page /Parent %d 0 R /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>",
			objPages, objFont, content))
		if err := w.stream(content, "", p.content.Bytes()); err != nil {
			return nil, err
		}
	}
	w.trailer()
	return w.buf.Bytes(), nil
}

// objWriter appends numbered objects and remembers where each one starts.
type objWriter struct {
	buf     bytes.Buffer
	offsets []int // by object number; index 0 is the free-list head
}

func (w *objWriter) object(n int, body string) {
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

// stream writes a Flate-compressed stream object; extra holds additional
// dictionary entries.
func (w *objWriter) stream(n int, extra string, data []byte) error {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	if _, err := zw.Write(data); err != nil {
		return fmt.Errorf("压缩 PDF 内容失败: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("压缩 PDF 内容失败: %w", err)
	}
	w.offsets[n] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n<< /Length %d /Filter /FlateDecode%s >>\nstream\n", n, z.Len(), extra)
	w.buf.Write(z.Bytes())
	w.buf.WriteString("\nendstream\nendobj\n")
	return nil
}

// trailer writes the xref table (every entry exactly 20 bytes, as the format
// demands) and the trailer pointing at it.
func (w *objWriter) trailer() {
	start := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets))
	for _, off := range w.offsets[1:] {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n",
		len(w.offsets), objCatalog, objInfo, start)
}
