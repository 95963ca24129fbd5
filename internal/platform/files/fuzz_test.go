package files_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"dangjian/internal/platform/files"
)

// FuzzSniff: whatever the bytes and the name, Sniff never panics, and what
// it accepts is served as one of the allow-listed types — never HTML, a
// script or a program — matching the extension, with the content really of
// that kind. The display name is always safe.
func FuzzSniff(f *testing.F) {
	for _, seed := range []struct {
		name string
		data []byte
	}{
		{"a.pdf", pdf}, {"a.png", png}, {"a.jpg", jpg}, {"a.doc", ole}, {"a.txt", text},
		{"a.docx", zipOf(f, "[Content_Types].xml", "word/document.xml")},
		{"a.xlsx", zipOf(f, "[Content_Types].xml", "xl/workbook.xml")},
		{"a.txt", []byte("<html><script>alert(1)</script>")},
		{"a.pdf", exe}, {"a.svg", []byte("<svg/>")}, {"", nil}, {"a\\b/c.PDF", pdf},
	} {
		f.Add(seed.name, seed.data)
	}
	allowed := files.AllowedTypes()
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		display := files.DisplayName(name)
		if strings.ContainsAny(display, "/\\\x00") || !utf8.ValidString(display) || utf8.RuneCountInString(display) > 120 {
			t.Fatalf("DisplayName(%q) = %q", name, display)
		}
		ct, err := files.Sniff(display, data)
		if err != nil {
			if ct != "" {
				t.Fatalf("refused with a type %q", ct)
			}
			return
		}
		if !slices.Contains(allowed, ct) && !strings.HasPrefix(ct, "text/plain;") {
			t.Fatalf("accepted %q as %q, not an allowed type", display, ct)
		}
		lower := strings.ToLower(ct)
		for _, bad := range []string{"html", "javascript", "xml", "svg", "x-msdownload", "octet-stream"} {
			if strings.Contains(lower, bad) && !strings.Contains(lower, "openxmlformats") {
				t.Fatalf("accepted %q as %q", display, ct)
			}
		}
		ext := strings.ToLower(display[strings.LastIndexByte(display, '.'):])
		switch {
		case ext == ".pdf" && !strings.HasPrefix(string(data), "%PDF-"):
			t.Fatalf("accepted a PDF without its signature: %q", data)
		case ext == ".png" && !strings.HasPrefix(string(data), "\x89PNG"):
			t.Fatalf("accepted a PNG without its signature: %q", data)
		case (ext == ".jpg" || ext == ".jpeg") && !strings.HasPrefix(string(data), "\xff\xd8\xff"):
			t.Fatalf("accepted a JPEG without its signature: %q", data)
		case strings.HasSuffix(ext, "x") && !strings.HasPrefix(string(data), "PK"):
			t.Fatalf("accepted an Office Open XML file that is not a ZIP: %q", data)
		case ext == ".txt" && strings.HasPrefix(strings.ToLower(strings.TrimSpace(string(data))), "<html"):
			t.Fatalf("accepted HTML as text: %q", data)
		}
	})
}
