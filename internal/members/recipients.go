package members

import (
	"context"

	"dangjian/internal/platform/db"
)

// Recipient is an active member as the message center addresses them.
type Recipient struct {
	ID, Name, OrgID, OrgPath string
}

// RecipientsAfter streams the active members under path, up to limit, after
// the member (afterPath, afterName, afterID), in the members_tree index order
// so each batch is an index range rather than a sort of the subtree.
func (s *Service) RecipientsAfter(ctx context.Context, path, afterPath, afterName, afterID string, limit int) ([]Recipient, error) {
	from := max(path, afterPath)
	return s.recipients(ctx, `WHERE state = ? AND org_path >= ? AND org_path < ?
		AND (org_path > ? OR (org_path = ? AND (name > ? OR (name = ? AND id > ?))))
		ORDER BY org_path, name, id LIMIT ?`,
		StateActive, from, db.PrefixEnd(path), afterPath, afterPath, afterName, afterName, afterID, limit)
}

// ActiveRecipients returns the active members among ids.
func (s *Service) ActiveRecipients(ctx context.Context, ids []string) ([]Recipient, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := append([]any{StateActive}, db.Strings(ids)...)
	return s.recipients(ctx, "WHERE state = ? AND id IN ("+db.Placeholders(len(ids))+") ORDER BY org_path, id", args...)
}

func (s *Service) recipients(ctx context.Context, where string, args ...any) ([]Recipient, error) {
	list, err := s.people(ctx, where, args...)
	out := make([]Recipient, len(list))
	for i, p := range list {
		out[i] = Recipient{ID: p.ID, Name: p.Name, OrgID: p.OrgID, OrgPath: p.OrgPath}
	}
	return out, err
}

// Phone is a member's mobile number for an SMS the member is sent (the
// purpose it was collected for; not a reveal to a person, so not audited).
// "" for an unknown or ended member.
func (s *Service) Phone(ctx context.Context, id string) (string, error) {
	var sealed string
	err := s.db.QueryRowContext(ctx, "SELECT phone_sealed FROM members WHERE id = ? AND state = ?", id, StateActive).Scan(&sealed)
	if db.IsNoRows(err) || (err == nil && sealed == "") {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return s.prot.Open(fieldPhone, sealed)
}

// MemberNames maps member IDs to names, ended members included (unknown IDs
// are left out).
func (s *Service) MemberNames(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := s.recipients(ctx, "WHERE id IN ("+db.Placeholders(len(ids))+")", db.Strings(ids)...)
	for _, r := range list {
		out[r.ID] = r.Name
	}
	return out, err
}
