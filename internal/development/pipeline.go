package development

import (
	"context"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// StageCount is how many files in progress of a subtree are at a stage,
// and how many of them are past a time limit.
type StageCount struct {
	Stage   int    `json:"stage"`
	Label   string `json:"label"`
	Count   int    `json:"count"`
	Overdue int    `json:"overdue"`
}

// OrgName is an org as a view names it.
type OrgName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Pipeline is the development work of a subtree at a glance.
type Pipeline struct {
	Org          OrgName       `json:"org"`
	Stages       []StageCount  `json:"stages"`
	OverdueTotal int           `json:"overdue_total"`
	Plan         *PlanProgress `json:"plan"`
}

// PlanProgress is this year's quota of an org's subtree and the
// admissions approved in it so far.
type PlanProgress struct {
	Year     int `json:"year"`
	Quota    int `json:"quota"`
	Admitted int `json:"admitted"`
}

// pipeline reads the subtree's stage counts from the rollup (a few rows
// however large the subtree) and counts the overdue files from the index
// of files with a running limit.
func (s *Service) pipeline(ctx context.Context, org OrgRef) (Pipeline, error) {
	p := Pipeline{Org: OrgName{org.ID, org.Name}}
	for stage := 1; stage <= 5; stage++ {
		p.Stages = append(p.Stages, StageCount{Stage: stage, Label: rules.StageLabel(stage)})
	}
	if err := stageRows(ctx, s.db, "SELECT stage, n FROM dev_stage_counts WHERE org_id = ?", func(stage, n int) {
		p.Stages[stage-1].Count = n
	}, org.ID); err != nil {
		return p, err
	}
	today := clock.Today(s.clk)
	if err := stageRows(ctx, s.db, `SELECT stage, COUNT(*) FROM dev_files WHERE org_path >= ? AND org_path < ?
		AND next_due <> '' AND next_due < ? GROUP BY stage`, func(stage, n int) {
		p.Stages[stage-1].Overdue = n
		p.OverdueTotal += n
	}, org.Path, db.PrefixEnd(org.Path), format(today)); err != nil {
		return p, err
	}
	rows, err := s.planRows(ctx, []string{org.ID}, today.Year())
	if err != nil {
		return p, err
	}
	if row, ok := rows[org.ID]; ok && row.set {
		p.Plan = &PlanProgress{Year: today.Year(), Quota: row.Quota, Admitted: row.Admitted}
	}
	return p, nil
}

// stageRows calls fn with each (stage, n) row of query.
func stageRows(ctx context.Context, q db.Querier, query string, fn func(stage, n int), args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var stage, n int
		if err := rows.Scan(&stage, &n); err != nil {
			return err
		}
		if stage >= 1 && stage <= 5 {
			fn(stage, n)
		}
	}
	return rows.Err()
}
