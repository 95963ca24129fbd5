package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
)

type fixedAuth struct{ p *authz.Principal }

func (a fixedAuth) Authenticate(*http.Request) (*authz.Principal, error) { return a.p, nil }
func (a fixedAuth) CheckCSRF(*http.Request, *authz.Principal) error      { return nil }

// TestAdminRoutesLimitedToNetworks: with admin networks configured, an
// administration route answers 403 from elsewhere and works from inside;
// business routes are not limited.
func TestAdminRoutesLimitedToNetworks(t *testing.T) {
	mux := http.NewServeMux()
	p := &authz.Principal{AccountID: "a", Grants: []authz.Grant{{Role: authz.Secadmin}, {Role: authz.Viewer, OrgPath: "/x/"}}}
	rt := httpx.NewRouter(mux, fixedAuth{p}, nil)
	ok := func(w http.ResponseWriter, _ *http.Request) error { return httpx.NoContent(w) }
	rt.Handle("GET /admin", authz.AccountManage, "admin", ok)
	rt.Handle("GET /orgs", authz.OrgRead, "business", ok)
	rt.LimitAdmin([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, authz.AccountManage)
	for _, tc := range []struct {
		path, from string
		want       int
	}{
		{"/admin", "10.1.2.3:5000", http.StatusNoContent},
		{"/admin", "192.168.1.9:5000", http.StatusForbidden},
		{"/admin", "[::ffff:10.9.9.9]:5000", http.StatusNoContent},
		{"/orgs", "192.168.1.9:5000", http.StatusNoContent},
	} {
		req := httptest.NewRequest("GET", tc.path, nil)
		req.RemoteAddr = tc.from
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, req)
		if w.Code != tc.want {
			t.Errorf("%s from %s: %d, want %d", tc.path, tc.from, w.Code, tc.want)
		}
	}
}
