package auth_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
)

// TestCookieSessionFlow: sign in → cookie → /me → a state change needs the
// CSRF token and a same-site origin → logout → the old cookie is nobody.
func TestCookieSessionFlow(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		acc := e.create("zhangsan", false)
		c := e.client()
		r := c.login("ZhangSan", goodPassword) // names compare case-insensitively
		if r.Status != http.StatusOK {
			t.Fatalf("login: %d %s", r.Status, r.Body)
		}
		set := r.Header.Get("Set-Cookie")
		for _, want := range []string{"dj_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
			if !strings.Contains(set, want) {
				t.Errorf("cookie %q lacks %s", set, want)
			}
		}
		if strings.Contains(set, "Secure") || strings.HasPrefix(set, "__Host-") {
			t.Errorf("plain HTTP cookie must not be Secure: %q", set)
		}
		if len(c.cookie.Value) < 26 { // ≥ 128 bits in base32
			t.Errorf("session token too short: %d chars", len(c.cookie.Value))
		}
		me := c.do("GET", "/api/v1/me", nil)
		m := me.m(t)
		if me.Status != http.StatusOK || m["id"] != acc.ID || m["csrf_token"] != c.csrf || c.csrf == "" ||
			m["demo"] != false || m["member_id"] != nil || m["must_change_password"] != false {
			t.Fatalf("me: %d %s", me.Status, me.Body)
		}
		var lastLogin int64
		e.d.QueryRowContext(context.Background(), "SELECT last_login_at FROM accounts WHERE id = ?", acc.ID).Scan(&lastLogin)
		if lastLogin != start.UnixMilli() {
			t.Errorf("last_login_at = %d", lastLogin)
		}

		if r := c.do("POST", "/api/v1/things", nil); r.Status != http.StatusForbidden || r.code(t) != "csrf_failed" {
			t.Errorf("POST without CSRF token: %d %s", r.Status, r.Body)
		}
		if r := c.do("POST", "/api/v1/things", nil, "X-CSRF-Token: wrong"); r.Status != http.StatusForbidden {
			t.Errorf("POST with a wrong CSRF token: %d", r.Status)
		}
		if r := c.post("POST", "/api/v1/things", nil); r.Status != http.StatusOK {
			t.Errorf("POST with CSRF token: %d %s", r.Status, r.Body)
		}
		if r := c.do("POST", "/api/v1/things", nil, "X-CSRF-Token: "+c.csrf, "Origin: https://evil.example"); r.Status != http.StatusForbidden {
			t.Errorf("cross-origin POST: %d", r.Status)
		}
		if r := c.do("POST", "/api/v1/things", nil, "X-CSRF-Token: "+c.csrf, "Origin: http://example.com"); r.Status != http.StatusOK {
			t.Errorf("same-origin POST: %d %s", r.Status, r.Body)
		}

		if r := c.post("POST", "/api/v1/auth/logout", nil); r.Status != http.StatusNoContent ||
			!strings.Contains(r.Header.Get("Set-Cookie"), "Max-Age=0") {
			t.Fatalf("logout: %d %v", r.Status, r.Header)
		}
		var n int
		e.d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM sessions").Scan(&n)
		if n != 0 {
			t.Errorf("logout must delete the server-side session; %d left", n)
		}
		if r := c.do("GET", "/api/v1/me", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("replayed cookie after logout: %d", r.Status)
		}
		if e.auditCount("auth.login", audit.OK) != 1 || e.auditCount("auth.logout", audit.OK) != 1 {
			t.Error("sign-in and logout must be audited")
		}
		if e.auditCount("auth.denied", audit.Denied) < 3 {
			t.Error("refused requests must be audited")
		}
	})
}

func TestSecureCookie(t *testing.T) {
	each(t, auth.Config{SecureCookies: true}, func(t *testing.T, e *env) {
		e.create("zhangsan", false)
		c := e.client()
		r := c.login("zhangsan", goodPassword)
		set := r.Header.Get("Set-Cookie")
		if !strings.HasPrefix(set, "__Host-dj_session=") || !strings.Contains(set, "Secure") {
			t.Fatalf("under TLS the cookie must be __Host- and Secure: %q", set)
		}
		if r := c.do("GET", "/api/v1/me", nil); r.Status != http.StatusOK {
			t.Fatalf("me: %d", r.Status)
		}
	})
}

func TestLoginCSRFRefused(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		e.create("zhangsan", false)
		r := e.client().do("POST", "/api/v1/auth/login", map[string]string{"username": "zhangsan", "password": goodPassword},
			"Origin: https://evil.example")
		if r.Status != http.StatusForbidden || r.Header.Get("Set-Cookie") != "" {
			t.Fatalf("cross-site sign-in: %d", r.Status)
		}
	})
}

