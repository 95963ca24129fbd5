package archive

import (
	"context"
	"net/http"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Routes registers the archive API: leaders read archives in their scope,
// a member reads their own through /my.
func (s *Service) Routes(rt *httpx.Router) {
	const m = "/api/v1/members/{id}/archive"
	rt.Handle("GET "+m, authz.ArchiveRead, "党员档案（历年参加活动、教育情况）", s.scoped(s.sendJSON))
	rt.Handle("GET "+m+".pdf", authz.ArchiveRead, "打印党员档案（PDF）", s.scoped(s.sendPDF))
	rt.Handle("GET "+m+".xlsx", authz.ArchiveRead, "导出党员档案（Excel）", s.scoped(s.sendXLSX))
	rt.Handle("GET /api/v1/my/archive", authz.SignedIn, "我的党员档案", s.mine(s.sendJSON))
	rt.Handle("GET /api/v1/my/archive.pdf", authz.SignedIn, "打印我的党员档案（PDF）", s.mine(s.sendPDF))
}

// sender answers an archive in one format.
type sender func(ctx context.Context, w http.ResponseWriter, a Archive) error

// scoped answers the archive of the member in the path, when the caller may
// read it.
func (s *Service) scoped(send sender) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		m, err := s.visibleMember(r.Context(), r.PathValue("id"))
		if err != nil {
			return err
		}
		return s.answer(r.Context(), w, m, send)
	}
}

// mine answers the caller's own archive.
func (s *Service) mine(send sender) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		m, err := s.myMember(r.Context())
		if err != nil {
			return err
		}
		return s.answer(r.Context(), w, m, send)
	}
}

func (s *Service) answer(ctx context.Context, w http.ResponseWriter, m MemberRef, send sender) error {
	a, err := s.build(ctx, m)
	if err != nil {
		return err
	}
	return send(ctx, w, a)
}

func (s *Service) sendJSON(_ context.Context, w http.ResponseWriter, a Archive) error {
	return httpx.WriteJSON(w, http.StatusOK, a)
}

func (s *Service) sendPDF(ctx context.Context, w http.ResponseWriter, a Archive) error {
	b, err := archivePDF(a, s.clk.Now())
	if err != nil {
		return err
	}
	return s.export(ctx, w, a, "pdf", "application/pdf", b)
}

func (s *Service) sendXLSX(ctx context.Context, w http.ResponseWriter, a Archive) error {
	b, err := archiveXLSX(a)
	if err != nil {
		return err
	}
	return s.export(ctx, w, a, "xlsx", httpx.XLSX, b)
}

// export audits the export (archive.export) before a byte is sent, then
// sends the file.
func (s *Service) export(ctx context.Context, w http.ResponseWriter, a Archive, format, contentType string, b []byte) error {
	items := 0
	for _, y := range a.Years {
		items += len(y.Items)
	}
	if err := s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "archive.export", TargetType: "member",
			TargetID: a.Member.ID, After: map[string]any{"format": format, "years": len(a.Years), "items": items}})
	}); err != nil {
		return err
	}
	httpx.Download(w, contentType, a.Member.Name+"党员档案."+format)
	_, err := w.Write(b)
	return err
}
