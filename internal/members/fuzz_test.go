package members_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"dangjian/internal/members"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/httpx"
)

// FuzzImportCSV feeds arbitrary bytes as a .csv upload: the import never
// panics, answers either a report or a user-facing error, and never
// half-writes — the members table grows by exactly what the report says.
func FuzzImportCSV(f *testing.F) {
	good := string(csvFile(stdHeader, [][]string{rowOf(person("模糊", "1990-01-01", 601))}))
	f.Add([]byte(good), false)
	f.Add([]byte(good+good), true)
	f.Add([]byte(strings.Join(stdHeader, ",")+"\n\"unterminated,1,2\n"), false)
	f.Add([]byte("姓名,身份证号\n张三,110105199001011236\n"), false)
	f.Add([]byte{0xff, 0xfe, 0, 0, 1, 2}, false)
	f.Add([]byte(strings.Join(stdHeader, "\t")+"\n李四\t男\t汉\t1990-01-01\t11010519900101123X\n"), true)
	// Under -fuzz every non-standard package is coverage-instrumented,
	// the transpiled SQLite included: expect a few executions a second.
	d := dbtest.OpenSQLite(f, migrations)
	e := newEnv(f, d)
	f.Fuzz(func(t *testing.T, data []byte, allOrNothing bool) {
		mode := members.ImportGoodRows
		if allOrNothing {
			mode = members.ImportAllOrNothing
		}
		before := rowCount(t, d, "members")
		rep, err := e.m.Import(context.Background(), e.ids["A1"], "fuzz.csv", bytes.NewReader(data), mode)
		after := rowCount(t, d, "members")
		if err != nil {
			var he *httpx.Error
			if !errors.As(err, &he) {
				t.Fatalf("not a user-facing error: %v", err)
			}
			if after != before {
				t.Fatalf("failed import wrote %d members", after-before)
			}
			return
		}
		if after-before != rep.Created {
			t.Fatalf("report says %d created, table grew by %d", rep.Created, after-before)
		}
		if mode == members.ImportAllOrNothing && len(rep.Errors) > 0 && after != before {
			t.Fatalf("all_or_nothing with errors wrote rows")
		}
		if rep.Created+rep.Updated+rep.Unchanged+rep.Refused != rep.Total && rep.Committed {
			t.Fatalf("counts do not add up: %+v", rep)
		}
	})
}
