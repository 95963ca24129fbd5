package development

import (
	"context"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// addAt adds delta to the rollup table's row (org, key) at every org of
// path, the org itself and each ancestor (a path lists them root first, so
// concurrent writers lock the rows in the same order).
func addAt(ctx context.Context, q db.Querier, table, keyCol, path string, key, delta int) error {
	return addTo(ctx, q, table, keyCol, settings.PathIDs(path), key, delta)
}

// addTo adds delta to the rollup table's row (org, key) of each of orgIDs,
// in their order.
func addTo(ctx context.Context, q db.Querier, table, keyCol string, orgIDs []string, key, delta int) error {
	if len(orgIDs) == 0 || delta == 0 {
		return nil
	}
	args := make([]any, 0, 3*len(orgIDs))
	for _, id := range orgIDs {
		args = append(args, id, key, delta)
	}
	_, err := q.ExecContext(ctx, "INSERT INTO "+table+" (org_id, "+keyCol+", n) VALUES "+db.Rows(len(orgIDs), 3)+
		" ON CONFLICT (org_id, "+keyCol+") DO UPDATE SET n = "+table+".n + excluded.n", args...)
	return err
}

// countChange keeps dev_stage_counts in step with a file going from before
// to after (a new file: before is the zero row): out of its old stage, into
// its new one, while it is in progress.
func countChange(ctx context.Context, q db.Querier, before, after fileRow) error {
	was, is := inProgress(before.State), inProgress(after.State)
	if was && is && before.Stage == after.Stage && before.OrgPath == after.OrgPath {
		return nil
	}
	if was {
		if err := addAt(ctx, q, "dev_stage_counts", "stage", before.OrgPath, before.Stage, -1); err != nil {
			return err
		}
	}
	if is {
		return addAt(ctx, q, "dev_stage_counts", "stage", after.OrgPath, after.Stage, +1)
	}
	return nil
}

// countAdmitted adds an approved admission to its year at every org of path.
func countAdmitted(ctx context.Context, q db.Querier, path string, year int) error {
	return addAt(ctx, q, "dev_admitted", "year", path, year, +1)
}
