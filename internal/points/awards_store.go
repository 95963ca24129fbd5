package points

import (
	"context"
	"strings"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

const awardColumns = `id, org_id, org_path, member_id, member_name, points, on_date, reason, file_ids, state,
	requested_by, requested_by_name, requested_at, decided_by_name, decided_at, decision_note`

func scanAward(sc interface{ Scan(...any) error }) (Award, error) {
	var a Award
	var fileIDs string
	var requested, decided int64
	err := sc.Scan(&a.ID, &a.OrgID, &a.hidden.orgPath, &a.MemberID, &a.MemberName, &a.Points, &a.On, &a.Reason,
		&fileIDs, &a.State, &a.hidden.requestedByID, &a.RequestedBy, &requested, &a.DecidedBy, &decided, &a.DecisionNote)
	if fileIDs != "" {
		a.hidden.fileIDs = strings.Split(fileIDs, ",")
	}
	a.StateLabel, a.RequestedAt, a.DecidedAt = stateLabels[a.State], clock.Stamp(requested), clock.Stamp(decided)
	return a, err
}

// loadAward reads an award (db.ErrNoRows when unknown); lock is the row
// lock clause of a transaction, or "".
func loadAward(ctx context.Context, q db.Querier, id, lock string) (Award, error) {
	return scanAward(q.QueryRowContext(ctx, "SELECT "+awardColumns+" FROM points_awards WHERE id = ?"+lock, id))
}

// maxAwardList bounds an award list: the newest requests first.
const maxAwardList = 500

// listAwards reads the awards requested in the subtree of path, newest
// first, in one state or all ("").
func listAwards(ctx context.Context, q db.Querier, path, state string) ([]Award, error) {
	var a db.Args
	a.Add("org_path >= ?", path)
	a.Add("org_path < ?", db.PrefixEnd(path))
	if state != "" {
		a.Add("state = ?", state)
	}
	rows, err := q.QueryContext(ctx, "SELECT "+awardColumns+" FROM points_awards"+a.Where()+
		" ORDER BY requested_at DESC, id DESC LIMIT ?", append(a.Values(), maxAwardList)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Award{}
	for rows.Next() {
		aw, err := scanAward(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, aw)
	}
	return out, rows.Err()
}

// describe fills in the org names and the evidence files' names.
func (s *Service) describe(ctx context.Context, list []Award) error {
	var fileIDs []string
	orgNames := map[string]string{}
	for _, a := range list {
		fileIDs = append(fileIDs, a.hidden.fileIDs...)
		orgNames[a.OrgID] = ""
	}
	for id := range orgNames {
		o, err := s.dir.Org(ctx, s.db, id)
		if err != nil && !db.IsNoRows(err) {
			return err
		}
		orgNames[id] = o.Name
	}
	infos, err := s.files.Infos(ctx, s.db, fileIDs)
	if err != nil {
		return err
	}
	for i := range list {
		a := &list[i]
		a.OrgName, a.Files = orgNames[a.OrgID], []FileRef{}
		for _, id := range a.hidden.fileIDs {
			if f, ok := infos[id]; ok {
				a.Files = append(a.Files, FileRef{ID: f.ID, Name: f.Name})
			}
		}
	}
	return nil
}
