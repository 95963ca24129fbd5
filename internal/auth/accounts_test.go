package auth_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
)

// TestNoPhoneInAccountsTable: a member's phone, typed any usual way, signs
// in, and no column of the accounts table (or the audit log) holds it.
func TestNoPhoneInAccountsTable(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		acc := e.create("１３８ ００１３ ８０００", false) // full-width, spaced
		if acc.Username != "138****8000" {
			t.Fatalf("listed username %q must be masked", acc.Username)
		}
		if _, err := e.svc.CreateAccount(context.Background(), auth.NewAccount{Username: "+86 138-0013-8000",
			DisplayName: "重复", Password: goodPassword}); !isStatus(err, http.StatusConflict) {
			t.Fatalf("the same phone written differently is the same account: %v", err)
		}
		e.client().mustLogin("+86 138-0013-8000", goodPassword)
		e.client().login("13800138000", "Wrong#Pass1")

		for _, table := range []string{"accounts", "audit_log"} {
			rows, err := e.d.QueryContext(context.Background(), "SELECT * FROM "+table)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			phone := regexp.MustCompile(`1[3-9]\d{9}`)
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				for i, v := range vals {
					if s := toString(v); strings.Contains(s, "13800138000") || (cols[i] != "hash" && cols[i] != "prev_hash" && phone.MatchString(s) && !strings.HasPrefix(s, "gm1:")) {
						t.Errorf("%s.%s holds a phone number: %q", table, cols[i], s)
					}
				}
			}
			rows.Close()
		}
	})
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}

func isStatus(err error, status int) bool {
	var he *httpx.Error
	return errors.As(err, &he) && he.Status == status
}

func TestUsernameRules(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		for _, bad := range []string{"", "ab", "12345", "1234567890123", "张三", "9admin", "a b c d"} {
			_, err := e.svc.CreateAccount(context.Background(), auth.NewAccount{Username: bad, DisplayName: "x", Password: goodPassword})
			if !isStatus(err, http.StatusUnprocessableEntity) {
				t.Errorf("username %q: %v", bad, err)
			}
		}
		e.create("Admin.Li", false)
		if _, err := e.svc.CreateAccount(context.Background(), auth.NewAccount{Username: "ａｄｍｉｎ.ｌｉ", DisplayName: "x",
			Password: goodPassword}); !isStatus(err, http.StatusConflict) {
			t.Errorf("full-width and case variants are the same name: %v", err)
		}
		for _, c := range []struct {
			user, pw string
			ok       bool
		}{{"useraa", "Aa123456", false}, {"userwo", "woaini1314", false}, {"wangwu", "Wangwu#2026", false},
			{"userkx", "Kx9$admin", true}} {
			_, err := e.svc.CreateAccount(context.Background(), auth.NewAccount{Username: c.user, DisplayName: "x", Password: c.pw})
			if (err == nil) != c.ok {
				t.Errorf("password %q for %s: %v", c.pw, c.user, err)
			}
		}
	})
}

// TestSeparationOfDuties (三员分立): at most one of sysadmin, secadmin and
// auditor, and then no org role — in code, and in the database.
func TestSeparationOfDuties(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		sec := e.create("sec", false)
		e.grant(sec.ID, authz.Secadmin, "")
		for _, c := range []struct {
			role authz.Role
			org  string
		}{{authz.Auditor, ""}, {authz.Sysadmin, ""}, {authz.Viewer, "A"}} {
			if _, err := e.svc.GrantRole(context.Background(), sec.ID, c.role, c.org); !isStatus(err, http.StatusConflict) ||
				!strings.Contains(err.Error(), "三员分立") {
				t.Errorf("secadmin + %s: %v", c.role, err)
			}
		}
		worker := e.create("worker", false)
		e.grant(worker.ID, authz.PartyWorker, "A1")
		if _, err := e.svc.GrantRole(context.Background(), worker.ID, authz.Auditor, ""); !isStatus(err, http.StatusConflict) {
			t.Errorf("org role + auditor: %v", err)
		}
		if _, err := e.svc.GrantRole(context.Background(), worker.ID, authz.Viewer, ""); !isStatus(err, http.StatusUnprocessableEntity) {
			t.Errorf("org role without org: %v", err)
		}
		aud := e.create("aud", false)
		if _, err := e.svc.GrantRole(context.Background(), aud.ID, authz.Auditor, "A"); !isStatus(err, http.StatusUnprocessableEntity) {
			t.Errorf("global role at an org: %v", err)
		}
		// Through the API, as the security administrator.
		e.api.As(principal("sec", authz.Secadmin, ""))
		r := e.api.Do(t, "POST", "/api/v1/accounts/"+sec.ID+"/roles", map[string]string{"role": "sysadmin"})
		if r.Status != http.StatusConflict || !r.Contains("三员分立") {
			t.Errorf("API: %d %s", r.Status, r.Body)
		}
		// The database refuses a second global role even past the code.
		_, err := e.d.ExecContext(context.Background(), `INSERT INTO role_grants (id, account_id, role, org_id, created_at)
			VALUES ('x', ?, 'auditor', '', 0)`, sec.ID)
		if err == nil {
			t.Error("the database must refuse a second global role")
		}
	})
}

