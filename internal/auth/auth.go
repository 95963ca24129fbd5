// Package auth is accounts, sign-in, sessions and role grants (账号、会话与
// 权限): who the caller of a request is and which roles they hold where.
//
// Identity follows 等保 2.0 level 3 and OWASP ASVS level 2: argon2id
// passwords under a composition policy, a lock after repeated failures, rate
// limits, TOTP for the administrator roles, server-side sessions with idle
// and absolute limits, a CSRF token per session and personal API tokens.
// Every write is audited in the transaction that makes it.
//
// Usernames are personal data (members sign in with their phone number), so
// they are stored sealed with a blind index for lookups and a masked copy
// for lists and the audit log.
package auth

import (
	"context"
	"encoding/json"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/pii"
)

// OrgRef is what auth needs to know of an organization: grants are stored by
// org ID and their name and path looked up at every authentication, because
// orgs are renamed and moved.
type OrgRef struct{ ID, Name, Path string }

// OrgResolver finds an organization by ID or code; the error wraps
// db.ErrNoRows when there is none.
type OrgResolver interface {
	Resolve(ctx context.Context, idOrCode string) (OrgRef, error)
}

// MemberOrgs tells which organization a member belongs to. Optional (see
// SetMembers): when set, the member role can only be granted there.
type MemberOrgs interface {
	OrgOf(ctx context.Context, memberID string) (string, error)
}

// Config holds the identity settings; 等保 and ASVS disagree on some of
// them, so they are configurable.
type Config struct {
	// PasswordMaxAge forces a change once a password is this old. Zero takes
	// the default (90 days); negative means passwords never expire.
	PasswordMaxAge time.Duration
	// LockAfter failed sign-ins in a row lock the account for LockFor.
	LockAfter int
	LockFor   time.Duration
	// IdleTimeout and AbsoluteTimeout end a session after that long without
	// a request, or that long after sign-in.
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// DisableUnusedAfter: an account with no sign-in for this long (or since
	// it was created or re-enabled) can no longer sign in. Negative disables
	// the rule.
	DisableUnusedAfter time.Duration
	// TOTPRoles must enrol a second factor before using the system. nil
	// takes the default (the four administrator roles).
	TOTPRoles []authz.Role
	// SecureCookies: served under TLS, so the cookie is "__Host-dj_session"
	// with Secure.
	SecureCookies bool
	// Demo: the database holds demo data. TOTP is then not enforced (so a
	// visitor can try the administrator roles) and /me says demo=true so
	// that every page can say so.
	Demo bool
}

// DefaultConfig is the 等保 2.0 level 3 baseline.
func DefaultConfig() Config {
	return Config{
		PasswordMaxAge:     90 * 24 * time.Hour,
		LockAfter:          5,
		LockFor:            15 * time.Minute,
		IdleTimeout:        30 * time.Minute,
		AbsoluteTimeout:    12 * time.Hour,
		DisableUnusedAfter: 90 * 24 * time.Hour,
		TOTPRoles:          []authz.Role{authz.OrgAdmin, authz.Sysadmin, authz.Secadmin, authz.Auditor},
	}
}

// Rate limits on sign-in, kept in memory.
const (
	ipAttemptsPerMinute   = 20
	userAttemptsPerMinute = 10
)

// Service is the auth capability.
type Service struct {
	db        *db.DB
	clk       clock.Clock
	prot      *pii.Protector
	orgs      OrgResolver
	members   MemberOrgs
	cfg       Config
	ipLimit   *limiter
	userLimit *limiter
}

// New builds the service; zero-valued fields of cfg take the DefaultConfig
// values.
func New(d *db.DB, clk clock.Clock, prot *pii.Protector, orgs OrgResolver, cfg Config) *Service {
	def := DefaultConfig()
	if cfg.PasswordMaxAge == 0 {
		cfg.PasswordMaxAge = def.PasswordMaxAge
	}
	if cfg.LockAfter == 0 {
		cfg.LockAfter = def.LockAfter
	}
	if cfg.LockFor == 0 {
		cfg.LockFor = def.LockFor
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = def.IdleTimeout
	}
	if cfg.AbsoluteTimeout == 0 {
		cfg.AbsoluteTimeout = def.AbsoluteTimeout
	}
	if cfg.DisableUnusedAfter == 0 {
		cfg.DisableUnusedAfter = def.DisableUnusedAfter
	}
	if cfg.TOTPRoles == nil {
		cfg.TOTPRoles = def.TOTPRoles
	}
	if clk == nil {
		clk = clock.Real{}
	}
	return &Service{db: d, clk: clk, prot: prot, orgs: orgs, cfg: cfg,
		ipLimit:   newLimiter(ipAttemptsPerMinute, time.Minute),
		userLimit: newLimiter(userAttemptsPerMinute, time.Minute)}
}

// SetMembers connects the members capability (wired after both exist).
func (s *Service) SetMembers(m MemberOrgs) { s.members = m }

// Account is an account as administrators see it (docs/api.md).
type Account struct {
	ID                 string
	Username           string // masked when it is a phone number
	DisplayName        string
	Disabled           bool // disabled by an administrator or for long disuse
	MustChangePassword bool
	TOTPEnabled        bool
	MemberID           string
	LastLoginAt        time.Time // zero when never
	Roles              []Grant
}

// MarshalJSON writes the API shape, with null for absent values.
func (a Account) MarshalJSON() ([]byte, error) {
	roles := a.Roles
	if roles == nil {
		roles = []Grant{}
	}
	return json.Marshal(struct {
		ID                 string  `json:"id"`
		Username           string  `json:"username"`
		DisplayName        string  `json:"display_name"`
		Disabled           bool    `json:"disabled"`
		MustChangePassword bool    `json:"must_change_password"`
		TOTPEnabled        bool    `json:"totp_enabled"`
		MemberID           *string `json:"member_id"`
		LastLoginAt        *string `json:"last_login_at"`
		Roles              []Grant `json:"roles"`
	}{a.ID, a.Username, a.DisplayName, a.Disabled, a.MustChangePassword, a.TOTPEnabled,
		nullable(a.MemberID), timeJSON(a.LastLoginAt), roles})
}

// Grant is one role an account holds, at an org or (three-role separation
// roles) system-wide.
type Grant struct {
	ID      string
	Role    authz.Role
	OrgID   string // "" for the global roles
	OrgName string
	orgPath string // looked up, never stored
}

// MarshalJSON writes the API's Role shape, org null for global roles.
func (g Grant) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID      string     `json:"id"`
		Role    authz.Role `json:"role"`
		OrgID   *string    `json:"org_id"`
		OrgName *string    `json:"org_name"`
	}{g.ID, g.Role, nullable(g.OrgID), nullable(g.OrgName)})
}

// Me is the signed-in caller's view of their own account.
type Me struct {
	ID                 string  `json:"id"`
	Username           string  `json:"username"`
	DisplayName        string  `json:"display_name"`
	MustChangePassword bool    `json:"must_change_password"`
	TOTPEnabled        bool    `json:"totp_enabled"`
	MemberID           *string `json:"member_id"`
	Roles              []Grant `json:"roles"`
	CSRFToken          string  `json:"csrf_token"`
	Demo               bool    `json:"demo"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// timeJSON is an RFC 3339 UTC timestamp, or null for the zero time.
func timeJSON(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// ms and fromMS convert to and from the stored Unix milliseconds (0 = never).
func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