// TestForcedPasswordChange: an account whose password someone else set can
// do nothing but change it (and see /me, log out) until it does.
func TestForcedPasswordChange(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		e.create("zhangsan", true)
		c := e.client()
		c.mustLogin("zhangsan", goodPassword)
		other := e.client()
		other.mustLogin("zhangsan", goodPassword)
		for _, m := range []string{"GET", "POST"} {
			if r := c.post(m, "/api/v1/things", nil); r.Status != http.StatusForbidden || r.code(t) != "password_change_required" {
				t.Errorf("%s before the change: %d %s", m, r.Status, r.Body)
			}
		}
		if r := c.post("GET", "/api/v1/tokens", nil); r.Status != http.StatusForbidden {
			t.Errorf("tokens before the change: %d", r.Status)
		}
		if r := c.do("GET", "/api/v1/me", nil); r.Status != http.StatusOK || r.m(t)["must_change_password"] != true {
			t.Errorf("me before the change: %d %s", r.Status, r.Body)
		}
		for _, bad := range []map[string]string{
			{"old_password": "Wrong#Pass1", "new_password": "Nq8$wLz2!p"},
			{"old_password": goodPassword, "new_password": "short"},
			{"old_password": goodPassword, "new_password": "P@ssw0rd"},
			{"old_password": goodPassword, "new_password": goodPassword},
			{"old_password": goodPassword, "new_password": "Zhangsan#2026"},
		} {
			if r := c.post("POST", "/api/v1/auth/password", bad); r.Status != http.StatusUnprocessableEntity {
				t.Errorf("%v: %d %s", bad, r.Status, r.Body)
			}
		}
		if r := c.do("POST", "/api/v1/auth/password", map[string]string{"old_password": goodPassword, "new_password": "Nq8$wLz2!p"}); r.Status != http.StatusForbidden {
			t.Errorf("password change without CSRF token: %d", r.Status)
		}
		if r := c.post("POST", "/api/v1/auth/password", map[string]string{"old_password": goodPassword, "new_password": "Nq8$wLz2!p"}); r.Status != http.StatusNoContent {
			t.Fatalf("change: %d %s", r.Status, r.Body)
		}
		if r := c.post("POST", "/api/v1/things", nil); r.Status != http.StatusOK {
			t.Errorf("after the change: %d %s", r.Status, r.Body)
		}
		if r := other.do("GET", "/api/v1/me", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("a password change must end the other sessions: %d", r.Status)
		}
		if r := e.client().login("zhangsan", goodPassword); r.Status != http.StatusUnauthorized {
			t.Errorf("old password after the change: %d", r.Status)
		}
		e.client().mustLogin("zhangsan", "Nq8$wLz2!p")
		if e.auditCount("auth.password_change", audit.OK) != 1 || e.auditCount("auth.password_change", audit.Failed) != 1 {
			t.Error("password changes must be audited")
		}
	})
}

func TestPasswordExpiryForcesChange(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		e.create("zhangsan", false)
		e.clk.Advance(89 * 24 * time.Hour)
		e.client().mustLogin("zhangsan", goodPassword) // keeps the account in use
		e.clk.Advance(2 * 24 * time.Hour)
		c := e.client()
		c.mustLogin("zhangsan", goodPassword)
		if r := c.do("GET", "/api/v1/things", nil); r.Status != http.StatusForbidden || r.code(t) != "password_change_required" {
			t.Fatalf("a 91-day-old password must be changed: %d %s", r.Status, r.Body)
		}
	})
}

func TestPasswordExpiryCanBeOff(t *testing.T) {
	each(t, auth.Config{PasswordMaxAge: -1}, func(t *testing.T, e *env) {
		e.create("zhangsan", false)
		e.clk.Advance(89 * 24 * time.Hour)
		c := e.client()
		c.mustLogin("zhangsan", goodPassword)
		e.clk.Advance(2 * 24 * time.Hour)
		c.mustLogin("zhangsan", goodPassword)
		if r := c.do("GET", "/api/v1/things", nil); r.Status != http.StatusOK {
			t.Fatalf("expiry switched off: %d %s", r.Status, r.Body)
		}
	})
}

