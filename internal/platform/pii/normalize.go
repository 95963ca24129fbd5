package pii

import (
	"strings"
	"unicode"
)

// toHalfWidth maps full-width ASCII variants (U+FF01..U+FF5E) to ASCII.
func toHalfWidth(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}

// isSpace reports white space, including U+3000 and NBSP, plus invisible
// characters that often sneak in from spreadsheets (ZWSP, BOM).
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF'
}

// isDash reports hyphen-like characters used as separators in phone numbers.
func isDash(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFF0D':
		return true
	}
	return false
}

// NormalizeIDNumber removes all spaces, converts full-width digits and
// letters to half-width and upper-cases letters (so a trailing x becomes X).
func NormalizeIDNumber(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isSpace(r) {
			continue
		}
		r = toHalfWidth(r)
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// NormalizePhone removes spaces and dashes, converts full-width characters
// to half-width and strips a leading +86, 0086 or 86 country code.
func NormalizePhone(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isSpace(r) || isDash(r) {
			continue
		}
		b.WriteRune(toHalfWidth(r))
	}
	out := b.String()
	switch {
	case strings.HasPrefix(out, "+86"):
		out = out[3:]
	case strings.HasPrefix(out, "0086"):
		out = out[4:]
	case len(out) == 13 && strings.HasPrefix(out, "861"):
		out = out[2:]
	}
	return out
}
