package notify

import (
	"context"
	"sort"

	"dangjian/internal/platform/db"
)

// ancestors lists path and every ancestor path of it, root first:
// "/a/b/" → "/a/", "/a/b/". Org IDs are fixed-width (idWidth).
func ancestors(path string) []string {
	var out []string
	for end := idWidth + 2; end <= len(path); end += idWidth + 1 {
		out = append(out, path[:end])
	}
	return out
}

// parentOf is the path of the org above path ("" for a root).
func parentOf(path string) string {
	if len(path) <= idWidth+2 {
		return ""
	}
	return path[:len(path)-idWidth-1]
}

// addTotals counts new copies in the tallies of their organizations and all
// organizations above them, in one statement per batch.
func addTotals(ctx context.Context, q db.Querier, m Message, fresh []stored) error {
	counts := map[string]int{}
	for _, f := range fresh {
		for _, p := range ancestors(f.To.OrgPath) {
			counts[p]++
		}
	}
	if len(counts) == 0 {
		return nil
	}
	paths := make([]string, 0, len(counts))
	for p := range counts {
		paths = append(paths, p)
	}
	sort.Strings(paths) // a fixed lock order, so two fan-outs cannot deadlock
	args := make([]any, 0, len(paths)*5)
	for _, p := range paths {
		args = append(args, m.SubjectID, m.Kind, p, parentOf(p), counts[p])
	}
	_, err := q.ExecContext(ctx, `INSERT INTO message_tallies (subject_id, kind, org_path, parent_path, total)
		VALUES `+db.Rows(len(paths), 5)+` ON CONFLICT (subject_id, kind, org_path)
		DO UPDATE SET total = message_tallies.total + excluded.total`, args...)
	return err
}

// bump adds one to a read or ack count for a subject along the reader's
// org path (no rows when the subject keeps no tallies).
func bump(ctx context.Context, q db.Querier, column, kind, subjectID, orgPath string) error {
	paths := ancestors(orgPath)
	if len(paths) == 0 {
		return nil
	}
	args := append([]any{subjectID, kind}, db.Strings(paths)...)
	_, err := q.ExecContext(ctx, "UPDATE message_tallies SET "+column+" = "+column+
		" + 1 WHERE subject_id = ? AND kind = ? AND org_path IN ("+db.Placeholders(len(paths))+")", args...)
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

// Tallies gives the receipts of a subject under path: whole for the subtree,
// and byOrg one entry per child organization (with its subtree) plus, under
// path's own ID, the members of path itself when there are any.
func (s *Service) Tallies(ctx context.Context, kind, subjectID, path string) (whole Tally, byOrg []Tally, err error) {
	own, err := s.tallyRows(ctx, "org_path = ?", kind, subjectID, path)
	if err != nil || len(own) == 0 {
		return whole, nil, err
	}
	whole = own[0]
	byOrg, err = s.tallyRows(ctx, "parent_path = ?", kind, subjectID, path)
	direct := whole
	for _, c := range byOrg {
		direct.Total, direct.Read, direct.Acked = direct.Total-c.Total, direct.Read-c.Read, direct.Acked-c.Acked
	}
	if direct.Total > 0 {
		byOrg = append(byOrg, direct)
	}
	sort.Slice(byOrg, func(i, j int) bool { return byOrg[i].OrgID < byOrg[j].OrgID })
	return whole, byOrg, err
}

func (s *Service) tallyRows(ctx context.Context, cond, kind, subjectID, path string) ([]Tally, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT org_path, total, read_count, ack_count FROM message_tallies WHERE subject_id = ? AND kind = ? AND "+cond,
		subjectID, kind, path)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Tally
	for rows.Next() {
		var p string
		var t Tally
		if err := rows.Scan(&p, &t.Total, &t.Read, &t.Acked); err != nil {
			return nil, err
		}
		t.OrgID = lastID(p)
		out = append(out, t)
	}
	return out, rows.Err()
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
