// Package db is the storage plumbing shared by every capability: one *sql.DB
// over SQLite (embedded default) or PostgreSQL, with queries written once
// using '?' placeholders and rebound for PostgreSQL in this one place.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "modernc.org/sqlite"             // pure-Go SQLite driver "sqlite"
)

// Dialect names the SQL engine behind a DB.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// Querier is what store code needs: satisfied by *DB and *Tx, so a store
// function runs the same inside or outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

// DB is a connection pool plus its dialect.
type DB struct {
	pool    *sql.DB
	dialect Dialect
}

// Open connects to "sqlite:PATH" (the file is created with WAL, a busy
// timeout and foreign keys on) or "postgres://..." / "postgresql://...".
func Open(dsn string) (*DB, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		pool, err := sql.Open("pgx", customPlans(dsn))
		if err != nil {
			return nil, err
		}
		pool.SetMaxOpenConns(20)
		pool.SetMaxIdleConns(10)
		return ping(&DB{pool: pool, dialect: Postgres})
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, err
			}
		}
		// _txlock=immediate takes the write lock at BEGIN, so two writers
		// queue on busy_timeout instead of failing on lock upgrade.
		// The path is part of a URI: '%', '?' and '#' in it must be escaped
		// or the rest would be read as parameters or a fragment.
		escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
		pool, err := sql.Open("sqlite", "file:"+escaped+
			"?_pragma=busy_timeout(15000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"+
			"&_pragma=synchronous(NORMAL)&_txlock=immediate")
		if err != nil {
			return nil, err
		}
		pool.SetMaxOpenConns(8)
		return ping(&DB{pool: pool, dialect: SQLite})
	}
	return nil, fmt.Errorf("unsupported database DSN %q: use sqlite:PATH or postgres://", redactDSN(dsn))
}

// customPlans asks PostgreSQL to plan every execution of a prepared
// statement for its own parameters (unless the DSN says otherwise): the
// driver caches statements, and after five runs PostgreSQL would switch to
// a generic plan that assumes a subtree range covers 0.5% of the table —
// nested loops for a whole province, several times slower.
func customPlans(dsn string) string {
	if strings.Contains(dsn, "plan_cache_mode") {
		return dsn
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "plan_cache_mode=force_custom_plan"
}

func ping(d *DB) (*DB, error) {
	if err := d.pool.Ping(); err != nil {
		d.pool.Close()
		return nil, fmt.Errorf("connect to %s: %w", d.dialect, err)
	}
	return d, nil
}

// redactDSN keeps passwords out of error messages and logs.
func redactDSN(dsn string) string {
	if i := strings.Index(dsn, "@"); i > 0 {
		if j := strings.Index(dsn, "://"); j > 0 && j < i {
			return dsn[:j+3] + "***" + dsn[i:]
		}
	}
	return dsn
}

func (d *DB) Dialect() Dialect { return d.dialect }
func (d *DB) Close() error     { return d.pool.Close() }
func (d *DB) Pool() *sql.DB    { return d.pool }

func (d *DB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return d.pool.ExecContext(ctx, Rebind(d.dialect, q), args...)
}

func (d *DB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return d.pool.QueryContext(ctx, Rebind(d.dialect, q), args...)
}

func (d *DB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return d.pool.QueryRowContext(ctx, Rebind(d.dialect, q), args...)
}

// Tx is a transaction with the same query methods as DB.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
}

func (t *Tx) Dialect() Dialect { return t.dialect }

// ForUpdate is the row-lock clause for a SELECT inside t: " FOR UPDATE" on
// PostgreSQL; nothing on SQLite, whose transaction already holds the single
// write lock.
func (t *Tx) ForUpdate() string {
	if t.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

func (t *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, Rebind(t.dialect, q), args...)
}

func (t *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, Rebind(t.dialect, q), args...)
}

func (t *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, Rebind(t.dialect, q), args...)
}

// InTx runs fn in a transaction: committed when fn returns nil, rolled back
// otherwise, so a failed operation never leaves anything half-written.
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := d.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			sqlTx.Rollback()
		}
	}()
	if err = fn(&Tx{tx: sqlTx, dialect: d.dialect}); err != nil {
		return err
	}
	return sqlTx.Commit()
}

// Rebind turns '?' placeholders into PostgreSQL's $1, $2, ... Queries must
// not contain a literal '?' inside strings.
func Rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// ErrNoRows is sql.ErrNoRows, re-exported so stores need not import database/sql.
var ErrNoRows = sql.ErrNoRows

// IsNoRows reports whether err means "no such row".
func IsNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
