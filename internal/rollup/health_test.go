package rollup

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/httpx"
)

// healthTree is the usual tree with A3, a branch whose term ended
// yesterday, four members in A1 and the meetings and dues below; the
// health is refreshed on testNow (2026-11-22: previous quarter 2026 Q3,
// window from 2026-08-24, last month 2026-10).
func healthTree(t *testing.T, d *db.DB) *env {
	t.Helper()
	e := newEnv(t, d)
	e.tree(t)
	e.org(t, orgs.NewOrg{Name: "A3", Kind: "branch", ParentID: e.ids["A"], TermStart: "2021-11-22", TermEnd: "2026-11-21"})
	for _, n := range []string{"甲", "乙", "丙", "丁"} {
		e.add(t, "A1", e.person(n, "1980-05-01", "full", "2005-07-01", "2006-07-01"))
	}
	e.emit(t,
		// A1: 23:59 on 23 August in Shanghai is 91 days ago (outside the
		// window), 00:30 on 24 August is 90 (inside).
		e.held(t, "a1-old", "A1", "branch_meeting", "2026-08-23T15:59:00Z", 0, 0, 10),
		e.held(t, "a1-1", "A1", "branch_meeting", "2026-08-23T16:30:00Z", 8, 0, 2),
		e.held(t, "a1-2", "A1", "party_class", "2026-10-10T02:00:00Z", 10, 0, 0),
		e.held(t, "a1-3", "A1", "committee_meeting", "2026-11-20T02:00:00Z", 9, 1, 0),
		// A2's only meeting began at 00:30 on 1 October in Shanghai: Q4.
		e.held(t, "a2-1", "A2", "branch_meeting", "2026-09-30T16:30:00Z", 5, 0, 0),
		// B1's began at 23:59 on 30 September in Shanghai: Q3.
		e.held(t, "b1-1", "B1", "branch_meeting", "2026-09-30T15:59:00Z", 5, 0, 0),
		e.paid(t, "p1", "A1", "2026-10", 100, true, false), e.paid(t, "p2", "A1", "2026-10", 100, true, false),
		e.paid(t, "p3", "A1", "2026-10", 100, false, false), e.paid(t, "p4", "A1", "2026-11", 100, true, false))
	e.refresh(t)
	return e
}

func (e *env) refresh(t testing.TB) {
	t.Helper()
	if err := e.s.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// branches lists every branch under the named org by name.
func (e *env) branches(t testing.TB, org string, f BranchFilter) map[string]Branch {
	t.Helper()
	list, err := e.s.Branches(context.Background(), e.path(t, org), f, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Branch{}
	for _, b := range list {
		out[b.Name] = b
	}
	return out
}

func TestRefreshJudgesEveryBranch(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		e := healthTree(t, d)
		got := e.branches(t, "R", BranchFilter{})
		want := map[string]Branch{
			// 3 meetings in the window; 27 of 30 present; 3 of 4 paid; no
			// term: (30·100 + 20·90 + 20·75 + 15·50 + 15·100) / 100 = 85.5.
			"A1": {Members: 4, FullMembers: 4, Score: 86, Color: colorGreen, LastMeetingOn: "2026-11-20",
				Components: map[string]int{compOrglife: 100, compAttendance: 90, compDues: 75, compTerm: 50, compActivity: 100},
				Reasons:    []Reason{{reasonDues, "上月（2026-10）党费收缴率 75%，低于 80%"}}},
			// (30·60 + 20·100 + 20·100 + 15·50 + 15·100) / 100 = 80.5.
			"A2": {Score: 81, Color: colorGreen, LastMeetingOn: "2026-10-01",
				Components: map[string]int{compOrglife: 60, compAttendance: 100, compDues: 100, compTerm: 50, compActivity: 100},
				Reasons:    []Reason{{reasonNoMeetings, "上一季度（2026年第3季度）未召开任何会议"}}},
			"B1": {Score: 81, Color: colorGreen, LastMeetingOn: "2026-09-30",
				Components: map[string]int{compOrglife: 60, compAttendance: 100, compDues: 100, compTerm: 50, compActivity: 100},
				Reasons:    []Reason{}},
			// (20·100 + 15·100) / 100 = 35.
			"A3": {Score: 35, Color: colorRed,
				Components: map[string]int{compOrglife: 0, compAttendance: 0, compDues: 100, compTerm: 0, compActivity: 100},
				Reasons: []Reason{{reasonNoMeetings, "上一季度（2026年第3季度）未召开任何会议"},
					{reasonTerm, "任期已于 2026-11-21 届满，未按期换届"}}},
		}
		if len(got) != len(want) {
			t.Fatalf("branches %v, want A1 A2 A3 B1", got)
		}
		for name, w := range want {
			g := got[name]
			w.OrgID, w.OrgPath, w.Name, w.LastActivityOn, w.AsOf = e.ids[name], e.path(t, name), name, "2026-11-22", "2026-11-22"
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s:\n got %+v\nwant %+v", name, g, w)
			}
		}
		e.want(t, "R", map[string]int64{"health.color/green": 3, "health.color/red": 1, "health.color/yellow": 0})
		e.want(t, "A", map[string]int64{"health.color/green": 2, "health.color/red": 1})
		e.want(t, "B1", map[string]int64{"health.color/green": 1, "health.color/red": 0})
		risks := map[string]int64{"health.risk/all": 3, "health.risk/no_meetings_quarter": 2, "health.risk/term_overdue": 1,
			"health.risk/dues_low": 1, "health.risk/inactive_90d": 0}
		e.want(t, "R", risks)
		e.want(t, "A", risks)
		e.want(t, "B", map[string]int64{"health.risk/all": 0, "health.risk/no_meetings_quarter": 0})
	})
}