// TestAccountAdminScope: the security administrator manages every account;
// an org admin only the accounts inside their subtree (and those they
// created and have not granted yet); the rest answers 404.
func TestAccountAdminScope(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		sec := principal("sec-1", authz.Secadmin, "")
		adminA := principal("admin-a", authz.OrgAdmin, "/R/A/")
		e.api.As(sec)
		theirs := e.api.Do(t, "POST", "/api/v1/accounts", map[string]any{"username": "13900139000", "display_name": "乙一书记",
			"password": goodPassword})
		if theirs.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", theirs.Status, theirs.Body)
		}
		theirID := theirs.Map(t)["id"].(string)
		if m := theirs.Map(t); m["must_change_password"] != true || m["username"] != "139****9000" || m["last_login_at"] != nil {
			t.Errorf("created account: %s", theirs.Body)
		}
		g := e.api.Do(t, "POST", "/api/v1/accounts/"+theirID+"/roles", map[string]string{"role": "party_worker", "org_id": "B1"})
		if g.Status != http.StatusCreated || g.Map(t)["org_name"] != "乙一支部" {
			t.Fatalf("grant: %d %s", g.Status, g.Body)
		}
		theirGrant := g.Map(t)["id"].(string)
		loose := e.api.Do(t, "POST", "/api/v1/accounts", map[string]any{"username": "loose", "display_name": "未授权",
			"password": goodPassword}).Map(t)["id"].(string)

		e.api.As(adminA)
		ours := e.api.Do(t, "POST", "/api/v1/accounts", map[string]any{"username": "worker.a1", "display_name": "甲一干事",
			"password": goodPassword})
		ourID := ours.Map(t)["id"].(string)
		if r := e.api.Do(t, "POST", "/api/v1/accounts/"+ourID+"/roles", map[string]string{"role": "party_worker", "org_id": "A1"}); r.Status != http.StatusCreated {
			t.Fatalf("org admin grants inside: %d %s", r.Status, r.Body)
		}
		for _, c := range []struct {
			method, path string
			body         any
			want         int
		}{
			{"POST", "/api/v1/accounts/" + ourID + "/roles", map[string]string{"role": "viewer", "org_id": "B1"}, http.StatusNotFound},
			{"POST", "/api/v1/accounts/" + ourID + "/roles", map[string]string{"role": "org_admin", "org_id": "A1"}, http.StatusForbidden},
			{"POST", "/api/v1/accounts/" + ourID + "/roles", map[string]string{"role": "auditor"}, http.StatusForbidden},
			{"POST", "/api/v1/accounts/" + ourID + "/roles", map[string]string{"role": "viewer", "org_id": "nope"}, http.StatusNotFound},
			{"POST", "/api/v1/accounts/" + theirID + "/roles", map[string]string{"role": "viewer", "org_id": "A1"}, http.StatusNotFound},
			{"PATCH", "/api/v1/accounts/" + theirID, map[string]any{"disabled": true}, http.StatusNotFound},
			{"POST", "/api/v1/accounts/" + theirID + "/reset-password", map[string]string{"password": "Nq8$wLz2!p"}, http.StatusNotFound},
			{"DELETE", "/api/v1/role-grants/" + theirGrant, nil, http.StatusNotFound},
			{"PATCH", "/api/v1/accounts/" + loose, map[string]any{"disabled": true}, http.StatusNotFound},
			{"POST", "/api/v1/accounts/" + loose + "/roles", map[string]string{"role": "viewer", "org_id": "A1"}, http.StatusNotFound},
			{"PATCH", "/api/v1/accounts/" + ourID, map[string]any{"display_name": "甲一干事（新）"}, http.StatusOK},
			{"POST", "/api/v1/accounts/" + ourID + "/reset-password", map[string]string{"password": "Nq8$wLz2!p"}, http.StatusNoContent},
			{"POST", "/api/v1/accounts/" + ourID + "/reset-password", map[string]string{"password": "abc"}, http.StatusUnprocessableEntity},
		} {
			if r := e.api.Do(t, c.method, c.path, c.body); r.Status != c.want {
				t.Errorf("org admin %s %s: %d %s, want %d", c.method, c.path, r.Status, r.Body, c.want)
			}
		}
		list := e.api.Do(t, "GET", "/api/v1/accounts", nil)
		if m := list.Map(t); m["total"] != float64(1) || !list.Contains(ourID) || list.Contains(theirID) {
			t.Errorf("org admin's list: %s", list.Body)
		}

		e.api.As(sec)
		list = e.api.Do(t, "GET", "/api/v1/accounts", nil)
		if list.Map(t)["total"] != float64(3) {
			t.Errorf("secadmin's list: %s", list.Body)
		}
		for q, want := range map[string]string{"?q=甲一": ourID, "?q=13900139000": theirID, "?q=139%200013%209000": theirID} {
			r := e.api.Do(t, "GET", "/api/v1/accounts"+q, nil)
			if m := r.Map(t); m["total"] != float64(1) || !r.Contains(want) {
				t.Errorf("list %s: %s", q, r.Body)
			}
		}
		if r := e.api.Do(t, "DELETE", "/api/v1/role-grants/"+theirGrant, nil); r.Status != http.StatusNoContent {
			t.Errorf("secadmin revokes: %d %s", r.Status, r.Body)
		}
		for action, n := range map[string]int{"account.create": 3, "account.grant_role": 2, "account.update": 1,
			"account.reset_password": 1, "account.revoke_role": 1} {
			if got := e.auditCount(action, audit.OK); got != n {
				t.Errorf("%s audited %d times, want %d", action, got, n)
			}
		}
		var before, after string
		e.d.QueryRowContext(context.Background(), "SELECT before_json, after_json FROM audit_log WHERE action = 'account.update'").Scan(&before, &after)
		if !strings.Contains(before, "甲一干事") || !strings.Contains(after, "甲一干事（新）") {
			t.Errorf("update must be audited with before and after: %s → %s", before, after)
		}
		var leaked int
		e.d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%argon2%' OR after_json LIKE '%assword\":\"%'").Scan(&leaked)
		if leaked != 0 {
			t.Error("no password or hash may reach the audit log")
		}
	})
}

