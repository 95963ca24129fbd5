package auth

import (
	"strings"
	"unicode"

	"dangjian/internal/platform/pii"
)

// Username fields for the pii.Protector: the sealed value and its blind index.
const fieldUsername = "account.username"

// username is a normalized sign-in name: a member's mobile number or an
// administrator's name.
type username struct {
	value string // normalized
	phone bool
}

// display is what lists and the audit log show: a phone masked, a name as is.
func (u username) display() string {
	if u.phone {
		return pii.MaskPhone(u.value)
	}
	return u.value
}

const msgUsername = "账号应为 11 位手机号，或以字母开头、由字母、数字、点、下划线、连字符组成的 3 至 32 位名称"

// parseUsername normalizes what a person types: spaces trimmed, full-width
// characters made half-width; something that starts like a number is read as
// a phone (+86 and dashes removed), anything else as an administrator name,
// compared case-insensitively.
func parseUsername(s string) (username, bool) {
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF' })
	if s == "" {
		return username{}, false
	}
	first := halfWidth([]rune(s)[0])
	if first == '+' || (first >= '0' && first <= '9') {
		p := pii.NormalizePhone(s)
		if pii.ValidatePhone(p) != nil {
			return username{}, false
		}
		return username{value: p, phone: true}, true
	}
	var b strings.Builder
	for _, r := range s {
		r = unicode.ToLower(halfWidth(r))
		ok := (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '.' || r == '_' || r == '-'
		if !ok {
			return username{}, false
		}
		b.WriteRune(r)
	}
	v := b.String()
	if len(v) < 3 || len(v) > 32 || v[0] < 'a' || v[0] > 'z' {
		return username{}, false
	}
	return username{value: v}, true
}

// halfWidth maps full-width ASCII variants (U+FF01..U+FF5E) to ASCII.
func halfWidth(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}

// maskTyped is how a name typed at a failed sign-in enters the audit log:
// people sometimes type their password into the name field, so an unknown
// name is masked like a phone (never more than its ends, at most half).
func maskTyped(s string) string {
	if u, ok := parseUsername(s); ok {
		return u.display()
	}
	return pii.MaskPhone(strings.TrimSpace(s))
}
