package points

import (
	"context"
	"maps"
	"slices"

	"dangjian/internal/platform/db"
)

// usage is the net points per member, rule and day, for the rules whose
// caps are being checked: map[member+"\x00"+rule][date] = points.
type usage map[string]map[string]int

func usageKey(member, rule string) string { return member + "\x00" + rule }

// periodPrefix is how much of a date a cap period shares: the whole day,
// "2026-05" for the month, "2026" for the year (capPeriods' order).
var periodPrefix = [3]int{10, 7, 4}

// of returns the net points of the member's rule in the period of a date.
func (u usage) of(member, rule string) func(period int, on string) int {
	days := u[usageKey(member, rule)]
	return func(period int, on string) int {
		n, sum := periodPrefix[period], 0
		for d, p := range days {
			if d[:n] == on[:n] {
				sum += p
			}
		}
		return sum
	}
}

func (u usage) add(member, rule, on string, pts int) {
	k := usageKey(member, rule)
	if u[k] == nil {
		u[k] = map[string]int{}
	}
	u[k][on] += pts
}

// loadUsage reads the net points per day, in the years the facts fall in
// (and the years of the lines they reverse), of the members and rules that
// have a cap where the facts happen.
func (w *work) loadUsage(ctx context.Context, tx *db.Tx, facts []fact) error {
	members, rules := map[string]bool{}, map[string]bool{}
	lo, hi := 9999, 0
	note := func(y int) { lo, hi = min(lo, y), max(hi, y) }
	for _, f := range facts {
		if f.key == "" || paramsOf(w.vals[f.orgPath], f.rule).caps == [3]int{} {
			continue
		}
		members[f.member], rules[f.rule] = true, true
		note(yearOf(f.on))
	}
	if len(members) == 0 {
		return nil
	}
	for _, ls := range w.open {
		for _, l := range ls {
			note(l.Year)
		}
	}
	ruleArgs := db.Strings(slices.Sorted(maps.Keys(rules)))
	return inChunks(slices.Sorted(maps.Keys(members)), func(part []string) error {
		args := append(append(db.Strings(part), ruleArgs...), lo, hi)
		rows, err := tx.QueryContext(ctx, `SELECT member_id, rule, on_date, SUM(points) FROM points_ledger
			WHERE member_id IN (`+db.Placeholders(len(part))+`) AND rule IN (`+db.Placeholders(len(ruleArgs))+`)
			AND year >= ? AND year <= ? GROUP BY member_id, rule, on_date`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var member, rule, on string
			var pts int
			if err := rows.Scan(&member, &rule, &on, &pts); err != nil {
				return err
			}
			w.usage.add(member, rule, on, pts)
		}
		return rows.Err()
	})
}
