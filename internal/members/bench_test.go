package members_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"dangjian/internal/members"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// BenchmarkImport100k imports a generated 100,000-row .xlsx with full
// validation into a fresh database on each engine:
//
//	go test -run '^$' -bench Import100k -benchtime 1x ./internal/members/
func BenchmarkImport100k(b *testing.B) {
	const n = 100_000
	file := bigFile(b, n)
	b.Logf("file: %d rows, %.1f MiB", n, float64(len(file))/(1<<20))
	engines := map[string]func(testing.TB) *db.DB{
		"sqlite":   func(tb testing.TB) *db.DB { return dbtest.OpenSQLite(tb, migrations) },
		"postgres": func(tb testing.TB) *db.DB { return dbtest.OpenPostgres(tb, migrations) },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			if name == "postgres" && os.Getenv(dbtest.EnvPostgres) == "" {
				b.Skip(dbtest.EnvPostgres + " not set")
			}
			for b.Loop() {
				b.StopTimer()
				e := newEnv(b, engines[name](b))
				b.StartTimer()
				start := time.Now()
				rep, err := e.m.Import(context.Background(), e.ids["A"], "big.xlsx", bytes.NewReader(file), members.ImportAllOrNothing)
				if err != nil || rep.Created != n {
					b.Fatalf("import: %v %+v", err, rep.Errors[:min(5, len(rep.Errors))])
				}
				b.Logf("%s: %d rows imported in %.1f s", name, n, time.Since(start).Seconds())
			}
		})
	}
}

// bigFile is a realistic register of n distinct valid members.
func bigFile(tb testing.TB, n int) []byte {
	rows := make([][]string, n)
	edu := []string{"大学本科", "大学专科", "硕士研究生", "高中/中专", "初中"}
	cat := []string{"企业人员", "离退休人员", "农牧渔民", "事业单位人员", "党政机关工作人员"}
	for i := range rows {
		birth := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%20000).Format("2006-01-02")
		seq := 1 + i/20000
		p := person(fmt.Sprintf("党员%d", i), birth, seq)
		p.Phone = fmt.Sprintf("13%09d", i)
		p.Gender = genderOf(seq)
		row := rowOf(p)
		row[6], row[7] = edu[i%len(edu)], cat[i%len(cat)]
		if i%10 == 0 {
			row[8], row[9], row[10] = "预备党员", "2026-03-01", ""
		}
		rows[i] = row
	}
	return xlsxFile(tb, stdHeader, rows)
}
