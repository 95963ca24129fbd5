package db

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Migration is one append-only schema step. SQL may hold several statements
// and these dialect tokens:
//
//	{{collate_c}}  byte-wise ordering for path and prefix columns
//	               (PostgreSQL: COLLATE "C"; SQLite: already BINARY)
//	{{blob}}       binary column type (BYTEA / BLOB)
//
// A migration must never use today's Go model types: freeze what it needs in
// its SQL. Postgres, when set, replaces SQL on PostgreSQL (for triggers,
// whose syntax differs).
type Migration struct {
	ID       string
	SQL      string
	Postgres string
}

var tokens = map[Dialect]*strings.Replacer{
	SQLite:   strings.NewReplacer("{{collate_c}}", "", "{{blob}}", "BLOB"),
	Postgres: strings.NewReplacer("{{collate_c}}", `COLLATE "C"`, "{{blob}}", "BYTEA"),
}

func (m Migration) text(d Dialect) string {
	if d == Postgres && m.Postgres != "" {
		return tokens[d].Replace(m.Postgres)
	}
	return tokens[d].Replace(m.SQL)
}

// Migrate applies the steps not yet recorded in schema_migrations, in order,
// each in its own transaction. On PostgreSQL an advisory lock keeps two
// instances from migrating at once.
func Migrate(ctx context.Context, d *DB, steps []Migration) error {
	conn, err := d.pool.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if d.dialect == Postgres {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(726100001)"); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(726100001)")
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return err
	}
	done, err := appliedSteps(ctx, d)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, m := range steps {
		if seen[m.ID] {
			return fmt.Errorf("migration %s listed twice", m.ID)
		}
		seen[m.ID] = true
		if done[m.ID] {
			continue
		}
		err := d.InTx(ctx, func(tx *Tx) error {
			if _, err := tx.ExecContext(ctx, m.text(d.dialect)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)",
				m.ID, time.Now().UnixMilli())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.ID, err)
		}
	}
	return nil
}

func appliedSteps(ctx context.Context, d *DB) (map[string]bool, error) {
	rows, err := d.QueryContext(ctx, "SELECT id FROM schema_migrations")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		done[id] = true
	}
	return done, rows.Err()
}
