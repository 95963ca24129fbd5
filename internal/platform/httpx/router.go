package httpx

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"dangjian/internal/platform/authz"
)

// HandlerFunc is a handler that returns its error instead of writing it.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route describes a registered endpoint, for the authorization-matrix test
// and the OpenAPI document.
type Route struct {
	Method  string
	Path    string
	Perm    authz.Perm
	Summary string
}

// Authenticator resolves the caller of a request (nil when anonymous) and
// checks cross-site request forgery for cookie sessions.
type Authenticator interface {
	Authenticate(r *http.Request) (*authz.Principal, error)
	CheckCSRF(r *http.Request, p *authz.Principal) error
}

// DenialRecorder is told about every refused request (for the audit log).
type DenialRecorder func(ctx context.Context, r *http.Request, code string)

// Router registers routes on a ServeMux, each with the permission it needs.
type Router struct {
	mux    *http.ServeMux
	auth   Authenticator
	denied DenialRecorder
	routes []Route
	admin  adminLimit
}

// adminLimit confines the administration routes to configured networks
// (等保: 管理终端接入限制). No networks means no limit.
type adminLimit struct {
	perms map[authz.Perm]bool
	nets  []netip.Prefix
}

// LimitAdmin lets routes needing any of perms be called only from nets.
func (rt *Router) LimitAdmin(nets []netip.Prefix, perms ...authz.Perm) {
	rt.admin = adminLimit{perms: map[authz.Perm]bool{}, nets: nets}
	for _, p := range perms {
		rt.admin.perms[p] = true
	}
}

func (l adminLimit) allows(perm authz.Perm, ip string) bool {
	if len(l.nets) == 0 || !l.perms[perm] {
		return true
	}
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	for _, n := range l.nets {
		if n.Contains(addr.Unmap()) {
			return true
		}
	}
	return false
}

// NewRouter builds a router over mux.
func NewRouter(mux *http.ServeMux, auth Authenticator, denied DenialRecorder) *Router {
	return &Router{mux: mux, auth: auth, denied: denied}
}

// Routes lists what has been registered.
func (rt *Router) Routes() []Route { return rt.routes }

// Handle registers pattern ("GET /api/v1/orgs/{id}") with the permission the
// caller must hold somewhere; object-level scope is the handler's check.
func (rt *Router) Handle(pattern string, perm authz.Perm, summary string, h HandlerFunc) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok || perm == "" {
		panic("route must be \"METHOD /path\" with a permission: " + pattern)
	}
	rt.routes = append(rt.routes, Route{Method: method, Path: path, Perm: perm, Summary: summary})
	rt.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		ctx := authz.WithClientIP(r.Context(), ClientIP(r))
		r = r.WithContext(ctx)
		if perm != authz.Public {
			p, err := rt.admit(r, perm)
			if err != nil {
				if e, ok := err.(*Error); ok && rt.denied != nil {
					rt.denied(authz.WithPrincipal(ctx, p), r, e.Code)
				}
				WriteError(w, r, err)
				return
			}
			r = r.WithContext(authz.WithPrincipal(ctx, p))
		}
		if err := h(w, r); err != nil {
			WriteError(w, r, err)
		}
	})
}

// admit authenticates and applies the route-level checks, in order: signed
// in, password current, CSRF for cookie sessions, permission held somewhere.
func (rt *Router) admit(r *http.Request, perm authz.Perm) (*authz.Principal, error) {
	p, err := rt.auth.Authenticate(r)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, &Error{Status: http.StatusUnauthorized, Code: "unauthenticated", Detail: "请先登录"}
	}
	if p.MustChangePassword && perm != authz.PasswordChange {
		return p, &Error{Status: http.StatusForbidden, Code: "password_change_required",
			Detail: "首次登录或密码已过期，请先修改密码"}
	}
	if p.NeedsSecondFactor && perm != authz.PasswordChange {
		return p, &Error{Status: http.StatusForbidden, Code: "totp_enrollment_required",
			Detail: "管理员账号须先绑定动态口令（TOTP）"}
	}
	if isUnsafe(r.Method) && p.SessionID != "" {
		if err := rt.auth.CheckCSRF(r, p); err != nil {
			return p, err
		}
	}
	if perm != authz.SignedIn && perm != authz.PasswordChange && !p.Has(perm) {
		return p, Forbidden("")
	}
	if !rt.admin.allows(perm, ClientIP(r)) {
		return p, &Error{Status: http.StatusForbidden, Code: "admin_network", Detail: "管理功能只能从指定的管理网络访问"}
	}
	return p, nil
}

func isUnsafe(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

// ClientIP is the request's peer address. X-Forwarded-For is not trusted:
// deployments behind a proxy terminate it at a known hop (not configured yet).
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