// TestLockAfterFailures: 5 bad sign-ins lock the account for 15 minutes,
// even against the right password, and all of it is audited.
func TestLockAfterFailures(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		e.create("zhangsan", false)
		c := e.client()
		for i := 1; i <= 4; i++ {
			if r := c.login("zhangsan", "Wrong#Pass1"); r.Status != http.StatusUnauthorized || r.code(t) != "invalid_credentials" {
				t.Fatalf("failure %d: %d %s", i, r.Status, r.Body)
			}
		}
		r := c.login("zhangsan", "Wrong#Pass1")
		if r.Status != http.StatusLocked || r.code(t) != "account_locked" {
			t.Fatalf("5th failure must lock: %d %s", r.Status, r.Body)
		}
		r = c.login("zhangsan", goodPassword)
		if r.Status != http.StatusLocked || !strings.Contains(r.m(t)["detail"].(string), "10:15（北京时间）") {
			t.Fatalf("locked account with the right password: %d %s", r.Status, r.Body)
		}
		if e.auditCount("auth.login", audit.Failed) != 5 || e.auditCount("auth.lock", audit.OK) != 1 ||
			e.auditCount("auth.login", audit.Denied) != 1 {
			t.Error("failures, the lock and the refused sign-in must be audited")
		}
		var leaked int
		e.d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%Wrong%' OR after_json LIKE '%Xq7%'").Scan(&leaked)
		if leaked != 0 {
			t.Error("the audit log must never hold a password")
		}
		e.clk.Advance(15 * time.Minute)
		c.mustLogin("zhangsan", goodPassword)
	})
}

// TestUnknownUserLooksLikeWrongPassword: the same answer, and the name
// typed is audited masked.
func TestUnknownUserLooksLikeWrongPassword(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		e.create("zhangsan", false)
		a := e.client().login("zhangsan", "Wrong#Pass1")
		b := e.client().login("13812345678", "Wrong#Pass1")
		if a.Status != http.StatusUnauthorized || string(a.Body) != string(b.Body) {
			t.Fatalf("answers differ: %s vs %s", a.Body, b.Body)
		}
		var names string
		e.d.QueryRowContext(context.Background(), "SELECT actor_name FROM audit_log WHERE action = 'auth.login' AND target_id = ''").Scan(&names)
		if names != "138****5678" {
			t.Errorf("unknown name audited as %q, want it masked", names)
		}
	})
}

func TestRateLimits(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		c := e.client()
		for i := range 20 {
			if r := c.login("nobody"+string(rune('a'+i)), "Wrong#Pass1"); r.Status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i, r.Status)
			}
		}
		r := c.login("someoneelse", "Wrong#Pass1")
		if r.Status != http.StatusTooManyRequests || r.code(t) != "rate_limited" || r.Header.Get("Retry-After") == "" {
			t.Fatalf("21st attempt from one address: %d %s", r.Status, r.Body)
		}
		// Per username, from many addresses.
		for i := range 10 {
			d := e.client()
			d.ip = "198.51.100." + string(rune('1'+i%9)) + string(rune('0'+i))
			if r := d.login("target", "Wrong#Pass1"); r.Status != http.StatusUnauthorized {
				t.Fatalf("attempt %d on one name: %d", i, r.Status)
			}
		}
		d := e.client()
		d.ip = "203.0.113.9"
		if r := d.login("target", "Wrong#Pass1"); r.Status != http.StatusTooManyRequests {
			t.Fatalf("11th attempt on one name: %d", r.Status)
		}
		if e.auditCount("auth.login", audit.Denied) != 2 {
			t.Error("rate-limited attempts must be audited")
		}
		e.clk.Advance(time.Minute)
		if r := c.login("someoneelse", "Wrong#Pass1"); r.Status != http.StatusUnauthorized {
			t.Fatalf("after the window: %d", r.Status)
		}
	})
}

func TestSessionTimeouts(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		e.create("zhangsan", false)
		c := e.client()
		c.mustLogin("zhangsan", goodPassword)
		for range 2 {
			e.clk.Advance(29 * time.Minute)
			if r := c.do("GET", "/api/v1/me", nil); r.Status != http.StatusOK {
				t.Fatalf("within the idle limit: %d", r.Status)
			}
		}
		e.clk.Advance(30 * time.Minute)
		if r := c.do("GET", "/api/v1/me", nil); r.Status != http.StatusUnauthorized {
			t.Fatalf("after 30 idle minutes: %d", r.Status)
		}

		c.mustLogin("zhangsan", goodPassword)
		for elapsed := 20 * time.Minute; elapsed < 12*time.Hour; elapsed += 20 * time.Minute {
			e.clk.Advance(20 * time.Minute)
			if r := c.do("GET", "/api/v1/me", nil); r.Status != http.StatusOK {
				t.Fatalf("active session at %v: %d", elapsed, r.Status)
			}
		}
		e.clk.Advance(20 * time.Minute)
		if r := c.do("GET", "/api/v1/me", nil); r.Status != http.StatusUnauthorized {
			t.Fatalf("after 12 hours: %d", r.Status)
		}
	})
}

