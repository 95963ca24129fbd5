package auth

import (
	"context"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
)

// Administrator is an enabled account holding an administering role at an
// org, as the message center addresses it: by its member when it has one.
type Administrator struct {
	AccountID string
	MemberID  string
	Name      string
}

// Addressee is the ID messages to the account are addressed to.
func (a Administrator) Addressee() string {
	if a.MemberID != "" {
		return a.MemberID
	}
	return a.AccountID
}

// Administrators lists the enabled accounts holding one of roles exactly at
// orgID (who should hear about that org's affairs, e.g. its term ending).
func (s *Service) Administrators(ctx context.Context, orgID string, roles ...authz.Role) ([]Administrator, error) {
	if len(roles) == 0 {
		return nil, nil
	}
	args := []any{orgID}
	for _, r := range roles {
		args = append(args, string(r))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT a.id, a.member_id, a.display_name FROM role_grants g
		JOIN accounts a ON a.id = g.account_id
		WHERE g.org_id = ? AND g.role IN (`+db.Placeholders(len(roles))+`) AND a.disabled = 0 ORDER BY a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Administrator
	for rows.Next() {
		var a Administrator
		if err := rows.Scan(&a.AccountID, &a.MemberID, &a.Name); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DisplayNames maps account IDs to display names (unknown IDs left out).
func (s *Service) DisplayNames(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id, display_name FROM accounts WHERE id IN ("+db.Placeholders(len(ids))+")", db.Strings(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}
