package auth

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"dangjian/internal/platform/httpx"
)

// Argon2id parameters. The server is sized for two cores and a few GiB of
// memory, so we take OWASP's recommended minimum (19 MiB, 2 passes, 1 lane)
// rather than 64 MiB: a hash costs ~30 ms, and at most hashSlots hashes run
// at once, which bounds the memory an attacker can make us spend to
// hashSlots × 19 MiB. The parameters are written into every encoded hash,
// so raising them later only affects new passwords (old ones still verify).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
	hashSlots    = 4
)

var slots = make(chan struct{}, hashSlots)

// hashPassword returns the PHC-style encoding
// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>".
func hashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := derive(password, salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime,
		argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

func derive(password string, salt []byte, t, m uint32, p uint8, n uint32) []byte {
	slots <- struct{}{}
	defer func() { <-slots }()
	return argon2.IDKey([]byte(password), salt, t, m, p, n)
}

var errBadHash = errors.New("auth: malformed password hash")

// verifyPassword checks password against an encoded hash, reading the
// parameters from the encoding.
func verifyPassword(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := derive(password, salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is verified against when the username is unknown, so that an
// unknown name costs the same time as a wrong password and the answer's
// timing does not tell which accounts exist.
var dummyHash = sync.OnceValue(func() string {
	h, err := hashPassword("dummy-password-never-matches")
	if err != nil {
		panic(err)
	}
	return h
})

//go:embed common_passwords.txt
var commonPasswordText string

var commonPasswords = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordText))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			set[strings.ToLower(line)] = true
		}
	}
	return set
})

// Password policy messages (shown to users).
const (
	msgPasswordWeak     = "密码至少 8 位，且须包含大写字母、小写字母、数字、符号中的至少三类"
	msgPasswordCommon   = "该密码过于常见，容易被猜中，请换一个"
	msgPasswordUsername = "密码不能包含用户名"
	msgPasswordLong     = "密码不能超过 128 位"
)

// checkPassword applies the policy of 等保 2.0 (8.1.4.1): at least 8
// characters of at least three of the four classes, not a common password,
// not containing the username. It adds field errors to fe under field.
func checkPassword(fe *httpx.Fields, field, password, username string) {
	if utf8.RuneCountInString(password) > 128 {
		fe.Add(field, "too_long", msgPasswordLong)
		return
	}
	if utf8.RuneCountInString(password) < 8 || classes(password) < 3 {
		fe.Add(field, "weak", msgPasswordWeak)
		return
	}
	lower := strings.ToLower(password)
	if commonPasswords()[lower] {
		fe.Add(field, "common", msgPasswordCommon)
		return
	}
	if u := strings.ToLower(username); u != "" && strings.Contains(lower, u) {
		fe.Add(field, "contains_username", msgPasswordUsername)
	}
}

// classes counts the character classes present: lower, upper, digit and
// anything else (symbols, including Chinese punctuation).
func classes(s string) int {
	var lower, upper, digit, other int
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			lower = 1
		case r >= 'A' && r <= 'Z':
			upper = 1
		case r >= '0' && r <= '9':
			digit = 1
		case unicode.IsSpace(r) && r != ' ':
			// tabs and newlines are not a class of their own
		default:
			other = 1
		}
	}
	return lower + upper + digit + other
}
