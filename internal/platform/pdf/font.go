package pdf

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// The only font: STSong-Light (Adobe-GB1) addressed by UCS-2 code points, so a
// string's character codes are simply its UTF-16BE code units. Metrics follow
// Adobe's published values for the font; viewers need them only to place a
// substituted font. CIDs 1–95 are the half-width ASCII glyphs (W gives them
// 500/1000 em), everything else defaults to a full em (DW 1000).
const (
	fontType0 = "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H " +
		"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>"
	fontCID = "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light " +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> " +
		"/FontDescriptor %d 0 R /DW 1000 /W [1 95 500] >>"
	// Flags 6 = serif (2) + symbolic (4), the latter being required for CJK fonts.
	fontDescriptor = "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 " +
		"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 " +
		"/CapHeight 880 /StemV 93 >>"
)

// Ascent and descent as fractions of the font size, for vertical centring.
const (
	ascent  = 0.88
	descent = 0.12
)

func writeFont(w *objWriter) error {
	w.object(objFont, fmt.Sprintf(fontType0, objCIDFont, objToUnicode))
	w.object(objCIDFont, fmt.Sprintf(fontCID, objFontDescriptor))
	w.object(objFontDescriptor, fontDescriptor)
	return w.stream(objToUnicode, "", toUnicodeCMap())
}

// toUnicodeCMap maps every 2-byte code to the same Unicode code point. The
// predefined CMap alone would let readers extract text only if they ship the
// Adobe-GB1 tables; this explicit identity map makes copy and search work
// everywhere. A bfrange may only vary in its last byte, hence one range per
// high byte; the surrogate block D8–DF is never written (see normalize).
func toUnicodeCMap() []byte {
	var ranges []string
	for hi := 0; hi < 0x100; hi++ {
		if hi >= 0xD8 && hi <= 0xDF {
			continue
		}
		ranges = append(ranges, fmt.Sprintf("<%02X00> <%02XFF> <%02X00>", hi, hi, hi))
	}
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	// At most 100 entries are allowed per beginbfrange block.
	for len(ranges) > 0 {
		n := min(100, len(ranges))
		fmt.Fprintf(&b, "%d beginbfrange\n%s\nendbfrange\n", n, strings.Join(ranges[:n], "\n"))
		ranges = ranges[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return []byte(b.String())
}

// normalize maps a rune to what the font can show. Characters outside the
// Basic Multilingual Plane cannot be written in UCS-2 and become "?"; control
// characters (tabs, newlines: text is single-line) become spaces.
func normalize(r rune) rune {
	switch {
	case r > 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
		return '?'
	case r < 0x20 || r == 0x7F:
		return ' '
	}
	return r
}

// hexText encodes s for a content stream as a UTF-16BE hex string. Hex keeps
// parentheses and backslashes in user data from ever breaking the syntax.
func hexText(s string) string {
	var b strings.Builder
	b.WriteByte('<')
	for _, r := range s {
		fmt.Fprintf(&b, "%04X", normalize(r))
	}
	b.WriteByte('>')
	return b.String()
}

// textString encodes s as a PDF text string (Info entries): UTF-16BE with a
// byte order mark, where surrogate pairs are allowed.
func textString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteByte('>')
	return b.String()
}

// Width estimates the advance of s at the given size: printable ASCII takes
// half an em (the W entry above), everything else a full em.
func Width(s string, size float64) float64 {
	var ems float64
	for _, r := range s {
		if r = normalize(r); r < 0x7F {
			ems += 0.5
		} else {
			ems++
		}
	}
	return ems * size
}
