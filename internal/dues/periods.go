package dues

import (
	"context"
	"fmt"
	"strings"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// Money is an accounting period's dues at an org (两级收缴): what it
// collected from its members and received from its lower orgs, what it
// keeps and what it passes up. Centre is the part that goes wholly to the
// Centre (voluntary payments of ¥1,000 or more, its own and its lower
// orgs'): it is passed up whole and never shared.
type Money struct {
	CollectedFen int64 `json:"collected_fen"`
	ReceivedFen  int64 `json:"received_fen"`
	RetainedFen  int64 `json:"retained_fen"`
	RemittedFen  int64 `json:"remitted_fen"`
	CentreFen    int64 `json:"centre_fen"`
}

func (m *Money) add(o Money) {
	m.CollectedFen += o.CollectedFen
	m.ReceivedFen += o.ReceivedFen
	m.RetainedFen += o.RetainedFen
	m.RemittedFen += o.RemittedFen
	m.CentreFen += o.CentreFen
}

// Closed is the result of closing a period.
type Closed struct {
	Period string `json:"period"`
	Money
	Remittance *Remittance `json:"remittance"`
}

// orgKindGroup is a 党小组: its members' dues are the branch's.
const orgKindGroup = "group"

// inflow is what came into an org in one period, before sharing.
type inflow struct{ collected, received, centre int64 }

// settle shares an inflow: the org keeps bp of what is its to share (all
// but the Centre's part) and passes up the rest with the Centre's part.
func settle(in inflow, bp int, r rules.Rounding) Money {
	retained := rules.Share(in.collected+in.received-in.centre, bp, r)
	return Money{CollectedFen: in.collected, ReceivedFen: in.received, RetainedFen: retained,
		RemittedFen: in.collected + in.received - retained, CentreFen: in.centre}
}

// shareOf is the org's retention in basis points and the rounding of its
// subtree. The root has no upper org in the system and keeps everything but
// the Centre's part (its 5% to the Centre is reckoned yearly, see Statement).
func (s *Service) shareOf(ctx context.Context, q db.Querier, org OrgRef) (int, rules.Rounding, error) {
	v, err := s.values(ctx, q, org.Path)
	if err != nil {
		return 0, "", err
	}
	r := rules.Rounding(v.String(keyRounding))
	switch {
	case org.ParentID == "":
		return 10000, r, nil
	case org.IsBranch():
		return shareBP(v, keyBranchShare), r, nil
	}
	return shareBP(v, keyCommitteeShare), r, nil
}

// inflows sums the org's entries and confirmed receipts of periods from..to.
// Every entry counts at its paid amount — payments, voluntary payments and
// the reversals of either (negative) — in the period it was recorded in.
func inflows(ctx context.Context, q db.Querier, orgID string, from, to rules.Month) (map[rules.Month]inflow, error) {
	out := map[rules.Month]inflow{}
	add := func(query string, fn func(in *inflow, a, b int64)) error {
		rows, err := q.QueryContext(ctx, query, orgID, int(from), int(to))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p int
			var a, b int64
			if err := rows.Scan(&p, &a, &b); err != nil {
				return err
			}
			in := out[rules.Month(p)]
			fn(&in, a, b)
			out[rules.Month(p)] = in
		}
		return rows.Err()
	}
	if err := add(`SELECT period, COALESCE(SUM(paid_fen), 0), COALESCE(SUM(CASE WHEN to_centre = 1 THEN paid_fen ELSE 0 END), 0)
		FROM dues_entries WHERE org_id = ? AND period BETWEEN ? AND ? GROUP BY period`,
		func(in *inflow, paid, centre int64) { in.collected += paid; in.centre += centre }); err != nil {
		return nil, err
	}
	err := add(`SELECT counted_period, COALESCE(SUM(remitted_fen), 0), COALESCE(SUM(centre_fen), 0)
		FROM dues_remittances WHERE to_org_id = ? AND state = 'confirmed' AND counted_period BETWEEN ? AND ?
		GROUP BY counted_period`,
		func(in *inflow, remitted, centre int64) { in.received += remitted; in.centre += centre })
	return out, err
}

