package rollup

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/jobs"
)

func day(s string) time.Time {
	t, err := time.Parse(clock.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestBands(t *testing.T) {
	for _, c := range []struct{ birth, today, want string }{
		{"1996-02-29", "2027-02-28", "u30"}, // 30: a 29 February birthday comes on 1 March
		{"1996-02-29", "2027-03-01", "31_40"},
		{"1986-02-28", "2026-02-28", "31_40"}, // 40
		{"1986-02-28", "2026-03-01", "31_40"},
		{"1985-11-22", "2026-11-22", "41_50"},
		{"1956-11-23", "2026-11-22", "61_70"}, // 69
		{"1955-11-22", "2026-11-22", "o70"},   // 71
		{"", "2026-11-22", "none"},
	} {
		if got := ageBand(c.birth, day(c.today)); got != c.want {
			t.Errorf("ageBand(%s) on %s = %s, want %s", c.birth, c.today, got, c.want)
		}
	}
	today := day("2026-11-22")
	for _, c := range []struct{ status, fullOn, want string }{
		{"probationary", "", "probationary"},
		{"full", "2021-11-22", "u5"}, {"full", "2020-11-23", "u5"}, {"full", "2020-11-22", "6_10"},
		{"full", "2006-11-22", "11_20"}, {"full", "1976-11-22", "31_50"}, {"full", "1975-11-22", "o50"},
		{"full", "", "none"},
	} {
		if got := partyAgeBand(c.status, c.fullOn, today); got != c.want {
			t.Errorf("partyAgeBand(%s, %s) = %s, want %s", c.status, c.fullOn, got, c.want)
		}
	}
}

// The daily job, scheduled for 00:10 Shanghai, moves members whose age or
// 党龄 band changed since.
func TestDailyRefreshMovesBands(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.tree(t)
		e.add(t, "A1", e.person("甲", "1995-11-25", "full", "2019-11-25", "2020-11-25")) // 30, 党龄 5
		e.sync(t)
		e.want(t, "R", map[string]int64{"members.age_band/u30": 1, "members.party_age_band/u5": 1})

		r := jobs.NewRunner(d, e.clk, "test")
		e.s.Register(r)
		if err := e.s.scheduleRefresh()(ctx); err != nil {
			t.Fatal(err)
		}
		var runAt int64
		if err := d.QueryRowContext(ctx, "SELECT run_at FROM jobs WHERE kind = 'rollup.refresh'").Scan(&runAt); err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 11, 23, 0, 10, 0, 0, clock.Shanghai); runAt != want.UnixMilli() {
			t.Fatalf("refresh scheduled at %v, want %v", time.UnixMilli(runAt).In(clock.Shanghai), want)
		}
		e.clk.Set(time.Date(2026, 11, 24, 16, 10, 0, 0, time.UTC))  // 2026-11-25 00:10 Shanghai
		e.want(t, "R", map[string]int64{"members.age_band/u30": 1}) // until refreshed
		if n, err := r.RunOnce(ctx); err != nil || n != 1 {
			t.Fatalf("ran %d jobs (%v)", n, err)
		}
		e.want(t, "R", map[string]int64{"members.age_band/u30": 0, "members.age_band/31_40": 1,
			"members.party_age_band/u5": 0, "members.party_age_band/6_10": 1})
		e.want(t, "A1", map[string]int64{"members.age_band/31_40": 1, "members.total/all": 1})
		list, err := e.s.Members(ctx, e.path(t, "R"), "members.age_band", "31_40", "", 10)
		if err != nil || len(list) != 1 || list[0].AgeBand != "31_40" || list[0].PartyAgeBand != "6_10" {
			t.Fatalf("members aged 31–40: %+v, %v", list, err)
		}
	})
}
