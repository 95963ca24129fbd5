package demo

import (
	"dangjian/internal/platform/pii"
	"math/bits"
	"math/rand/v2"
	"time"
)

// Birth dates the generators may produce.
var (
	minBirth  = date(1935, 1, 1)
	maxBirth  = date(2006, 12, 31)
	birthDays = int(maxBirth.Sub(minBirth).Hours()/24) + 1
)

// idGen makes ID numbers that never collide: for each birth date, gender
// and region it hands out the sequence numbers 01..99 in turn (moving on to
// the next region when one is full), so uniqueness holds by construction
// with a few megabytes of counters instead of a set of every number issued.
type idGen struct {
	regions []string
	home    int // regions[:home] are the home set
	homePct int // chance (percent) of a home-set region
	counts  []uint8
}

func newIDGen(home, other []string, homePct int) *idGen {
	rs := append(append([]string{}, home...), other...)
	return &idGen{regions: rs, home: len(home), homePct: homePct,
		counts: make([]uint8, birthDays*2*len(rs))}
}

func (g *idGen) next(r *rand.Rand, birth time.Time, female bool) string {
	day := int(birth.Sub(minBirth).Hours() / 24)
	if day < 0 || day >= birthDays {
		panic("demo: birth date out of range: " + birth.Format("2006-01-02"))
	}
	var ri int
	if g.home > 0 && r.IntN(100) < g.homePct {
		ri = r.IntN(g.home)
	} else {
		ri = g.home + r.IntN(len(g.regions)-g.home)
	}
	sex := 0
	if female {
		sex = 1
	}
	n := len(g.regions)
	for tries := 0; tries < n; tries++ {
		k := (day*2+sex)*n + ri
		if c := g.counts[k]; c < 99 {
			g.counts[k]++
			// Hand out 01..99 in a scrambled order per key (37 is prime to
			// 99, so this is a bijection), not always starting at 01.
			seq := (int(c)*37+int(uint32(k)*2654435761>>7)%99)%99 + 1
			var b [18]byte
			copy(b[:6], g.regions[ri])
			copy(b[6:14], birth.Format("20060102"))
			b[14] = byte('0' + seq/10)
			b[15] = byte('0' + seq%10)
			// The 17th digit is odd for men, even for women.
			b[16] = byte('0' + 2*r.IntN(5) + 1 - sex)
			c, err := pii.IDCheckDigit(string(b[:17]))
			if err != nil {
				panic(err) // cannot happen: 17 digits
			}
			b[17] = c
			return string(b[:])
		}
		ri = (ri + 1) % n
	}
	panic("demo: ID number space exhausted for " + birth.Format("2006-01-02"))
}

// phoneGen maps the i-th member to a mobile number through an affine
// bijection of [0, prefixes × 10^8), so numbers look scattered yet never
// repeat.
type phoneGen struct {
	a, b uint64
	n    uint64
}

func newPhoneGen(r *rand.Rand) *phoneGen {
	n := uint64(len(phonePrefixes)) * 100_000_000
	var a uint64
	for {
		a = r.Uint64N(n-1) + 1
		if gcd(a, n) == 1 && a > n/7 {
			break
		}
	}
	return &phoneGen{a: a, b: r.Uint64N(n), n: n}
}

func (p *phoneGen) phone(i uint64) string {
	x := mulmod(p.a, i%p.n, p.n)
	x = (x + p.b) % p.n
	rest := x % 100_000_000
	var b [11]byte
	copy(b[:3], phonePrefixes[x/100_000_000])
	for j := 10; j >= 3; j-- {
		b[j] = byte('0' + rest%10)
		rest /= 10
	}
	// Stir each digit by the digits before it: still a bijection (undo it
	// from the left), but consecutive members no longer share endings.
	h := uint32(x / 100_000_000)
	for j := 3; j < 11; j++ {
		d := uint32(b[j] - '0')
		b[j] = byte('0' + (d+h%10)%10)
		h = h*2654435761 + d + 1
		h ^= h >> 13
	}
	return string(b[:])
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func mulmod(a, b, m uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return bits.Rem64(hi, lo, m)
}
