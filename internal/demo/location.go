package demo

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
)

// The demo city 清源市 is fictional but sits somewhere plausible on the
// map, in central China, so the big screen's organization map has points
// to show: every generated org gets one.
const centreLng, centreLat = 113.625, 34.747

// How far (km) the root's children scatter: the demo city's districts and
// departments within 12 km of the centre, a Scale run's cities within
// 200 km (a province).
const citySpread, provinceSpread = 12.0, 200.0

// spot is where an org sits and how far (km) its children scatter around it.
type spot struct{ lng, lat, spread float64 }

// near places the org code in the disc of radius s.spread around s, at a
// point drawn from a hash of the code (the same every load, whatever the
// order), its own children scattering a quarter as far.
func (s spot) near(code string) spot {
	sum := sha256.Sum256([]byte(code)) // FNV's bits barely move between codes like "DEMO-01-02" and "DEMO-01-03"
	x := binary.BigEndian.Uint64(sum[:8])
	angle := 2 * math.Pi * unit(uint32(x))
	dist := s.spread * math.Sqrt(unit(uint32(x>>32))) // sqrt: even over the disc, not bunched at its centre
	const kmPerDegree = 111.32
	return spot{
		lng:    round6(s.lng + dist*math.Cos(angle)/(kmPerDegree*math.Cos(s.lat*math.Pi/180))),
		lat:    round6(s.lat + dist*math.Sin(angle)/kmPerDegree),
		spread: s.spread / 4,
	}
}

// unit maps a hash word onto [0, 1).
func unit(w uint32) float64 { return float64(w) / (1 << 32) }

// round6 keeps the six decimals (about 0.1 m) the console's form shows.
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
