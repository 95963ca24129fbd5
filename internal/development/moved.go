package development

import (
	"context"
	"maps"
	"slices"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/settings"
)

// Subscribe connects development to the org tree: an org moved elsewhere
// (orgs' "org.moved") takes its subtree's files and their counts with it.
func (s *Service) Subscribe(x *outbox.Dispatcher) {
	x.Subscribe("development.org_moved", "org.moved", s.onOrgMoved)
}

// onOrgMoved rewrites the org paths of the files under the moved org's old
// path and moves what exactly those files add to the rollups (in progress
// by stage, admissions by year) from the old ancestors outside the subtree
// to the new ones, in one transaction. Counts of orgs inside the subtree
// stay valid. The dispatcher may deliver the event again: by then no file
// is left under the old path, so nothing changes; a file opened under the
// new path meanwhile was counted there already and is not touched.
func (s *Service) onOrgMoved(ctx context.Context, e outbox.Delivered) error {
	oldPath, newPath, ok := outbox.MovedPaths(e)
	if !ok {
		return nil
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := moveFiles(ctx, tx, oldPath, newPath)
		if err != nil {
			return err
		}
		gone, joined := outsideAncestors(oldPath, newPath)
		for _, c := range []struct {
			table, keyCol string
			n             map[int]int
		}{{"dev_stage_counts", "stage", m.stages}, {"dev_admitted", "year", m.admitted}} {
			for _, key := range slices.Sorted(maps.Keys(c.n)) {
				if err := addTo(ctx, tx, c.table, c.keyCol, gone, key, -c.n[key]); err != nil {
					return err
				}
				if err := addTo(ctx, tx, c.table, c.keyCol, joined, key, c.n[key]); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// outsideAncestors are the moved org's ancestors it left and those it
// joined; the ones it kept lose and regain the same files, so they are
// left alone.
func outsideAncestors(oldPath, newPath string) (gone, joined []string) {
	o, n := settings.PathIDs(oldPath), settings.PathIDs(newPath)
	o, n = o[:len(o)-1], n[:len(n)-1]
	i := 0
	for i < len(o) && i < len(n) && o[i] == n[i] {
		i++
	}
	return o[i:], n[i:]
}

// movedFiles is what the rewritten files add to the rollups: files in
// progress by stage, admissions approved (step 17) by year.
type movedFiles struct{ stages, admitted map[int]int }

// moveFiles rewrites the paths under oldPath to newPath and returns what
// the rewritten rows count for, read from the rows as updated (locked), so
// a step recorded concurrently is counted on the side it was recorded on.
func moveFiles(ctx context.Context, tx *db.Tx, oldPath, newPath string) (movedFiles, error) {
	m := movedFiles{stages: map[int]int{}, admitted: map[int]int{}}
	rows, err := tx.QueryContext(ctx, `UPDATE dev_files SET org_path = CAST(? AS TEXT) || substr(org_path, ?)
		WHERE org_path >= ? AND org_path < ?
		RETURNING state, stage, COALESCE((SELECT MIN(s.on_date) FROM dev_steps s
			WHERE s.file_id = dev_files.id AND s.step_no = ? AND s.failed = 0), '')`,
		newPath, len(oldPath)+1, oldPath, db.PrefixEnd(oldPath), rules.StepAdmission)
	if err != nil {
		return m, err
	}
	defer rows.Close()
	for rows.Next() {
		var state, approved string
		var stage int
		if err := rows.Scan(&state, &stage, &approved); err != nil {
			return m, err
		}
		if inProgress(state) {
			m.stages[stage]++
		}
		if approved != "" {
			m.admitted[day(approved).Year()]++
		}
	}
	return m, rows.Err()
}
