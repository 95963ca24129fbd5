package partystats_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/partystats"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/pii"
	"dangjian/internal/rollup"
)

// orgsDir is both Directories over the real orgs service (the
// application's adapters live in internal/app).
type orgsDir struct{ orgs *orgs.Service }

func (x orgsDir) Org(ctx context.Context, q db.Querier, id string) (partystats.OrgRef, error) {
	o, err := x.orgs.Get(ctx, q, id)
	return partystats.OrgRef{ID: o.ID, Name: o.Name, Path: o.Path}, err
}

func (orgsDir) Labels() partystats.Labels { return testLabels() }

type rollupDir struct{ orgs *orgs.Service }

func (x rollupDir) Org(ctx context.Context, q db.Querier, id string) (rollup.OrgRef, error) {
	o, err := x.orgs.Get(ctx, q, id)
	return rollup.OrgRef{ID: o.ID, ParentID: o.ParentID, Path: o.Path, Name: o.Name, Kind: o.Kind, UnitType: o.UnitType,
		Status: o.Status, EstablishedOn: o.EstablishedOn, DissolvedOn: o.DissolvedOn, TermEnd: o.TermEnd}, err
}

// A rebuild would seed the rollups from these; this test runs none.
func (rollupDir) AllOrgs(context.Context, db.Querier) ([]rollup.OrgRef, error) { return nil, nil }

func (rollupDir) MemberPage(context.Context, db.Querier, string, int) ([]rollup.MemberFacts, error) {
	return nil, nil
}

// details are a female member's details with a valid ID number for birth
// (seq even: the 17th digit says female).
func details(seq int, name, birth, status, joined, full string) members.Details {
	first := "110105" + strings.ReplaceAll(birth, "-", "") + fmt.Sprintf("%03d", seq)
	c, err := pii.IDCheckDigit(first)
	if err != nil {
		panic(err)
	}
	return members.Details{Name: name, Gender: "female", Ethnicity: "汉族", BirthDate: birth, IDNumber: first + string(c),
		Phone: fmt.Sprintf("139%08d", seq), Address: "北京市东城区某某街道", Education: "master",
		Category: "institution", Status: status, JoinedOn: joined, FullMemberOn: full}
}

// TestOnTheRollupStore counts from the real rollups, fed by the real orgs
// and members services' events.
func TestOnTheRollupStore(t *testing.T) {
	steps := slices.Concat(audit.Migrations, outbox.Migrations, jobs.Migrations, orgs.Migrations, members.Migrations,
		rollup.Migrations, rollup.ActivityMigrations, partystats.Migrations)
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		prot, err := pii.New(pii.ProfileGM, []byte(strings.Repeat("k", 32)))
		if err != nil {
			t.Fatal(err)
		}
		os := orgs.New(d, clk)
		ms := members.New(d, clk, os, prot)
		os.SetMembers(ms)
		x := outbox.NewDispatcher(d, outbox.WithClock(clk))
		store := rollup.New(d, clk, rollupDir{os})
		store.Subscribe(x)
		r, err := os.Create(ctx, orgs.NewOrg{Name: "市直机关工委", Code: "R", Kind: orgs.KindLeadingBody})
		if err != nil {
			t.Fatal(err)
		}
		c, err := os.Create(ctx, orgs.NewOrg{Name: "机关党委", Code: "C", Kind: orgs.KindCommittee, UnitType: "government",
			ParentID: r.ID})
		if err != nil {
			t.Fatal(err)
		}
		a, err := os.Create(ctx, orgs.NewOrg{Name: "第一党支部", Code: "A", Kind: orgs.KindBranch, ParentID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		// The outbox orders events of the same millisecond by ID, so the
		// clock moves between the operations.
		add := func(d members.Details) string {
			clk.Advance(time.Second)
			m, err := ms.Create(ctx, a.ID, d)
			if err != nil {
				t.Fatalf("create %s: %v", d.Name, err)
			}
			return m.ID
		}
		add(details(2, "老党员", "1950-02-28", "full", "1974-07-01", "1975-07-01"))
		add(details(4, "新党员", "2000-05-04", "probationary", "2027-01-05", ""))
		gone := add(details(6, "故去", "1940-10-01", "full", "1965-07-01", "1966-07-01"))
		clk.Advance(time.Second)
		if _, err := ms.End(ctx, gone, members.Ending{Kind: "deceased", On: "2027-02-01", Reason: "病故"}); err != nil {
			t.Fatal(err)
		}
		for {
			n, err := x.DispatchOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				break
			}
		}
		srv := apitest.New()
		partystats.New(d, clk, orgsDir{os}, store).Routes(srv.Router)
		e := &env{d: d, clk: clk, srv: srv}
		ref := partystats.OrgRef{ID: c.ID, Name: c.Name, Path: c.Path}
		now := e.generate(t, worker(ref), ref, "2027-03-10")
		wantCells(t, table(t, now, "basic"), map[string]string{"党员总数/人数": "2", "预备党员/人数": "1", "女党员/人数": "2"})
		wantCells(t, table(t, now, "age"), map[string]string{"30岁及以下/合计": "1", "71岁及以上/合计": "1"})
		wantCells(t, table(t, now, "education"), map[string]string{"硕士研究生/合计": "2"})
		wantCells(t, table(t, now, "admitted"), map[string]string{"发展党员/合计": "1"})
		wantCells(t, table(t, now, "lost"), map[string]string{"去世/合计": "1", "合计/合计": "1"})
		wantCells(t, table(t, now, "orgs"), map[string]string{"党委/机关": "1", "党支部/未填写单位类型": "1", "合计/合计": "2"})
		before := e.generate(t, worker(ref), ref, "2027-01-04")
		wantCells(t, table(t, before, "basic"), map[string]string{"党员总数/人数": "2", "预备党员/人数": "0"})
		wantCells(t, table(t, before, "lost"), map[string]string{"合计/合计": "0"})
	})
}
