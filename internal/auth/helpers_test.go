package auth_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/pii"
)

var (
	migrations = append(append([]db.Migration{}, audit.Migrations...), auth.Migrations...)
	start      = time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)
)

const goodPassword = "Xq7#mPz9!k"

// orgs is a settable org tree standing in for the orgs capability:
//
//	R ── A ── A1
//	  └─ B ── B1
type orgs struct {
	mu   sync.Mutex
	refs map[string]auth.OrgRef
}

func newOrgs() *orgs {
	o := &orgs{refs: map[string]auth.OrgRef{}}
	for _, r := range []auth.OrgRef{{"R", "区委组织部", "/R/"}, {"A", "甲党委", "/R/A/"}, {"A1", "甲一支部", "/R/A/A1/"},
		{"B", "乙党委", "/R/B/"}, {"B1", "乙一支部", "/R/B/B1/"}} {
		o.refs[r.ID] = r
	}
	return o
}

func (o *orgs) Resolve(_ context.Context, id string) (auth.OrgRef, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, ok := o.refs[id]
	if !ok {
		return auth.OrgRef{}, fmt.Errorf("org %q: %w", id, db.ErrNoRows)
	}
	return r, nil
}

func (o *orgs) set(r auth.OrgRef) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.refs[r.ID] = r
}

// env is one engine's service with its fake clock, plus a real router (the
// service as authenticator) and a stand-in router (apitest) for admin calls.
type env struct {
	t    *testing.T
	d    *db.DB
	clk  *clock.Fake
	orgs *orgs
	svc  *auth.Service
	real http.Handler
	api  *apitest.Server
}

func newEnv(t *testing.T, d *db.DB, cfg auth.Config) *env {
	t.Helper()
	prot, err := pii.New(pii.ProfileGM, []byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, d: d, clk: clock.NewFake(start), orgs: newOrgs()}
	e.svc = auth.New(d, e.clk, prot, e.orgs, cfg)
	mux := http.NewServeMux()
	rt := httpx.NewRouter(mux, e.svc, e.svc.RecordDenied)
	e.svc.Routes(rt)
	// Stand-ins for another capability's routes.
	ok := func(w http.ResponseWriter, r *http.Request) error {
		return httpx.WriteJSON(w, http.StatusOK, map[string]string{"caller": authz.From(r.Context()).AccountID})
	}
	rt.Handle("GET /api/v1/things", authz.SignedIn, "test", ok)
	rt.Handle("POST /api/v1/things", authz.SignedIn, "test", ok)
	e.real = mux
	e.api = apitest.New()
	e.svc.Routes(e.api.Router)
	return e
}

// each runs fn on every engine with a fresh env.
func each(t *testing.T, cfg auth.Config, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) { fn(t, newEnv(t, d, cfg)) })
}

func (e *env) create(username string, mustChange bool) auth.Account {
	e.t.Helper()
	a, err := e.svc.CreateAccount(context.Background(), auth.NewAccount{Username: username, DisplayName: "测试" + username,
		Password: goodPassword, MustChangePassword: mustChange})
	if err != nil {
		e.t.Fatalf("create %s: %v", username, err)
	}
	return a
}

func (e *env) grant(accountID string, role authz.Role, org string) auth.Grant {
	e.t.Helper()
	g, err := e.svc.GrantRole(context.Background(), accountID, role, org)
	if err != nil {
		e.t.Fatalf("grant %s: %v", role, err)
	}
	return g
}

// auditCount counts audit records of action with result.
func (e *env) auditCount(action, result string) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE action = ? AND result = ?",
		action, result).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// client is a browser (or script) talking to the real router.
type client struct {
	e      *env
	cookie *http.Cookie
	csrf   string
	bearer string
	ip     string
}

func (e *env) client() *client { return &client{e: e, ip: "192.0.2.1"} }

type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r *resp) m(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
	return m
}

func (r *resp) code(t *testing.T) string {
	t.Helper()
	c, _ := r.m(t)["code"].(string)
	return c
}

// do sends a request; headers are given as "Name: value" pairs.
func (c *client) do(method, path string, body any, headers ...string) *resp {
	c.e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.e.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, path, rd)
	req.RemoteAddr = c.ip + ":40000"
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.cookie != nil {
		req.AddCookie(c.cookie)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	c.e.real.ServeHTTP(rec, req)
	return &resp{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// login signs in and keeps the session cookie and CSRF token.
func (c *client) login(username, password string, otp ...string) *resp {
	c.e.t.Helper()
	body := map[string]string{"username": username, "password": password}
	if len(otp) > 0 {
		body["otp"] = otp[0]
	}
	r := c.do("POST", "/api/v1/auth/login", body)
	if r.Status == http.StatusOK {
		for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
			if strings.HasSuffix(ck.Name, "dj_session") {
				c.cookie = &http.Cookie{Name: ck.Name, Value: ck.Value}
			}
		}
		var out struct {
			Account struct {
				CSRFToken string `json:"csrf_token"`
			} `json:"account"`
		}
		json.Unmarshal(r.Body, &out)
		c.csrf = out.Account.CSRFToken
	}
	return r
}

func (c *client) mustLogin(username, password string, otp ...string) {
	c.e.t.Helper()
	if r := c.login(username, password, otp...); r.Status != http.StatusOK {
		c.e.t.Fatalf("login %s: %d %s", username, r.Status, r.Body)
	}
}

// post sends a state change with the CSRF token, as the web UI does.
func (c *client) post(method, path string, body any) *resp {
	c.e.t.Helper()
	return c.do(method, path, body, "X-CSRF-Token: "+c.csrf)
}

// totpCode is an independent RFC 6238 implementation for the tests.
func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		t.Fatal(err)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(at.Unix()/30))
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[19] & 0xf
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[off:])&0x7fffffff)%1000000)
}

// principal is a stand-in caller for apitest routes.
func principal(id string, role authz.Role, orgPath string) *authz.Principal {
	g := authz.Grant{ID: "g-" + id, Role: role, OrgPath: orgPath}
	return &authz.Principal{AccountID: id, Username: id, Grants: []authz.Grant{g}, SessionID: "s"}
}

func (r *resp) Contains(s string) bool { return strings.Contains(string(r.Body), s) }
