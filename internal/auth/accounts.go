package auth

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// NewAccount is an account to create. Whoever sets a password for someone
// else (command line, administrator) should set MustChangePassword, so that
// no password chosen by another survives the first sign-in; the API always
// does.
type NewAccount struct {
	Username           string
	DisplayName        string
	Password           string
	MemberID           string
	MustChangePassword bool
}

// CreateAccount validates and stores a new account, audited. The caller in
// ctx (if any) is recorded as its creator.
func (s *Service) CreateAccount(ctx context.Context, na NewAccount) (Account, error) {
	var fe httpx.Fields
	u, ok := parseUsername(na.Username)
	if !ok {
		fe.Add("username", "invalid", msgUsername)
	}
	display := strings.TrimSpace(na.DisplayName)
	switch n := utf8.RuneCountInString(display); {
	case n == 0:
		fe.Add("display_name", "required", "请填写显示名称")
	case n > 50:
		fe.Add("display_name", "too_long", "显示名称不能超过 50 个字")
	}
	memberID := strings.TrimSpace(na.MemberID)
	if len(memberID) > 64 {
		fe.Add("member_id", "invalid", "党员编号无效")
	}
	checkPassword(&fe, "password", na.Password, u.value)
	if err := fe.Err(); err != nil {
		return Account{}, err
	}
	hash, err := hashPassword(na.Password)
	if err != nil {
		return Account{}, err
	}
	sealed, err := s.prot.Seal(fieldUsername, u.value)
	if err != nil {
		return Account{}, err
	}
	now := s.clk.Now()
	a := &accountRow{ID: ids.New(), UsernameDisplay: u.display(), DisplayName: display, MemberID: memberID,
		PasswordHash: hash, PasswordChangedAt: ms(now), MustChange: na.MustChangePassword,
		LastActiveAt: ms(now), CreatedAt: ms(now)}
	if p := authz.From(ctx); p != nil {
		a.CreatedBy = p.AccountID
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.accountByUsername(ctx, tx, u); err == nil {
			return httpx.Conflict("conflict", "该账号已存在")
		}
		if memberID != "" {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM accounts WHERE member_id = ?", memberID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return httpx.Conflict("conflict", "该党员已有账号")
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO accounts (id, username_sealed, username_index, username_display,
			display_name, member_id, password_hash, password_changed_at, must_change, last_active_at, created_at,
			created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, sealed, s.prot.BlindIndex(fieldUsername, u.value), a.UsernameDisplay, a.DisplayName, a.MemberID,
			a.PasswordHash, a.PasswordChangedAt, b2i(a.MustChange), a.LastActiveAt, a.CreatedAt, a.CreatedBy, ms(now))
		if db.IsUniqueViolation(err) {
			return httpx.Conflict("conflict", "该账号已存在")
		}
		if err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "account.create", TargetType: "account",
			TargetID: a.ID, After: s.account(a, nil)})
	})
	if err != nil {
		return Account{}, err
	}
	return s.account(a, []Grant{}), nil
}

// GrantRole grants role at an org (by ID or code; "" for the global roles)
// without a caller's permission check: for the command line, run by the
// operator. The API's route checks the caller first, then does the same.
func (s *Service) GrantRole(ctx context.Context, accountID string, role authz.Role, orgIDOrCode string) (Grant, error) {
	a, err := s.accountByID(ctx, s.db, accountID)
	if db.IsNoRows(err) {
		return Grant{}, httpx.NotFound()
	}
	if err != nil {
		return Grant{}, err
	}
	var org *OrgRef
	if orgIDOrCode != "" {
		ref, err := s.orgs.Resolve(ctx, orgIDOrCode)
		if errors.Is(err, db.ErrNoRows) {
			return Grant{}, fieldErr("org_id", "not_found", "找不到该组织")
		}
		if err != nil {
			return Grant{}, err
		}
		org = &ref
	}
	return s.addGrant(ctx, a, role, org)
}

func fieldErr(field, code, msg string) error {
	var fe httpx.Fields
	fe.Add(field, code, msg)
	return fe.Err()
}

// 三员分立 refusals.
const (
	msgTwoSeparated   = "三员分立：一个账号只能担任系统管理员、安全管理员、审计管理员中的一个角色"
	msgSeparatedOrg   = "三员分立：系统管理员、安全管理员、审计管理员账号不能再担任组织内的角色"
	msgOrgToSeparated = "三员分立：已担任组织内角色的账号不能再担任系统管理员、安全管理员或审计管理员"
)

