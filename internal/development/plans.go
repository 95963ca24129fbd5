package development

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// PlanRow is an org's yearly development plan (发展党员计划) for its subtree
// and the admissions approved in the subtree that year.
type PlanRow struct {
	OrgID    string `json:"org_id"`
	OrgName  string `json:"org_name"`
	Quota    int    `json:"quota"`
	Admitted int    `json:"admitted"`
	Note     string `json:"note"`
	SetBy    string `json:"set_by"`
	SetAt    string `json:"set_at"`
	set      bool
}

// Plans is the plan of an org and of each of its children for a year.
type Plans struct {
	Year  int       `json:"year"`
	Items []PlanRow `json:"items"`
}

// Plan limits.
const (
	maxQuota    = 100000
	maxPlanNote = 200
	firstYear   = 2000
	lastYear    = 2100
)

// planRows reads the plans and the admitted counts of orgIDs for year.
func (s *Service) planRows(ctx context.Context, orgIDs []string, year int) (map[string]PlanRow, error) {
	out := map[string]PlanRow{}
	in := db.Placeholders(len(orgIDs))
	args := append(db.Strings(orgIDs), year)
	rows, err := s.db.QueryContext(ctx, "SELECT org_id, quota, note, set_by, at FROM dev_plans WHERE org_id IN ("+in+") AND year = ?", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r PlanRow
		var at int64
		if err := rows.Scan(&r.OrgID, &r.Quota, &r.Note, &r.SetBy, &at); err != nil {
			return nil, err
		}
		r.SetAt, r.set = clock.Stamp(at), true
		out[r.OrgID] = r
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.admittedInto(ctx, out, in, args)
}

// admittedInto adds the admissions approved in each org's subtree that
// year (dev_admitted) to the plan rows.
func (s *Service) admittedInto(ctx context.Context, out map[string]PlanRow, in string, args []any) error {
	rows, err := s.db.QueryContext(ctx, "SELECT org_id, n FROM dev_admitted WHERE org_id IN ("+in+") AND year = ?", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		r := out[id]
		r.OrgID, r.Admitted = id, n
		out[id] = r
	}
	return rows.Err()
}

// plans lists the plan of org and of each of its active children for year.
func (s *Service) plans(ctx context.Context, org OrgRef, year int) (Plans, error) {
	children, err := s.dir.Children(ctx, s.db, org.ID)
	if err != nil {
		return Plans{}, err
	}
	list := append([]OrgRef{org}, children...)
	orgIDs := make([]string, len(list))
	for i, o := range list {
		orgIDs[i] = o.ID
	}
	rows, err := s.planRows(ctx, orgIDs, year)
	if err != nil {
		return Plans{}, err
	}
	out := Plans{Year: year, Items: make([]PlanRow, 0, len(list))}
	for _, o := range list {
		r := rows[o.ID]
		r.OrgID, r.OrgName = o.ID, o.Name
		out.Items = append(out.Items, r)
	}
	return out, nil
}

// PlanInput is the body of a plan.
type PlanInput struct {
	Quota int    `json:"quota"`
	Note  string `json:"note"`
}

// setPlan sets the org's plan for year (the org itself or an upper org
// with DevelopmentManage there).
func (s *Service) setPlan(ctx context.Context, org OrgRef, year int, in PlanInput) (PlanRow, error) {
	var fe httpx.Fields
	if year < firstYear || year > lastYear {
		fe.Add("year", "invalid", fmt.Sprintf("年度应在 %d 至 %d 之间", firstYear, lastYear))
	}
	if in.Quota < 0 || in.Quota > maxQuota {
		fe.Add("quota", "invalid", "计划发展人数应为 0 至 100000 的整数")
	}
	in.Note = strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(in.Note) > maxPlanNote {
		fe.Add("note", "too_long", fmt.Sprintf("说明不能超过 %d 个字", maxPlanNote))
	}
	if err := fe.Err(); err != nil {
		return PlanRow{}, err
	}
	now := s.clk.Now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO dev_plans (org_id, year, quota, note, set_by, at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (org_id, year) DO UPDATE SET quota = excluded.quota, note = excluded.note,
			set_by = excluded.set_by, at = excluded.at`, org.ID, year, in.Quota, in.Note, authz.ActorName(ctx, "系统"), now.UnixMilli()); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "development.plan", TargetType: "org", TargetID: org.ID,
			After: map[string]any{"year": year, "quota": in.Quota, "note": in.Note}})
	})
	if err != nil {
		return PlanRow{}, err
	}
	rows, err := s.planRows(ctx, []string{org.ID}, year)
	r := rows[org.ID]
	r.OrgName = org.Name
	return r, err
}
