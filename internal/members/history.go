package members

import (
	"cmp"
	"context"
	"slices"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// HistoryItem is one entry of a member's history (api.md). At is null for
// entries derived from the record (admission, positions) rather than
// logged when they happened.
type HistoryItem struct {
	ID        string  `json:"id"`
	Kind      string  `json:"kind"`
	On        string  `json:"on"`
	At        *string `json:"at"`
	ActorName string  `json:"actor_name"`
	Detail    string  `json:"detail"`
	Reason    string  `json:"reason"`
}

// History returns a member's history, newest first: the logged events,
// the admission (入党) and 转正 from the record, and the positions held.
func (s *Service) History(ctx context.Context, id string) ([]HistoryItem, error) {
	r, err := s.visible(ctx, s.db, id, authz.MemberRead)
	if err != nil {
		return nil, err
	}
	return s.historyOf(ctx, r)
}

// historyOf is the history of a record the caller has been allowed to see.
func (s *Service) historyOf(ctx context.Context, r record) ([]HistoryItem, error) {
	items, err := storedHistory(ctx, s.db, r.ID)
	if err != nil {
		return nil, err
	}
	items = append(items, derivedHistory(r, items)...)
	posts, err := s.orgs.PositionsOf(ctx, s.db, r.ID)
	if err != nil {
		return nil, err
	}
	items = append(items, positionHistory(posts)...)
	slices.SortStableFunc(items, func(a, b HistoryItem) int {
		if c := cmp.Compare(b.On, a.On); c != 0 {
			return c
		}
		return cmp.Compare(deref(b.At), deref(a.At))
	})
	return items, nil
}

func storedHistory(ctx context.Context, q db.Querier, memberID string) ([]HistoryItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, on_date, at, actor_name, detail, reason
		FROM member_events WHERE member_id = ? ORDER BY at DESC, id DESC`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := []HistoryItem{}
	for rows.Next() {
		var it HistoryItem
		var at int64
		if err := rows.Scan(&it.ID, &it.Kind, &it.On, &at, &it.ActorName, &it.Detail, &it.Reason); err != nil {
			return nil, err
		}
		ts := clock.Stamp(at)
		it.At = &ts
		items = append(items, it)
	}
	return items, rows.Err()
}

// derivedHistory adds 入党 from joined_on, and 转正 from full_member_on
// unless a became_full entry was logged.
func derivedHistory(r record, logged []HistoryItem) []HistoryItem {
	out := []HistoryItem{{ID: r.ID + "-admitted", Kind: kindAdmitted, On: r.JoinedOn, Detail: "入党"}}
	if r.FullMemberOn == "" || r.Status != StatusFull {
		return out
	}
	for _, it := range logged {
		if it.Kind == kindBecameFull {
			return out
		}
	}
	return append(out, HistoryItem{ID: r.ID + "-became-full", Kind: kindBecameFull, On: r.FullMemberOn, Detail: "转为正式党员"})
}

// positionHistory turns positions (职务, kept by orgs) into entries.
func positionHistory(posts []orgs.Position) []HistoryItem {
	var out []HistoryItem
	for _, p := range posts {
		out = append(out, HistoryItem{ID: p.ID + "-start", Kind: kindPosStarted, On: p.StartOn,
			Detail: "任「" + p.OrgName + "」" + p.TitleLabel})
		if p.EndOn != "" {
			out = append(out, HistoryItem{ID: p.ID + "-end", Kind: kindPosEnded, On: p.EndOn,
				Detail: "卸任「" + p.OrgName + "」" + p.TitleLabel})
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
