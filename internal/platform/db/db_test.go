package db_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

var steps = []db.Migration{{
	ID: "test.0001",
	SQL: `CREATE TABLE things (id TEXT PRIMARY KEY, path TEXT {{collate_c}} NOT NULL, n INTEGER NOT NULL);
CREATE INDEX things_path ON things (path);`,
}}

func TestRebind(t *testing.T) {
	got := db.Rebind(db.Postgres, "SELECT a FROM t WHERE a = ? AND b IN (?, ?)")
	if got != "SELECT a FROM t WHERE a = $1 AND b IN ($2, $3)" {
		t.Fatalf("got %q", got)
	}
	if db.Rebind(db.SQLite, "a = ?") != "a = ?" {
		t.Fatal("sqlite query must stay as written")
	}
}

func TestEngines(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, p := range []string{"/a/", "/a/b/", "/a/b/c/", "/ab/", "/b/"} {
			if _, err := d.ExecContext(ctx, "INSERT INTO things (id, path, n) VALUES (?, ?, ?)", p, p, 1); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM things WHERE path >= ? AND path < ?",
			"/a/", db.PrefixEnd("/a/")).Scan(&n)
		if err != nil || n != 3 {
			t.Fatalf("subtree range: n=%d err=%v", n, err)
		}
		_, err = d.ExecContext(ctx, "INSERT INTO things (id, path, n) VALUES (?, ?, ?)", "/a/", "x", 1)
		if !db.IsUniqueViolation(err) {
			t.Fatalf("want unique violation, got %v", err)
		}
		boom := errors.New("boom")
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, "UPDATE things SET n = 2"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		d.QueryRowContext(ctx, "SELECT SUM(n) FROM things").Scan(&n)
		if n != 5 {
			t.Fatalf("rolled-back update leaked: sum=%d", n)
		}
		if err := db.Migrate(ctx, d, steps); err != nil {
			t.Fatalf("re-running migrations must be a no-op: %v", err)
		}
	})
}

// TestSQLitePathWithURICharacters: a data directory named with '#' or '?'
// (or a subtest named "sqlite#01") must still open that file with the
// settings, not a truncated path without them.
func TestSQLitePathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a#b?c%d")
	d, err := db.Open("sqlite:" + filepath.Join(dir, "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var mode string
	if err := d.QueryRowContext(context.Background(), "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode %q %v", mode, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err != nil {
		t.Fatal(err)
	}
}
