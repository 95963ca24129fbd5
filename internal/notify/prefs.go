package notify

import (
	"context"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// fieldEmail binds sealed e-mail addresses to their column, so the
// ciphertext cannot be opened as another field.
const fieldEmail = "notify.email"

// prefs are one addressee's channel choices as stored. An addressee without
// a row has defaultPrefs: both channels on, quiet 22:00–08:00, no e-mail.
type prefs struct {
	SMS         bool
	Email       bool
	EmailSealed string // the address sealed under fieldEmail, "" when none
	EmailMasked string // e.g. "zh***@example.com", for answers and the audit log
	Quiet       quiet
}

func defaultPrefs() prefs {
	return prefs{SMS: true, Email: true, Quiet: quiet{defaultQuietStart, defaultQuietEnd}}
}

const prefsColumns = "addressee, sms, email, email_sealed, email_masked, quiet_start, quiet_end"

func scanPrefs(sc interface{ Scan(...any) error }) (string, prefs, error) {
	var who string
	var p prefs
	var sms, email int
	err := sc.Scan(&who, &sms, &email, &p.EmailSealed, &p.EmailMasked, &p.Quiet.start, &p.Quiet.end)
	p.SMS, p.Email = sms == 1, email == 1
	return who, p, err
}

// loadPrefs reads one addressee's preferences (the defaults when none).
func loadPrefs(ctx context.Context, q db.Querier, addressee string) (prefs, error) {
	_, p, err := scanPrefs(q.QueryRowContext(ctx, "SELECT "+prefsColumns+" FROM notify_prefs WHERE addressee = ?", addressee))
	if db.IsNoRows(err) {
		return defaultPrefs(), nil
	}
	return p, err
}

// loadPrefsMany reads the preferences of a batch of addressees in one query;
// addressees missing from the map have the defaults (see prefsOf).
func loadPrefsMany(ctx context.Context, q db.Querier, addressees []string) (map[string]prefs, error) {
	out := make(map[string]prefs, len(addressees))
	if len(addressees) == 0 {
		return out, nil
	}
	args := make([]any, len(addressees))
	for i, a := range addressees {
		args[i] = a
	}
	rows, err := q.QueryContext(ctx, "SELECT "+prefsColumns+" FROM notify_prefs WHERE addressee IN ("+
		db.Placeholders(len(args))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		who, p, err := scanPrefs(rows)
		if err != nil {
			return nil, err
		}
		out[who] = p
	}
	return out, rows.Err()
}

func prefsOf(all map[string]prefs, addressee string) prefs {
	if p, ok := all[addressee]; ok {
		return p
	}
	return defaultPrefs()
}

func savePrefs(ctx context.Context, q db.Querier, addressee string, p prefs, at int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO notify_prefs (`+prefsColumns+`, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (addressee) DO UPDATE SET sms = excluded.sms,
		email = excluded.email, email_sealed = excluded.email_sealed, email_masked = excluded.email_masked,
		quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, updated_at = excluded.updated_at`,
		addressee, boolInt(p.SMS), boolInt(p.Email), p.EmailSealed, p.EmailMasked, p.Quiet.start, p.Quiet.end, at)
	return err
}

// PrefsView is an addressee's preferences as the API shows them: the
// address masked, quiet hours as "HH:MM", and which channels the operator
// has configured at all.
type PrefsView struct {
	SMS            bool   `json:"sms"`
	Email          bool   `json:"email"`
	EmailAddress   string `json:"email_address"`
	QuietStart     string `json:"quiet_start"`
	QuietEnd       string `json:"quiet_end"`
	SMSAvailable   bool   `json:"sms_available"`
	EmailAvailable bool   `json:"email_available"`
}

func (s *Service) view(p prefs) PrefsView {
	return PrefsView{SMS: p.SMS, Email: p.Email, EmailAddress: p.EmailMasked,
		QuietStart: formatHHMM(p.Quiet.start), QuietEnd: formatHHMM(p.Quiet.end),
		SMSAvailable: configured(s.cfg.SMS), EmailAvailable: configured(s.cfg.Email)}
}

// auditView is what the audit log keeps of preferences: the masked address
// only (SECURITY.md: before/after carry masked personal data).
func auditView(p prefs) map[string]any {
	return map[string]any{"sms": p.SMS, "email": p.Email, "email_address": p.EmailMasked,
		"quiet_start": formatHHMM(p.Quiet.start), "quiet_end": formatHHMM(p.Quiet.end)}
}

// prefsInput is the body of PUT /me/notify-prefs. Pointers tell "absent"
// from false or "": every field but email_address is required (the PUT
// replaces the choices); an absent email_address keeps the one on file and
// "" removes it.
type prefsInput struct {
	SMS          *bool   `json:"sms"`
	Email        *bool   `json:"email"`
	EmailAddress *string `json:"email_address"`
	QuietStart   *string `json:"quiet_start"`
	QuietEnd     *string `json:"quiet_end"`
}

// apply validates in against the current preferences and returns the new
// ones, sealing a new address. Failures are field errors in Chinese that
// never echo the address.
func (s *Service) apply(in prefsInput, cur prefs) (prefs, error) {
	var fe httpx.Fields
	next := cur
	if in.SMS == nil {
		fe.Add("sms", "required", "请选择是否接收短信通知")
	} else {
		next.SMS = *in.SMS
	}
	if in.Email == nil {
		fe.Add("email", "required", "请选择是否接收邮件通知")
	} else {
		next.Email = *in.Email
	}
	next.Quiet.start = hhmmField(&fe, "quiet_start", "免打扰开始时间", in.QuietStart)
	next.Quiet.end = hhmmField(&fe, "quiet_end", "免打扰结束时间", in.QuietEnd)
	var addr string
	if in.EmailAddress != nil {
		var ok bool
		if addr, ok = normalizeEmail(*in.EmailAddress); !ok {
			fe.Add("email_address", "invalid", "电子邮箱格式不正确，例如 name@example.com")
		}
	}
	if err := fe.Err(); err != nil {
		return cur, err
	}
	if in.EmailAddress == nil {
		return next, nil
	}
	sealed, err := s.prot.Seal(fieldEmail, addr) // "" seals to "": the address is cleared
	if err != nil {
		return cur, err
	}
	next.EmailSealed, next.EmailMasked = sealed, maskEmail(addr)
	return next, nil
}

func hhmmField(fe *httpx.Fields, field, label string, v *string) int {
	if v == nil {
		fe.Add(field, "required", "请填写"+label+"（HH:MM）")
		return 0
	}
	m, ok := parseHHMM(strings.TrimSpace(*v))
	if !ok {
		fe.Add(field, "invalid", label+"应为 HH:MM 格式的时间，例如 22:00")
	}
	return m
}

// normalizeEmail trims s and lower-cases its domain; "" is valid (no
// address). It accepts a bare address only: no display name, no spaces or
// control characters, a dotted domain, within the RFC 5321 lengths.
func normalizeEmail(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if len(s) > 254 || !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || r > unicode.MaxASCII
	}) >= 0 {
		return "", false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || strings.Contains(domain, "@") || !validDomain(domain) {
		return "", false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return "", false
	}
	return local + "@" + strings.ToLower(domain), true
}

func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// maskEmail shows at most two leading characters of the local part, and
// never more than half of it: "zhangsan@example.com" → "zh***@example.com",
// "ab@x.cn" → "a***@x.cn". The domain stays, so a member can tell which of
// their mailboxes is on file.
func maskEmail(addr string) string {
	local, domain, ok := strings.Cut(addr, "@")
	if !ok {
		return ""
	}
	r := []rune(local)
	return string(r[:min(2, len(r)/2)]) + "***@" + domain
}
