package members

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/tabular"
)

// maxErrorsShown bounds the errors listed in the HTTP answer; the
// annotated report (GET /imports/{id}/report) has them all.
const maxErrorsShown = 1000

// handleImport takes a multipart upload ("file", "mode"). The file is read
// into memory (at most 20 MiB), never to a temporary file on disk.
func (s *Service) handleImport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, s.db, r.PathValue("id"), authz.MemberImport)
	if err != nil {
		return err
	}
	up, err := readUpload(w, r)
	if err != nil {
		return err
	}
	mode := ImportGoodRows
	switch up.mode {
	case "", "good_rows":
	case "all_or_nothing":
		mode = ImportAllOrNothing
	default:
		return fieldErr("mode", "invalid", "导入方式应为 good_rows 或 all_or_nothing")
	}
	rep, err := s.Import(ctx, org.ID, up.filename, bytes.NewReader(up.data), mode)
	if err != nil {
		return err
	}
	if len(rep.Errors) > maxErrorsShown {
		rep.Errors = rep.Errors[:maxErrorsShown]
	}
	return httpx.WriteJSON(w, http.StatusOK, rep)
}

// upload is a read multipart form.
type upload struct {
	filename string
	data     []byte
	mode     string
}

func readUpload(w http.ResponseWriter, r *http.Request) (upload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return upload{}, fieldErr("file", "required", "请以 multipart/form-data 上传文件")
	}
	var up upload
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return upload{}, uploadErr(err)
		}
		if err := up.read(part); err != nil {
			return upload{}, err
		}
	}
	if up.data == nil {
		return upload{}, fieldErr("file", "required", "请选择要导入的文件")
	}
	return up, nil
}

func (up *upload) read(part *multipart.Part) error {
	defer part.Close()
	switch part.FormName() {
	case "file":
		data, err := io.ReadAll(io.LimitReader(part, maxUpload+1))
		if err != nil {
			return uploadErr(err)
		}
		if len(data) > maxUpload {
			return fieldErr("file", "too_large", "文件不能超过 20 MB")
		}
		up.filename, up.data = part.FileName(), data
	case "mode":
		b, err := io.ReadAll(io.LimitReader(part, 100))
		if err != nil {
			return uploadErr(err)
		}
		up.mode = string(b)
	}
	return nil
}

func uploadErr(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return fieldErr("file", "too_large", "文件不能超过 20 MB")
	}
	return httpx.BadRequest("上传内容不完整，请重新上传")
}

// handleReport sends an import's annotated error report (personal data
// masked); only within the scope of the org imported into.
func (s *Service) handleReport(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.ImportReportFile(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.Download(w, httpx.XLSX, "导入错误报告.xlsx")
	_, err = w.Write(rep)
	return err
}

// ImportReportFile returns the annotated .xlsx report of an import.
func (s *Service) ImportReportFile(ctx context.Context, id string) ([]byte, error) {
	var path, sealed string
	err := s.db.QueryRowContext(ctx, "SELECT org_path, report_sealed FROM member_imports WHERE id = ?", id).
		Scan(&path, &sealed)
	if db.IsNoRows(err) || (err == nil && !allowed(ctx, authz.MemberImport, path)) {
		return nil, httpx.NotFound()
	}
	if err != nil {
		return nil, err
	}
	if sealed == "" {
		return tabular.AnnotatedReport(importCols, nil, nil)
	}
	rep, err := s.prot.Open(fieldReport, sealed)
	if err != nil {
		return nil, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "member.import_report",
			TargetType: "member_import", TargetID: id, ActorName: auditActor(ctx)})
	})
	return []byte(rep), err
}

func (s *Service) handleTemplate(w http.ResponseWriter, r *http.Request) error {
	b, err := tabular.Template(importCols, "党员信息", templateExample, templateNotes)
	if err != nil {
		return err
	}
	httpx.Download(w, httpx.XLSX, "党员导入模板.xlsx")
	_, err = w.Write(b)
	return err
}
