package notify

import (
	"context"
	"sort"

	"dangjian/internal/platform/db"
)

// addTotals counts new copies in their organizations' tallies, one upsert
// per organization in the batch.
func addTotals(ctx context.Context, q db.Querier, m Message, fresh []stored) error {
	type org struct {
		path string
		n    int
	}
	byOrg := map[string]*org{}
	for _, f := range fresh {
		if f.To.OrgID == "" {
			continue
		}
		o := byOrg[f.To.OrgID]
		if o == nil {
			o = &org{path: f.To.OrgPath}
			byOrg[f.To.OrgID] = o
		}
		o.n++
	}
	keys := make([]string, 0, len(byOrg))
	for k := range byOrg {
		keys = append(keys, k)
	}
	sort.Strings(keys) // a fixed lock order, so two fan-outs cannot deadlock
	for _, id := range keys {
		o := byOrg[id]
		if _, err := q.ExecContext(ctx, `INSERT INTO message_tallies (subject_id, kind, org_id, org_path, total)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (subject_id, kind, org_id)
			DO UPDATE SET total = message_tallies.total + excluded.total`,
			m.SubjectID, m.Kind, id, o.path, o.n); err != nil {
			return err
		}
	}
	return nil
}

// bump adds to one organization's read or ack count for a subject, if the
// subject keeps tallies (no row: nothing to count).
func bump(ctx context.Context, q db.Querier, column, kind, subjectID, orgID string) error {
	_, err := q.ExecContext(ctx, "UPDATE message_tallies SET "+column+" = "+column+
		" + 1 WHERE subject_id = ? AND kind = ? AND org_id = ?", subjectID, kind, orgID)
	return err
}

// Tally is the receipt count of one organization (with its subtree).
type Tally struct {
	OrgID string `json:"org_id"`
	Total int64  `json:"total"`
	Read  int64  `json:"read"`
	Acked int64  `json:"acked"`
}

// Unread is how many have not read.
func (t Tally) Unread() int64 { return t.Total - t.Read }

// Tallies sums the receipts of a subject under path, once for path itself
// ("" OrgID: the whole subtree) and once per child organization of path
// (including what the child's subtree received). Members of path itself
// appear under path's own ID. Org paths are fixed-width segments
// ("/" + 26-character ID), so a child is a prefix of known length.
func (s *Service) Tallies(ctx context.Context, kind, subjectID, path string) (whole Tally, byOrg []Tally, err error) {
	childLen := len(path) + idWidth + 1
	rows, err := s.db.QueryContext(ctx, `SELECT substr(org_path, 1, ?), SUM(total), SUM(read_count), SUM(ack_count)
		FROM message_tallies WHERE subject_id = ? AND kind = ? AND org_path >= ? AND org_path < ?
		GROUP BY 1`, childLen, subjectID, kind, path, db.PrefixEnd(path))
	if err != nil {
		return whole, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var t Tally
		if err := rows.Scan(&key, &t.Total, &t.Read, &t.Acked); err != nil {
			return whole, nil, err
		}
		whole.Total, whole.Read, whole.Acked = whole.Total+t.Total, whole.Read+t.Read, whole.Acked+t.Acked
		t.OrgID = lastID(key)
		byOrg = append(byOrg, t)
	}
	sort.Slice(byOrg, func(i, j int) bool { return byOrg[i].OrgID < byOrg[j].OrgID })
	return whole, byOrg, rows.Err()
}

// idWidth is the length of an org ID inside a path (see package ids).
const idWidth = 26

// lastID is the last org ID of a path "/a/b/".
func lastID(path string) string {
	if len(path) < idWidth+2 {
		return ""
	}
	return path[len(path)-idWidth-1 : len(path)-1]
}
