package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/pii"
)

// The benchmarks of organizational life (issue #4) run on PostgreSQL with
// the platform wired as in production (app.New) and its routes served over
// loopback HTTP:
//
//	DANGJIAN_TEST_POSTGRES=postgres://... go test -run '^$' -bench 'Compliance50k|Checkin3000' -benchtime 1x ./internal/app/
//
// The one stand-in is the authenticator: the caller is named by a request
// header instead of a session cookie, so the figures leave out the session
// lookup (one indexed read) every production request makes.

// memberHeader names the member a request comes from; without it the
// caller is the bench's boss, an org_admin at the top organization.
const memberHeader = "X-Bench-Member"

type benchAuth struct {
	boss   *authz.Principal
	branch authz.Grant // where the members belong
}

func (x *benchAuth) Authenticate(r *http.Request) (*authz.Principal, error) {
	id := r.Header.Get(memberHeader)
	if id == "" {
		return x.boss, nil
	}
	g := x.branch
	g.ID, g.Role = "g-"+id, authz.MemberRole
	return &authz.Principal{AccountID: "acc-" + id, Username: id, MemberID: id, Grants: []authz.Grant{g}}, nil
}

func (x *benchAuth) CheckCSRF(*http.Request, *authz.Principal) error { return nil }

// bench is the app on a fresh PostgreSQL schema behind a loopback server.
type bench struct {
	a      *app.App
	auth   *benchAuth
	url    string
	client *http.Client
}

// benchOrg is a loaded organization.
type benchOrg struct{ id, path string }

func newBench(b *testing.B, clk clock.Clock) *bench {
	a, err := app.New(dbtest.OpenPostgres(b, app.Migrations()), app.Config{CryptoProfile: pii.ProfileGM,
		CryptoKey: []byte(strings.Repeat("k", 32)), Clock: clk})
	if err != nil {
		b.Fatal(err)
	}
	x := &bench{a: a, auth: &benchAuth{}, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	mux := http.NewServeMux()
	a.RegisterRoutes(httpx.NewRouter(mux, x.auth, nil))
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	x.url = srv.URL
	return x
}

// top loads the top organization (a leading body) and makes the boss its
// org_admin.
func (x *bench) top(b *testing.B) benchOrg {
	top := x.loadOrgs(b, []benchOrg{{}}, 1, orgs.KindLeadingBody, func(int, int) string { return "省委组织部" })[0]
	x.auth.boss = &authz.Principal{AccountID: "acc-boss", Username: "boss", DisplayName: "组织部",
		Grants: []authz.Grant{{ID: "g-boss", Role: authz.OrgAdmin, OrgID: top.id, OrgName: "省委组织部", OrgPath: top.path}}}
	return top
}

// loadOrgs bulk-loads n orgs of kind under each parent ({} for a root),
// named name(parent index, i), and returns them in order.
func (x *bench) loadOrgs(b *testing.B, parents []benchOrg, n int, kind string, name func(p, i int) string) []benchOrg {
	ctx := context.Background()
	var out []benchOrg
	var batch []orgs.BulkOrg
	flush := func() {
		if err := x.a.DB.InTx(ctx, func(tx *db.Tx) error { return x.a.Orgs.BulkLoad(ctx, tx, batch) }); err != nil {
			b.Fatal(err)
		}
		batch = batch[:0]
	}
	for p, parent := range parents {
		for i := range n {
			o := orgs.BulkOrg{ID: ids.New(), ParentPath: parent.path,
				NewOrg: orgs.NewOrg{ParentID: parent.id, Name: name(p, i), Kind: kind}}
			out = append(out, benchOrg{o.ID, o.Path()})
			if batch = append(batch, o); len(batch) == 5000 {
				flush()
			}
		}
	}
	flush()
	return out
}

// settle does at once what autovacuum does minutes after a bulk load, as
// the demo loader does: child counts, planner statistics and the
// visibility map.
func (x *bench) settle(b *testing.B, tables ...string) {
	ctx := context.Background()
	if err := x.a.Orgs.RebuildChildCounts(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := x.a.DB.ExecContext(ctx, "VACUUM (ANALYZE) "+strings.Join(tables, ", ")); err != nil {
		b.Fatal(err)
	}
}

// call sends a request as member ("" = the boss), decodes a successful
// answer into out (unless nil) and says how long the answer took.
func (x *bench) call(method, path, member string, body, out any) (time.Duration, error) {
	var rd io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, x.url+path, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if member != "" {
		req.Header.Set(memberHeader, member)
	}
	start := time.Now()
	res, err := x.client.Do(req)
	if err != nil {
		return 0, err
	}
	data, err := io.ReadAll(res.Body)
	res.Body.Close()
	took := time.Since(start)
	if err == nil && res.StatusCode >= 300 {
		err = fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, data)
	}
	if err == nil && out != nil {
		err = json.Unmarshal(data, out)
	}
	return took, err
}

// mustCall sends a request that must succeed.
func (x *bench) mustCall(b *testing.B, method, path, member string, body any) {
	if _, err := x.call(method, path, member, body, nil); err != nil {
		b.Fatal(err)
	}
}

// reportLatency reports the p50, p95, p99 and maximum of lat in
// milliseconds, as metrics named name-p50-ms and so on.
func reportLatency(b *testing.B, name string, lat []time.Duration) {
	s := slices.Clone(lat)
	slices.Sort(s)
	at := func(p float64) float64 {
		return float64(s[max(0, int(math.Ceil(p*float64(len(s))))-1)].Microseconds()) / 1000
	}
	p50, p95, p99, top := at(0.50), at(0.95), at(0.99), at(1)
	for _, m := range []struct {
		unit string
		v    float64
	}{{"p50", p50}, {"p95", p95}, {"p99", p99}, {"max", top}} {
		b.ReportMetric(m.v, name+"-"+m.unit+"-ms")
	}
	b.Logf("%-16s n=%-5d p50 %7.1f  p95 %7.1f  p99 %7.1f  max %7.1f ms", name, len(s), p50, p95, p99, top)
}
