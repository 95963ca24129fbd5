package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"dangjian/internal/app"
	"dangjian/internal/auth"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

var webFiles = fstest.MapFS{
	"index.html":         {Data: []byte("<!doctype html><title>智慧党建</title>")},
	"assets/app-1a2b.js": {Data: []byte("console.log(1)")},
}

// TestServedWhole: the real handler — real authenticator, security headers,
// health, metrics, OpenAPI and the SPA — as a browser and an operator see it.
func TestServedWhole(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		root, err := a.Orgs.Create(ctx, orgs.NewOrg{Name: "市委组织部", Kind: "leading_body", Code: "ROOT"})
		if err != nil {
			t.Fatal(err)
		}
		acc, err := a.Auth.CreateAccount(ctx, auth.NewAccount{Username: "worker", DisplayName: "党务", Password: "Xq7#mPz9!k"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Auth.GrantRole(ctx, acc.ID, authz.PartyWorker, "ROOT"); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(a.Handler(app.NewSPA(webFiles)))
		defer srv.Close()
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}

		r := get(t, c, srv.URL+"/api/v1/orgs/roots")
		if r.StatusCode != http.StatusUnauthorized || !strings.Contains(r.Header.Get("Content-Type"), "problem+json") {
			t.Errorf("anonymous: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
			if r.Header.Get(h) == "" {
				t.Errorf("missing %s", h)
			}
		}
		if csp := r.Header.Get("Content-Security-Policy"); strings.Contains(csp, "http") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("CSP names an external host or allows framing: %s", csp)
		}
		login, err := c.Post(srv.URL+"/api/v1/auth/login", "application/json", strings.NewReader(`{"username":"worker","password":"Xq7#mPz9!k"}`))
		if err != nil || login.StatusCode != http.StatusOK {
			t.Fatalf("login: %v %d", err, login.StatusCode)
		}
		r = get(t, c, srv.URL+"/api/v1/orgs/roots")
		if body := read(r); r.StatusCode != http.StatusOK || !strings.Contains(body, root.ID) {
			t.Errorf("signed in roots: %d %s", r.StatusCode, body)
		}
		if r := get(t, c, srv.URL+"/api/v1/openapi.json"); !strings.Contains(read(r), `"/orgs/{id}/move"`) {
			t.Error("openapi lacks a registered route")
		}
		for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/members/123": 200, "/m/me": 200,
			"/assets/app-1a2b.js": 200, "/assets/missing.js": 404} {
			if r := get(t, c, srv.URL+path); r.StatusCode != want {
				t.Errorf("%s: %d, want %d", path, r.StatusCode, want)
			}
		}
		if body := read(get(t, c, srv.URL+"/m/me")); !strings.Contains(body, "智慧党建") {
			t.Error("client route does not fall back to index.html")
		}
		sys, err := a.Auth.CreateAccount(ctx, auth.NewAccount{Username: "sysops", DisplayName: "系统管理员", Password: "Xq7#mPz9!k"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Auth.GrantRole(ctx, sys.ID, authz.Sysadmin, ""); err != nil {
			t.Fatal(err)
		}
		rt := apitestServer(a)
		rt.As(&authz.Principal{AccountID: sys.ID, Username: "sysops", Grants: []authz.Grant{{Role: authz.Sysadmin}}})
		if r := rt.Do(t, "GET", "/api/v1/system/status", nil); r.Status != http.StatusOK || !r.Contains(`"database":"`+d.Dialect().String()+`"`) {
			t.Errorf("system status: %d %s", r.Status, r.Body)
		}
		if body := read(get(t, c, srv.URL+"/metrics")); !strings.Contains(body, "http_requests_total") {
			t.Errorf("metrics: %.300s", body)
		}
		req, _ := http.NewRequest("GET", srv.URL+"/assets/app-1a2b.js", nil)
		first := get(t, c, srv.URL+"/assets/app-1a2b.js")
		req.Header.Set("If-None-Match", first.Header.Get("ETag"))
		if again, _ := c.Do(req); again.StatusCode != http.StatusNotModified {
			t.Errorf("ETag revalidation: %d", again.StatusCode)
		}
	})
}

func get(t *testing.T, c *http.Client, url string) *http.Response {
	t.Helper()
	r, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func read(r *http.Response) string {
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return string(b)
}

func apitestServer(a *app.App) *apitest.Server {
	s := apitest.New()
	a.RegisterRoutes(s.Router)
	return s
}