func TestColorCountsFollowTheBranches(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		e := healthTree(t, d)
		e.emit(t, e.reversed(t, "p1", "A1"), e.reversed(t, "p2", "A1")) // 1 of 4 paid: dues 25, score 75.5
		e.want(t, "A", map[string]int64{"health.color/green": 2})       // only a refresh re-judges
		e.refresh(t)
		if b := e.branches(t, "A1", BranchFilter{})["A1"]; b.Score != 76 || b.Color != colorYellow {
			t.Errorf("A1 after reversals: %d %s, want 76 yellow", b.Score, b.Color)
		}
		e.want(t, "R", map[string]int64{"health.color/green": 2, "health.color/yellow": 1, "health.color/red": 1})

		if _, err := e.orgs.Dissolve(context.Background(), e.ids["A3"], "2026-11-22", "合并"); err != nil {
			t.Fatal(err)
		}
		e.sync(t)
		e.refresh(t)
		if _, ok := e.branches(t, "R", BranchFilter{})["A3"]; ok {
			t.Error("a dissolved branch is still judged")
		}
		e.want(t, "R", map[string]int64{"health.color/green": 2, "health.color/yellow": 1, "health.color/red": 0})
		e.want(t, "A", map[string]int64{"health.color/red": 0, "health.risk/all": 2, "health.risk/no_meetings_quarter": 1,
			"health.risk/term_overdue": 0, "health.risk/dues_low": 1})

		e.refresh(t) // nothing changed: nothing moves
		e.want(t, "R", map[string]int64{"health.color/green": 2, "health.color/yellow": 1, "health.color/red": 0})
	})
}

