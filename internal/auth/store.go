package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
)

// accountRow is a stored account.
type accountRow struct {
	ID                string
	UsernameDisplay   string
	DisplayName       string
	MemberID          string
	PasswordHash      string
	PasswordChangedAt int64
	MustChange        bool
	Disabled          bool
	TOTPSecret        string // sealed
	TOTPPending       string // sealed
	TOTPEnabled       bool
	TOTPLastStep      int64
	FailedCount       int
	LockedUntil       int64
	LastLoginAt       int64
	LastActiveAt      int64
	CreatedAt         int64
	CreatedBy         string
}

const accountColumns = `id, username_display, display_name, member_id, password_hash, password_changed_at,
	must_change, disabled, totp_secret, totp_pending, totp_enabled, totp_last_step, failed_count,
	locked_until, last_login_at, last_active_at, created_at, created_by`

func scanAccount(s interface{ Scan(...any) error }) (*accountRow, error) {
	var a accountRow
	var must, disabled, totp int64
	err := s.Scan(&a.ID, &a.UsernameDisplay, &a.DisplayName, &a.MemberID, &a.PasswordHash,
		&a.PasswordChangedAt, &must, &disabled, &a.TOTPSecret, &a.TOTPPending, &totp, &a.TOTPLastStep,
		&a.FailedCount, &a.LockedUntil, &a.LastLoginAt, &a.LastActiveAt, &a.CreatedAt, &a.CreatedBy)
	if err != nil {
		return nil, err
	}
	a.MustChange, a.Disabled, a.TOTPEnabled = must != 0, disabled != 0, totp != 0
	return &a, nil
}

func getAccount(ctx context.Context, q db.Querier, where string, args ...any) (*accountRow, error) {
	return scanAccount(q.QueryRowContext(ctx, "SELECT "+accountColumns+" FROM accounts WHERE "+where, args...))
}

func (s *Service) accountByID(ctx context.Context, q db.Querier, id string) (*accountRow, error) {
	return getAccount(ctx, q, "id = ?", id)
}

func (s *Service) accountByUsername(ctx context.Context, q db.Querier, u username) (*accountRow, error) {
	return getAccount(ctx, q, "username_index = ?", s.prot.BlindIndex(fieldUsername, u.value))
}

// unused reports whether the account has gone unused so long that it may
// no longer sign in (等保: disable accounts nobody uses).
func (s *Service) unused(a *accountRow, now time.Time) bool {
	if s.cfg.DisableUnusedAfter < 0 {
		return false
	}
	return now.Sub(fromMS(a.LastActiveAt)) >= s.cfg.DisableUnusedAfter
}

// passwordExpired reports whether the password must be changed because of
// its age.
func (s *Service) passwordExpired(a *accountRow, now time.Time) bool {
	return s.cfg.PasswordMaxAge > 0 && now.Sub(fromMS(a.PasswordChangedAt)) >= s.cfg.PasswordMaxAge
}

// needsTOTP reports whether the account's roles require a second factor.
func (s *Service) needsTOTP(grants []Grant) bool {
	for _, g := range grants {
		if slices.Contains(s.cfg.TOTPRoles, g.Role) {
			return true
		}
	}
	return false
}

// grantRow is a stored grant before its org is looked up.
type grantRow struct {
	ID, AccountID, Role, OrgID string
}

// grantRows loads the grants of the given accounts (all accounts when ids
// is nil).
func grantRows(ctx context.Context, q db.Querier, ids []string) (map[string][]grantRow, error) {
	query := "SELECT id, account_id, role, org_id FROM role_grants"
	var args []any
	if ids != nil {
		if len(ids) == 0 {
			return map[string][]grantRow{}, nil
		}
		query += " WHERE account_id IN (" + db.Placeholders(len(ids)) + ")"
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rows, err := q.QueryContext(ctx, query+" ORDER BY account_id, created_at, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]grantRow{}
	for rows.Next() {
		var g grantRow
		if err := rows.Scan(&g.ID, &g.AccountID, &g.Role, &g.OrgID); err != nil {
			return nil, err
		}
		out[g.AccountID] = append(out[g.AccountID], g)
	}
	return out, rows.Err()
}

// orgCache resolves each org once per request.
type orgCache struct {
	s    *Service
	refs map[string]*OrgRef // nil value: the org no longer exists
}

func (s *Service) newOrgCache() *orgCache { return &orgCache{s: s, refs: map[string]*OrgRef{}} }

func (c *orgCache) get(ctx context.Context, id string) (*OrgRef, error) {
	if ref, ok := c.refs[id]; ok {
		return ref, nil
	}
	ref, err := c.s.orgs.Resolve(ctx, id)
	switch {
	case errors.Is(err, db.ErrNoRows):
		c.refs[id] = nil
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("auth: resolve org: %w", err)
	}
	c.refs[id] = &ref
	return &ref, nil
}

// resolve attaches each grant's current org name and path. A grant whose
// org has disappeared grants nothing and is left out.
func (c *orgCache) resolve(ctx context.Context, rows []grantRow) ([]Grant, error) {
	out := make([]Grant, 0, len(rows))
	for _, r := range rows {
		g := Grant{ID: r.ID, Role: authz.Role(r.Role), OrgID: r.OrgID}
		if r.OrgID != "" {
			ref, err := c.get(ctx, r.OrgID)
			if err != nil {
				return nil, err
			}
			if ref == nil {
				continue
			}
			g.OrgName, g.orgPath = ref.Name, ref.Path
		}
		out = append(out, g)
	}
	return out, nil
}

// grantsOf loads and resolves one account's grants.
func (s *Service) grantsOf(ctx context.Context, q db.Querier, accountID string) ([]Grant, error) {
	rows, err := grantRows(ctx, q, []string{accountID})
	if err != nil {
		return nil, err
	}
	return s.newOrgCache().resolve(ctx, rows[accountID])
}

// account is the API view of a stored account.
func (s *Service) account(a *accountRow, grants []Grant) Account {
	now := s.clk.Now()
	return Account{ID: a.ID, Username: a.UsernameDisplay, DisplayName: a.DisplayName,
		Disabled: a.Disabled || s.unused(a, now), MustChangePassword: a.MustChange || s.passwordExpired(a, now),
		TOTPEnabled: a.TOTPEnabled, MemberID: a.MemberID, LastLoginAt: fromMS(a.LastLoginAt), Roles: grants}
}

// principal is the caller built from a stored account and its resolved grants.
func (s *Service) principal(a *accountRow, grants []Grant) *authz.Principal {
	p := &authz.Principal{AccountID: a.ID, Username: a.UsernameDisplay, DisplayName: a.DisplayName,
		MemberID: a.MemberID, MustChangePassword: a.MustChange || s.passwordExpired(a, s.clk.Now()),
		// Demo data: TOTP is deliberately not enforced, so a visitor can try
		// every role; the UI says on every page that this is a demo.
		NeedsSecondFactor: !a.TOTPEnabled && !s.cfg.Demo && s.needsTOTP(grants)}
	for _, g := range grants {
		p.Grants = append(p.Grants, authz.Grant{ID: g.ID, Role: g.Role, OrgID: g.OrgID, OrgName: g.OrgName, OrgPath: g.orgPath})
	}
	return p
}

// endSessions deletes the account's sessions except keep (when not "").
func endSessions(ctx context.Context, q db.Querier, accountID, keep string) (int64, error) {
	res, err := q.ExecContext(ctx, "DELETE FROM sessions WHERE account_id = ? AND id <> ?", accountID, keep)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
