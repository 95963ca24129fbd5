package dues_test

import (
	"context"
	"strings"
	"testing"

	"dangjian/internal/dues"
	"dangjian/internal/platform/db"
)

// allowTampering removes the append-only triggers, as an attacker with
// direct database access could.
func (e *env) allowTampering(t *testing.T) {
	t.Helper()
	stmts := []string{"DROP TRIGGER dues_entries_no_update", "DROP TRIGGER dues_entries_no_delete"}
	if e.d.Dialect() == db.Postgres {
		stmts = []string{"ALTER TABLE dues_entries DISABLE TRIGGER USER"}
	}
	for _, s := range stmts {
		if _, err := e.d.ExecContext(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
}

func (e *env) verify(t *testing.T) dues.Report {
	t.Helper()
	rep, err := dues.Verify(context.Background(), e.d)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// ledgerWorld has February charged in branches A and B and paid by 甲: A's
// chain holds four entries (甲, 乙, 丙's charges, 甲's payment), B's two.
func (e *env) ledgerWorld(t *testing.T) world {
	t.Helper()
	w := e.world(t)
	e.basesForAll(t)
	e.postMonth(t, admin(w.R), w.R, "2026-02")
	e.payBatch(t, w.A, payBody("cash", "", true, []string{"2026-02"}, "m-jia"))
	return w
}

func TestVerifyAcceptsAnIntactLedger(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.ledgerWorld(t)
		rep := e.verify(t)
		if !rep.OK || rep.Chains != 2 || rep.Checked != 6 || !strings.Contains(rep.Message, "6 条") {
			t.Fatalf("intact ledger: %+v", rep)
		}
	})
}

func TestVerifyNamesTheTamperedEntry(t *testing.T) {
	cases := []struct {
		name, sql string
		seq       int64
		says      string
	}{
		{"edited", "UPDATE dues_entries SET paid_fen = paid_fen + 1 WHERE org_id = ? AND seq = 2", 2, "篡改"},
		{"removed", "DELETE FROM dues_entries WHERE org_id = ? AND seq = 2", 2, "缺失"},
		{"last removed", "DELETE FROM dues_entries WHERE org_id = ? AND seq = 4", 4, "末尾"},
		{"relinked", "UPDATE dues_entries SET prev_hash = 'x' WHERE org_id = ? AND seq = 3", 3, "链接"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			each(t, func(t *testing.T, e *env) {
				w := e.ledgerWorld(t)
				e.allowTampering(t)
				if _, err := e.d.ExecContext(context.Background(), c.sql, w.A.ID); err != nil {
					t.Fatal(err)
				}
				rep := e.verify(t)
				if rep.OK || rep.OrgID != w.A.ID || rep.BrokenAt != c.seq || !strings.Contains(rep.Message, c.says) ||
					!strings.Contains(rep.Message, w.A.ID) {
					t.Fatalf("%s: %+v", c.name, rep)
				}
			})
		})
	}
}

func TestLedgerRefusesUpdateAndDelete(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.ledgerWorld(t)
		ctx := context.Background()
		for _, q := range []string{"UPDATE dues_entries SET note = 'x'", "DELETE FROM dues_entries"} {
			if _, err := e.d.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if rep := e.verify(t); !rep.OK {
			t.Fatalf("after refused edits: %+v", rep)
		}
	})
}
