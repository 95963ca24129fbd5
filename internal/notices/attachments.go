package notices

import (
	"net/http"
	"slices"

	"dangjian/internal/notify"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
)

// handleUpload stores one attachment; it stays temporary until a notice
// attaches it.
func (s *Service) handleUpload(w http.ResponseWriter, r *http.Request) error {
	return s.files.Upload(w, r, maxUploadSize)
}

// handleDownload serves an attachment of a notice to its publishers (in
// NoticeRead scope) and to its recipients. The file goes out as a download
// of the type sniffed when it was uploaded, never rendered in the page.
func (s *Service) handleDownload(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	n, err := loadNotice(ctx, s.db, r.PathValue("id"))
	if db.IsNoRows(err) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	fileID := r.PathValue("file_id")
	if !slices.Contains(n.Attachments, fileID) {
		return httpx.NotFound()
	}
	p := authz.From(ctx)
	if !p.Can(authz.NoticeRead, n.OrgPath) {
		if _, err := s.notify.Received(ctx, notify.Addressee(p), kindNotice, n.ID); db.IsNoRows(err) {
			return httpx.NotFound()
		} else if err != nil {
			return err
		}
	}
	f, err := s.files.Get(ctx, fileID)
	if db.IsNoRows(err) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	return files.Serve(w, f)
}
