package pii

import "strings"

// keepEnds shows head leading and tail trailing runes with stars runes of
// '*' in between.
func keepEnds(r []rune, head, tail, stars int) string {
	return string(r[:head]) + strings.Repeat("*", stars) + string(r[len(r)-tail:])
}

// maskFallback masks input of unexpected length: at most a quarter of the
// runes is shown at each end (capped at head/tail), the rest is starred.
func maskFallback(r []rune, head, tail int) string {
	q := len(r) / 4
	h, t := min(head, q), min(tail, q)
	return keepEnds(r, h, t, len(r)-h-t)
}

// MaskIDNumber masks an ID number for display, e.g. "110105********123X".
// Input of unexpected length never shows more than the first 6 and last 4
// characters, and at most half of it.
func MaskIDNumber(s string) string {
	r := []rune(NormalizeIDNumber(s))
	if len(r) == 18 {
		return keepEnds(r, 6, 4, 8)
	}
	return maskFallback(r, 6, 4)
}

// MaskPhone masks a phone number for display, e.g. "138****5678".
// Input of unexpected length never shows more than the first 3 and last 4
// characters, and at most half of it.
func MaskPhone(s string) string {
	r := []rune(NormalizePhone(s))
	if len(r) == 11 {
		return keepEnds(r, 3, 4, 4)
	}
	return maskFallback(r, 3, 4)
}

// MaskAddress keeps at most the first 6 runes of an address (at most half
// of a short address) followed by "****".
func MaskAddress(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) == 0 {
		return ""
	}
	return string(r[:min(6, len(r)/2)]) + "****"
}
