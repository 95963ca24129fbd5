package auth_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/platform/audit"
)

// TestTokenWorksAsItsAccount: a token made on the command line works as its
// account — even one that must change its password — with no CSRF token,
// is stored only hashed, and stops at expiry or revocation.
func TestTokenWorksAsItsAccount(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		acc := e.create("zhangsan", true)
		token, err := e.svc.CreateToken(context.Background(), "zhangsan", "cli", 48*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(token, "dj_") || len(token) < 3+26 {
			t.Fatalf("token %q", token)
		}
		bot := e.client()
		bot.bearer = token
		if r := bot.do("POST", "/api/v1/things", nil); r.Status != http.StatusOK || r.m(t)["caller"] != acc.ID {
			t.Fatalf("token POST without CSRF: %d %s", r.Status, r.Body)
		}
		if r := bot.do("GET", "/api/v1/me", nil); r.m(t)["must_change_password"] != false {
			t.Errorf("me by token: %s", r.Body)
		}
		var n int
		e.d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM api_tokens WHERE token_hash = ? OR name = ?", token, token).Scan(&n)
		if n != 0 {
			t.Error("the token itself must not be stored")
		}
		list := bot.do("GET", "/api/v1/tokens", nil)
		if m := list.m(t); m["total"] != float64(1) || list.Contains(token) || !list.Contains(`"last_used_at":"2026-11-22T02:00:00Z"`) {
			t.Errorf("token list: %s", list.Body)
		}
		e.clk.Advance(48 * time.Hour)
		if r := bot.do("GET", "/api/v1/me", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("expired token: %d", r.Status)
		}
		bot.bearer = "dj_notatoken"
		if r := bot.do("GET", "/api/v1/me", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("unknown token: %d", r.Status)
		}
	})
}

// TestOwnTokens: a signed-in user creates (shown once), lists and revokes
// their own tokens; another user's token answers 404.
func TestOwnTokens(t *testing.T) {
	each(t, auth.Config{}, func(t *testing.T, e *env) {
		e.create("zhangsan", false)
		e.create("lisi", false)
		c := e.client()
		c.mustLogin("zhangsan", goodPassword)
		if r := c.post("POST", "/api/v1/tokens", map[string]any{"name": "", "expires_in_days": 400}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("invalid token request: %d", r.Status)
		}
		r := c.post("POST", "/api/v1/tokens", map[string]any{"name": "报表脚本", "expires_in_days": 7})
		m := r.m(t)
		token, _ := m["token"].(string)
		if r.Status != http.StatusCreated || !strings.HasPrefix(token, "dj_") || m["expires_at"] != "2026-11-29T02:00:00Z" || m["revoked_at"] != nil {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		id := m["id"].(string)
		other := e.client()
		other.mustLogin("lisi", goodPassword)
		if r := other.post("DELETE", "/api/v1/tokens/"+id, nil); r.Status != http.StatusNotFound {
			t.Errorf("another's token: %d", r.Status)
		}
		if r := other.do("GET", "/api/v1/tokens", nil); r.m(t)["total"] != float64(0) {
			t.Errorf("another's list: %s", r.Body)
		}
		bot := e.client()
		bot.bearer = token
		if r := bot.do("GET", "/api/v1/things", nil); r.Status != http.StatusOK {
			t.Fatalf("new token: %d", r.Status)
		}
		if r := c.post("DELETE", "/api/v1/tokens/"+id, nil); r.Status != http.StatusNoContent {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		if r := bot.do("GET", "/api/v1/things", nil); r.Status != http.StatusUnauthorized {
			t.Errorf("revoked token: %d", r.Status)
		}
		if r := c.do("GET", "/api/v1/tokens", nil); !r.Contains(`"revoked_at":"2026-11-22T02:00:00Z"`) {
			t.Errorf("list after revoking: %s", r.Body)
		}
		if e.auditCount("token.create", audit.OK) != 1 || e.auditCount("token.revoke", audit.OK) != 1 {
			t.Error("token creation and revocation must be audited")
		}
	})
}
