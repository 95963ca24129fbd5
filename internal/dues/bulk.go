package dues

import (
	"context"
	"strings"

	"dangjian/internal/platform/db"
)

// columns is the column list of a bulk insert; ints marks the integer ones
// (the others are text), which PostgreSQL's unnest must be told.
type columns struct {
	names []string
	ints  []bool
}

// cols reads a column list such as "id seq:int note".
func cols(spec string) columns {
	var c columns
	for _, f := range strings.Fields(spec) {
		name, typ, _ := strings.Cut(f, ":")
		c.names = append(c.names, name)
		c.ints = append(c.ints, typ == "int")
	}
	return c
}

// list is the comma-separated column names, each prefixed with alias ("e.").
func (c columns) list(alias string) string {
	return alias + strings.Join(c.names, ", "+alias)
}

// maxParams bounds the parameters of one statement on SQLite (32,766).
const maxParams = 30000

// insertRows inserts rows given row-major in args (one string, int, int64
// or bool per column) into table, followed by tail (ON CONFLICT …). On
// PostgreSQL it is one INSERT … SELECT FROM unnest(arrays): one parameter a
// column however many rows, which parses and binds in half the time of long
// VALUES lists and has no parameter limit; on SQLite, multi-row VALUES.
func insertRows(ctx context.Context, q db.Querier, table string, c columns, args []any, tail string) error {
	if len(args) == 0 {
		return nil
	}
	head := "INSERT INTO " + table + " (" + c.list("") + ") "
	if q.Dialect() == db.Postgres {
		arrays, casts := c.transpose(args)
		_, err := q.ExecContext(ctx, head+"SELECT * FROM unnest("+strings.Join(casts, ", ")+")"+tail, arrays...)
		return err
	}
	k := len(c.names)
	per := maxParams / k * k
	for len(args) > 0 {
		n := min(len(args), per)
		if _, err := q.ExecContext(ctx, head+"VALUES "+db.Rows(n/k, k)+tail, args[:n]...); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}

// transpose turns row-major values into one typed array a column, with the
// casts that tell PostgreSQL their types.
func (c columns) transpose(args []any) ([]any, []string) {
	k := len(c.names)
	n := len(args) / k
	arrays := make([]any, k)
	casts := make([]string, k)
	for j := range k {
		if c.ints[j] {
			a := make([]int64, n)
			for i := range n {
				a[i] = asInt64(args[i*k+j])
			}
			arrays[j], casts[j] = a, "?::bigint[]"
			continue
		}
		a := make([]string, n)
		for i := range n {
			a[i] = args[i*k+j].(string)
		}
		arrays[j], casts[j] = a, "?::text[]"
	}
	return arrays, casts
}

func asInt64(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int:
		return int64(x)
	case bool:
		if x {
			return 1
		}
	}
	return 0
}
