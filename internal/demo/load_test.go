package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/demo"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/pii"
)

func openApp(t *testing.T, d *db.DB) *app.App {
	t.Helper()
	a, err := app.New(d, app.Config{CryptoProfile: pii.ProfileGM, CryptoKey: []byte(strings.Repeat("k", 32)),
		Clock: clock.NewFake(time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestLoadCity: the demo city lands whole — orgs, members, positions,
// counts that add up at the top, and the printed sign-ins.
func TestLoadCity(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := openApp(t, d)
		res, err := demo.Load(ctx, d, a.Orgs, a.Members, a.Auth, demo.Options{Seed: 1, Demo: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Members < 1400 || res.Members > 1700 || res.Orgs < 60 {
			t.Fatalf("loaded %d orgs, %d members", res.Orgs, res.Members)
		}
		if len(res.SignIns) != 5 {
			t.Fatalf("sign-ins: %+v", res.SignIns)
		}
		var rootID string
		if err := d.QueryRowContext(ctx, "SELECT id FROM orgs WHERE parent_id IS NULL").Scan(&rootID); err != nil {
			t.Fatal(err)
		}
		counts, err := a.Members.Counts(ctx, d, []string{rootID})
		if err != nil {
			t.Fatal(err)
		}
		if c := counts[rootID]; c.Total != res.Members || c.Full+c.Probationary != c.Total || c.Probationary == 0 {
			t.Errorf("root counts %+v for %d members", c, res.Members)
		}
		var positions, kinds int
		d.QueryRowContext(ctx, "SELECT COUNT(*) FROM positions").Scan(&positions)
		d.QueryRowContext(ctx, "SELECT COUNT(DISTINCT kind) FROM orgs").Scan(&kinds)
		if positions < 60 || kinds != 5 {
			t.Errorf("%d positions, %d org kinds", positions, kinds)
		}
		checkPlaced(t, d, res.Orgs, 0.25)
		empty, err := a.Empty(ctx)
		if err != nil || empty {
			t.Errorf("Empty after load: %v %v", empty, err)
		}
	})
}

// TestLoadScale: a Scale run writes exactly the members asked for, with
// the counts rebuilt.
func TestLoadScale(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := openApp(t, d)
		res, err := demo.Load(ctx, d, a.Orgs, a.Members, a.Auth, demo.Options{Seed: 7, Members: 3000})
		if err != nil {
			t.Fatal(err)
		}
		var n, orgsN int
		d.QueryRowContext(ctx, "SELECT COUNT(*) FROM members").Scan(&n)
		d.QueryRowContext(ctx, "SELECT COUNT(*) FROM orgs").Scan(&orgsN)
		if n != 3000 || res.Members != 3000 || orgsN != res.Orgs {
			t.Fatalf("members %d (reported %d), orgs %d (reported %d)", n, res.Members, orgsN, res.Orgs)
		}
		var rootID string
		d.QueryRowContext(ctx, "SELECT id FROM orgs WHERE parent_id IS NULL").Scan(&rootID)
		counts, _ := a.Members.Counts(ctx, d, []string{rootID})
		if counts[rootID].Total != 3000 {
			t.Errorf("root total %d", counts[rootID].Total)
		}
		checkPlaced(t, d, res.Orgs, 3.5)
	})
}

// checkPlaced: every org has its own point on the map, within reach
// degrees of the demo city's centre (113.625°E 34.747°N).
func checkPlaced(t *testing.T, d *db.DB, orgs int, reach float64) {
	t.Helper()
	var unplaced, points int
	var west, east, south, north float64
	ctx := context.Background()
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs WHERE longitude IS NULL OR latitude IS NULL`).Scan(&unplaced); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT DISTINCT longitude, latitude FROM orgs) t`).Scan(&points); err != nil {
		t.Fatal(err)
	}
	if unplaced != 0 || points != orgs {
		t.Fatalf("%d orgs without a point, %d distinct points for %d orgs", unplaced, points, orgs)
	}
	if err := d.QueryRowContext(ctx, `SELECT MIN(longitude), MAX(longitude), MIN(latitude), MAX(latitude)
		FROM orgs`).Scan(&west, &east, &south, &north); err != nil {
		t.Fatal(err)
	}
	if west < 113.625-reach || east > 113.625+reach || south < 34.747-reach || north > 34.747+reach {
		t.Errorf("points span %v–%v°E %v–%v°N, beyond %v° of the centre", west, east, south, north, reach)
	}
}
