package auth

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Field name for the sealed TOTP secrets.
const fieldTOTP = "account.totp"

var (
	errInvalidCredentials = &httpx.Error{Status: http.StatusUnauthorized, Code: "invalid_credentials",
		Detail: "账号或密码不正确"}
	errDisabled = &httpx.Error{Status: http.StatusLocked, Code: "account_locked",
		Detail: "账号已停用，请联系管理员"}
	errUnused = &httpx.Error{Status: http.StatusLocked, Code: "account_locked",
		Detail: "账号长期未使用已停用，请联系管理员"}
)

func otpRequired(detail string) *httpx.Error {
	return &httpx.Error{Status: http.StatusUnauthorized, Code: "otp_required", Detail: detail}
}

func lockedUntil(t time.Time) *httpx.Error {
	return &httpx.Error{Status: http.StatusLocked, Code: "account_locked",
		Detail: "连续登录失败次数过多，账号已锁定，请于 " + t.In(clock.Shanghai).Format("2006-01-02 15:04") + "（北京时间）后再试"}
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	OTP      string `json:"otp"`
}

// login signs in with username, password and (when enrolled) a TOTP code.
// Every outcome is audited; the password never is.
func (s *Service) login(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := checkOrigin(r); err != nil {
		return err // login CSRF: another site must not sign a browser in
	}
	var req loginRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	now := s.clk.Now()
	u, valid := parseUsername(req.Username)
	key := u.value
	if !valid {
		key = strings.TrimSpace(req.Username)
	}
	typed := maskTyped(req.Username)
	for _, l := range []struct {
		lim *limiter
		key string
	}{{s.ipLimit, "ip:" + authz.ClientIP(ctx)}, {s.userLimit, "user:" + key}} {
		if ok, until := l.lim.allow(l.key, now); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(until.Sub(now).Seconds()))))
			if err := s.auditLogin(ctx, nil, typed, audit.Denied, "rate_limited"); err != nil {
				return err
			}
			return &httpx.Error{Status: http.StatusTooManyRequests, Code: "rate_limited", Detail: "登录尝试过于频繁，请稍后再试"}
		}
	}
	var a *accountRow
	if valid {
		var err error
		a, err = s.accountByUsername(ctx, s.db, u)
		if err != nil && !db.IsNoRows(err) {
			return err
		}
	}
	if a == nil {
		// Same work and same answer as a wrong password, so that neither
		// the answer nor its timing tells which usernames exist.
		verifyPassword(dummyHash(), req.Password)
		if err := s.auditLogin(ctx, nil, typed, audit.Failed, "invalid_credentials"); err != nil {
			return err
		}
		return errInvalidCredentials
	}
	if a.LockedUntil > ms(now) {
		if err := s.auditLogin(ctx, a, "", audit.Denied, "locked"); err != nil {
			return err
		}
		return lockedUntil(fromMS(a.LockedUntil))
	}
	ok, err := verifyPassword(a.PasswordHash, req.Password)
	if err != nil {
		return err
	}
	if !ok {
		return s.loginFailed(ctx, a, now, "invalid_credentials", errInvalidCredentials)
	}
	if a.Disabled {
		if err := s.auditLogin(ctx, a, "", audit.Denied, "disabled"); err != nil {
			return err
		}
		return errDisabled
	}
	if s.unused(a, now) {
		if err := s.disableUnused(ctx, a, now); err != nil {
			return err
		}
		return errUnused
	}
	var step int64
	if a.TOTPEnabled {
		if strings.TrimSpace(req.OTP) == "" {
			if err := s.auditLogin(ctx, a, "", audit.Denied, "otp_required"); err != nil {
				return err
			}
			return otpRequired("请输入动态口令")
		}
		secret, err := s.prot.Open(fieldTOTP, a.TOTPSecret)
		if err != nil {
			return err
		}
		var matched bool
		if step, matched = matchTOTP(secret, req.OTP, now, a.TOTPLastStep); !matched {
			return s.loginFailed(ctx, a, now, "otp_invalid", otpRequired("动态口令不正确或已使用，请输入新的动态口令"))
		}
	}
	return s.loginSucceeded(w, r, a, step, now)
}