func TestHealthSettingsApplyToTheSubtreeAtOnce(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		e := healthTree(t, d)
		ctx := context.Background()
		set := func(values map[string]*string) error {
			return e.s.SetHealthSettings(ctx, e.clk.Now(), "张三", e.ids["A"], e.path(t, "A"), values)
		}
		// Only dues and terms weigh at A: A1 (75, 50) → 63.75, yellow with green
		// from 65; A2 (100, 50) → 77.5 stays green; A3 (100, 0) → 55 stays red.
		if err := set(map[string]*string{weightKey(compOrglife): str("0"), weightKey(compAttendance): str("0"),
			weightKey(compActivity): str("0"), weightKey(compDues): str("55"), weightKey(compTerm): str("45"),
			keyGreenMin: str("65")}); err != nil {
			t.Fatal(err)
		}
		if b := e.branches(t, "A1", BranchFilter{})["A1"]; b.Score != 64 || b.Color != colorYellow {
			t.Errorf("A1 after the change: %d %s, want 64 yellow", b.Score, b.Color)
		}
		if b := e.branches(t, "B1", BranchFilter{})["B1"]; b.Score != 81 {
			t.Errorf("B1 outside the subtree: score %d, want 81 unchanged", b.Score)
		}
		e.want(t, "R", map[string]int64{"health.color/green": 2, "health.color/yellow": 1, "health.color/red": 1})

		for name, tc := range map[string]struct {
			values      map[string]*string
			field, code string
		}{
			"yellow above green": {map[string]*string{keyYellowMin: str("70")}, keyYellowMin, "above_green"},
			"green below yellow": {map[string]*string{keyGreenMin: str("50")}, keyYellowMin, "above_green"},
			"no weight left":     {map[string]*string{weightKey(compDues): str("0"), weightKey(compTerm): str("0")}, weightKey(compOrglife), "no_weight"},
			"out of range":       {map[string]*string{keyDuesThreshold: str("101")}, keyDuesThreshold, "invalid"},
			"removing green_min to the default 80 leaves yellow 60 fine, then yellow 81 is not": {
				map[string]*string{keyGreenMin: nil, keyYellowMin: str("81")}, keyYellowMin, "above_green"},
		} {
			err := set(tc.values)
			var he *httpx.Error
			if !errors.As(err, &he) || he.Status != http.StatusUnprocessableEntity || len(he.Fields) != 1 ||
				he.Fields[0].Field != tc.field || he.Fields[0].Code != tc.code {
				t.Errorf("%s: err = %v, want 422 on %s (%s)", name, err, tc.field, tc.code)
			}
		}
		if b := e.branches(t, "A1", BranchFilter{})["A1"]; b.Score != 64 {
			t.Errorf("a refused change changed A1's score to %d", b.Score)
		}
	})
}

func str(s string) *string { return &s }

func TestBranchesListWorstFirstByPage(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		e := healthTree(t, d)
		ctx := context.Background()
		var names []string
		for after := ""; ; {
			page, err := e.s.Branches(ctx, e.path(t, "R"), BranchFilter{}, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range page {
				names = append(names, b.Name)
			}
			if len(page) < 2 {
				break
			}
			after = page[len(page)-1].Cursor()
		}
		// A2 and B1 tie at 81: the org ID decides.
		tied := []string{"A2", "B1"}
		if e.ids["B1"] < e.ids["A2"] {
			tied = []string{"B1", "A2"}
		}
		if want := append(append([]string{"A3"}, tied...), "A1"); !reflect.DeepEqual(names, want) {
			t.Errorf("pages = %v, want %v", names, want)
		}
		for name, tc := range map[string]struct {
			org  string
			f    BranchFilter
			want []string
		}{
			"at risk":         {"R", BranchFilter{AtRisk: true}, []string{"A1", "A2", "A3"}},
			"at risk under B": {"B", BranchFilter{AtRisk: true}, nil},
			"red":             {"R", BranchFilter{Color: colorRed}, []string{"A3"}},
			"green under A":   {"A", BranchFilter{Color: colorGreen}, []string{"A1", "A2"}},
			"a branch itself": {"A1", BranchFilter{}, []string{"A1"}},
			"any reason":      {"R", BranchFilter{Reason: "all"}, []string{"A1", "A2", "A3"}},
			"no meetings":     {"R", BranchFilter{Reason: reasonNoMeetings}, []string{"A2", "A3"}},
			"term overdue":    {"R", BranchFilter{Reason: reasonTerm}, []string{"A3"}},
			"dues under A":    {"A", BranchFilter{Reason: reasonDues}, []string{"A1"}},
			"inactive":        {"R", BranchFilter{Reason: reasonInactive}, nil},
		} {
			got := e.branches(t, tc.org, tc.f)
			if len(got) != len(tc.want) {
				t.Errorf("%s: %v, want %v", name, got, tc.want)
			}
			for _, n := range tc.want {
				if _, ok := got[n]; !ok {
					t.Errorf("%s: %s missing", name, n)
				}
			}
		}
		var he *httpx.Error
		if _, err := e.s.Branches(ctx, "/", BranchFilter{}, "x", 10); !errors.As(err, &he) || he.Status != http.StatusBadRequest {
			t.Errorf("bad cursor: %v, want 400", err)
		}
		if _, err := e.s.Branches(ctx, "/", BranchFilter{Reason: "no_%"}, "", 10); !invalid(err) {
			t.Errorf("unknown reason: %v, want a validation problem", err)
		}
	})
}
