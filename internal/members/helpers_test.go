package members_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/pii"
)

// migrations are what the members capability runs on.
var migrations = slices.Concat(audit.Migrations, outbox.Migrations, orgs.Migrations, members.Migrations)

// today in the tests: 2026-11-22 in Shanghai.
var testNow = time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)

// env is a small tree with the members capability on a real orgs service:
//
//	R (leading_body) ─┬─ A (committee) ─┬─ A1 (branch) ── A1g (group)
//	                  │                 └─ A2 (branch)
//	                  └─ B (committee) ─── B1 (branch)
type env struct {
	d     *db.DB
	clk   *clock.Fake
	orgs  *orgs.Service
	m     *members.Service
	srv   *apitest.Server
	ids   map[string]string
	paths map[string]string
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	prot, err := pii.New(pii.ProfileGM, []byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, clk: clock.NewFake(testNow), ids: map[string]string{}, paths: map[string]string{}}
	e.orgs = orgs.New(d, e.clk)
	e.m = members.New(d, e.clk, e.orgs, prot)
	e.orgs.SetMembers(e.m)
	e.srv = apitest.New()
	e.m.Routes(e.srv.Router)
	for _, o := range [][3]string{{"R", "leading_body", ""}, {"A", "committee", "R"}, {"B", "committee", "R"},
		{"A1", "branch", "A"}, {"A2", "branch", "A"}, {"B1", "branch", "B"}, {"A1g", "group", "A1"}} {
		e.org(t, o[0], o[1], o[2])
	}
	return e
}

// org creates an org named (and coded) name.
func (e *env) org(t testing.TB, name, kind, parent string) {
	t.Helper()
	o, err := e.orgs.Create(context.Background(), orgs.NewOrg{ParentID: e.ids[parent], Name: name, Kind: kind, Code: "C-" + name})
	if err != nil {
		t.Fatalf("create org %s: %v", name, err)
	}
	got, err := e.orgs.Get(context.Background(), e.d, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	e.ids[name], e.paths[name] = got.ID, got.Path
}

// as makes the HTTP caller hold role at org.
func (e *env) as(role authz.Role, org string) *apitest.Server {
	return e.srv.As(e.principal(role, org))
}

func (e *env) principal(role authz.Role, org string) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + string(role) + "-" + org, Username: string(role) + "@" + org,
		DisplayName: "测试" + role.Label(), Grants: []authz.Grant{{ID: "g", Role: role, OrgID: e.ids[org],
			OrgName: org, OrgPath: e.paths[org]}}}
}

// ctxAs is a context whose caller holds role at org.
func (e *env) ctxAs(role authz.Role, org string) context.Context {
	return authz.WithPrincipal(context.Background(), e.principal(role, org))
}

// idNumber makes a valid ID number for a birth date and sequence; odd seq
// is male.
func idNumber(birth string, seq int) string {
	first := "110105" + strings.ReplaceAll(birth, "-", "") + fmt.Sprintf("%03d", seq)
	c, err := pii.IDCheckDigit(first)
	if err != nil {
		panic(err)
	}
	return first + string(c)
}

func genderOf(seq int) string {
	if seq%2 == 1 {
		return "male"
	}
	return "female"
}

// person is a valid full member born on birth; n varies the ID and phone.
func person(name, birth string, n int) members.Details {
	return members.Details{Name: name, Gender: genderOf(n), Ethnicity: "汉族", BirthDate: birth,
		IDNumber: idNumber(birth, n), Phone: fmt.Sprintf("139%08d", n), Address: "北京市东城区某某街道" + fmt.Sprint(n) + "号",
		Education: "bachelor", Category: "enterprise", Status: "full", JoinedOn: "2015-07-01", FullMemberOn: "2016-07-01"}
}

// add creates a member as the operator and returns its ID.
func (e *env) add(t testing.TB, org string, d members.Details) string {
	t.Helper()
	m, err := e.m.Create(context.Background(), e.ids[org], d)
	if err != nil {
		t.Fatalf("create member %s: %v", d.Name, err)
	}
	return m.ID
}

// body is a JSON request body for a new member.
func body(org string, d members.Details) map[string]any {
	return map[string]any{"org_id": org, "name": d.Name, "gender": d.Gender, "ethnicity": d.Ethnicity,
		"birth_date": d.BirthDate, "id_number": d.IDNumber, "phone": d.Phone, "address": d.Address,
		"education": d.Education, "category": d.Category, "status": d.Status, "joined_on": d.JoinedOn,
		"full_member_on": d.FullMemberOn}
}

func wantStatus(t testing.TB, r *apitest.Response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("got %d, want %d: %s", r.Status, status, r.Body)
	}
}

// counts reads Counts for the named orgs.
func (e *env) counts(t testing.TB, names ...string) map[string]orgs.MemberCounts {
	t.Helper()
	var idList []string
	for _, n := range names {
		idList = append(idList, e.ids[n])
	}
	c, err := e.m.Counts(context.Background(), e.d, idList)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]orgs.MemberCounts{}
	for _, n := range names {
		out[n] = c[e.ids[n]]
	}
	return out
}

var allOrgs = []string{"R", "A", "B", "A1", "A2", "B1", "A1g"}

// checkRecount: the maintained counts equal a recount from the members.
func (e *env) checkRecount(t testing.TB) {
	t.Helper()
	before := e.counts(t, allOrgs...)
	if err := e.m.RebuildCounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := e.counts(t, allOrgs...)
	for _, n := range allOrgs {
		if before[n] != after[n] {
			t.Errorf("counts of %s: maintained %+v, recount %+v", n, before[n], after[n])
		}
	}
}

// rowCount counts the rows of a table.
func rowCount(t testing.TB, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// auditActions lists the audit log's actions in order.
func auditActions(t testing.TB, d *db.DB) []string {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), "SELECT action FROM audit_log ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		rows.Scan(&a)
		out = append(out, a)
	}
	return out
}

// memberActions are the audit log's member.* actions.
func memberActions(t testing.TB, d *db.DB) []string {
	var out []string
	for _, a := range auditActions(t, d) {
		if strings.HasPrefix(a, "member.") {
			out = append(out, a)
		}
	}
	return out
}

var _ = http.StatusOK