// loginSucceeded opens a fresh session (a token set before sign-in is never
// reused: no session fixation), resets the failure count and answers Me.
func (s *Service) loginSucceeded(w http.ResponseWriter, r *http.Request, a *accountRow, step int64, now time.Time) error {
	ctx := r.Context()
	ip := authz.ClientIP(ctx)
	var sessionID, token, csrf string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if step != 0 {
			// Conditional, so that two sign-ins racing with one code cannot
			// both use it.
			res, err := tx.ExecContext(ctx, "UPDATE accounts SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", step, a.ID, step)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return otpRequired("动态口令已使用，请输入新的动态口令")
			}
		}
		if c, err := r.Cookie(s.cookieName()); err == nil && c.Value != "" {
			if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = ?", hashToken(c.Value)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET failed_count = 0, locked_until = 0, last_login_at = ?,
			last_active_at = ? WHERE id = ?`, ms(now), ms(now), a.ID); err != nil {
			return err
		}
		var err error
		if sessionID, token, csrf, err = newSession(ctx, tx, a.ID, ip, now); err != nil {
			return err
		}
		actx := authz.WithPrincipal(ctx, &authz.Principal{AccountID: a.ID, Username: a.UsernameDisplay})
		return audit.RecordAt(actx, tx, now, audit.Entry{Action: "auth.login", TargetType: "account", TargetID: a.ID,
			After: map[string]string{"session": sessionID}})
	})
	if err != nil {
		return err
	}
	a.LastLoginAt = ms(now)
	grants, err := s.grantsOf(ctx, s.db, a.ID)
	if err != nil {
		return err
	}
	s.setCookie(w, token)
	me := s.me(a, grants, csrf)
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"account": me})
}

// loginFailed counts a failed attempt and locks the account once the
// failures reach LockAfter, answering the lock instead of refused.
func (s *Service) loginFailed(ctx context.Context, a *accountRow, now time.Time, reason string, refused error) error {
	var until time.Time
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET failed_count = failed_count + 1 WHERE id = ?", a.ID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT failed_count FROM accounts WHERE id = ?", a.ID).Scan(&n); err != nil {
			return err
		}
		if err := audit.RecordAt(ctx, tx, now, audit.Entry{Action: "auth.login", TargetType: "account", TargetID: a.ID,
			Result: audit.Failed, ActorName: a.UsernameDisplay, After: map[string]any{"reason": reason, "failures": n}}); err != nil {
			return err
		}
		if n < s.cfg.LockAfter {
			return nil
		}
		until = now.Add(s.cfg.LockFor)
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET failed_count = 0, locked_until = ? WHERE id = ?", ms(until), a.ID); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "auth.lock", TargetType: "account", TargetID: a.ID,
			ActorName: a.UsernameDisplay, After: map[string]any{"failures": n, "locked_until": until.UTC().Format(time.RFC3339)}})
	})
	if err != nil {
		return err
	}
	if !until.IsZero() {
		return lockedUntil(until)
	}
	return refused
}

// auditLogin records a refused sign-in that changes nothing else. a is nil
// when the username is unknown; typed is then its masked form.
func (s *Service) auditLogin(ctx context.Context, a *accountRow, typed, result, reason string) error {
	e := audit.Entry{Action: "auth.login", Result: result, ActorName: typed, After: map[string]string{"reason": reason}}
	if a != nil {
		e.TargetType, e.TargetID, e.ActorName = "account", a.ID, a.UsernameDisplay
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error { return audit.RecordAt(ctx, tx, s.clk.Now(), e) })
}

// disableUnused marks an account nobody has used for DisableUnusedAfter as
// disabled, so that lists show it and an administrator must re-enable it.
func (s *Service) disableUnused(ctx context.Context, a *accountRow, now time.Time) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET disabled = 1, updated_at = ? WHERE id = ?", ms(now), a.ID); err != nil {
			return err
		}
		if _, err := endSessions(ctx, tx, a.ID, ""); err != nil {
			return err
		}
		since := fromMS(a.LastActiveAt).In(clock.Shanghai).Format(clock.DateLayout)
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "auth.disable_unused", TargetType: "account",
			TargetID: a.ID, Result: audit.Denied, ActorName: a.UsernameDisplay,
			Before: map[string]bool{"disabled": false},
			After:  map[string]any{"disabled": true, "unused_since": since}})
	})
}

// logout ends the caller's session; its cookie then identifies nobody.
func (s *Service) logout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := authz.From(ctx)
	if p.SessionID != "" {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE id = ?", p.SessionID); err != nil {
				return err
			}
			return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "auth.logout", TargetType: "session", TargetID: p.SessionID})
		})
		if err != nil {
			return err
		}
	}
	s.clearCookie(w)
	return httpx.NoContent(w)
}

// me builds the caller's view of their account.
func (s *Service) me(a *accountRow, grants []Grant, csrf string) Me {
	if grants == nil {
		grants = []Grant{}
	}
	return Me{ID: a.ID, Username: a.UsernameDisplay, DisplayName: a.DisplayName,
		MustChangePassword: a.MustChange || s.passwordExpired(a, s.clk.Now()), TOTPEnabled: a.TOTPEnabled,
		MemberID: nullable(a.MemberID), Roles: grants, CSRFToken: csrf, Demo: s.cfg.Demo}
}

func (s *Service) getMe(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := authz.From(ctx)
	a, err := s.accountByID(ctx, s.db, p.AccountID)
	if err != nil {
		return err
	}
	var csrf string
	if p.SessionID != "" {
		err := s.db.QueryRowContext(ctx, "SELECT csrf_token FROM sessions WHERE id = ?", p.SessionID).Scan(&csrf)
		if err != nil && !db.IsNoRows(err) {
			return err
		}
	}
	me := s.me(a, grantsFromPrincipal(p), csrf)
	if p.TokenID != "" {
		me.MustChangePassword = false
	}
	return httpx.WriteJSON(w, http.StatusOK, me)
}

func grantsFromPrincipal(p *authz.Principal) []Grant {
	out := []Grant{}
	for _, g := range p.Grants {
		out = append(out, Grant{ID: g.ID, Role: g.Role, OrgID: g.OrgID, OrgName: g.OrgName, orgPath: g.OrgPath})
	}
	return out
}

type passwordRequest struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
}

// changePassword sets a new password after checking the old one, clears a
// forced change and ends the account's other sessions.
func (s *Service) changePassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := authz.From(ctx)
	var req passwordRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	now := s.clk.Now()
	// Guessing the old password through this route is rate limited like
	// sign-in, under the same per-account key.
	if ok, _ := s.userLimit.allow("account:"+p.AccountID, now); !ok {
		return &httpx.Error{Status: http.StatusTooManyRequests, Code: "rate_limited", Detail: "尝试过于频繁，请稍后再试"}
	}
	a, err := s.accountByID(ctx, s.db, p.AccountID)
	if err != nil {
		return err
	}
	ok, err := verifyPassword(a.PasswordHash, req.OldPassword)
	if err != nil {
		return err
	}
	var fe httpx.Fields
	if !ok {
		fe.Add("old_password", "incorrect", "原密码不正确")
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "auth.password_change", TargetType: "account",
				TargetID: a.ID, Result: audit.Failed, After: map[string]string{"reason": "wrong_old_password"}})
		})
		if err != nil {
			return err
		}
		return fe.Err()
	}
	s.checkNewPassword(ctx, &fe, "new_password", req.NewPassword, a.ID)
	if req.NewPassword == req.OldPassword {
		fe.Add("new_password", "unchanged", "新密码不能与原密码相同")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	hash, err := hashPassword(req.NewPassword)
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET password_hash = ?, password_changed_at = ?, must_change = 0,
			updated_at = ? WHERE id = ?`, hash, ms(now), ms(now), a.ID); err != nil {
			return err
		}
		ended, err := endSessions(ctx, tx, a.ID, p.SessionID)
		if err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "auth.password_change", TargetType: "account",
			TargetID: a.ID, Before: map[string]bool{"must_change_password": a.MustChange},
			After: map[string]any{"must_change_password": false, "sessions_ended": ended}})
	})
	if err != nil {
		return err
	}
	return httpx.NoContent(w)
}

