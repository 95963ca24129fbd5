package app

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// spa serves the built web UI: hashed assets with a long cache, everything
// else (client-side routes) falls back to index.html, always with an ETag.
type spa struct {
	files fs.FS
	mu    sync.Mutex
	etags map[string]string
}

// NewSPA serves the built web UI from dist.
func NewSPA(dist fs.FS) http.Handler { return &spa{files: dist, etags: map[string]string{}} }

func (s *spa) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name == "" || !s.exists(name) {
		if strings.HasPrefix(name, "assets/") || strings.HasPrefix(name, "api/") {
			http.NotFound(w, r)
			return
		}
		name = "index.html"
	}
	data, err := fs.ReadFile(s.files, name)
	if err != nil {
		http.Error(w, "界面尚未构建：请先运行 make web 或 README 中的启动命令", http.StatusServiceUnavailable)
		return
	}
	etag := s.etag(name, data)
	w.Header().Set("ETag", etag)
	if strings.HasPrefix(name, "assets/") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

func (s *spa) exists(name string) bool {
	st, err := fs.Stat(s.files, name)
	return err == nil && !st.IsDir()
}

func (s *spa) etag(name string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.etags[name]; ok {
		return e
	}
	sum := sha256.Sum256(data)
	e := `"` + hex.EncodeToString(sum[:8]) + `"`
	s.etags[name] = e
	return e
}
