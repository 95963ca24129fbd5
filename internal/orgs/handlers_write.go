package orgs

import (
	"mime/multipart"
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
)

type createRequest struct {
	ParentID string `json:"parent_id"`
	Fields
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) error {
	var req createRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.ParentID == "" {
		return fieldErr("parent_id", "required", "请选择上级组织")
	}
	if _, err := s.scoped(r, authz.OrgManage, req.ParentID); err != nil {
		return err
	}
	created, err := s.create(r.Context(), req.ParentID, req.Fields)
	if err != nil {
		return err
	}
	return s.writeView(w, r, created, http.StatusCreated)
}

func (s *Service) writeView(w http.ResponseWriter, r *http.Request, o Org, status int) error {
	v, err := s.View(r.Context(), o)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, status, v)
}

type updateRequest struct {
	Fields
	Version int `json:"version"`
}

func (s *Service) handleUpdate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.scoped(r, authz.OrgUpdate, r.PathValue("id"))
	if err != nil {
		return err
	}
	var req updateRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	// Changing the kind reshapes the tree: an organization-level decision.
	if req.Kind != nil && *req.Kind != o.Kind && !authz.From(r.Context()).Can(authz.OrgManage, o.Path) {
		return httpx.Forbidden("修改组织类别须由上级组织管理员办理")
	}
	updated, err := s.Update(r.Context(), o.ID, req.Fields, req.Version)
	if err != nil {
		return err
	}
	return s.writeView(w, r, updated, http.StatusOK)
}

func (s *Service) handleMove(w http.ResponseWriter, r *http.Request) error {
	o, err := s.scoped(r, authz.OrgManage, r.PathValue("id"))
	if err != nil {
		return err
	}
	var req struct {
		NewParentID string `json:"new_parent_id"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.NewParentID == "" {
		return fieldErr("new_parent_id", "required", "请选择新的上级组织")
	}
	moved, err := s.Move(r.Context(), o.ID, req.NewParentID, allowedBy(r, authz.OrgManage))
	if err != nil {
		return err
	}
	return s.writeView(w, r, moved, http.StatusOK)
}

func (s *Service) handleDissolve(w http.ResponseWriter, r *http.Request) error {
	o, err := s.scoped(r, authz.OrgManage, r.PathValue("id"))
	if err != nil {
		return err
	}
	var req struct {
		DissolvedOn string `json:"dissolved_on"`
		Reason      string `json:"reason"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	if o.ParentID == "" {
		return httpx.Conflict("dissolve_root", "顶层组织不能撤销")
	}
	done, err := s.Dissolve(r.Context(), o.ID, req.DissolvedOn, req.Reason)
	if err != nil {
		return err
	}
	return s.writeView(w, r, done, http.StatusOK)
}

func (s *Service) handlePositions(w http.ResponseWriter, r *http.Request) error {
	o, err := s.scoped(r, authz.OrgRead, r.PathValue("id"))
	if err != nil {
		return err
	}
	list, err := s.Positions(r.Context(), s.db, o.ID, r.URL.Query().Get("include_ended") == "true")
	if err != nil {
		return err
	}
	items := positionViews(list)
	return httpx.WriteJSON(w, http.StatusOK, httpx.List[PositionJSON]{Items: items, Total: len(items), Page: 1, PageSize: len(items)})
}

func (s *Service) handleAddPosition(w http.ResponseWriter, r *http.Request) error {
	o, err := s.scoped(r, authz.OrgUpdate, r.PathValue("id"))
	if err != nil {
		return err
	}
	var req NewPosition
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	p, err := s.AddPosition(r.Context(), o.ID, req)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, positionView(p))
}

func (s *Service) handleEndPosition(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		EndOn string `json:"end_on"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	p, err := s.EndPosition(r.Context(), r.PathValue("id"), req.EndOn, allowedBy(r, authz.OrgUpdate))
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, positionView(p))
}

// maxUpload bounds an uploaded import file.
const maxUpload = 20 << 20

// upload is the org and the uploaded file of an import request; the
// caller must call done.
func (s *Service) upload(w http.ResponseWriter, r *http.Request) (o Org, file multipart.File, name string, done func(), err error) {
	if o, err = s.scoped(r, authz.OrgManage, r.PathValue("id")); err != nil {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	file, header, err := r.FormFile("file")
	if err != nil {
		return o, nil, "", nil, httpx.BadRequest("请选择要导入的 .xlsx 或 .csv 文件（不超过 20 MB）")
	}
	// Temporary upload files never linger.
	return o, file, header.Filename, func() { file.Close(); r.MultipartForm.RemoveAll() }, nil
}

func (s *Service) handleImport(w http.ResponseWriter, r *http.Request) error {
	o, file, name, done, err := s.upload(w, r)
	if err != nil {
		return err
	}
	defer done()
	rep, err := s.ImportOrgs(r.Context(), o.ID, name, file, r.FormValue("mode") == "all_or_nothing")
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, rep)
}

// handleImportReport checks an uploaded file without writing anything and
// answers the annotated .xlsx of its bad rows.
func (s *Service) handleImportReport(w http.ResponseWriter, r *http.Request) error {
	o, file, name, done, err := s.upload(w, r)
	if err != nil {
		return err
	}
	defer done()
	b, err := s.OrgImportErrorReport(r.Context(), o.ID, name, file)
	if err != nil {
		return err
	}
	return writeXLSX(w, "组织导入错误报告.xlsx", b)
}

// writeXLSX sends a spreadsheet download.
func writeXLSX(w http.ResponseWriter, name string, b []byte) error {
	httpx.Download(w, httpx.XLSX, name)
	_, err := w.Write(b)
	return err
}

func (s *Service) handleImportTemplate(w http.ResponseWriter, r *http.Request) error {
	b, err := ImportTemplate()
	if err != nil {
		return err
	}
	return writeXLSX(w, "组织导入模板.xlsx", b)
}