// Close closes org's period p and, below the root, sends the upper org its
// remittance. Afterwards nothing more lands in p: later entries and
// confirmations go to a later period, so the statement of p never changes.
func (s *Service) Close(ctx context.Context, org OrgRef, p rules.Month) (Closed, error) {
	now := s.clk.Now()
	switch {
	case org.Kind == orgKindGroup:
		return Closed{}, httpx.Conflict("group_not_closing", "党小组不单独结账，党费由所在党支部结账")
	case p > rules.MonthOfTime(now):
		return Closed{}, httpx.Conflict("period_not_begun", p.Label()+"尚未开始，不能结账")
	}
	out := Closed{Period: p.String()}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		// Entries and confirmations take the same lock, so none slips into p
		// between the sums below and the commit.
		if _, err := s.lockChains(ctx, tx, []string{org.ID}); err != nil {
			return err
		}
		if err := s.checkClosable(ctx, tx, org, p); err != nil {
			return err
		}
		in, err := inflows(ctx, tx, org.ID, p, p)
		if err != nil {
			return err
		}
		bp, rounding, err := s.shareOf(ctx, tx, org)
		if err != nil {
			return err
		}
		out.Money = settle(in[p], bp, rounding)
		if _, err := tx.ExecContext(ctx, `INSERT INTO dues_periods (org_id, period, org_path, collected_fen,
			received_fen, retain_bp, retained_fen, remitted_fen, centre_fen, closed_at, closed_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, org.ID, int(p), org.Path, out.CollectedFen, out.ReceivedFen,
			bp, out.RetainedFen, out.RemittedFen, out.CentreFen, now.UnixMilli(), authz.ActorName(ctx, "系统")); err != nil {
			return err
		}
		if org.ParentID != "" {
			rem := Remittance{ID: ids.At(now), FromOrgID: org.ID, ToOrgID: org.ParentID, Period: p.String(), period: p,
				Money: out.Money, RetainBP: bp, State: stateSent, SentAt: now.UnixMilli(), SentBy: authz.ActorName(ctx, "系统")}
			if err := insertRemittance(ctx, tx, org.Path, rem); err != nil {
				return err
			}
			out.Remittance = &rem
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "dues.period.close", TargetType: "org",
			TargetID: org.ID, After: out})
	})
	if err != nil || out.Remittance == nil {
		return out, err
	}
	list := []Remittance{*out.Remittance}
	err = s.nameRemittances(ctx, list)
	out.Remittance = &list[0]
	return out, err
}

// checkClosable allows closing p only when no earlier period would be left
// open for good (periods close in order, so nothing recorded is ever left
// out of every statement) and no lower org's remittance up to p awaits
// confirmation (what it sent must be counted before the org passes its own
// money up).
func (s *Service) checkClosable(ctx context.Context, tx *db.Tx, org OrgRef, p rules.Month) error {
	first, last, err := s.closable(ctx, tx, org.ID)
	switch {
	case err != nil:
		return err
	case p < first:
		return httpx.Conflict("period_closed", p.Label()+"已结账")
	case p > last:
		return httpx.Conflict("period_not_open", "请先结账"+last.Label())
	}
	rows, err := tx.QueryContext(ctx, `SELECT from_org_id, period FROM dues_remittances
		WHERE to_org_id = ? AND state = ? AND period <= ? ORDER BY period, from_org_id`, org.ID, stateSent, int(p))
	if err != nil {
		return err
	}
	defer rows.Close()
	var from []string
	var periods []rules.Month
	for rows.Next() {
		var id string
		var pm int
		if err := rows.Scan(&id, &pm); err != nil {
			return err
		}
		from, periods = append(from, id), append(periods, rules.Month(pm))
	}
	if err := rows.Err(); err != nil || len(from) == 0 {
		return err
	}
	names, err := s.dir.Names(ctx, from)
	if err != nil {
		return err
	}
	pending := make([]string, len(from))
	for i, id := range from {
		pending[i] = fmt.Sprintf("%s（%s）", names[id], periods[i].Label())
	}
	return httpx.Conflict("remittances_unconfirmed", "下级组织上缴的党费尚未确认收到："+
		strings.Join(pending, "、")+"，请先确认后再结账")
}

// closable is the range of periods the org may close next: the one after
// its last closed period; for an org that never closed one, any period up to
// the earliest it has anything in (entries or confirmed receipts), or up to
// the current month when it has nothing yet. last is the period to close
// next.
func (s *Service) closable(ctx context.Context, q db.Querier, orgID string) (first, last rules.Month, err error) {
	closed, err := lastClosed(ctx, q, []string{orgID})
	if err != nil {
		return 0, 0, err
	}
	if c, ok := closed[orgID]; ok {
		return c + 1, c + 1, nil
	}
	last = rules.MonthOfTime(s.clk.Now())
	var active *int64
	err = q.QueryRowContext(ctx, `SELECT MIN(p) FROM (
		SELECT MIN(period) AS p FROM dues_entries WHERE org_id = ?
		UNION ALL SELECT MIN(counted_period) FROM dues_remittances WHERE to_org_id = ? AND state = 'confirmed') x`,
		orgID, orgID).Scan(&active)
	if err == nil && active != nil && rules.Month(*active) < last {
		last = rules.Month(*active)
	}
	return 0, last, err
}