// TestDisableEndsSessions: disabling ends every session and stops the
// account's tokens; re-enabling restores the tokens (nothing was revoked).
func TestDisableEndsSessions(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		acc := e.create("zhangsan", false)
		c := e.client()
		c.mustLogin("zhangsan", goodPassword)
		token, err := e.svc.CreateToken(context.Background(), "zhangsan", "script", 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		bot := e.client()
		bot.bearer = token
		e.api.As(principal("sec-1", authz.Secadmin, ""))
		if r := e.api.Do(t, "PATCH", "/api/v1/accounts/"+acc.ID, map[string]any{"disabled": true}); r.Status != http.StatusOK || r.Map(t)["disabled"] != true {
			t.Fatalf("disable: %d %s", r.Status, r.Body)
		}
		if r := c.do("GET", "/api/v1/me", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("session of a disabled account: %d", r.Status)
		}
		if r := bot.do("GET", "/api/v1/me", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("token of a disabled account: %d", r.Status)
		}
		if r := e.client().login("zhangsan", goodPassword); r.Status != http.StatusLocked || !strings.Contains(r.m(t)["detail"].(string), "停用") {
			t.Errorf("sign-in of a disabled account: %d %s", r.Status, r.Body)
		}
		e.api.Do(t, "PATCH", "/api/v1/accounts/"+acc.ID, map[string]any{"disabled": false})
		if r := bot.do("GET", "/api/v1/me", nil); r.Status != http.StatusOK {
			t.Errorf("token after re-enabling: %d", r.Status)
		}
		e.client().mustLogin("zhangsan", goodPassword)
	})
}

