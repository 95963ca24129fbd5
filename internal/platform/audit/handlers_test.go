package audit_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func auditor() *authz.Principal {
	return &authz.Principal{AccountID: "aud", Username: "auditor",
		Grants: []authz.Grant{{ID: "g1", Role: authz.Auditor}}, SessionID: "s"}
}

func TestAuditorReadsTheLog(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		record(t, d, 2)
		ctx := context.Background()
		d.InTx(ctx, func(tx *db.Tx) error {
			return audit.Record(ctx, tx, audit.Entry{Action: "account.create", TargetType: "account", TargetID: "a9"})
		})
		srv := apitest.New()
		audit.Routes(srv.Router, d)

		srv.As(auditor())
		r := srv.Do(t, "GET", "/api/v1/audit", nil)
		if r.Status != http.StatusOK {
			t.Fatalf("auditor: %d %s", r.Status, r.Body)
		}
		var list struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		r.JSON(t, &list)
		if list.Total != 3 || len(list.Items) != 3 || list.Items[0]["action"] != "account.create" {
			t.Fatalf("want 3 records newest first: %s", r.Body)
		}
		if after, _ := list.Items[1]["after"].(map[string]any); after["name"] != "张叁" {
			t.Fatalf("after must be a JSON object: %v", list.Items[1]["after"])
		}
		if _, err := time.Parse(time.RFC3339, list.Items[0]["at"].(string)); err != nil {
			t.Fatalf("at must be RFC 3339: %v", err)
		}

		for q, want := range map[string]int{
			"?action=member.": 2, "?action=account": 1, "?actor=acc1": 2, "?actor=zhang": 2, "?actor=nobody": 0,
			"?from=2000-01-01": 3, "?to=2000-01-01": 0, "?page_size=1&page=2": 3,
		} {
			r := srv.Do(t, "GET", "/api/v1/audit"+q, nil)
			r.JSON(t, &list)
			if r.Status != http.StatusOK || list.Total != want {
				t.Errorf("%s: %d total %d, want %d", q, r.Status, list.Total, want)
			}
		}
		if r := srv.Do(t, "GET", "/api/v1/audit?from=yesterday", nil); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("bad date: %d", r.Status)
		}

		r = srv.Do(t, "GET", "/api/v1/audit/verify", nil)
		if m := r.Map(t); r.Status != http.StatusOK || m["ok"] != true || m["checked"] != float64(3) || m["broken_at"] != nil {
			t.Fatalf("verify: %d %s", r.Status, r.Body)
		}

		// 三员分立: the system administrator cannot read the audit log.
		srv.As(&authz.Principal{AccountID: "sys", Grants: []authz.Grant{{Role: authz.Sysadmin}}, SessionID: "s"})
		if r := srv.Do(t, "GET", "/api/v1/audit", nil); r.Status != http.StatusForbidden {
			t.Errorf("sysadmin: got %d, want 403", r.Status)
		}
	})
}

func TestAuditDatesAreShanghaiDays(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// 2026-03-01 23:30 in Shanghai is still 2026-03-01 15:30 UTC; 00:30
		// on 2026-03-02 in Shanghai is 2026-03-01 16:30 UTC.
		for _, at := range []time.Time{time.Date(2026, 3, 1, 15, 30, 0, 0, time.UTC), time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC)} {
			if err := d.InTx(ctx, func(tx *db.Tx) error {
				return audit.RecordAt(ctx, tx, at, audit.Entry{Action: "x.y"})
			}); err != nil {
				t.Fatal(err)
			}
		}
		srv := apitest.New().As(auditor())
		audit.Routes(srv.Router, d)
		var list struct{ Total int }
		for q, want := range map[string]int{"?from=2026-03-01&to=2026-03-01": 1, "?from=2026-03-02": 1, "?to=2026-03-02": 2} {
			srv.Do(t, "GET", "/api/v1/audit"+q, nil).JSON(t, &list)
			if list.Total != want {
				t.Errorf("%s: %d, want %d", q, list.Total, want)
			}
		}
	})
}
