package partystats

import (
	"context"
	"encoding/json"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// Report is a stored report; lists leave Tables out.
type Report struct {
	ID        string  `json:"id"`
	Org       OrgName `json:"org"`
	AsOf      string  `json:"as_of"`
	Year      int     `json:"year"`
	CreatedAt string  `json:"created_at"` // RFC 3339
	Actor     string  `json:"actor"`      // who generated it
	Tables    []Table `json:"tables,omitempty"`
}

// OrgName names the report's organization.
type OrgName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// maxListed bounds a list of an org's reports (newest first).
const maxListed = 200

// generate counts the tables of org's subtree as of on, stores them and
// audits stats.generate in the same transaction.
func (s *Service) generate(ctx context.Context, org OrgRef, on time.Time) (Report, error) {
	tables, err := s.build(ctx, org.Path, on)
	if err != nil {
		return Report{}, err
	}
	data, err := json.Marshal(tables)
	if err != nil {
		return Report{}, err
	}
	now := s.clk.Now()
	r := Report{ID: ids.At(now), Org: OrgName{org.ID, org.Name}, AsOf: on.Format(clock.DateLayout), Year: on.Year(),
		CreatedAt: clock.Stamp(now.UnixMilli()), Actor: authz.ActorName(ctx, ""), Tables: tables}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO stats_reports (id, org_id, org_path, org_name, as_of, created_at,
			actor_name, tables_json) VALUES (`+db.Placeholders(8)+`)`,
			r.ID, org.ID, org.Path, org.Name, r.AsOf, now.UnixMilli(), r.Actor, string(data)); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "stats.generate", TargetType: "stats_report",
			TargetID: r.ID, After: map[string]any{"org_id": org.ID, "as_of": r.AsOf}})
	})
	return r, err
}

const reportColumns = `id, org_id, org_name, as_of, created_at, actor_name`

// scanReport reads reportColumns (and tables_json when tables is set).
func scanReport(sc interface{ Scan(...any) error }, tables *string) (Report, error) {
	var r Report
	var at int64
	dst := []any{&r.ID, &r.Org.ID, &r.Org.Name, &r.AsOf, &at, &r.Actor}
	if tables != nil {
		dst = append(dst, tables)
	}
	if err := sc.Scan(dst...); err != nil {
		return r, err
	}
	r.CreatedAt = clock.Stamp(at)
	if d, err := time.Parse(clock.DateLayout, r.AsOf); err == nil {
		r.Year = d.Year()
	}
	return r, nil
}

// reports lists the org's reports, newest first, without their tables.
func (s *Service) reports(ctx context.Context, orgID string) ([]Report, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+reportColumns+` FROM stats_reports WHERE org_id = ?
		ORDER BY created_at DESC, id DESC LIMIT ?`, orgID, maxListed)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Report{}
	for rows.Next() {
		r, err := scanReport(rows, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// scopedReport loads a report with its tables when the caller may read
// figures of its org (where the org stands now); anything else is "not
// found".
func (s *Service) scopedReport(ctx context.Context, id string) (Report, error) {
	var data string
	r, err := scanReport(s.db.QueryRowContext(ctx, `SELECT `+reportColumns+`, tables_json FROM stats_reports
		WHERE id = ?`, id), &data)
	if db.IsNoRows(err) {
		return Report{}, httpx.NotFound()
	}
	if err != nil {
		return Report{}, err
	}
	if _, err := s.scopedOrg(ctx, r.Org.ID); err != nil {
		return Report{}, err
	}
	return r, json.Unmarshal([]byte(data), &r.Tables)
}
