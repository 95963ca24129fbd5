package app_test

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/settings"
)

// seedBases inserts each member's base as a confirmed declaration for
// 2026, effective from January.
func (x *bench) seedBases(b *testing.B, branches []benchOrg, people []string, plan []duesBase) {
	const cols = 15
	at := time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC).UnixMilli()
	from := int(rules.MonthOf(2026, time.January))
	args := make([]any, 0, 2000*cols)
	flush := func() {
		if len(args) == 0 {
			return
		}
		if _, err := x.a.DB.ExecContext(context.Background(), `INSERT INTO dues_bases (id, member_id, member_name,
			org_id, org_path, year, effective_month, category, base_fen, source, state, declared_by, declared_at,
			decided_by, decided_at) VALUES `+db.Rows(len(args)/cols, cols), args...); err != nil {
			b.Fatal(err)
		}
		args = args[:0]
	}
	for i, id := range people {
		br := branches[i/duesPerBranch]
		args = append(args, ids.New(), id, benchName(i), br.id, br.path, 2026, from, string(plan[i].category),
			plan[i].fen, "secretary", "confirmed", "acc-boss", at, "acc-boss", at)
		if len(args) == cap(args) {
			flush()
		}
	}
	flush()
}

// duesKey is a dues_tree_months row's key within a month: an org and a
// category.
type duesKey struct {
	org      string
	category rules.Category
}

// duesTally is a dues_tree_months row's sums.
type duesTally struct{ due, paid int64 }

// duesTallies are a month's dues_tree_months rows.
type duesTallies map[duesKey]duesTally

// duesMonth is what a posting of month m leaves in dues_tree_months: the
// dues of every member who owes m (admitted by then) by category, summed
// for the member's branch and for each of its ancestors; paid(i) says
// whether member i has paid them.
func duesMonth(branches []benchOrg, plan []duesBase, m rules.Month, paid func(i int) bool) duesTallies {
	out := duesTallies{}
	for i, d := range plan {
		if !rules.Owes(benchJoinedOn(i), m) {
			continue
		}
		p := paid(i)
		for _, org := range settings.PathIDs(branches[i/duesPerBranch].path) {
			t := out[duesKey{org, d.category}]
			t.due += d.amount
			if p {
				t.paid += d.amount
			}
			out[duesKey{org, d.category}] = t
		}
	}
	return out
}

// owing counts the members who owe month m: all with a base (every
// member has one) admitted by then.
func duesOwing(n int, m rules.Month) (count int64) {
	for i := range n {
		if rules.Owes(benchJoinedOn(i), m) {
			count++
		}
	}
	return count
}

// of sums the tallies of one org.
func (t duesTallies) of(org string) (s duesTally) {
	for k, v := range t {
		if k.org == org {
			s.due, s.paid = s.due+v.due, s.paid+v.paid
		}
	}
	return s
}

// treeMonths reads month m's dues_tree_months rows.
func (x *bench) treeMonths(b *testing.B, m rules.Month) duesTallies {
	rows, err := x.a.DB.QueryContext(context.Background(), `SELECT org_id, category, due_fen, paid_fen
		FROM dues_tree_months WHERE month = ?`, int(m))
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	out := duesTallies{}
	for rows.Next() {
		var org, category string
		var t duesTally
		if err := rows.Scan(&org, &category, &t.due, &t.paid); err != nil {
			b.Fatal(err)
		}
		out[duesKey{org, rules.Category(category)}] = t
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}

// seedYear writes dues_tree_months for every month of year as the
// postings would (duesMonth), each member-month paid with probability 0.93
// (fixed seed), and returns the number of rows.
func (x *bench) seedYear(b *testing.B, branches []benchOrg, plan []duesBase, year int) int {
	const cols = 5
	r := rand.New(rand.NewPCG(93, uint64(year)))
	paid := func(int) bool { return r.Float64() < 0.93 }
	args := make([]any, 0, 5000*cols)
	total := 0
	flush := func() {
		if len(args) == 0 {
			return
		}
		if _, err := x.a.DB.ExecContext(context.Background(), `INSERT INTO dues_tree_months (org_id, month, category,
			due_fen, paid_fen) VALUES `+db.Rows(len(args)/cols, cols), args...); err != nil {
			b.Fatal(err)
		}
		total, args = total+len(args)/cols, args[:0]
	}
	for mon := time.January; mon <= time.December; mon++ {
		m := rules.MonthOf(year, mon)
		tallies := duesMonth(branches, plan, m, paid)
		// In key order, as a posting's chunks write a month: neighbouring
		// orgs' rows share pages, which a subtree's report relies on.
		for _, k := range slices.SortedFunc(maps.Keys(tallies), func(a, b duesKey) int {
			return cmp.Or(strings.Compare(a.org, b.org), strings.Compare(string(a.category), string(b.category)))
		}) {
			t := tallies[k]
			args = append(args, k.org, int(m), string(k.category), t.due, t.paid)
			if len(args) == cap(args) {
				flush()
			}
		}
	}
	flush()
	return total
}

// row runs a query that returns one row and scans it into dest.
func (x *bench) row(b *testing.B, dest []any, query string, args ...any) {
	if err := x.a.DB.QueryRowContext(context.Background(), query, args...).Scan(dest...); err != nil {
		b.Fatal(err)
	}
}

// duesFigures are the due, paid, owed and rate of a report line.
type duesFigures struct {
	DueFen  int64   `json:"due_fen"`
	PaidFen int64   `json:"paid_fen"`
	OwedFen int64   `json:"owed_fen"`
	Rate    float64 `json:"rate"`
}

// duesReport is what the checks read of GET /orgs/{id}/dues/report.
type duesReport struct {
	Totals     duesFigures   `json:"totals"`
	ByMonth    []duesFigures `json:"by_month"`
	ByOrg      []duesFigures `json:"by_org"`
	ByCategory []duesFigures `json:"by_category"`
}

// check compares the report with the sums of its branches' rows (due, paid)
// and checks that each breakdown — months, child orgs, categories — adds
// up to its totals.
func (r duesReport) check(due, paid int64, months, children int) error {
	t := r.Totals
	switch {
	case due == 0:
		return fmt.Errorf("nothing due in the seeded rows")
	case t.DueFen != due || t.PaidFen != paid || t.OwedFen != due-paid:
		return fmt.Errorf("totals %+v, want due %d and paid %d fen", t, due, paid)
	case math.Abs(t.Rate-float64(paid)/float64(due)) > 0.00005:
		return fmt.Errorf("rate %v, want %.4f", t.Rate, float64(paid)/float64(due))
	case len(r.ByMonth) != months || len(r.ByOrg) != children || len(r.ByCategory) == 0:
		return fmt.Errorf("%d months, %d orgs, %d categories; want %d months and %d orgs", len(r.ByMonth),
			len(r.ByOrg), len(r.ByCategory), months, children)
	}
	for name, lines := range map[string][]duesFigures{"by_month": r.ByMonth, "by_org": r.ByOrg,
		"by_category": r.ByCategory} {
		var s duesFigures
		for _, l := range lines {
			s.DueFen, s.PaidFen, s.OwedFen = s.DueFen+l.DueFen, s.PaidFen+l.PaidFen, s.OwedFen+l.OwedFen
		}
		if s.DueFen != t.DueFen || s.PaidFen != t.PaidFen || s.OwedFen != t.OwedFen {
			return fmt.Errorf("%s adds up to %+v, totals are %+v", name, s, t)
		}
	}
	return nil
}
