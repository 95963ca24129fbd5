package members

import (
	"context"

	"dangjian/internal/platform/db"
)

// Snapshot is a member's stored facts without personal data: what the
// member.* events carry, for derived views that seed themselves from the
// register as it stands (the rollups after a bulk load, which records no
// events).
type Snapshot struct {
	ID, OrgID, OrgPath, Name, Gender, Ethnicity, BirthDate, Education, Category, Status,
	JoinedOn, FullMemberOn, State, EndedKind, EndedOn string
}

// Snapshots pages through every member, ended ones too, by ID after the
// cursor after ("" for the first page).
func (s *Service) Snapshots(ctx context.Context, q db.Querier, after string, limit int) ([]Snapshot, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, org_id, org_path, name, gender, ethnicity, birth_date, education,
		category, status, joined_on, full_member_on, state, ended_kind, ended_on
		FROM members WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Snapshot
	for rows.Next() {
		var m Snapshot
		if err := rows.Scan(&m.ID, &m.OrgID, &m.OrgPath, &m.Name, &m.Gender, &m.Ethnicity, &m.BirthDate,
			&m.Education, &m.Category, &m.Status, &m.JoinedOn, &m.FullMemberOn, &m.State, &m.EndedKind, &m.EndedOn); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
