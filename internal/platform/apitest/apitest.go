// Package apitest drives a capability's routes in tests: a router whose
// caller is whatever principal the test sets, and small request helpers.
package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
)

// Auth is an Authenticator that answers with the principal the test set
// (nil = anonymous) and accepts any CSRF token.
type Auth struct{ Principal *authz.Principal }

func (a *Auth) Authenticate(*http.Request) (*authz.Principal, error) { return a.Principal, nil }
func (a *Auth) CheckCSRF(*http.Request, *authz.Principal) error      { return nil }

// Server is a mux with a router, its fake authenticator and an httptest server.
type Server struct {
	*httpx.Router
	Auth *Auth
	mux  *http.ServeMux
}

// New returns a server whose routes the test registers on s.Router.
func New() *Server {
	mux := http.NewServeMux()
	a := &Auth{}
	return &Server{Router: httpx.NewRouter(mux, a, nil), Auth: a, mux: mux}
}

// As sets the caller for the following requests.
func (s *Server) As(p *authz.Principal) *Server { s.Auth.Principal = p; return s }

// Response is a recorded answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test on error.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Map decodes the body as a JSON object.
func (r *Response) Map(t testing.TB) map[string]any {
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// Contains reports whether the body contains s.
func (r *Response) Contains(s string) bool { return strings.Contains(string(r.Body), s) }

// Do sends a request; body is marshalled to JSON unless it is an io.Reader.
func (s *Server) Do(t testing.TB, method, path string, body any) *Response {
	t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case io.Reader:
		rd = b
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, ct = bytes.NewReader(buf), "application/json"
	}
	req := httptest.NewRequest(method, path, rd)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	return s.DoRequest(req)
}

// DoRequest sends a prepared request (for multipart uploads).
func (s *Server) DoRequest(req *http.Request) *Response {
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, req)
	return &Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// Expect sends a request as p and fails the test unless it answers want.
func (s *Server) Expect(t testing.TB, p *authz.Principal, method, path string, body any, want int) *Response {
	t.Helper()
	s.As(p)
	r := s.Do(t, method, path, body)
	if r.Status != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// Member is the account of member id, holding the member role at its org.
func Member(id, orgID, orgPath string) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + id, Username: id, MemberID: id,
		Grants: []authz.Grant{{ID: "g-" + id, Role: authz.MemberRole, OrgID: orgID, OrgPath: orgPath}}}
}
