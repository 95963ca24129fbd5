package files_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/jobs"
)

var steps = append(append(append([]db.Migration{}, audit.Migrations...), jobs.Migrations...), files.Migrations...)

var t0 = time.Date(2025, 3, 3, 1, 0, 0, 0, time.UTC)

var (
	pdf  = []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
	png  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	jpg  = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")
	ole  = append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	text = []byte("会议纪要\n第一项：学习党章。\n")
	exe  = []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00\x00\x00\x00\x00\x00\x00@\x00")
)

func zipOf(t testing.TB, names ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	zw.Close()
	return buf.Bytes()
}

func TestSniff(t *testing.T) {
	docx := zipOf(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml")
	xlsx := zipOf(t, "[Content_Types].xml", "xl/workbook.xml")
	for _, tc := range []struct {
		name string
		data []byte
		want string // "" = refused
	}{
		{"a.pdf", pdf, "application/pdf"},
		{"A.PDF", pdf, "application/pdf"},
		{"a.png", png, "image/png"},
		{"a.jpg", jpg, "image/jpeg"},
		{"a.jpeg", jpg, "image/jpeg"},
		{"a.txt", text, "text/plain; charset=utf-8"},
		{"a.doc", ole, "application/msword"},
		{"a.xls", ole, "application/vnd.ms-excel"},
		{"a.ppt", ole, "application/vnd.ms-powerpoint"},
		{"a.docx", docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"a.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"a.pptx", docx, ""},                            // a Word package named as PowerPoint
		{"a.docx", zipOf(t, "word/document.xml"), ""},   // no content types: not OOXML
		{"a.docx", zipOf(t, "[Content_Types].xml"), ""}, // no main part
		{"a.zip", docx, ""},
		{"a.pdf", exe, ""},
		{"a.exe", exe, ""},
		{"a.txt", []byte("<!DOCTYPE html><html><script>alert(1)</script>"), ""},
		{"a.txt", []byte(" <script>alert(1)</script>"), ""},
		{"a.txt", append([]byte("text"), 0, 1, 2), ""},
		{"a.png", jpg, ""},
		{"a.jpg", pdf, ""},
		{"a.doc", pdf, ""},
		{"a.svg", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), ""},
		{"a.html", []byte("<p>hi</p>"), ""},
		{"pdf", pdf, ""},
		{"a.pdf.exe", pdf, ""},
	} {
		got, err := files.Sniff(tc.name, tc.data)
		if tc.want == "" {
			if err == nil {
				t.Errorf("%s accepted as %s", tc.name, got)
			} else if !strings.Contains(err.Error(), "不支持的文件类型") {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestDisplayName(t *testing.T) {
	long := strings.Repeat("长", 200) + ".pdf"
	for in, want := range map[string]string{
		`C:\Users\张三\学习.pdf`:   "学习.pdf",
		"../../etc/passwd.txt": "passwd.txt",
		"a\x00b\u202ec.pdf":    "abc.pdf",
		"  通知.docx  ":          "通知.docx",
		long:                   strings.Repeat("长", 116) + ".pdf",
	} {
		if got := files.DisplayName(in); got != want {
			t.Errorf("DisplayName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStoreLifecycle(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		s := files.New(d, clk, jobs.NewRunner(d, clk, "t"))

		a, err := s.Put(ctx, "材料.pdf", bytes.NewReader(pdf), files.MaxSize)
		if err != nil || a.Name != "材料.pdf" || a.ContentType != "application/pdf" || len(a.ID) != 26 {
			t.Fatalf("put: %+v, %v", a, err)
		}
		b, _ := s.Put(ctx, "图.png", bytes.NewReader(png), files.MaxSize)
		c, _ := s.Put(ctx, "纪要.txt", bytes.NewReader(text), files.MaxSize)

		_, err = s.Put(ctx, "大.pdf", bytes.NewReader(append(pdf, make([]byte, 100)...)), 64)
		var he *httpx.Error
		if !errors.As(err, &he) || he.Status != 422 || !strings.Contains(he.Detail, "文件超过") {
			t.Errorf("too large: %v", err)
		}
		if _, err := s.Put(ctx, "空.pdf", bytes.NewReader(nil), files.MaxSize); err == nil {
			t.Error("empty file accepted")
		}
		if _, err := s.Put(ctx, "x.pdf", bytes.NewReader(exe), files.MaxSize); err == nil {
			t.Error("program accepted")
		}

		err = d.InTx(ctx, func(tx *db.Tx) error { return s.Attach(ctx, tx, []string{a.ID, b.ID, a.ID}, "notice", "n1") })
		if err != nil {
			t.Fatal(err)
		}
		// Attaching again to the same owner is fine; to another is not.
		if err := s.Attach(ctx, d, []string{a.ID}, "notice", "n1"); err != nil {
			t.Errorf("re-attach: %v", err)
		}
		if err := s.Attach(ctx, d, []string{a.ID}, "notice", "n2"); !errors.Is(err, files.ErrNotAttachable) {
			t.Errorf("attach elsewhere: %v", err)
		}
		if err := s.Attach(ctx, d, []string{"unknown"}, "notice", "n2"); !errors.Is(err, files.ErrNotAttachable) {
			t.Errorf("attach unknown: %v", err)
		}
		f, err := s.Get(ctx, a.ID)
		if err != nil || !bytes.Equal(f.Data, pdf) || f.OwnerID != "n1" || f.AttachedAt.IsZero() || len(f.SHA256) != 64 {
			t.Fatalf("get: %+v %v", f.Info, err)
		}
		// b is released again.
		if err := s.Release(ctx, d, "notice", "n1", []string{a.ID}); err != nil {
			t.Fatal(err)
		}
		infos, err := s.Infos(ctx, d, []string{a.ID, b.ID, c.ID, "x"})
		if err != nil || len(infos) != 3 || infos[b.ID].Name != "图.png" {
			t.Fatalf("infos: %v %v", infos, err)
		}

		if n, err := s.PurgeUnattached(ctx, files.TempLifetime); err != nil || n != 0 {
			t.Fatalf("young uploads purged: %d %v", n, err)
		}
		clk.Advance(files.TempLifetime + time.Second)
		if n, err := s.PurgeUnattached(ctx, files.TempLifetime); err != nil || n != 2 {
			t.Fatalf("purged %d, %v", n, err)
		}
		for id, want := range map[string]bool{a.ID: true, b.ID: false, c.ID: false} {
			_, err := s.Get(ctx, id)
			if got := err == nil; got != want {
				t.Errorf("%s kept = %v, want %v (%v)", id, got, want, err)
			}
		}
		var audited int
		d.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log WHERE action IN ('file.upload', 'file.purge')").Scan(&audited)
		if audited != 4 {
			t.Errorf("audit records: %d", audited)
		}
	})
}

// The runner's tick purges at most once an hour.
func TestPurgeTick(t *testing.T) {
	d := dbtest.OpenSQLite(t, steps)
	ctx := context.Background()
	clk := clock.NewFake(t0)
	r := jobs.NewRunner(d, clk, "t")
	s := files.New(d, clk, r)
	if _, err := s.Put(ctx, "a.pdf", bytes.NewReader(pdf), files.MaxSize); err != nil {
		t.Fatal(err)
	}
	clk.Advance(files.TempLifetime + time.Minute)
	runCtx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	r.Run(runCtx) // one tick at least
	cancel()
	var n int
	d.QueryRowContext(ctx, "SELECT COUNT(*) FROM files").Scan(&n)
	if n != 0 {
		t.Errorf("%d temporary uploads left after the tick", n)
	}
}
