package files

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"dangjian/internal/platform/httpx"
)

// Upload stores one file from the multipart field "file" of r, streamed
// into the store (no temporary file on disk), and answers 201 with its
// Info. The upload stays temporary until an owner attaches it.
func (s *Store) Upload(w http.ResponseWriter, r *http.Request, maxBytes int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBytes+1<<20)
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
			return uploadErr(err, maxBytes)
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		info, err := s.Put(r.Context(), part.FileName(), part, maxBytes)
		part.Close()
		if err != nil {
			return uploadErr(err, maxBytes)
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
func uploadErr(err error, maxBytes int64) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return TooLarge(maxBytes)
	}
	var he *httpx.Error
	if errors.As(err, &he) {
		return err
	}
	return httpx.BadRequest("上传内容不完整，请重新上传")
}

// Serve sends f as a download of the type sniffed when it was uploaded,
// never rendered in the page.
func Serve(w http.ResponseWriter, f File) error {
	httpx.Download(w, f.ContentType, f.Name)
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	_, err := w.Write(f.Data)
	return err
}

// AttachErr turns an upload that cannot be attached (unknown, purged or
// someone else's) into a field error on field; other errors pass through.
func AttachErr(err error, field string) error {
	if errors.Is(err, ErrNotAttachable) {
		var fe httpx.Fields
		fe.Add(field, "not_found", "附件不存在或已过期，请重新上传")
		return fe.Err()
	}
	return err
}
