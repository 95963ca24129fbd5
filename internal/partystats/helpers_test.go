package partystats_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/partystats"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/rollup"
)

// t0 is 10 March 2027, 10:00 in Shanghai.
var t0 = time.Date(2027, 3, 10, 2, 0, 0, 0, time.UTC)

func steps() []db.Migration { return slices.Concat(audit.Migrations, partystats.Migrations) }

// testLabels are the register's own labels (members' enums, orgs' kinds)
// and two unit types.
func testLabels() partystats.Labels {
	enum := func(name string) []partystats.Label {
		return partystats.LabelsOf(members.EnumCodes(name), func(c string) string { return members.EnumLabel(name, c) })
	}
	kinds := []string{orgs.KindLeadingBody, orgs.KindCommittee, orgs.KindGeneralBranch, orgs.KindBranch, orgs.KindGroup}
	return partystats.Labels{Genders: enum("gender"), Educations: enum("education"), Categories: enum("category"),
		EndKinds: enum("end_kind"), Kinds: partystats.LabelsOf(kinds, orgs.KindLabel), Ethnicities: members.EthnicGroups(),
		UnitTypes: []partystats.Label{{Code: "government", Text: "机关"}, {Code: "enterprise", Text: "企业"}}}
}

// fakeDir knows the test's orgs.
type fakeDir struct{ orgs map[string]partystats.OrgRef }

func (f fakeDir) Org(_ context.Context, _ db.Querier, id string) (partystats.OrgRef, error) {
	if o, ok := f.orgs[id]; ok {
		return o, nil
	}
	return partystats.OrgRef{}, db.ErrNoRows
}

func (fakeDir) Labels() partystats.Labels { return testLabels() }

// span is a member's facts valid on the days [from, to).
type span struct {
	rollup.SpanRow
	from, to string
}

// fakeSource is the as-of history as the rollup store answers it.
type fakeSource struct {
	mu    sync.Mutex
	spans []span
	orgs  []rollup.OrgRow
	asked []string // the days and periods asked, "members 2025-02-28"
}

func under(path, p string) bool { return strings.HasPrefix(p, path) }

func (f *fakeSource) each(path, ask string, keep func(s span) bool, fn func(rollup.SpanRow) error) error {
	f.mu.Lock()
	f.asked = append(f.asked, ask)
	list := slices.Clone(f.spans)
	f.mu.Unlock()
	for _, s := range list {
		if under(path, s.OrgPath) && keep(s) {
			if err := fn(s.SpanRow); err != nil {
				return err
			}
		}
	}
	return nil
}

func (f *fakeSource) MembersAsOf(_ context.Context, path, date string, fn func(rollup.SpanRow) error) error {
	return f.each(path, "members "+date, func(s span) bool { return s.from <= date && date < s.to }, fn)
}

func (f *fakeSource) JoinedBetween(_ context.Context, path, from, to string, fn func(rollup.SpanRow) error) error {
	return f.each(path, "joined "+from+" "+to, func(s span) bool {
		return s.JoinedOn >= from && s.JoinedOn <= to && s.from <= to && (to < s.to || s.EndedKind != "")
	}, fn)
}

func (f *fakeSource) EndedBetween(_ context.Context, path, from, to string, fn func(rollup.SpanRow) error) error {
	return f.each(path, "ended "+from+" "+to, func(s span) bool {
		return s.EndedKind != "" && s.EndedOn >= from && s.EndedOn <= to
	}, fn)
}

func (f *fakeSource) OrgsAsOf(_ context.Context, path, date string, fn func(rollup.OrgRow) error) error {
	f.mu.Lock()
	f.asked = append(f.asked, "orgs "+date)
	list := slices.Clone(f.orgs)
	f.mu.Unlock()
	for _, o := range list {
		if under(path, o.Path) {
			if err := fn(o); err != nil {
				return err
			}
		}
	}
	return nil
}