// TestAdminNeedsTOTP: a password alone never yields a usable admin session;
// the session may enrol TOTP, after which sign-in needs a fresh code each
// time.
func TestAdminNeedsTOTP(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		acc := e.create("admin.a", false)
		e.grant(acc.ID, authz.OrgAdmin, "A")
		c := e.client()
		c.mustLogin("admin.a", goodPassword)
		for _, path := range []string{"/api/v1/things", "/api/v1/accounts", "/api/v1/tokens"} {
			if r := c.do("GET", path, nil); r.Status != http.StatusForbidden || r.code(t) != "totp_enrollment_required" {
				t.Fatalf("%s with a password alone: %d %s", path, r.Status, r.Body)
			}
		}
		if r := c.do("GET", "/api/v1/me", nil); r.Status != http.StatusOK || r.m(t)["totp_enabled"] != false {
			t.Fatalf("me: %d %s", r.Status, r.Body)
		}
		setup := c.post("POST", "/api/v1/auth/totp/setup", nil)
		m := setup.m(t)
		secret, _ := m["secret"].(string)
		if setup.Status != http.StatusOK || len(secret) != 32 || !strings.HasPrefix(m["otpauth_url"].(string), "otpauth://totp/") {
			t.Fatalf("setup: %d %s", setup.Status, setup.Body)
		}
		var stored string
		e.d.QueryRowContext(context.Background(), "SELECT totp_pending FROM accounts WHERE id = ?", acc.ID).Scan(&stored)
		if stored == "" || strings.Contains(stored, secret) {
			t.Fatal("the pending secret must be stored sealed")
		}
		if r := c.post("POST", "/api/v1/auth/totp/enable", map[string]string{"code": "000000"}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code: %d", r.Status)
		}
		code := totpCode(t, secret, e.clk.Now())
		if r := c.post("POST", "/api/v1/auth/totp/enable", map[string]string{"code": code}); r.Status != http.StatusNoContent {
			t.Fatalf("enable: %d %s", r.Status, r.Body)
		}
		if r := c.do("GET", "/api/v1/accounts", nil); r.Status != http.StatusOK {
			t.Fatalf("after enrolling: %d %s", r.Status, r.Body)
		}

		d := e.client()
		if r := d.login("admin.a", goodPassword); r.Status != http.StatusUnauthorized || r.code(t) != "otp_required" {
			t.Fatalf("without a code: %d %s", r.Status, r.Body)
		}
		if r := d.login("admin.a", goodPassword, "123456"); r.Status != http.StatusUnauthorized || r.code(t) != "otp_required" {
			t.Fatalf("wrong code: %d %s", r.Status, r.Body)
		}
		if r := d.login("admin.a", goodPassword, code); r.Status != http.StatusUnauthorized {
			t.Fatalf("the code used to enrol must not work again: %d", r.Status)
		}
		e.clk.Advance(30 * time.Second)
		code = totpCode(t, secret, e.clk.Now())
		d.mustLogin("admin.a", goodPassword, code)
		if r := e.client().login("admin.a", goodPassword, code); r.Status != http.StatusUnauthorized {
			t.Fatalf("a code is single use: %d", r.Status)
		}
		e.clk.Advance(30 * time.Second)
		// One step of clock drift either way is accepted.
		e.client().mustLogin("admin.a", goodPassword, totpCode(t, secret, e.clk.Now().Add(30*time.Second)))
		if r := c.post("POST", "/api/v1/auth/totp/setup", nil); r.Status != http.StatusConflict {
			t.Fatalf("re-enrolling over an enabled factor: %d", r.Status)
		}
	})
}

func TestDemoSkipsTOTP(t *testing.T) {
	each(t, auth.Config{Demo: true}, func(t *testing.T, e *env) {
		acc := e.create("admin.a", false)
		e.grant(acc.ID, authz.OrgAdmin, "A")
		c := e.client()
		c.mustLogin("admin.a", goodPassword)
		if r := c.do("GET", "/api/v1/accounts", nil); r.Status != http.StatusOK {
			t.Fatalf("demo admin: %d %s", r.Status, r.Body)
		}
		if r := c.do("GET", "/api/v1/me", nil); r.m(t)["demo"] != true {
			t.Fatalf("me must say demo: %s", r.Body)
		}
	})
}

// TestGrantsFollowMovedOrgs: the principal carries the org's current path.
func TestGrantsFollowMovedOrgs(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		acc := e.create("worker", false)
		e.grant(acc.ID, authz.PartyWorker, "A1")
		c := e.client()
		c.mustLogin("worker", goodPassword)
		e.orgs.set(auth.OrgRef{ID: "A1", Name: "甲一支部（改）", Path: "/R/B/A1/"})
		req, _ := http.NewRequest("GET", "/", nil)
		req.AddCookie(c.cookie)
		p, err := e.svc.Authenticate(req)
		if err != nil || p == nil || len(p.Grants) != 1 {
			t.Fatalf("authenticate: %+v %v", p, err)
		}
		if g := p.Grants[0]; g.OrgPath != "/R/B/A1/" || g.OrgName != "甲一支部（改）" || p.SessionID == "" {
			t.Fatalf("grant must carry the current org: %+v", g)
		}
	})
}
