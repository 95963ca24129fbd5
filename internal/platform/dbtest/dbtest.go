// Package dbtest runs storage tests on every engine: SQLite always, and
// PostgreSQL too when DANGJIAN_TEST_POSTGRES holds a DSN. Each test gets a
// fresh, migrated database (on PostgreSQL a schema of its own).
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dangjian/internal/platform/db"
)

// EnvPostgres names the environment variable holding the test PostgreSQL DSN.
const EnvPostgres = "DANGJIAN_TEST_POSTGRES"

// Each runs fn as a subtest on each available engine, named "sqlite" and
// "postgres", with steps applied.
func Each(t *testing.T, steps []db.Migration, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, OpenSQLite(t, steps)) })
	if os.Getenv(EnvPostgres) != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, OpenPostgres(t, steps)) })
	}
}

// EachDSN is Each for tests that also start other processes on the same
// database (crash and restart tests): fn gets the DSN to open it with.
func EachDSN(t *testing.T, steps []db.Migration, fn func(t *testing.T, d *db.DB, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { d, dsn := openSQLite(t, steps); fn(t, d, dsn) })
	if os.Getenv(EnvPostgres) != "" {
		t.Run("postgres", func(t *testing.T) { d, dsn := openPostgres(t, steps); fn(t, d, dsn) })
	}
}

// OpenSQLite opens a migrated SQLite database in a temporary directory.
func OpenSQLite(t testing.TB, steps []db.Migration) *db.DB {
	d, _ := openSQLite(t, steps)
	return d
}

func openSQLite(t testing.TB, steps []db.Migration) (*db.DB, string) {
	t.Helper()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	d, err := db.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	migrate(t, d, steps)
	return d, dsn
}

// OpenPostgres opens a migrated, private schema on the test PostgreSQL; the
// test is skipped when DANGJIAN_TEST_POSTGRES is unset.
func OpenPostgres(t testing.TB, steps []db.Migration) *db.DB {
	d, _ := openPostgres(t, steps)
	return d
}

func openPostgres(t testing.TB, steps []db.Migration) (*db.DB, string) {
	t.Helper()
	dsn := os.Getenv(EnvPostgres)
	if dsn == "" {
		t.Skip(EnvPostgres + " not set")
	}
	admin, err := db.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema := "t_" + randomHex(8)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	dsn = withSearchPath(t, dsn, schema)
	d, err := db.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		d.Close()
		admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	migrate(t, d, steps)
	return d, dsn
}

func withSearchPath(t testing.TB, dsn, schema string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func migrate(t testing.TB, d *db.DB, steps []db.Migration) {
	t.Helper()
	if err := db.Migrate(context.Background(), d, steps); err != nil {
		t.Fatal(err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return strings.ToLower(hex.EncodeToString(b))
}