// TestResetPasswordEndsSessions: the administrator's (or the command
// line's) reset forces a change and ends every session.
func TestResetPasswordEndsSessions(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		e.create("zhangsan", false)
		c := e.client()
		c.mustLogin("zhangsan", goodPassword)
		if err := e.svc.ResetPassword(context.Background(), "ZHANGSAN", "Nq8$wLz2!p"); err != nil {
			t.Fatal(err)
		}
		if r := c.do("GET", "/api/v1/me", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("old session after a reset: %d", r.Status)
		}
		c.mustLogin("zhangsan", "Nq8$wLz2!p")
		if r := c.do("GET", "/api/v1/things", nil); r.code(t) != "password_change_required" {
			t.Errorf("after a reset: %s", r.Body)
		}
		if err := e.svc.ResetPassword(context.Background(), "zhangsan", "123"); !isStatus(err, http.StatusUnprocessableEntity) {
			t.Errorf("the reset password obeys the policy: %v", err)
		}
	})
}

// TestUnusedAccountsDisabled: no sign-in for 90 days → refused with an
// explanation, marked disabled, audited; re-enabling restarts the clock.
func TestUnusedAccountsDisabled(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		acc := e.create("zhangsan", false)
		e.clk.Advance(90 * 24 * time.Hour)
		r := e.client().login("zhangsan", goodPassword)
		if r.Status != http.StatusLocked || r.m(t)["detail"] != "账号长期未使用已停用，请联系管理员" {
			t.Fatalf("unused account: %d %s", r.Status, r.Body)
		}
		if e.auditCount("auth.disable_unused", audit.Denied) != 1 {
			t.Error("disabling for disuse must be audited")
		}
		e.api.As(principal("sec-1", authz.Secadmin, ""))
		if r := e.api.Do(t, "GET", "/api/v1/accounts", nil); !r.Contains(`"disabled":true`) {
			t.Errorf("the list must show it disabled: %s", r.Body)
		}
		e.api.Do(t, "PATCH", "/api/v1/accounts/"+acc.ID, map[string]any{"disabled": false})
		// Passwords expire at 90 days too; that is a separate, later step.
		e.client().mustLogin("zhangsan", goodPassword)
	})
}

func TestMemberRole(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		plain := e.create("plain", false)
		if _, err := e.svc.GrantRole(context.Background(), plain.ID, authz.MemberRole, "A1"); !isStatus(err, http.StatusUnprocessableEntity) {
			t.Errorf("member role without a member: %v", err)
		}
		m, err := e.svc.CreateAccount(context.Background(), auth.NewAccount{Username: "13700137000", DisplayName: "党员甲",
			Password: goodPassword, MemberID: "mem-1"})
		if err != nil {
			t.Fatal(err)
		}
		e.svc.SetMembers(memberOrgs{"mem-1": "A1"})
		if _, err := e.svc.GrantRole(context.Background(), m.ID, authz.MemberRole, "B1"); !isStatus(err, http.StatusUnprocessableEntity) {
			t.Errorf("member role away from the member's branch: %v", err)
		}
		e.grant(m.ID, authz.MemberRole, "A1")
		c := e.client()
		c.mustLogin("13700137000", goodPassword)
		if r := c.do("GET", "/api/v1/me", nil); r.m(t)["member_id"] != "mem-1" || !r.Contains(`"role":"member"`) {
			t.Errorf("me: %s", r.Body)
		}
		if _, err := e.svc.CreateAccount(context.Background(), auth.NewAccount{Username: "13700137001", DisplayName: "x",
			Password: goodPassword, MemberID: "mem-1"}); !isStatus(err, http.StatusConflict) {
			t.Errorf("one account per member: %v", err)
		}
	})
}

type memberOrgs map[string]string

func (m memberOrgs) OrgOf(_ context.Context, id string) (string, error) { return m[id], nil }

// TestFailedAuditFailsTheWrite: if the audit record cannot be written, the
// account is not created either.
func TestFailedAuditFailsTheWrite(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		if _, err := e.d.ExecContext(context.Background(), "DROP TABLE audit_head"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CreateAccount(context.Background(), auth.NewAccount{Username: "zhangsan", DisplayName: "张三",
			Password: goodPassword}); err == nil {
			t.Fatal("creating must fail when auditing fails")
		}
		var n int
		e.d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM accounts").Scan(&n)
		if n != 0 {
			t.Fatal("nothing may be left half-written")
		}
	})
}