// env is the service over a fake clock, directory and source: committee c
// with branches a and b.
type env struct {
	d       *db.DB
	clk     *clock.Fake
	src     *fakeSource
	srv     *apitest.Server
	c, a, b partystats.OrgRef
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		dir := fakeDir{orgs: map[string]partystats.OrgRef{}}
		e := &env{d: d, clk: clock.NewFake(t0), src: &fakeSource{}, srv: apitest.New()}
		for _, o := range []*partystats.OrgRef{{ID: "c", Name: "机关党委", Path: "/c/"},
			{ID: "a", Name: "第一党支部", Path: "/c/a/"}, {ID: "b", Name: "第二党支部", Path: "/c/b/"}} {
			dir.orgs[o.ID] = *o
		}
		e.c, e.a, e.b = dir.orgs["c"], dir.orgs["a"], dir.orgs["b"]
		partystats.New(d, e.clk, dir, e.src).Routes(e.srv.Router)
		fn(t, e)
	})
}

// member adds a member of o valid from joined_on until ended_on (or for
// good): a Han male full member born 1980-06-15 unless set says otherwise.
func (e *env) member(o partystats.OrgRef, id string, set func(r *rollup.SpanRow)) {
	r := rollup.SpanRow{MemberID: id, OrgID: o.ID, OrgPath: o.Path, Gender: "male", Ethnicity: "汉族",
		BirthDate: "1980-06-15", Education: "bachelor", Category: "enterprise", Status: "full",
		JoinedOn: "2000-07-01", FullMemberOn: "2001-07-01"}
	if set != nil {
		set(&r)
	}
	to := "9999-12-31"
	if r.EndedKind != "" {
		to = r.EndedOn
	}
	e.src.spans = append(e.src.spans, span{SpanRow: r, from: r.JoinedOn, to: to})
}

func worker(o partystats.OrgRef) *authz.Principal { return principal(o, authz.PartyWorker) }

func principal(o partystats.OrgRef, r authz.Role) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + string(r) + o.ID, Username: string(r) + "@" + o.ID,
		DisplayName: o.Name + "组织委员", Grants: []authz.Grant{{ID: "g-" + o.ID, Role: r, OrgID: o.ID, OrgPath: o.Path}}}
}

// generate posts a report of o as of asOf as p and expects 201.
func (e *env) generate(t *testing.T, p *authz.Principal, o partystats.OrgRef, asOf string) partystats.Report {
	t.Helper()
	var r partystats.Report
	e.srv.Expect(t, p, "POST", "/api/v1/stats/orgs/"+o.ID+"/reports", map[string]string{"as_of": asOf},
		http.StatusCreated).JSON(t, &r)
	return r
}

// table finds the report's table by key.
func table(t *testing.T, r partystats.Report, key string) partystats.Table {
	t.Helper()
	for _, tb := range r.Tables {
		if tb.Key == key {
			return tb
		}
	}
	t.Fatalf("no table %s in %+v", key, r.Tables)
	return partystats.Table{}
}

// cell is the count of a table's row and column, both by name.
func cell(t *testing.T, tb partystats.Table, row, col string) string {
	t.Helper()
	ci := slices.Index(tb.Columns, col)
	for _, r := range tb.Rows {
		if r[0] == row && ci > 0 {
			return r[ci]
		}
	}
	t.Fatalf("no cell %s/%s in %s: %v %v", row, col, tb.Key, tb.Columns, tb.Rows)
	return ""
}

// rowNames are the first cells of a table's rows.
func rowNames(tb partystats.Table) []string {
	out := make([]string, len(tb.Rows))
	for i, r := range tb.Rows {
		out[i] = r[0]
	}
	return out
}

// count runs a COUNT query.
func (e *env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.d.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// fieldErr asserts a 422 naming field with code.
func fieldErr(t *testing.T, r *apitest.Response, field, code string) {
	t.Helper()
	var p struct {
		Errors []struct{ Field, Code, Message string } `json:"errors"`
	}
	r.JSON(t, &p)
	for _, f := range p.Errors {
		if f.Field == field && f.Code == code {
			return
		}
	}
	t.Errorf("no %s error on %s in %s", code, field, r.Body)
}
