package dues_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/db"
)

// assessOne assesses one member for month mo ("2026-07").
func (e *env) assessOne(t *testing.T, memberID, mo string) dues.Assessment {
	t.Helper()
	m, err := e.dir.Member(context.Background(), memberID)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.s.Assess(context.Background(), []dues.Member{m}, month(t, mo))
	if err != nil {
		t.Fatal(err)
	}
	return got[memberID]
}

func TestAssessMidYearChangeAppliesFromItsMonth(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 400000, "2026-01")
		e.confirmedBase(t, "m-jia", rules.Salaried, 600000, "2026-07")
		for _, c := range []struct {
			month   string
			missing bool
			fen     int64
			rule    string
		}{
			{"2025-12", true, 0, ""},
			{"2026-01", false, 4000, "月收入 4,000.00 元 × 1% = 40.00 元"},
			{"2026-06", false, 4000, "月收入 4,000.00 元 × 1% = 40.00 元"},
			{"2026-07", false, 9000, "月收入 6,000.00 元 × 1.5% = 90.00 元"},
			{"2027-02", false, 9000, "月收入 6,000.00 元 × 1.5% = 90.00 元"},
		} {
			a := e.assessOne(t, "m-jia", c.month)
			if a.Missing != c.missing || a.Amount.Fen != c.fen || a.Amount.Rule != c.rule {
				t.Errorf("%s: %+v, want missing=%v fen=%d rule %q", c.month, a, c.missing, c.fen, c.rule)
			}
		}
	})
}

func TestAssessLaterConfirmationOfSameMonthWins(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.world(t)
		e.confirmedBase(t, "m-yi", rules.Salaried, 250000, "2026-01")
		e.clk.Advance(time.Second)
		e.confirmedBase(t, "m-yi", rules.Retired, 550000, "2026-01")
		a := e.assessOne(t, "m-yi", "2026-03")
		if a.Category != rules.Retired || a.BaseFen != 550000 || a.Amount.Fen != 5500 {
			t.Fatalf("got %+v, want the later confirmation (retired, 5,500.00 × 1%%)", a)
		}
	})
}

func TestAssessHardship(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 400000, "2026-01")
		e.confirmedBase(t, "m-yi", rules.Salaried, 400000, "2026-01")
		e.approvedHardship(t, "m-jia", 0, "2026-03", "2026-05")
		e.approvedHardship(t, "m-yi", 500, "2026-03", "2026-03")
		if a := e.assessOne(t, "m-jia", "2026-04"); a.Amount.Fen != 0 || a.Amount.Rule != "困难党员经支部讨论、上级批准免交" {
			t.Errorf("exempt: %+v", a)
		}
		if a := e.assessOne(t, "m-jia", "2026-06"); a.Amount.Fen != 4000 {
			t.Errorf("after the exemption: %+v, want the standard 40.00", a)
		}
		if a := e.assessOne(t, "m-yi", "2026-03"); a.Amount.Fen != 500 || !strings.Contains(a.Amount.Rule, "减为每月 5.00 元") {
			t.Errorf("reduced: %+v", a)
		}
	})
}

func TestAssessFarmerFromSubtreeSetting(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Farmer, 0, "2026-01")
		e.confirmedBase(t, "m-out", rules.Farmer, 0, "2026-01")
		e.do(t, admin(w.R), "PUT", "/api/v1/orgs/"+w.R.ID+"/dues/settings",
			map[string]any{"values": map[string]any{"dues.farmer_fen": "50"}}, 200)
		a := e.assessOne(t, "m-jia", "2026-03")
		if a.Amount.Fen != 50 || a.Amount.Rule != "农民党员每月定额 0.50 元（本地规定）" {
			t.Errorf("inherited from R: %+v", a)
		}
		if a := e.assessOne(t, "m-out", "2026-03"); a.Amount.Fen != 20 {
			t.Errorf("outside R: %+v, want the default 0.20", a)
		}
		src := func(o dues.OrgRef) (string, string, string) {
			var raw struct {
				Items []struct {
					Key     string `json:"key"`
					Value   string `json:"value"`
					Source  string `json:"source"`
					OrgName string `json:"source_org_name"`
				} `json:"items"`
			}
			e.do(t, viewer(o), "GET", "/api/v1/orgs/"+o.ID+"/dues/settings", nil, 200).JSON(t, &raw)
			for _, it := range raw.Items {
				if it.Key == "dues.farmer_fen" {
					return it.Value, it.Source, it.OrgName
				}
			}
			t.Fatal("no dues.farmer_fen item")
			return "", "", ""
		}
		for _, c := range []struct {
			org                 dues.OrgRef
			value, source, name string
		}{{w.R, "50", "own", "机关党委"}, {w.A, "50", "inherited", "机关党委"}, {w.X1, "20", "default", ""}} {
			if v, s, n := src(c.org); v != c.value || s != c.source || n != c.name {
				t.Errorf("%s: %s %s %s, want %s %s %s", c.org.Name, v, s, n, c.value, c.source, c.name)
			}
		}
		e.do(t, secretary(w.A), "PUT", "/api/v1/orgs/"+w.A.ID+"/dues/settings",
			map[string]any{"values": map[string]any{"dues.farmer_fen": "80"}}, 200)
		if a := e.assessOne(t, "m-jia", "2026-03"); a.Amount.Fen != 80 {
			t.Errorf("own value of A: %+v", a)
		}
		if v, s, _ := src(w.A); v != "80" || s != "own" {
			t.Errorf("A after its own value: %s %s", v, s)
		}
	})
}

// TestAssessManyMembers crosses the size of one IN list and mixes members
// with and without a base, from several branches with different settings.
func TestAssessManyMembers(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.do(t, admin(w.B), "PUT", "/api/v1/orgs/"+w.B.ID+"/dues/settings",
			map[string]any{"values": map[string]any{"dues.rounding": "down"}}, 200)
		const n = 5200
		var list []dues.Member
		for i := range n {
			org := w.A
			if i%2 == 1 {
				org = w.B
			}
			id := fmt.Sprintf("bulk-%05d", i)
			list = append(list, e.addMember(id, "党员"+id, org, "2000-01-01", ""))
		}
		tx, err := e.d.Pool().Begin()
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i += 3 { // every third member has a base
			m := list[i]
			if _, err := tx.Exec(db.Rebind(e.d.Dialect(), `INSERT INTO dues_bases (id, member_id, member_name, org_id, org_path,
				year, effective_month, category, base_fen, source, state, declared_by, declared_at, decided_by, decided_at)
				VALUES (?, ?, ?, ?, ?, 2026, ?, 'salaried', 333350, 'import', 'confirmed', 'x', 1, 'x', 1)`),
				"b-"+m.ID, m.ID, m.Name, m.OrgID, m.OrgPath, int(month(t, "2026-01"))); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		got, err := e.s.Assess(context.Background(), list, month(t, "2026-03"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("%d assessments, want %d", len(got), n)
		}
		for i, m := range list {
			a := got[m.ID]
			want := int64(0) // 3,333.50 × 1% = 33.335: A rounds half up, B down
			switch {
			case i%3 != 0:
			case m.OrgID == w.A.ID:
				want = 3334
			default:
				want = 3333
			}
			if a.Missing != (i%3 != 0) || a.Amount.Fen != want {
				t.Fatalf("%s: %+v, want fen %d missing %v", m.ID, a, want, i%3 != 0)
			}
		}
	})
}