// addGrant checks the role's rules against the account's current grants
// (read in the transaction) and stores the grant, audited.
func (s *Service) addGrant(ctx context.Context, a *accountRow, role authz.Role, org *OrgRef) (Grant, error) {
	switch {
	case !role.Valid():
		return Grant{}, fieldErr("role", "invalid", "角色无效")
	case role.Global() && org != nil:
		return Grant{}, fieldErr("org_id", "not_allowed", "系统管理员、安全管理员、审计管理员是全系统角色，不能指定组织")
	case !role.Global() && org == nil:
		return Grant{}, fieldErr("org_id", "required", "请选择授予角色的组织")
	case role == authz.MemberRole && a.MemberID == "":
		return Grant{}, fieldErr("role", "no_member", "该账号未关联党员，不能授予党员角色")
	}
	if role == authz.MemberRole && s.members != nil {
		home, err := s.members.OrgOf(ctx, a.MemberID)
		if err != nil && !errors.Is(err, db.ErrNoRows) {
			return Grant{}, err
		}
		if home != org.ID {
			return Grant{}, fieldErr("org_id", "not_member_org", "党员角色须授予在该党员所在的党组织")
		}
	}
	g := Grant{ID: ids.New(), Role: role}
	if org != nil {
		g.OrgID, g.OrgName, g.orgPath = org.ID, org.Name, org.Path
	}
	now := s.clk.Now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		rows, err := grantRows(ctx, tx, []string{a.ID})
		if err != nil {
			return err
		}
		for _, r := range rows[a.ID] {
			held := authz.Role(r.Role)
			switch {
			case held.Global() && role.Global():
				return httpx.Conflict("conflict", msgTwoSeparated)
			case held.Global():
				return httpx.Conflict("conflict", msgSeparatedOrg)
			case role.Global():
				return httpx.Conflict("conflict", msgOrgToSeparated)
			case held == role && r.OrgID == g.OrgID:
				return httpx.Conflict("conflict", "该账号已在此组织拥有该角色")
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO role_grants (id, account_id, role, org_id, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?)`, g.ID, a.ID, string(role), g.OrgID, ms(now), actorID(ctx))
		if db.IsUniqueViolation(err) {
			// A concurrent grant won the race; the unique indexes keep the
			// rules (one global role, no duplicate) in the database too.
			return httpx.Conflict("conflict", msgTwoSeparated)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET updated_at = ? WHERE id = ?", ms(now), a.ID); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "account.grant_role", TargetType: "account",
			TargetID: a.ID, After: g})
	})
	if err != nil {
		return Grant{}, err
	}
	return g, nil
}

func actorID(ctx context.Context) string {
	if p := authz.From(ctx); p != nil {
		return p.AccountID
	}
	return ""
}

// ResetPassword sets a temporary password for username (command line):
// it must be changed at the next sign-in, and every session ends.
func (s *Service) ResetPassword(ctx context.Context, name, password string) error {
	u, ok := parseUsername(name)
	if !ok {
		return fieldErr("username", "invalid", msgUsername)
	}
	a, err := s.accountByUsername(ctx, s.db, u)
	if db.IsNoRows(err) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	return s.setTemporaryPassword(ctx, a, password)
}

func (s *Service) setTemporaryPassword(ctx context.Context, a *accountRow, password string) error {
	var fe httpx.Fields
	s.checkNewPassword(ctx, &fe, "password", password, a.ID)
	if err := fe.Err(); err != nil {
		return err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	now := s.clk.Now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET password_hash = ?, password_changed_at = ?, must_change = 1,
			failed_count = 0, locked_until = 0, updated_at = ? WHERE id = ?`, hash, ms(now), ms(now), a.ID); err != nil {
			return err
		}
		ended, err := endSessions(ctx, tx, a.ID, "")
		if err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "account.reset_password", TargetType: "account",
			TargetID: a.ID, Before: map[string]bool{"must_change_password": a.MustChange},
			After: map[string]any{"must_change_password": true, "sessions_ended": ended}})
	})
}

// Who manages which account. The security administrator manages every
// account. An org admin manages the accounts whose grants all lie inside
// their own subtree (an org_admin grant only strictly below their own
// level, never a peer's), and the accounts they created that hold no grant
// yet — otherwise they could not give a new account its first role. Global
// (三员) accounts and the caller's own account are never managed by an org
// admin. Everything else answers 404, as if it did not exist.
func manages(p *authz.Principal, a *accountRow, grants []Grant) bool {
	if p.HasRole(authz.Secadmin) {
		return true
	}
	scopes := p.Scopes(authz.AccountManage)
	if len(scopes) == 0 || a.ID == p.AccountID {
		return false
	}
	if len(grants) == 0 {
		return a.CreatedBy == p.AccountID
	}
	for _, g := range grants {
		if g.Role.Global() || g.orgPath == "" {
			return false
		}
		in := slices.ContainsFunc(scopes, func(sc string) bool {
			return strings.HasPrefix(g.orgPath, sc) && (g.Role != authz.OrgAdmin || g.orgPath != sc)
		})
		if !in {
			return false
		}
	}
	return true
}

