package audit_test

import (
	"context"
	"testing"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func record(t *testing.T, d *db.DB, n int) {
	t.Helper()
	ctx := authz.WithClientIP(authz.WithPrincipal(context.Background(),
		&authz.Principal{AccountID: "acc1", Username: "zhang"}), "10.0.0.1")
	for i := 0; i < n; i++ {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return audit.Record(ctx, tx, audit.Entry{Action: "member.update", TargetType: "member",
				TargetID: "m1", Before: map[string]string{"name": "张三"}, After: map[string]string{"name": "张叁"}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestChainDetectsTampering(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		record(t, d, 3)
		rep, err := audit.Verify(ctx, d)
		if err != nil || !rep.OK || rep.Checked != 3 {
			t.Fatalf("intact chain must verify: %+v %v", rep, err)
		}
		if _, err := d.ExecContext(ctx, "UPDATE audit_log SET actor_name = 'x' WHERE seq = 2"); err == nil {
			t.Fatal("the database must refuse UPDATE on audit_log")
		}
		if _, err := d.ExecContext(ctx, "DELETE FROM audit_log WHERE seq = 3"); err == nil {
			t.Fatal("the database must refuse DELETE on audit_log")
		}
		disableTriggers(t, d)
		if _, err := d.ExecContext(ctx, "UPDATE audit_log SET after_json = '{}' WHERE seq = 2"); err != nil {
			t.Fatal(err)
		}
		rep, _ = audit.Verify(ctx, d)
		if rep.OK || rep.BrokenAt == nil || *rep.BrokenAt != 2 {
			t.Fatalf("tampered record 2 must be named: %+v", rep)
		}
	})
}

func TestDeletedTailDetected(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		record(t, d, 2)
		disableTriggers(t, d)
		if _, err := d.ExecContext(context.Background(), "DELETE FROM audit_log WHERE seq = 2"); err != nil {
			t.Fatal(err)
		}
		if rep, _ := audit.Verify(context.Background(), d); rep.OK {
			t.Fatal("a removed last record must be detected")
		}
	})
}

func TestFailedAuditFailsTheOperation(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		d.ExecContext(ctx, "CREATE TABLE things (id TEXT PRIMARY KEY)")
		d.ExecContext(ctx, "DROP TABLE audit_head") // inject the fault: the audit write cannot happen
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO things (id) VALUES ('a')"); err != nil {
				return err
			}
			return audit.Record(ctx, tx, audit.Entry{Action: "thing.create"})
		})
		if err == nil {
			t.Fatal("operation must fail when the audit record cannot be written")
		}
		var n int
		d.QueryRowContext(ctx, "SELECT COUNT(*) FROM things").Scan(&n)
		if n != 0 {
			t.Fatal("the business write must be rolled back with the failed audit write")
		}
	})
}

func disableTriggers(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	stmts := []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}
	if d.Dialect() == db.Postgres {
		stmts = []string{"ALTER TABLE audit_log DISABLE TRIGGER USER"}
	}
	for _, s := range stmts {
		if _, err := d.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
}
