package dues

import (
	"context"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/db"
)

// LedgerRow is one member's line of a branch's monthly ledger.
type LedgerRow struct {
	MemberID      string   `json:"member_id"`
	MemberName    string   `json:"member_name"`
	Category      string   `json:"category"`
	CategoryLabel string   `json:"category_label"`
	BaseFen       int64    `json:"base_fen"`
	AmountFen     int64    `json:"amount_fen"` // what the rules give for the month
	Rule          string   `json:"rule"`
	DueFen        int64    `json:"due_fen"` // charged
	PaidFen       int64    `json:"paid_fen"`
	OwedFen       int64    `json:"owed_fen"`      // due − paid for this month
	UnpaidMonths  []string `json:"unpaid_months"` // every month with something owed
	Missing       bool     `json:"missing"`       // no confirmed base (未申报基数)
}

// LedgerTotals sums a ledger.
type LedgerTotals struct {
	DueFen      int64 `json:"due_fen"`
	PaidFen     int64 `json:"paid_fen"`
	OwedFen     int64 `json:"owed_fen"`
	Members     int   `json:"members"`
	PaidMembers int   `json:"paid_members"` // charged something and paid it all
}

// LedgerView is a branch's ledger for a month.
type LedgerView struct {
	OrgID   string       `json:"org_id"`
	OrgName string       `json:"org_name"`
	Month   string       `json:"month"`
	Period  string       `json:"period"` // the open accounting period
	Closed  bool         `json:"closed"` // the month's period is closed
	Rows    []LedgerRow  `json:"rows"`
	Totals  LedgerTotals `json:"totals"`
}

// ledger is the month's line of each current member of the branch who owes
// it: the rules' amount next to what was charged and paid.
func (s *Service) ledger(ctx context.Context, org OrgRef, m rules.Month) (LedgerView, error) {
	v := LedgerView{OrgID: org.ID, OrgName: org.Name, Month: m.String(), Rows: []LedgerRow{}}
	period, err := s.openPeriod(ctx, s.db, org.ID)
	if err != nil {
		return v, err
	}
	closed, err := lastClosed(ctx, s.db, []string{org.ID})
	if err != nil {
		return v, err
	}
	last, ok := closed[org.ID]
	v.Period, v.Closed = period.String(), ok && m <= last
	all, err := s.dir.BranchMembers(ctx, org.ID)
	if err != nil {
		return v, err
	}
	members := make([]Member, 0, len(all))
	memberIDs := make([]string, 0, len(all))
	for _, mb := range all {
		if rules.Owes(mb.JoinedOn, m) {
			members = append(members, mb)
			memberIDs = append(memberIDs, mb.ID)
		}
	}
	as, err := s.assess(ctx, s.db, members, m)
	if err != nil {
		return v, err
	}
	sums, unpaid, err := monthAndArrears(ctx, s.db, memberIDs, m)
	if err != nil {
		return v, err
	}
	for _, mb := range members {
		row := ledgerRow(mb, as[mb.ID], sums[mb.ID], unpaid[mb.ID])
		v.Rows = append(v.Rows, row)
		v.Totals.add(row)
	}
	return v, nil
}

func ledgerRow(mb Member, a Assessment, mm monthSums, unpaid []string) LedgerRow {
	c := a.Category
	if mm.category != "" {
		c = rules.Category(mm.category)
	}
	if unpaid == nil {
		unpaid = []string{}
	}
	return LedgerRow{MemberID: mb.ID, MemberName: mb.Name, Category: string(c), CategoryLabel: c.Label(),
		BaseFen: a.BaseFen, AmountFen: a.Amount.Fen, Rule: a.Amount.Rule, DueFen: mm.due, PaidFen: mm.paid,
		OwedFen: mm.due - mm.paid, UnpaidMonths: unpaid, Missing: a.Missing}
}

func (t *LedgerTotals) add(r LedgerRow) {
	t.DueFen += r.DueFen
	t.PaidFen += r.PaidFen
	t.OwedFen += r.OwedFen
	t.Members++
	if r.DueFen > 0 && r.OwedFen <= 0 {
		t.PaidMembers++
	}
}

type monthSums struct {
	category  string
	due, paid int64
}

// monthAndArrears reads, in one pass over dues_member_months, each member's
// sums for month m and every month they still owe something for.
func monthAndArrears(ctx context.Context, q db.Querier, memberIDs []string, m rules.Month) (map[string]monthSums, map[string][]string, error) {
	sums := map[string]monthSums{}
	unpaid := map[string][]string{}
	err := eachChunk(memberIDs, func(part []string) error {
		rows, err := q.QueryContext(ctx, `SELECT member_id, month, category, due_fen, paid_fen FROM dues_member_months
			WHERE member_id IN (`+db.Placeholders(len(part))+`) AND (month = ? OR due_fen > paid_fen)
			ORDER BY member_id, month`, append(db.Strings(part), int(m))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var month rules.Month
			var ms monthSums
			if err := rows.Scan(&id, &month, &ms.category, &ms.due, &ms.paid); err != nil {
				return err
			}
			if month == m {
				sums[id] = ms
			}
			if ms.due > ms.paid {
				unpaid[id] = append(unpaid[id], month.String())
			}
		}
		return rows.Err()
	})
	return sums, unpaid, err
}
