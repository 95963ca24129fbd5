package auth

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

const (
	tokenPrefix     = "dj_" // recognizable in a leaked log or a secret scanner
	apiTokenBytes   = 32
	maxTokenTTL     = 366 * 24 * time.Hour
	defaultTokenTTL = 30 * 24 * time.Hour
)

// Token is a personal API token as its owner sees it (never its value,
// which is shown once at creation and stored only as a SHA-256 hash).
type Token struct {
	ID         string
	Name       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// MarshalJSON writes the API shape, null for never-used or not revoked.
func (t Token) MarshalJSON() ([]byte, error) { return json.Marshal(t.view("")) }

type tokenView struct {
	Token      string  `json:"token,omitempty"`
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	CreatedAt  *string `json:"created_at"`
	ExpiresAt  *string `json:"expires_at"`
	LastUsedAt *string `json:"last_used_at"`
	RevokedAt  *string `json:"revoked_at"`
}

func (t Token) view(secret string) tokenView {
	return tokenView{Token: secret, ID: t.ID, Name: t.Name, CreatedAt: timeJSON(t.CreatedAt), ExpiresAt: timeJSON(t.ExpiresAt),
		LastUsedAt: timeJSON(t.LastUsedAt), RevokedAt: timeJSON(t.RevokedAt)}
}

// CreateToken issues a personal API token for username (command line:
// dangjian token create) and returns it; it cannot be shown again.
func (s *Service) CreateToken(ctx context.Context, name, tokenName string, ttl time.Duration) (string, error) {
	u, ok := parseUsername(name)
	if !ok {
		return "", fieldErr("username", "invalid", msgUsername)
	}
	a, err := s.accountByUsername(ctx, s.db, u)
	if db.IsNoRows(err) {
		return "", httpx.NotFound()
	}
	if err != nil {
		return "", err
	}
	if a.Disabled {
		return "", httpx.Conflict("conflict", "账号已停用，不能创建令牌")
	}
	secret, _, err := s.issueToken(ctx, a.ID, tokenName, ttl)
	return secret, err
}

func (s *Service) issueToken(ctx context.Context, accountID, name string, ttl time.Duration) (string, Token, error) {
	name = strings.TrimSpace(name)
	var fe httpx.Fields
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		fe.Add("name", "required", "请填写令牌名称")
	case n > 50:
		fe.Add("name", "too_long", "令牌名称不能超过 50 个字")
	}
	if ttl <= 0 || ttl > maxTokenTTL {
		fe.Add("expires_in_days", "invalid", "有效期应为 1 到 366 天")
	}
	if err := fe.Err(); err != nil {
		return "", Token{}, err
	}
	now := s.clk.Now()
	t := Token{ID: ids.New(), Name: name, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	secret := tokenPrefix + ids.Token(apiTokenBytes)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (id, token_hash, account_id, name, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`, t.ID, hashToken(secret), accountID, t.Name, ms(t.CreatedAt), ms(t.ExpiresAt)); err != nil {
			return err
		}
		e := audit.Entry{Action: "token.create", TargetType: "api_token", TargetID: t.ID,
			After: map[string]any{"account_id": accountID, "name": t.Name, "expires_at": t.ExpiresAt.UTC().Format(time.RFC3339)}}
		if authz.From(ctx) == nil {
			e.ActorName = "命令行"
		}
		return audit.RecordAt(ctx, tx, now, e)
	})
	if err != nil {
		return "", Token{}, err
	}
	return secret, t, nil
}

func (s *Service) listTokens(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, created_at, expires_at, last_used_at, revoked_at
		FROM api_tokens WHERE account_id = ? ORDER BY created_at DESC, id DESC`, authz.From(ctx).AccountID)
	if err != nil {
		return err
	}
	defer rows.Close()
	items := []Token{}
	for rows.Next() {
		var t Token
		var created, expires, used, revoked int64
		if err := rows.Scan(&t.ID, &t.Name, &created, &expires, &used, &revoked); err != nil {
			return err
		}
		t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt = fromMS(created), fromMS(expires), fromMS(used), fromMS(revoked)
		items = append(items, t)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, httpx.List[Token]{Items: items, Total: len(items), Page: 1, PageSize: len(items)})
}

func (s *Service) createToken(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var req struct {
		Name          string `json:"name"`
		ExpiresInDays *int   `json:"expires_in_days"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	ttl := defaultTokenTTL
	if req.ExpiresInDays != nil {
		ttl = time.Duration(*req.ExpiresInDays) * 24 * time.Hour
	}
	secret, t, err := s.issueToken(ctx, authz.From(ctx).AccountID, req.Name, ttl)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, t.view(secret))
}

// revokeToken revokes one of the caller's own tokens (another's answers
// 404); the row stays so the owner sees when it was revoked.
func (s *Service) revokeToken(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := authz.From(ctx)
	id := r.PathValue("id")
	var revoked int64
	err := s.db.QueryRowContext(ctx, "SELECT revoked_at FROM api_tokens WHERE id = ? AND account_id = ?", id, p.AccountID).Scan(&revoked)
	if db.IsNoRows(err) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	if revoked != 0 {
		return httpx.NoContent(w)
	}
	now := s.clk.Now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?", ms(now), id); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "token.revoke", TargetType: "api_token", TargetID: id})
	})
	if err != nil {
		return err
	}
	return httpx.NoContent(w)
}
