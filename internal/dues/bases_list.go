package dues

import (
	"context"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/db"
)

// BaseItem is a member of a branch with the base in force and what they
// have declared that waits for the secretary.
type BaseItem struct {
	MemberID   string      `json:"member_id"`
	MemberName string      `json:"member_name"`
	Status     string      `json:"status"`
	JoinedOn   string      `json:"joined_on"`
	Current    *Base       `json:"current"`
	Pending    []Base      `json:"pending"`
	Amount     *AmountView `json:"amount"`
	Missing    bool        `json:"missing"`
}

// yearMonth is the month a year's list is shown for: this month during the
// year, else its nearest month (December of a past year, January of the
// next one).
func yearMonth(year int, now rules.Month) rules.Month {
	return min(max(now, rules.MonthOf(year, 1)), rules.MonthOf(year, 12))
}

// branchBases lists the branch's members for year, by name.
func (s *Service) branchBases(ctx context.Context, branch OrgRef, year int) ([]BaseItem, error) {
	members, err := s.dir.BranchMembers(ctx, branch.ID)
	if err != nil {
		return nil, err
	}
	ref := yearMonth(year, rules.MonthOfTime(s.clk.Now()))
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	mb, err := memberBases(ctx, s.db, ids, ref, year, year)
	if err != nil {
		return nil, err
	}
	as, err := s.assess(ctx, s.db, members, ref)
	if err != nil {
		return nil, err
	}
	out := make([]BaseItem, len(members))
	for i, m := range members {
		out[i] = BaseItem{MemberID: m.ID, MemberName: m.Name, Status: m.Status, JoinedOn: m.JoinedOn,
			Current: mb.current[m.ID], Pending: mb.pendingOf(m.ID), Amount: as[m.ID].view(), Missing: as[m.ID].Missing}
	}
	return out, nil
}

// basesOf is, per member, the base in force and the pending declarations.
type basesOf struct {
	current map[string]*Base
	pending map[string][]Base
}

// pendingOf is never nil, so that it shows as [] rather than null.
func (b basesOf) pendingOf(memberID string) []Base {
	if p := b.pending[memberID]; p != nil {
		return p
	}
	return []Base{}
}

// memberBases reads, for the members ids, the confirmed base in force at
// ref and the pending declarations for the years from..to, oldest first.
func memberBases(ctx context.Context, q db.Querier, ids []string, ref rules.Month, from, to int) (basesOf, error) {
	out := basesOf{current: map[string]*Base{}, pending: map[string][]Base{}}
	err := eachChunk(ids, func(part []string) error {
		in, args := columnIn(q, "member_id", part)
		rows, err := q.QueryContext(ctx, "SELECT "+baseColumns+" FROM dues_bases WHERE "+in+`
			AND ((state = ? AND effective_month <= ?) OR (state = ? AND year BETWEEN ? AND ?))
			ORDER BY declared_at, id`, append(args, baseConfirmed, int(ref), basePending, from, to)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			b, err := scanBase(rows)
			if err != nil {
				return err
			}
			out.add(b)
		}
		return rows.Err()
	})
	return out, err
}

func (b basesOf) add(base Base) {
	if base.State == basePending {
		b.pending[base.MemberID] = append(b.pending[base.MemberID], base)
		return
	}
	if cur := b.current[base.MemberID]; cur == nil || base.fact().newer(cur.fact()) {
		b.current[base.MemberID] = &base
	}
}

func (b Base) fact() baseFact {
	return baseFact{id: b.ID, category: b.Category, baseFen: b.BaseFen, effective: b.effective, decidedAt: b.DecidedAt}
}
