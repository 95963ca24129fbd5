package dues

import (
	"context"
	"math"

	"dangjian/internal/dues/rules"
)

// Tally is what was due and paid, what is still owed and the collection rate
// (paid ÷ due, 0 when nothing was due).
type Tally struct {
	DueFen  int64   `json:"due_fen"`
	PaidFen int64   `json:"paid_fen"`
	OwedFen int64   `json:"owed_fen"`
	Rate    float64 `json:"rate"`
}

func (t *Tally) add(due, paid int64) { t.DueFen += due; t.PaidFen += paid }

// done works out the owed amount and the rate from the sums. Months paid
// ahead can make paid exceed due; nothing is owed then.
func (t *Tally) done() {
	t.OwedFen = max(t.DueFen-t.PaidFen, 0)
	t.Rate = 0
	if t.DueFen > 0 {
		t.Rate = math.Round(float64(t.PaidFen)/float64(t.DueFen)*10000) / 10000
	}
}

// MonthTally is a month of a report.
type MonthTally struct {
	Month string `json:"month"`
	Tally
}

// OrgTally is a lower org (its whole subtree) in a report.
type OrgTally struct {
	OrgID   string `json:"org_id"`
	OrgName string `json:"org_name"`
	Tally
}

// CategoryTally is a dues category in a report.
type CategoryTally struct {
	Category      string `json:"category"`
	CategoryLabel string `json:"category_label"`
	Tally
}

// SubtreeReport is a subtree's dues of months From..To: in total, by month, by
// lower org (a branch: itself) and by category.
type SubtreeReport struct {
	OrgID      string          `json:"org_id"`
	From       string          `json:"from"`
	To         string          `json:"to"`
	Totals     Tally           `json:"totals"`
	ByMonth    []MonthTally    `json:"by_month"`
	ByOrg      []OrgTally      `json:"by_org"`
	ByCategory []CategoryTally `json:"by_category"`
}

// maxReportMonths bounds a report's range.
const maxReportMonths = 120

// Report reads the subtree's running sums (dues_tree_months): the org's own
// rows for the totals, months and categories, and its children's rows for
// the breakdown by org. The ledger itself is never read, and the rows read
// do not grow with the number of members.
func (s *Service) Report(ctx context.Context, org OrgRef, from, to rules.Month) (SubtreeReport, error) {
	var children []OrgRef // a branch is its own only line
	if !org.IsBranch() {
		var err error
		if children, err = s.dir.Children(ctx, org.ID); err != nil {
			return SubtreeReport{}, err
		}
	}
	out := SubtreeReport{OrgID: org.ID, From: from.String(), To: to.String(), ByCategory: []CategoryTally{}, ByOrg: []OrgTally{}}
	byMonth := map[rules.Month]*Tally{}
	byCat := map[rules.Category]*Tally{}
	err := s.treeRows(ctx, []string{org.ID}, from, to, func(_ string, m rules.Month, c rules.Category, due, paid int64) {
		out.Totals.add(due, paid)
		tallyOf(byMonth, m).add(due, paid)
		tallyOf(byCat, c).add(due, paid)
	})
	if err != nil {
		return out, err
	}
	for m := from; m <= to; m++ {
		t := *tallyOf(byMonth, m)
		t.done()
		out.ByMonth = append(out.ByMonth, MonthTally{Month: m.String(), Tally: t})
	}
	for _, c := range rules.Categories {
		if t, ok := byCat[c]; ok {
			t.done()
			out.ByCategory = append(out.ByCategory, CategoryTally{Category: string(c), CategoryLabel: c.Label(), Tally: *t})
		}
	}
	out.ByOrg, err = s.orgTallies(ctx, org, children, from, to, out.Totals)
	out.Totals.done()
	return out, err
}

// treeRows calls fn with each dues_tree_months row of the orgs in from..to.
func (s *Service) treeRows(ctx context.Context, orgIDs []string, from, to rules.Month,
	fn func(org string, m rules.Month, c rules.Category, due, paid int64)) error {
	return eachChunk(orgIDs, func(part []string) error {
		in, args := columnIn(s.db, "org_id", part)
		rows, err := s.db.QueryContext(ctx, "SELECT org_id, month, category, due_fen, paid_fen FROM dues_tree_months WHERE "+
			in+" AND month BETWEEN ? AND ?", append(args, int(from), int(to))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var org, cat string
			var m int
			var due, paid int64
			if err := rows.Scan(&org, &m, &cat, &due, &paid); err != nil {
				return err
			}
			fn(org, rules.Month(m), rules.Category(cat), due, paid)
		}
		return rows.Err()
	})
}

func tallyOf[K comparable](m map[K]*Tally, k K) *Tally {
	t, ok := m[k]
	if !ok {
		t = &Tally{}
		m[k] = t
	}
	return t
}

// orgTallies lists the org's children in their order (a branch: the branch
// itself). What the children do not account for — members kept directly at
// the org, or lower orgs moved away since their dues were charged — is one
// more line under the org's own name.
func (s *Service) orgTallies(ctx context.Context, org OrgRef, children []OrgRef, from, to rules.Month, total Tally) ([]OrgTally, error) {
	if len(children) == 0 {
		t := total
		t.done()
		return []OrgTally{{OrgID: org.ID, OrgName: org.Name, Tally: t}}, nil
	}
	ids := make([]string, len(children))
	for i, c := range children {
		ids[i] = c.ID
	}
	byOrg := map[string]*Tally{}
	err := s.treeRows(ctx, ids, from, to, func(org string, _ rules.Month, _ rules.Category, due, paid int64) {
		tallyOf(byOrg, org).add(due, paid)
	})
	out := make([]OrgTally, 0, len(children)+1)
	rest := total
	for _, c := range children {
		t := *tallyOf(byOrg, c.ID)
		rest.add(-t.DueFen, -t.PaidFen)
		t.done()
		out = append(out, OrgTally{OrgID: c.ID, OrgName: c.Name, Tally: t})
	}
	if rest.DueFen != 0 || rest.PaidFen != 0 {
		rest.done()
		out = append(out, OrgTally{OrgID: org.ID, OrgName: org.Name + "（本级及已调出的下级组织）", Tally: rest})
	}
	return out, err
}
