package demo

import (
	"fmt"
	"math"
	"testing"
)

// km is the distance between two nearby points (equirectangular: exact
// enough over a province).
func km(a, b spot) float64 {
	dx := (a.lng - b.lng) * 111.32 * math.Cos(a.lat*math.Pi/180)
	dy := (a.lat - b.lat) * 111.32
	return math.Hypot(dx, dy)
}

func TestNearScattersChildrenInTheParentsDisc(t *testing.T) {
	centre := spot{lng: centreLng, lat: centreLat, spread: citySpread}
	quadrants := map[[2]bool]int{}
	seen := map[spot]bool{}
	for i := range 1000 {
		code := fmt.Sprintf("DEMO-%02d-%02d", i/50, i%50)
		p := centre.near(code)
		if p != centre.near(code) {
			t.Fatalf("%s placed differently twice", code)
		}
		if d := km(centre, p); d > citySpread+0.01 {
			t.Errorf("%s is %.2f km from the centre, beyond %v km", code, d, citySpread)
		}
		if p.spread != citySpread/4 {
			t.Errorf("%s children spread %v", code, p.spread)
		}
		if p.lng != round6(p.lng) || p.lat != round6(p.lat) {
			t.Errorf("%s not rounded to six decimals: %v %v", code, p.lng, p.lat)
		}
		quadrants[[2]bool{p.lng > centre.lng, p.lat > centre.lat}]++
		seen[p] = true
	}
	if len(seen) < 995 {
		t.Errorf("only %d distinct points for 1000 orgs", len(seen))
	}
	for _, q := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
		if n := quadrants[q]; n < 200 {
			t.Errorf("quadrant %v holds %d of 1000 points: not spread around the centre", q, n)
		}
	}
}
