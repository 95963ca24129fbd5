package members

import (
	"context"

	"dangjian/internal/platform/db"
)

// Person is an active member with the status other capabilities' rules
// depend on (who has a vote, who may be graded).
type Person struct {
	ID, Name, OrgID, OrgPath, Status string
	JoinedOn                         string // YYYY-MM-DD
}

// PeopleIn lists the active members directly in the org at orgPath, by name.
func (s *Service) PeopleIn(ctx context.Context, orgPath string) ([]Person, error) {
	return s.people(ctx, "WHERE state = ? AND org_path = ? ORDER BY name, id", StateActive, orgPath)
}

// People returns the active members among ids.
func (s *Service) People(ctx context.Context, ids []string) ([]Person, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := append([]any{StateActive}, db.Strings(ids)...)
	return s.people(ctx, "WHERE state = ? AND id IN ("+db.Placeholders(len(ids))+") ORDER BY name, id", args...)
}

// PeopleUnder pages through the active members under path (itself
// included) in (org_path, name, id) order — the order of the members_tree
// index — after the given member, at most limit of them. A zero after starts
// at the beginning.
func (s *Service) PeopleUnder(ctx context.Context, path string, after Person, limit int) ([]Person, error) {
	return s.people(ctx, "WHERE state = ? AND org_path >= ? AND org_path < ? AND (org_path, name, id) > (?, ?, ?)"+
		" ORDER BY org_path, name, id LIMIT ?", StateActive, path, db.PrefixEnd(path), after.OrgPath, after.Name, after.ID, limit)
}

func (s *Service) people(ctx context.Context, where string, args ...any) ([]Person, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, name, org_id, org_path, status, joined_on FROM members "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.ID, &p.Name, &p.OrgID, &p.OrgPath, &p.Status, &p.JoinedOn); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
