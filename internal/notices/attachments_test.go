package notices_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"dangjian/internal/notices"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/files"
)

var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// TestAttachments: uploads are checked (type by content, size), attached
// to the notice, downloadable by publishers and recipients only, as a
// download of the sniffed type; unattached uploads are purged.
func TestAttachments(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tr := e.tree()
		pub := worker(tr.A1)

		r := e.upload(t, pub, `C:\文件\学习材料.pdf`, pdf)
		if r.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		var up files.Info
		r.JSON(t, &up)
		if up.Name != "学习材料.pdf" || up.ContentType != "application/pdf" || up.Size != int64(len(pdf)) || up.ID == "" {
			t.Fatalf("uploaded: %+v", up)
		}
		for name, data := range map[string][]byte{
			"病毒.pdf":  []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
			"页面.txt":  []byte("<html><script>alert(1)</script></html>"),
			"脚本.js":   []byte("alert(1)"),
			"图.svg":   []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
			"压缩.docx": zipOf(t, map[string]string{"evil.exe": "MZ"}),
		} {
			r := e.upload(t, pub, name, data)
			if r.Status != http.StatusUnprocessableEntity || !r.Contains("不支持的文件类型") {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
		big := bytes.Repeat([]byte("a"), files.MaxSize+1)
		if r := e.upload(t, pub, "大文件.txt", big); r.Status != http.StatusUnprocessableEntity || !r.Contains("文件超过 20 MB") {
			t.Errorf("too large: %d %s", r.Status, r.Body)
		}
		if r := e.upload(t, member("m-yi", tr.A1), "x.pdf", pdf); r.Status != http.StatusForbidden {
			t.Errorf("member uploading: %d", r.Status)
		}

		e.do(t, pub, "POST", "/api/v1/notices", map[string]any{"org_id": tr.A1.ID, "title": "附件",
			"audience": map[string]any{"subtrees": []string{tr.A1.ID}}, "attachment_ids": []string{"nope"}},
			http.StatusUnprocessableEntity)
		n := notice(t, e.do(t, pub, "POST", "/api/v1/notices", map[string]any{"org_id": tr.A1.ID, "title": "附件",
			"audience": map[string]any{"subtrees": []string{tr.A1.ID}}, "attachment_ids": []string{up.ID}},
			http.StatusCreated))
		if len(n.Attachments) != 1 || n.Attachments[0] != up {
			t.Fatalf("attachments: %+v", n.Attachments)
		}
		// An attached file cannot be taken by another notice.
		e.do(t, worker(tr.B1), "POST", "/api/v1/notices", map[string]any{"org_id": tr.B1.ID, "title": "偷",
			"audience": map[string]any{"subtrees": []string{tr.B1.ID}}, "attachment_ids": []string{up.ID}},
			http.StatusUnprocessableEntity)
		e.drain(t)

		url := "/api/v1/notices/" + n.ID + "/attachments/" + up.ID
		for p, who := range map[string]*authz.Principal{"publisher": pub, "recipient": member("m-yi", tr.A1), "parent": worker(tr.A)} {
			r := e.do(t, who, "GET", url, nil, http.StatusOK)
			h := r.Header
			if !bytes.Equal(r.Body, pdf) || h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
				!strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") {
				t.Errorf("%s download: %v", p, h)
			}
		}
		e.do(t, member("m-out", tr.B1), "GET", url, nil, http.StatusNotFound)
		e.do(t, worker(tr.B1), "GET", url, nil, http.StatusNotFound)
		e.do(t, pub, "GET", "/api/v1/notices/"+n.ID+"/attachments/"+n.ID, nil, http.StatusNotFound)

		var mine notices.MyNotice
		e.do(t, member("m-yi", tr.A1), "GET", "/api/v1/my/notices/"+n.ID, nil, http.StatusOK).JSON(t, &mine)
		if len(mine.Attachments) != 1 || mine.Attachments[0].Name != "学习材料.pdf" {
			t.Errorf("recipient's attachments: %+v", mine.Attachments)
		}

		// After withdrawal the recipient loses the file; the publisher keeps it.
		e.do(t, pub, "POST", "/api/v1/notices/"+n.ID+"/withdraw", map[string]string{"reason": "错发"}, http.StatusOK)
		e.do(t, member("m-yi", tr.A1), "GET", url, nil, http.StatusNotFound)
		e.do(t, pub, "GET", url, nil, http.StatusOK)

		// A draft's dropped attachment and a never-attached upload are purged
		// after a day; attached files stay.
		var tmp, dropped files.Info
		e.upload(t, pub, "临时.pdf", pdf).JSON(t, &tmp)
		e.upload(t, pub, "去掉.pdf", pdf).JSON(t, &dropped)
		dr := notice(t, e.do(t, pub, "POST", "/api/v1/notices", map[string]any{"org_id": tr.A1.ID, "title": "草稿",
			"attachment_ids": []string{dropped.ID}, "draft": true}, http.StatusCreated))
		e.do(t, pub, "PATCH", "/api/v1/notices/"+dr.ID, map[string]any{"version": dr.Version, "attachment_ids": []string{}}, http.StatusOK)
		e.clk.Advance(files.TempLifetime + time.Minute)
		removed, err := e.fs.PurgeUnattached(context.Background(), files.TempLifetime)
		if err != nil || removed != 2 {
			t.Fatalf("purged %d, %v", removed, err)
		}
		e.do(t, pub, "GET", url, nil, http.StatusOK)
		if _, err := e.fs.Get(context.Background(), tmp.ID); !db.IsNoRows(err) {
			t.Errorf("temporary upload kept: %v", err)
		}
	})
}

// TestSanitizer: scripts, event handlers, javascript: URLs and frames go;
// ordinary formatting stays.
func TestSanitizer(t *testing.T) {
	e := newEnv(t, dbtest.OpenSQLite(t, steps()))
	for _, tc := range []struct{ in, want string }{
		{`<p>正文<script>alert(1)</script></p>`, `<p>正文</p>`},
		{`<p onclick="x()" onmouseover="y()">点</p>`, `<p>点</p>`},
		{`<img src="x.png" onerror="alert(1)">`, `<img src="x.png">`},
		{`<a href="javascript:alert(1)">链接</a>`, `链接`},
		{`<iframe src="https://evil.example"></iframe><p>留</p>`, `<p>留</p>`},
		{`<p style="text-align:center;position:fixed">居中</p>`, `<p style="text-align: center">居中</p>`},
		{`<svg onload="alert(1)"><p>x</p></svg>`, `<p>x</p>`},
		{`<b>加粗</b><ul><li>一</li></ul>`, `<b>加粗</b><ul><li>一</li></ul>`},
	} {
		if got := e.s.Sanitize(tc.in); got != tc.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// zipOf builds a ZIP archive of the given files.
func zipOf(t *testing.T, entries map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
