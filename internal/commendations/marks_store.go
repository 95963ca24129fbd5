package commendations

import (
	"context"
	"strconv"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

const markColumns = `id, member_id, member_name, member_org_id, member_path, year, kind, reason, on_date,
	org_id, org_path, org_name, recorded_by, at, revoked_by, revoked_at, revoke_reason`

func scanMark(row interface{ Scan(...any) error }) (Mark, error) {
	var m Mark
	var at, revoked int64
	err := row.Scan(&m.ID, &m.MemberID, &m.MemberName, &m.MemberOrgID, &m.memberPath, &m.Year, &m.Kind, &m.Reason, &m.On,
		&m.OrgID, &m.orgPath, &m.OrgName, &m.RecordedBy, &at, &m.RevokedBy, &revoked, &m.RevokeReason)
	d, _ := disqualifier(m.Kind)
	m.KindLabel, m.RecordedAt, m.Revoked = d.Label, clock.Stamp(at), revoked > 0
	if m.Revoked {
		m.RevokedAt = clock.Stamp(revoked)
	}
	return m, err
}

// mark reads mark id.
func (s *Service) mark(ctx context.Context, q db.Querier, id string) (Mark, error) {
	return scanMark(q.QueryRowContext(ctx, "SELECT "+markColumns+" FROM commendation_marks WHERE id = ?", id))
}

// listMarks lists the marks of the members of the subtree of path, revoked
// ones too, newest first; year and memberID narrow it when set.
func (s *Service) listMarks(ctx context.Context, path string, year int, memberID string) ([]Mark, error) {
	var a db.Args
	a.Add("member_path >= ? AND member_path < ?", path, db.PrefixEnd(path))
	if year != 0 {
		a.Add("year = ?", year)
	}
	if memberID != "" {
		a.Add("member_id = ?", memberID)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+markColumns+" FROM commendation_marks"+a.Where()+
		" ORDER BY at DESC, id DESC", a.Values()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Mark{}
	for rows.Next() {
		m, err := scanMark(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// yearOf reads an optional year parameter ("" is 0).
func yearOf(v string) (int, bool) {
	if v == "" {
		return 0, true
	}
	y, err := strconv.Atoi(v)
	return y, err == nil && y >= firstYear && y <= 9999
}
