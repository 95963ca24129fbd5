package db

import (
	"context"
	"strings"
)

// Placeholders returns "?, ?, ?" for an IN list of n values (n ≥ 1).
func Placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// Rows returns "(?, ?), (?, ?)" for a multi-row INSERT of n rows of k
// values each (n, k ≥ 1).
func Rows(n, k int) string {
	one := "(" + Placeholders(k) + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
}

// PrefixEnd is the smallest string greater than every string starting with
// prefix, under byte-wise (C / BINARY) ordering. "col >= p AND col < PrefixEnd(p)"
// is an index range on both engines, unlike LIKE 'p%' under a locale collation.
func PrefixEnd(prefix string) string {
	return prefix + "\U0010FFFF"
}

// Args is a small builder for dynamic WHERE clauses that keeps each
// condition next to its arguments.
type Args struct {
	conds []string
	vals  []any
}

// Add appends a condition with its arguments.
func (a *Args) Add(cond string, vals ...any) {
	a.conds = append(a.conds, cond)
	a.vals = append(a.vals, vals...)
}

// Where returns " WHERE c1 AND c2 ..." (or "" when empty).
func (a *Args) Where() string {
	if len(a.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(a.conds, " AND ")
}

// Values returns the arguments in condition order.
func (a *Args) Values() []any { return a.vals }

// Strings turns string arguments into the []any a query takes, e.g. for
// "IN ("+Placeholders(len(ids))+")".
func Strings(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Contains is the LIKE pattern matching s anywhere, its wildcards escaped;
// use it with `LIKE ? ESCAPE '\'`.
func Contains(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// StringColumn runs a query selecting one text column and returns its values.
func StringColumn(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// RewritePrefix moves every path in table.column under oldPrefix to the
// same place under newPrefix (a subtree that moved in the org tree, for a
// capability that keeps copies of org paths). It is an index range, and
// running it again finds nothing left to move.
func RewritePrefix(ctx context.Context, q Querier, table, column, oldPrefix, newPrefix string) error {
	_, err := q.ExecContext(ctx, "UPDATE "+table+" SET "+column+" = CAST(? AS TEXT) || substr("+column+", ?) WHERE "+
		column+" >= ? AND "+column+" < ?", newPrefix, len(oldPrefix)+1, oldPrefix, PrefixEnd(oldPrefix))
	return err
}