// checkNewPassword applies the policy against the account's own username,
// which only the sealed column holds in full.
func (s *Service) checkNewPassword(ctx context.Context, fe *httpx.Fields, field, password, accountID string) {
	name, err := s.usernameOf(ctx, s.db, accountID)
	if err != nil {
		name = "" // the policy's other rules still apply
	}
	checkPassword(fe, field, password, name)
}

func (s *Service) usernameOf(ctx context.Context, q db.Querier, accountID string) (string, error) {
	var sealed string
	if err := q.QueryRowContext(ctx, "SELECT username_sealed FROM accounts WHERE id = ?", accountID).Scan(&sealed); err != nil {
		return "", err
	}
	return s.prot.Open(fieldUsername, sealed)
}

// totpSetup makes a new secret, kept sealed as pending until a code from it
// proves the app has it.
func (s *Service) totpSetup(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := authz.From(ctx)
	a, err := s.accountByID(ctx, s.db, p.AccountID)
	if err != nil {
		return err
	}
	if a.TOTPEnabled {
		// Replacing an enrolled factor would let whoever holds a session
		// take the account over; an administrator must reset it instead.
		return httpx.Conflict("conflict", "已绑定动态口令，如需更换请联系安全管理员")
	}
	secret := newTOTPSecret()
	sealed, err := s.prot.Seal(fieldTOTP, secret)
	if err != nil {
		return err
	}
	now := s.clk.Now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET totp_pending = ?, updated_at = ? WHERE id = ?", sealed, ms(now), a.ID); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "auth.totp_setup", TargetType: "account", TargetID: a.ID})
	})
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]string{"secret": secret,
		"otpauth_url": otpauthURL(a.UsernameDisplay, secret)})
}

