package members

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/tabular"
)

// exportReasonAbove: larger exports must say what they are for (SECURITY.md
// anti-automation; GB/T 35273 purpose limitation).
const exportReasonAbove = 1000

// export is one export run: which members, shown how.
type export struct {
	org    orgs.Org
	qr     query
	masked bool // HTTP exports are always masked; the operator's ExportAll is not
}

// handleExport streams the filtered subtree as .xlsx, masked. It is
// audited (filters, count, reason) and throttled per account.
func (s *Service) handleExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, s.db, r.PathValue("id"), authz.MemberExport)
	if err != nil {
		return err
	}
	f, err := filterOf(r.URL.Query())
	if err != nil {
		return err
	}
	f.OrgID = org.ID
	reason := strings.TrimSpace(r.URL.Query().Get("reason"))
	ex := export{org: org, qr: s.buildQuery(f, org, clock.Today(s.clk)), masked: true}
	n, capped, err := s.total(ctx, ex.qr, org, f.Status, exportReasonAbove)
	if err != nil {
		return err
	}
	if (capped || n > exportReasonAbove) && reason == "" {
		return fieldErr("reason", "required", "导出超过 1000 人须填写用途")
	}
	if !s.exports.allow(authz.From(ctx).AccountID, s.clk.Now()) {
		return errRateLimited
	}
	xw, err := s.buildExport(ctx, ex)
	if err != nil {
		return err
	}
	defer xw.Close()
	detail := map[string]any{"filters": filterMap(r.URL.Query()), "count": xw.Rows(), "reason": reason, "masked": true}
	if err := s.auditExport(ctx, org, detail); err != nil {
		return err
	}
	httpx.Download(w, httpx.XLSX, "党员名册.xlsx")
	_, err = xw.WriteTo(w)
	return err
}

// ExportAll writes the whole subtree's active members to w as .xlsx with
// personal data in the clear: the operator's full export on the command
// line (no principal in ctx). A signed-in caller needs both the export and
// the reveal permission at the org. Audited like every export.
func (s *Service) ExportAll(ctx context.Context, orgID string, w io.Writer) (int, error) {
	org, err := s.scopedOrg(ctx, s.db, orgID, authz.MemberExport)
	if err != nil {
		return 0, err
	}
	if !allowed(ctx, authz.MemberReveal, org.Path) {
		return 0, httpx.NotFound()
	}
	ex := export{org: org, qr: s.buildQuery(Filter{OrgID: org.ID}, org, clock.Today(s.clk))}
	xw, err := s.buildExport(ctx, ex)
	if err != nil {
		return 0, err
	}
	defer xw.Close()
	n := xw.Rows()
	if err := s.auditExport(ctx, org, map[string]any{"count": n, "masked": false, "full": true}); err != nil {
		return 0, err
	}
	_, err = xw.WriteTo(w)
	return n, err
}

func (s *Service) auditExport(ctx context.Context, org orgs.Org, detail map[string]any) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "member.export", TargetType: "org",
			TargetID: org.ID, After: detail, ActorName: auditActor(ctx)})
	})
}

// exportBatch rows are read before their orgs' names are looked up at once.
const exportBatch = 500

// buildExport renders the query's rows into an .xlsx writer (spooled by
// excelize), so the export is audited with its real count before a byte
// is sent. The caller closes the writer.
func (s *Service) buildExport(ctx context.Context, ex export) (*tabular.Writer, error) {
	xw, err := tabular.NewWriter(exportCols, "党员名册")
	if err != nil {
		return nil, err
	}
	if err := s.fillExport(ctx, ex, xw); err != nil {
		xw.Close()
		return nil, err
	}
	return xw, nil
}

// fillExport streams the rows in batches, naming their orgs per batch.
func (s *Service) fillExport(ctx context.Context, ex export, xw *tabular.Writer) error {
	rows, err := s.db.QueryContext(ctx, "SELECT "+memberCols+" FROM members"+ex.qr.where.Where()+
		" ORDER BY "+ex.qr.order, ex.qr.where.Values()...)
	if err != nil {
		return err
	}
	defer rows.Close()
	names := map[string]orgLabel{}
	batch := make([]record, 0, exportBatch)
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return err
		}
		if batch = append(batch, r); len(batch) == exportBatch {
			if err := s.flushExport(ctx, ex, xw, batch, names); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return s.flushExport(ctx, ex, xw, batch, names)
}

// orgLabel is an org's name and code in an export.
type orgLabel struct{ name, code string }

// flushExport writes a batch, looking up the orgs not seen yet.
func (s *Service) flushExport(ctx context.Context, ex export, xw *tabular.Writer, batch []record, names map[string]orgLabel) error {
	var missing []string
	for _, r := range batch {
		if _, ok := names[r.OrgID]; !ok {
			names[r.OrgID] = orgLabel{}
			missing = append(missing, r.OrgID)
		}
	}
	if len(missing) > 0 {
		found, err := s.orgs.Names(ctx, s.db, missing)
		if err != nil {
			return err
		}
		codes, err := s.orgs.Codes(ctx, s.db, missing)
		if err != nil {
			return err
		}
		for id, n := range found {
			names[id] = orgLabel{name: n, code: codes[id]}
		}
	}
	today := clock.Today(s.clk)
	for _, r := range batch {
		if xw.Rows() >= tabular.MaxExportRows {
			return httpx.BadRequest("导出人数超过 Excel 单表上限，请按下级组织分别导出")
		}
		vals, err := s.exportRow(r, names[r.OrgID], ex.masked, today)
		if err != nil {
			return err
		}
		if err := xw.WriteRow(vals); err != nil {
			return err
		}
	}
	return nil
}

// exportRow is one member in exportCols order, with Chinese labels.
func (s *Service) exportRow(r record, org orgLabel, masked bool, today time.Time) ([]string, error) {
	id, phone, addr := r.IDMasked, r.PhoneMasked, r.AddrMasked
	if !masked {
		d, err := s.unseal(r)
		if err != nil {
			return nil, err
		}
		id, phone, addr = d.IDNumber, d.Phone, d.Address
	}
	return []string{r.Name, genders.label(r.Gender), r.Ethnicity, r.BirthDate, id, phone,
		educations.label(r.Education), categories.label(r.Category), statuses.label(r.Status),
		r.JoinedOn, r.FullMemberOn, addr, org.name, org.code,
		strconv.Itoa(yearsSince(r.BirthDate, today)), strconv.Itoa(r.partyAge(today))}, nil
}

// filterMap keeps the list filters of a query string for the audit log.
func filterMap(v url.Values) map[string]string {
	out := map[string]string{}
	for _, k := range []string{"q", "status", "category", "education", "gender", "ethnicity", "age_band", "state"} {
		if x := v.Get(k); x != "" {
			out[k] = x
		}
	}
	if q := out["q"]; q != "" {
		if kind, _ := classify(q); kind != "name" {
			out["q"] = "（按" + map[string]string{"phone": "手机号", "id_number": "身份证号"}[kind] + "精确查找）"
		}
	}
	return out
}
