// Package ids makes opaque, time-ordered identifiers (48-bit milliseconds and
// 80 random bits in Crockford base32, like ULID), so new rows land at the end
// of an index and IDs reveal no counts.
package ids

import (
	"crypto/rand"
	"time"
)

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// New returns a 26-character identifier.
func New() string { return At(time.Now()) }

// At returns an identifier whose time part is t (for deterministic ordering
// in bulk loads).
func At(t time.Time) string {
	var b [16]byte
	ms := uint64(t.UnixMilli())
	for i := 5; i >= 0; i-- {
		b[i] = byte(ms)
		ms >>= 8
	}
	rand.Read(b[6:])
	return encode(b)
}

func encode(b [16]byte) string {
	var out [26]byte
	// 128 bits → 26 base32 digits (the first carries 3 bits).
	var hi, lo uint64
	for i := 0; i < 8; i++ {
		hi = hi<<8 | uint64(b[i])
		lo = lo<<8 | uint64(b[i+8])
	}
	for i := 25; i >= 0; i-- {
		out[i] = alphabet[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// Token returns n random bytes as URL-safe base32 text (for session and API
// tokens; n=20 gives 160 bits).
func Token(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	out := make([]byte, 0, n*8/5+1)
	var acc, bits uint
	for _, c := range b {
		acc = acc<<8 | uint(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out = append(out, alphabet[(acc>>bits)&31])
		}
	}
	if bits > 0 {
		out = append(out, alphabet[(acc<<(5-bits))&31])
	}
	return string(out)
}
