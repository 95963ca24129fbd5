package notices

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"

	"dangjian/internal/notify"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
)

// handleUpload stores one attachment from the multipart field "file". The
// part is streamed into the store (no temporary file on disk); the upload
// stays temporary until a notice attaches it.
func (s *Service) handleUpload(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadSize+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return uploadRefused("请以 multipart/form-data 上传文件")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return uploadRefused("请选择要上传的文件")
		}
		if err != nil {
			return uploadErr(err)
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		info, err := s.files.Put(r.Context(), part.FileName(), part, maxUploadSize)
		part.Close()
		if err != nil {
			return uploadErr(err)
		}
		return httpx.WriteJSON(w, http.StatusCreated, info)
	}
}

func uploadRefused(msg string) error {
	var fe httpx.Fields
	fe.Add("file", "required", msg)
	return fe.Err()
}

// uploadErr reports a body over the limit as the file being too large.
func uploadErr(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return files.TooLarge(maxUploadSize)
	}
	var he *httpx.Error
	if errors.As(err, &he) {
		return err
	}
	return httpx.BadRequest("上传内容不完整，请重新上传")
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
	httpx.Download(w, f.ContentType, f.Name)
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	_, err = w.Write(f.Data)
	return err
}
