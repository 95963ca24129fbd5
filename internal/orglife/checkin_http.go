package orglife

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
)

// maxPhotoBytes bounds a check-in photo (a phone picture, 5 MB).
const maxPhotoBytes = 5 << 20

// photoExts are the image types a check-in photo may be, with the
// extension it is stored under (the phone's own file name is not used).
var photoExts = map[string]string{"image/jpeg": ".jpg", "image/png": ".png"}

func (s *Service) checkinRoutes(rt *httpx.Router) {
	rt.Handle("GET /api/v1/meetings/{id}/qr", authz.OrgLifeManage, "会场签到二维码（每 30 秒更新）", s.handleQR)
	rt.Handle("GET /api/v1/meetings/{id}/photos/{member_id}", authz.OrgLifeManage, "查看签到照片（仅本支部，留痕）", s.handlePhoto)
	rt.Handle("POST /api/v1/my/meetings/{id}/checkin", authz.SignedIn, "会议签到（扫码、定位、线上参会）", s.handleCheckin)
	rt.Handle("POST /api/v1/my/checkin-photos", authz.SignedIn, "上传签到照片（须已同意拍照）", s.handlePhotoUpload)
	rt.Handle("GET /api/v1/my/consents", authz.SignedIn, "我的隐私授权（签到拍照、定位）", s.handleConsents)
	rt.Handle("PUT /api/v1/my/consents", authz.SignedIn, "同意或撤回签到拍照、定位授权", s.handleSetConsents)
}

func (s *Service) handleCheckin(w http.ResponseWriter, r *http.Request) error {
	var req CheckinRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	out, err := s.Checkin(r.Context(), r.PathValue("id"), req)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) handleConsents(w http.ResponseWriter, r *http.Request) error {
	c, err := s.MyConsents(r.Context())
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, c)
}

func (s *Service) handleSetConsents(w http.ResponseWriter, r *http.Request) error {
	var ch ConsentChange
	if err := httpx.DecodeJSON(r, &ch); err != nil {
		return err
	}
	c, err := s.SetConsents(r.Context(), ch)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, c)
}

// handlePhotoUpload keeps a photo for a check-in that follows: a JPG or
// PNG of at most 5 MB, from a member who consented to check-in photos.
// Until a check-in attaches it, it is a temporary upload the file store
// purges after a day.
func (s *Service) handlePhotoUpload(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	memberID, err := memberOf(ctx)
	if err != nil {
		return err
	}
	given, err := consentsOf(ctx, s.db, memberID)
	if err != nil {
		return err
	}
	if given[consentPhoto] == 0 {
		return unprocessable("no_consent", "拍照签到需先在“隐私与授权”中同意")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxPhotoBytes+1<<20)
	f, _, err := r.FormFile("file")
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return files.TooLarge(maxPhotoBytes)
	}
	if err != nil {
		return fieldErr("file", "required", "请选择照片")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPhotoBytes+1))
	if err != nil {
		return err
	}
	ext, ok := photoExts[http.DetectContentType(data)]
	if !ok {
		return fieldErr("file", "unsupported_type", "签到照片仅支持 JPG、PNG 图片")
	}
	info, err := s.files.Put(ctx, "签到照片"+ext, bytes.NewReader(data), maxPhotoBytes)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, map[string]string{"id": info.ID})
}

// handlePhoto shows a member's check-in photo to the branch's own
// secretary (a grant at the branch itself, not above it: SECURITY.md), as
// long as it is kept; every view is audited as a reveal.
func (s *Service) handlePhoto(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := s.scoped(ctx, r.PathValue("id"), authz.OrgLifeManage)
	if err != nil {
		return err
	}
	if !grantedAt(authz.From(ctx), authz.OrgLifeManage, m.OrgPath) {
		return httpx.NotFound()
	}
	memberID := r.PathValue("member_id")
	var fileID string
	var expires int64
	err = s.db.QueryRowContext(ctx, "SELECT file_id, expires_at FROM checkin_photos WHERE meeting_id = ? AND member_id = ?",
		m.ID, memberID).Scan(&fileID, &expires)
	if db.IsNoRows(err) || (err == nil && expires <= ms(s.clk.Now())) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	f, err := s.files.Get(ctx, fileID)
	if err != nil {
		return err
	}
	if err := s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "meeting.photo_view", TargetType: "meeting",
			TargetID: m.ID, After: map[string]any{"member_id": memberID, "expires_at": clock.Stamp(expires)}})
	}); err != nil {
		return err
	}
	return files.Serve(w, f)
}

// grantedAt reports whether p holds perm through a grant at the org of
// orgPath itself.
func grantedAt(p *authz.Principal, perm authz.Perm, orgPath string) bool {
	if p == nil {
		return false
	}
	for _, g := range p.Grants {
		if g.OrgPath == orgPath && g.Role.Grants(perm) {
			return true
		}
	}
	return false
}