// managedAccount loads the account {id} if the caller manages it, else 404.
func (s *Service) managedAccount(ctx context.Context, id string) (*accountRow, []Grant, error) {
	a, err := s.accountByID(ctx, s.db, id)
	if db.IsNoRows(err) {
		return nil, nil, httpx.NotFound()
	}
	if err != nil {
		return nil, nil, err
	}
	grants, err := s.grantsOf(ctx, s.db, a.ID)
	if err != nil {
		return nil, nil, err
	}
	if !manages(authz.From(ctx), a, grants) {
		return nil, nil, httpx.NotFound()
	}
	return a, grants, nil
}

// listAccounts answers the accounts the caller manages, filtered by q: a
// display-name prefix, or an exact username found through its blind index.
func (s *Service) listAccounts(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := authz.From(ctx)
	pg, err := httpx.PageOf(r)
	if err != nil {
		return err
	}
	var where db.Args
	if q := strings.TrimSpace(r.URL.Query().Get("q")); q != "" {
		if u, ok := parseUsername(q); ok {
			where.Add("(username_index = ? OR (display_name >= ? AND display_name < ?))",
				s.prot.BlindIndex(fieldUsername, u.value), q, db.PrefixEnd(q))
		} else {
			where.Add("display_name >= ? AND display_name < ?", q, db.PrefixEnd(q))
		}
	}
	const order = " ORDER BY display_name, id"
	var page []*accountRow
	total := 0
	if p.HasRole(authz.Secadmin) {
		if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM accounts"+where.Where(), where.Values()...).Scan(&total); err != nil {
			return err
		}
		args := append(where.Values(), pg.Size, pg.Offset())
		if page, err = s.queryAccounts(ctx, where.Where()+order+" LIMIT ? OFFSET ?", args...); err != nil {
			return err
		}
	} else {
		// Org paths live with the orgs, not here, so the scope is decided
		// in Go over the candidates, with each org resolved once.
		all, err := s.queryAccounts(ctx, where.Where()+order, where.Values()...)
		if err != nil {
			return err
		}
		rows, err := grantRows(ctx, s.db, nil)
		if err != nil {
			return err
		}
		cache := s.newOrgCache()
		var mine []*accountRow
		for _, a := range all {
			grants, err := cache.resolve(ctx, rows[a.ID])
			if err != nil {
				return err
			}
			if manages(p, a, grants) {
				mine = append(mine, a)
			}
		}
		total = len(mine)
		lo, hi := min(pg.Offset(), total), min(pg.Offset()+pg.Size, total)
		page = mine[lo:hi]
	}
	idList := make([]string, len(page))
	for i, a := range page {
		idList[i] = a.ID
	}
	rows, err := grantRows(ctx, s.db, idList)
	if err != nil {
		return err
	}
	cache := s.newOrgCache()
	items := make([]Account, 0, len(page))
	for _, a := range page {
		grants, err := cache.resolve(ctx, rows[a.ID])
		if err != nil {
			return err
		}
		items = append(items, s.account(a, grants))
	}
	return httpx.WriteJSON(w, http.StatusOK, httpx.List[Account]{Items: items, Total: total, Page: pg.Page, PageSize: pg.Size})
}

func (s *Service) queryAccounts(ctx context.Context, rest string, args ...any) ([]*accountRow, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+accountColumns+" FROM accounts"+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*accountRow
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

type createAccountRequest struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Password    string `json:"password"`
	MemberID    string `json:"member_id"`
}

func (s *Service) createAccount(w http.ResponseWriter, r *http.Request) error {
	var req createAccountRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	acc, err := s.CreateAccount(r.Context(), NewAccount{Username: req.Username, DisplayName: req.DisplayName,
		Password: req.Password, MemberID: req.MemberID, MustChangePassword: true})
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, acc)
}

type patchAccountRequest struct {
	DisplayName *string `json:"display_name"`
	Disabled    *bool   `json:"disabled"`
}

