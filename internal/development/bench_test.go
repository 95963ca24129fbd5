package development_test

import (
	"fmt"
	"net/http"
	"os"
	"sort"
	"testing"
	"time"

	"dangjian/internal/development"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// BenchmarkPipeline50k times the pipeline and the overdue list of a
// committee whose 1,000 branches hold 50,000 files in progress (the files
// of a subtree of about 1,000,000 members), beside as many files of
// another committee, through the handlers:
//
//	go test -run '^$' -bench Pipeline50k -benchtime 1x ./internal/development/
func BenchmarkPipeline50k(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			if engine == "postgres" && os.Getenv(dbtest.EnvPostgres) == "" {
				b.Skip(dbtest.EnvPostgres + " not set")
			}
			d := dbtest.OpenSQLite(b, steps())
			if engine == "postgres" {
				d = dbtest.OpenPostgres(b, steps())
			}
			e := newEnv(&testing.T{}, d)
			seed(b, e, e.w.R, 50_000)
			seed(b, e, e.w.X, 50_000)
			// What autovacuum does in production: statistics, and the
			// visibility map that lets the counts read the index alone.
			if d.Dialect() == db.Postgres {
				if _, err := d.ExecContext(b.Context(), "VACUUM ANALYZE dev_files"); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				timeIt(b, "pipeline", func() {
					e.srv.As(e.viewer()).Do(b, "GET", "/api/v1/orgs/"+e.w.R.ID+"/development/pipeline", nil)
				})
				timeIt(b, "overdue list, first page", func() {
					e.srv.As(e.viewer()).Do(b, "GET", "/api/v1/orgs/"+e.w.R.ID+"/development/files?overdue=1&limit=50", nil)
				})
			}
		})
	}
}

// timeIt runs fn 30 times and logs the median and the slowest.
func timeIt(b *testing.B, what string, fn func()) {
	var ds []time.Duration
	for range 30 {
		start := time.Now()
		fn()
		ds = append(ds, time.Since(start))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	b.Logf("%s: median %v, max %v", what, ds[len(ds)/2], ds[len(ds)-1])
}

// seed stores n files in progress under 1,000 new branches of root (a
// third overdue, a third due later, a third with no limit running) and
// their stage counts, bypassing the API.
func seed(b testing.TB, e *env, root development.OrgRef, n int) {
	ctx := b.Context()
	var branches []development.OrgRef
	for i := range 1000 {
		branches = append(branches, e.mkOrg(&root, "branch", fmt.Sprint("支部", i)))
	}
	const chunk = 500
	for start := 0; start < n; start += chunk {
		var args []any
		rows := 0
		for i := start; i < min(start+chunk, n); i++ {
			o := branches[i%len(branches)]
			due := [3]string{"2026-01-01", "2026-12-01", ""}[i%3]
			if due == "2026-01-01" {
				due = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%500).Format("2006-01-02")
			}
			args = append(args, fmt.Sprintf("%s-%07d", root.ID, i), o.ID, o.Path, "申请人", fmt.Sprintf("%s%d", root.ID, i), 1+i%5, due)
			rows++
		}
		if _, err := e.d.ExecContext(ctx, `INSERT INTO dev_files (id, org_id, org_path, name, gender, ethnicity, birth_date,
			id_sealed, id_index, id_masked, phone_sealed, phone_masked, education, category, applied_on, stage, last_step,
			next_due, state, version, created_at, updated_at) VALUES `+valueRows(rows), args...); err != nil {
			b.Fatal(err)
		}
	}
	for _, o := range append(branches, root) {
		if _, err := e.d.ExecContext(ctx, `INSERT INTO dev_stage_counts (org_id, stage, n) SELECT ?, stage, COUNT(*)
			FROM dev_files WHERE org_path >= ? AND org_path < ? GROUP BY stage`, o.ID, o.Path, db.PrefixEnd(o.Path)); err != nil {
			b.Fatal(err)
		}
	}
	var check int
	e.d.QueryRowContext(ctx, "SELECT COALESCE(SUM(n), 0) FROM dev_stage_counts WHERE org_id = ?", root.ID).Scan(&check)
	if check != n {
		b.Fatalf("seeded %d files under %s, counted %d", n, root.Name, check)
	}
	if r := e.srv.As(e.viewer()).Do(b, "GET", "/api/v1/orgs/"+root.ID+"/development/pipeline", nil); root.ID == e.w.R.ID && r.Status != http.StatusOK {
		b.Fatalf("pipeline: %d %s", r.Status, r.Body)
	}
}

// valueRows is n rows of the seeded columns: the varying ones bound, the
// rest constant.
func valueRows(n int) string {
	one := "(?, ?, ?, ?, 'male', '汉族', '2000-01-01', '', ?, '', '', '', 'bachelor', 'student', '2024-01-01', ?, 1, ?, 'active', 1, 0, 0)"
	out := one
	for range n - 1 {
		out += ", " + one
	}
	return out
}