// totpEnable turns the pending secret on once a code from it matches.
func (s *Service) totpEnable(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := authz.From(ctx)
	var req struct {
		Code string `json:"code"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	now := s.clk.Now()
	if ok, _ := s.userLimit.allow("totp:"+p.AccountID, now); !ok {
		return &httpx.Error{Status: http.StatusTooManyRequests, Code: "rate_limited", Detail: "尝试过于频繁，请稍后再试"}
	}
	a, err := s.accountByID(ctx, s.db, p.AccountID)
	if err != nil {
		return err
	}
	if a.TOTPEnabled {
		return httpx.Conflict("conflict", "已绑定动态口令")
	}
	if a.TOTPPending == "" {
		return httpx.Conflict("conflict", "请先获取动态口令密钥")
	}
	secret, err := s.prot.Open(fieldTOTP, a.TOTPPending)
	if err != nil {
		return err
	}
	step, ok := matchTOTP(secret, req.Code, now, 0)
	if !ok {
		var fe httpx.Fields
		fe.Add("code", "invalid", "动态口令不正确，请核对手机时间后重试")
		return fe.Err()
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET totp_secret = totp_pending, totp_pending = '', totp_enabled = 1,
			totp_last_step = ?, updated_at = ? WHERE id = ?`, step, ms(now), a.ID); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "auth.totp_enable", TargetType: "account", TargetID: a.ID,
			Before: map[string]bool{"totp_enabled": false}, After: map[string]bool{"totp_enabled": true}})
	})
	if err != nil {
		return err
	}
	return httpx.NoContent(w)
}