// patchAccount renames, disables or re-enables an account. Disabling ends
// its sessions (its API tokens stop working while it is disabled, and work
// again when it is re-enabled); re-enabling restarts the disuse clock.
func (s *Service) patchAccount(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := authz.From(ctx)
	var req patchAccountRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	a, grants, err := s.managedAccount(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	now := s.clk.Now()
	before := s.account(a, grants)
	var fe httpx.Fields
	if req.DisplayName != nil {
		name := strings.TrimSpace(*req.DisplayName)
		switch n := utf8.RuneCountInString(name); {
		case n == 0:
			fe.Add("display_name", "required", "请填写显示名称")
		case n > 50:
			fe.Add("display_name", "too_long", "显示名称不能超过 50 个字")
		}
		a.DisplayName = name
	}
	if err := fe.Err(); err != nil {
		return err
	}
	disable := req.Disabled != nil && *req.Disabled && !before.Disabled
	enable := req.Disabled != nil && !*req.Disabled && before.Disabled
	if disable && a.ID == p.AccountID {
		return httpx.Conflict("conflict", "不能停用自己的账号")
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		switch {
		case disable:
			a.Disabled = true
			if _, err := endSessions(ctx, tx, a.ID, ""); err != nil {
				return err
			}
		case enable:
			a.Disabled, a.LastActiveAt, a.FailedCount, a.LockedUntil = false, ms(now), 0, 0
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET display_name = ?, disabled = ?, last_active_at = ?,
			failed_count = ?, locked_until = ?, updated_at = ? WHERE id = ?`, a.DisplayName, b2i(a.Disabled),
			a.LastActiveAt, a.FailedCount, a.LockedUntil, ms(now), a.ID); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "account.update", TargetType: "account", TargetID: a.ID,
			Before: map[string]any{"display_name": before.DisplayName, "disabled": before.Disabled},
			After:  map[string]any{"display_name": a.DisplayName, "disabled": a.Disabled}})
	})
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, s.account(a, grants))
}

func (s *Service) resetPassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var req struct {
		Password string `json:"password"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	a, _, err := s.managedAccount(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if a.ID == authz.From(ctx).AccountID {
		return httpx.Conflict("conflict", "请通过“修改密码”修改本人密码")
	}
	if err := s.setTemporaryPassword(ctx, a, req.Password); err != nil {
		return err
	}
	return httpx.NoContent(w)
}

type grantRequest struct {
	Role  string `json:"role"`
	OrgID string `json:"org_id"`
}

// grantRole grants a role to a managed account. An org outside the
// caller's scope answers 404 like a missing one; a role the caller may not
// grant inside their scope (an org admin granting org_admin or a 三员 role)
// answers 403.
func (s *Service) grantRole(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := authz.From(ctx)
	var req grantRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	a, _, err := s.managedAccount(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	role := authz.Role(req.Role)
	if !role.Valid() {
		return fieldErr("role", "invalid", "角色无效")
	}
	var org *OrgRef
	if orgID := strings.TrimSpace(req.OrgID); orgID != "" {
		ref, err := s.orgs.Resolve(ctx, orgID)
		if errors.Is(err, db.ErrNoRows) {
			return httpx.NotFound()
		}
		if err != nil {
			return err
		}
		if !p.HasRole(authz.Secadmin) && !p.Can(authz.AccountManage, ref.Path) {
			return httpx.NotFound()
		}
		org = &ref
	}
	path := ""
	if org != nil {
		path = org.Path
	}
	if !p.MayGrant(role, path) {
		return httpx.Forbidden("您不能授予该角色")
	}
	g, err := s.addGrant(ctx, a, role, org)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, g)
}

// revokeRole removes a grant from a managed account; the change holds from
// the account's next request, since grants are read at every request.
func (s *Service) revokeRole(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := authz.From(ctx)
	var accountID string
	err := s.db.QueryRowContext(ctx, "SELECT account_id FROM role_grants WHERE id = ?", r.PathValue("id")).Scan(&accountID)
	if db.IsNoRows(err) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	a, grants, err := s.managedAccount(ctx, accountID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(grants, func(g Grant) bool { return g.ID == r.PathValue("id") })
	if i < 0 {
		return httpx.NotFound() // its org no longer resolves
	}
	g := grants[i]
	if !p.MayGrant(g.Role, g.orgPath) {
		return httpx.Forbidden("您不能撤销该角色")
	}
	now := s.clk.Now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM role_grants WHERE id = ?", g.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET updated_at = ? WHERE id = ?", ms(now), a.ID); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "account.revoke_role", TargetType: "account",
			TargetID: a.ID, Before: g})
	})
	if err != nil {
		return err
	}
	return httpx.NoContent(w)
}
