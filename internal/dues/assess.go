package dues

import (
	"context"
	"slices"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/db"
)

// Assessment is what a member owes for a month by the rules: their category
// and base in force, and the amount with its rule text. Missing means no
// confirmed base applies yet (未申报基数): nothing can be charged.
type Assessment struct {
	Category rules.Category
	BaseFen  int64
	Amount   rules.Amount
	Missing  bool
}

// idsPerQuery bounds a list of IDs in one query, well below SQLite's
// parameter limit, so a caller's chunk of members costs one query a table.
const idsPerQuery = 5000

// assess works out month m for members in bulk: one query for their bases,
// one for their hardship decisions and one for the settings of all their
// branches, whatever the number of members (the monthly posting calls it
// with chunks of thousands).
func (s *Service) assess(ctx context.Context, q db.Querier, members []Member, m rules.Month) (map[string]Assessment, error) {
	ids := make([]string, len(members))
	for i, mb := range members {
		ids[i] = mb.ID
	}
	bases, err := basesInForce(ctx, q, ids, m)
	if err != nil {
		return nil, err
	}
	hards, err := hardshipsInForce(ctx, q, ids, m)
	if err != nil {
		return nil, err
	}
	opts, err := s.optionsAt(ctx, q, members)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Assessment, len(members))
	for _, mb := range members {
		b, ok := bases[mb.ID]
		if !ok {
			out[mb.ID] = Assessment{Missing: true}
			continue
		}
		opt := opts[mb.OrgPath]
		var h *rules.Hardship
		if hd, ok := hards[mb.ID]; ok {
			h = &hd
		}
		amt, err := rules.Monthly(b.category, b.baseFen, opt, h)
		if err != nil {
			return nil, err
		}
		out[mb.ID] = Assessment{Category: b.category, BaseFen: b.baseFen, Amount: amt}
	}
	return out, nil
}

// optionsAt are the amount options at each of the members' org paths.
func (s *Service) optionsAt(ctx context.Context, q db.Querier, members []Member) (map[string]rules.Options, error) {
	var paths []string
	for _, mb := range members {
		paths = append(paths, mb.OrgPath)
	}
	vals, err := settingsCatalog.ResolveAll(ctx, q, slices.Compact(slices.Sorted(slices.Values(paths))))
	out := make(map[string]rules.Options, len(vals))
	for p, v := range vals {
		out[p] = options(v)
	}
	return out, err
}

// baseFact is a confirmed base as resolution sees it.
type baseFact struct {
	id        string
	category  rules.Category
	baseFen   int64
	effective rules.Month
	decidedAt int64
}

// newer orders bases by effective month, then by when they were confirmed
// (the later confirmation of the same month corrects the earlier one).
func (b baseFact) newer(than baseFact) bool {
	if b.effective != than.effective {
		return b.effective > than.effective
	}
	if b.decidedAt != than.decidedAt {
		return b.decidedAt > than.decidedAt
	}
	return b.id > than.id
}

// basesInForce is the newest confirmed base with effective month ≤ m of
// each of the members ids that has one.
func basesInForce(ctx context.Context, q db.Querier, ids []string, m rules.Month) (map[string]baseFact, error) {
	out := map[string]baseFact{}
	err := eachChunk(ids, func(part []string) error {
		in, args := columnIn(q, "member_id", part)
		rows, err := q.QueryContext(ctx, `SELECT member_id, id, category, base_fen, effective_month, decided_at
			FROM dues_bases WHERE `+in+` AND state = 'confirmed' AND effective_month <= ?`, append(args, int(m))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var member string
			var b baseFact
			if err := rows.Scan(&member, &b.id, &b.category, &b.baseFen, &b.effective, &b.decidedAt); err != nil {
				return err
			}
			if cur, ok := out[member]; !ok || b.newer(cur) {
				out[member] = b
			}
		}
		return rows.Err()
	})
	return out, err
}

// hardshipsInForce is the approved hardship decision covering month m of
// each of the members ids that has one (the latest approved, should two
// overlap).
func hardshipsInForce(ctx context.Context, q db.Querier, ids []string, m rules.Month) (map[string]rules.Hardship, error) {
	out := map[string]rules.Hardship{}
	decided := map[string]int64{}
	err := eachChunk(ids, func(part []string) error {
		in, args := columnIn(q, "member_id", part)
		rows, err := q.QueryContext(ctx, `SELECT member_id, kind, reduced_fen, decided_at FROM dues_hardships
			WHERE `+in+` AND state = 'approved' AND from_month <= ? AND to_month >= ?`, append(args, int(m), int(m))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var member, kind string
			var reduced, at int64
			if err := rows.Scan(&member, &kind, &reduced, &at); err != nil {
				return err
			}
			if prev, ok := decided[member]; !ok || at > prev {
				decided[member] = at
				out[member] = rules.Hardship{Exempt: kind == hardshipExempt, ReducedFen: reduced}
			}
		}
		return rows.Err()
	})
	return out, err
}

// columnIn is the condition "column is one of ids" with its arguments: one
// array parameter on PostgreSQL, bound at once however many IDs; a list of
// parameters on SQLite.
func columnIn(q db.Querier, column string, ids []string) (string, []any) {
	if q.Dialect() == db.Postgres {
		return column + " = ANY(?::text[])", []any{ids}
	}
	return column + " IN (" + db.Placeholders(len(ids)) + ")", db.Strings(ids)
}

// eachChunk calls fn with consecutive parts of ids of at most idsPerQuery.
func eachChunk(ids []string, fn func(part []string) error) error {
	for start := 0; start < len(ids); start += idsPerQuery {
		if err := fn(ids[start:min(start+idsPerQuery, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

// AmountView is an amount as the API shows it.
type AmountView struct {
	Fen    int64  `json:"fen"`
	RateBP int    `json:"rate_bp"`
	Rule   string `json:"rule"`
}

// view is the assessment's amount for the API: null when the base is missing.
func (a Assessment) view() *AmountView {
	if a.Missing {
		return nil
	}
	return &AmountView{Fen: a.Amount.Fen, RateBP: a.Amount.RateBP, Rule: a.Amount.Rule}
}
