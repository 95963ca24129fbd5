package auth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

const (
	cookieName       = "dj_session"
	secureCookieName = "__Host-dj_session" // browsers accept it only with Secure, Path=/ and no Domain
	csrfHeader       = "X-CSRF-Token"
	// sessionTokenBytes is 256 bits, above ASVS's 128-bit minimum.
	sessionTokenBytes = 32
	// touchEvery limits last_seen_at writes to one a minute per session: the
	// idle limit is 30 minutes, so a minute of slack costs nothing.
	touchEvery = time.Minute
)

func (s *Service) cookieName() string {
	if s.cfg.SecureCookies {
		return secureCookieName
	}
	return cookieName
}

// hashToken is how session and API tokens are stored: whoever reads the
// database cannot use what they read.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Authenticate resolves the caller from a bearer token or the session
// cookie; nil, nil when anonymous (including expired or ended sessions).
// It implements httpx.Authenticator.
func (s *Service) Authenticate(r *http.Request) (*authz.Principal, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
			return nil, nil
		}
		return s.authToken(ctx, strings.TrimSpace(tok))
	}
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" {
		return nil, nil
	}
	return s.authSession(ctx, c.Value)
}

func (s *Service) authSession(ctx context.Context, token string) (*authz.Principal, error) {
	now := s.clk.Now()
	var id, accountID string
	var created, lastSeen int64
	err := s.db.QueryRowContext(ctx, "SELECT id, account_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?",
		hashToken(token)).Scan(&id, &accountID, &created, &lastSeen)
	if db.IsNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if now.Sub(fromMS(lastSeen)) >= s.cfg.IdleTimeout || now.Sub(fromMS(created)) >= s.cfg.AbsoluteTimeout {
		// Expired: remove the server-side state now rather than leave it.
		_, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE id = ?", id)
		return nil, err
	}
	a, err := s.accountByID(ctx, s.db, accountID)
	if err != nil {
		return nil, err
	}
	if a.Disabled {
		return nil, nil
	}
	if now.Sub(fromMS(lastSeen)) >= touchEvery {
		if _, err := s.db.ExecContext(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", ms(now), id); err != nil {
			return nil, err
		}
	}
	grants, err := s.grantsOf(ctx, s.db, a.ID)
	if err != nil {
		return nil, err
	}
	p := s.principal(a, grants)
	p.SessionID = id
	return p, nil
}

// authToken resolves a personal API token. A token works as its account:
// it was issued either by the operator on the server (dangjian token
// create) or from a session that had already passed the password change and
// TOTP enrolment, so neither is demanded again.
func (s *Service) authToken(ctx context.Context, token string) (*authz.Principal, error) {
	now := s.clk.Now()
	var id, accountID string
	var expires, revoked, lastUsed int64
	err := s.db.QueryRowContext(ctx, `SELECT id, account_id, expires_at, revoked_at, last_used_at
		FROM api_tokens WHERE token_hash = ?`, hashToken(token)).Scan(&id, &accountID, &expires, &revoked, &lastUsed)
	if db.IsNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if revoked != 0 || ms(now) >= expires {
		return nil, nil
	}
	a, err := s.accountByID(ctx, s.db, accountID)
	if err != nil {
		return nil, err
	}
	if a.Disabled {
		return nil, nil
	}
	if now.Sub(fromMS(lastUsed)) >= touchEvery {
		if _, err := s.db.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", ms(now), id); err != nil {
			return nil, err
		}
	}
	grants, err := s.grantsOf(ctx, s.db, a.ID)
	if err != nil {
		return nil, err
	}
	p := s.principal(a, grants)
	p.MustChangePassword, p.NeedsSecondFactor = false, false
	p.TokenID = id
	return p, nil
}

func csrfFailed(detail string) *httpx.Error {
	return &httpx.Error{Status: http.StatusForbidden, Code: "csrf_failed", Detail: detail}
}

// checkOrigin refuses a request a browser sent from another site: the
// Origin header, when present, must name this host.
func checkOrigin(r *http.Request) error {
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return csrfFailed("拒绝来自其他网站的请求")
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
		return csrfFailed("拒绝来自其他网站的请求")
	}
	return nil
}

// CheckCSRF requires, for a state-changing request on a cookie session, the
// session's CSRF token in X-CSRF-Token and no foreign Origin. Bearer tokens
// are not sent by browsers on their own, so they need neither.
func (s *Service) CheckCSRF(r *http.Request, p *authz.Principal) error {
	if err := checkOrigin(r); err != nil {
		return err
	}
	if p == nil || p.SessionID == "" {
		return nil
	}
	var want string
	err := s.db.QueryRowContext(r.Context(), "SELECT csrf_token FROM sessions WHERE id = ?", p.SessionID).Scan(&want)
	if db.IsNoRows(err) {
		return csrfFailed("会话已失效，请重新登录")
	}
	if err != nil {
		return err
	}
	got := r.Header.Get(csrfHeader)
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return csrfFailed("请求缺少有效的防跨站令牌，请刷新页面后重试")
	}
	return nil
}

// RecordDenied audits a refused request (httpx.DenialRecorder). Only the
// path goes in, never the query string, which may carry a searched phone.
func (s *Service) RecordDenied(ctx context.Context, r *http.Request, code string) {
	ctx = context.WithoutCancel(ctx)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "auth.denied", TargetType: "route",
			TargetID: r.Method + " " + r.URL.Path, Result: audit.Denied, After: map[string]string{"code": code}})
	})
	if err != nil {
		slog.Error("auditing a refused request failed", "err", err)
	}
}

// newSession stores a new session for the account and returns its cookie
// token and CSRF token; only the token's hash is stored.
func newSession(ctx context.Context, q db.Querier, accountID, ip string, now time.Time) (id, token, csrf string, err error) {
	id, token, csrf = ids.New(), ids.Token(sessionTokenBytes), ids.Token(sessionTokenBytes)
	_, err = q.ExecContext(ctx, `INSERT INTO sessions (id, token_hash, account_id, csrf_token, ip, created_at, last_seen_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, hashToken(token), accountID, csrf, ip, ms(now), ms(now))
	return id, token, csrf, err
}

func (s *Service) setCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Service) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}
