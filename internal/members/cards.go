package members

import (
	"context"

	"dangjian/internal/platform/db"
)

// Lists of active members as cards, for the capabilities that build on the
// register (elections, points, assessment, commendations). Each is one
// range of the members_tree index.

// FullMembersUnder lists the active full members under path (itself
// included): those with a vote at an election (选举条例).
func (s *Service) FullMembersUnder(ctx context.Context, q db.Querier, path string) ([]Card, error) {
	return cards(ctx, q, "org_path >= ? AND org_path < ? AND status = ?", path, db.PrefixEnd(path), StatusFull)
}

// CardsUnder lists the active members under path (itself included).
func (s *Service) CardsUnder(ctx context.Context, q db.Querier, path string) ([]Card, error) {
	return cards(ctx, q, "org_path >= ? AND org_path < ?", path, db.PrefixEnd(path))
}

// CardsIn lists the active members directly in the org at path.
func (s *Service) CardsIn(ctx context.Context, q db.Querier, path string) ([]Card, error) {
	return cards(ctx, q, "org_path = ?", path)
}

// FullSince lists the active members under path who became full members
// on or before cutoff (party age counts from 转正: the 光荣在党50年 list).
func (s *Service) FullSince(ctx context.Context, q db.Querier, path, cutoff string) ([]Card, error) {
	return cards(ctx, q, "org_path >= ? AND org_path < ? AND full_member_on <> '' AND full_member_on <= ?",
		path, db.PrefixEnd(path), cutoff)
}

func cards(ctx context.Context, q db.Querier, where string, args ...any) ([]Card, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, org_id, org_path, status, joined_on, full_member_on, id_number_masked
		FROM members WHERE state = ? AND `+where+` ORDER BY org_path, name, id`, append([]any{StateActive}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Card
	for rows.Next() {
		c := Card{Active: true}
		if err := rows.Scan(&c.ID, &c.Name, &c.OrgID, &c.OrgPath, &c.Status, &c.JoinedOn, &c.FullMemberOn, &c.IDMasked); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// HistoryIn is a member's history (History without the caller's scope
// check), for the member archive, which checks scope itself; ended members
// included.
func (s *Service) HistoryIn(ctx context.Context, q db.Querier, id string) ([]HistoryItem, error) {
	r, err := getRecord(ctx, q, id)
	if err != nil {
		return nil, err
	}
	return s.historyOf(ctx, r)
}
