package auth

import (
	"encoding/base32"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"dangjian/internal/platform/httpx"
)

// RFC 6238 appendix B, SHA-1 column (8 digits; the key is the ASCII
// "12345678901234567890").
func TestTOTPRFC6238Vectors(t *testing.T) {
	key := []byte("12345678901234567890")
	for _, v := range []struct {
		unix int64
		want string
	}{
		{59, "94287082"}, {1111111109, "07081804"}, {1111111111, "14050471"},
		{1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
	} {
		if got := hotp(key, totpStep(time.Unix(v.unix, 0)), 8); got != v.want {
			t.Errorf("T=%d: got %s, want %s", v.unix, got, v.want)
		}
	}
}

func TestTOTPWindowAndReplay(t *testing.T) {
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	now := time.Unix(1111111111, 0)
	key := []byte("12345678901234567890")
	cur := totpStep(now)
	for d, ok := range map[int64]bool{-2: false, -1: true, 0: true, 1: true, 2: false} {
		code := hotp(key, cur+d, 6)
		step, matched := matchTOTP(secret, code, now, 0)
		if matched != ok || (ok && step != cur+d) {
			t.Errorf("offset %d: matched=%v step=%d", d, matched, step)
		}
	}
	if _, ok := matchTOTP(secret, hotp(key, cur, 6), now, cur); ok {
		t.Error("a step already used must be refused")
	}
	if _, ok := matchTOTP(secret, hotp(key, cur+1, 6), now, cur); !ok {
		t.Error("a later step is still good")
	}
}

func TestPasswordPolicy(t *testing.T) {
	for _, c := range []struct {
		pw, user, code string
	}{
		{"Xq7#mPz9!k", "zhangsan", ""},
		{"abcdefgh", "", "weak"},       // one class
		{"abcdefg1", "", "weak"},       // two classes
		{"Ab1!", "", "weak"},           // too short
		{"xq7#mpz9!k", "", ""},         // lower, digit, symbol
		{"XQ7MPZ9KAB", "", "weak"},     // two classes
		{"Aa123456", "", "common"},     // three classes but a favourite
		{"woaini1314", "", "weak"},     // two classes (and common)
		{"Woaini1314", "", "common"},   // three classes, common
		{"P@ssw0rd", "", "common"},     //
		{"1qaz@WSX", "", "common"},     //
		{"Qwer1234", "", "common"},     //
		{"Passw0rd", "", "common"},     //
		{"Zhang#San9", "zhangsan", ""}, // does not contain it verbatim
		{"Zhangsan#9", "zhangsan", "contains_username"},
		{"A#13800138000", "13800138000", "contains_username"},
		{"密码Abc12345", "", ""}, // Chinese characters count as symbols
		{strings.Repeat("Aa1!", 33), "", "too_long"},
	} {
		var fe httpx.Fields
		checkPassword(&fe, "password", c.pw, c.user)
		got := ""
		if len(fe) > 0 {
			got = fe[0].Code
		}
		if got != c.code {
			t.Errorf("%q: got %q, want %q", c.pw, got, c.code)
		}
	}
	if n := len(commonPasswords()); n < 300 {
		t.Errorf("only %d common passwords", n)
	}
}

func TestArgon2Encoding(t *testing.T) {
	h, err := hashPassword("Xq7#mPz9!k")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("encoding %q", h)
	}
	h2, _ := hashPassword("Xq7#mPz9!k")
	if h == h2 {
		t.Error("each hash needs its own salt")
	}
	if ok, err := verifyPassword(h, "Xq7#mPz9!k"); !ok || err != nil {
		t.Errorf("right password: %v %v", ok, err)
	}
	if ok, _ := verifyPassword(h, "Xq7#mPz9!K"); ok {
		t.Error("wrong password verified")
	}
	// Parameters are read from the hash, so old hashes survive a change.
	old := "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
	key := derive("pw", []byte("saltsaltsaltsalt"), 1, 8192, 1, 32)
	if ok, err := verifyPassword(old+b64(key), "pw"); !ok || err != nil {
		t.Errorf("hash with other parameters: %v %v", ok, err)
	}
	for _, bad := range []string{"", "$2a$10$abc", "$argon2id$v=19$m=0,t=1,p=1$c2FsdA$c2FsdA"} {
		if _, err := verifyPassword(bad, "pw"); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestParseUsername(t *testing.T) {
	for in, want := range map[string]string{
		"13800138000": "13800138000", "+86 138-0013-8000": "13800138000", "１３８００１３８０００": "13800138000",
		" Admin.Li ": "admin.li", "ＡＤＭＩＮ": "admin", "sec_admin-1": "sec_admin-1",
	} {
		if u, ok := parseUsername(in); !ok || u.value != want {
			t.Errorf("%q: %q %v", in, u.value, ok)
		}
	}
	for _, bad := range []string{"", "ab", "12345678901", "张三", "a b", strings.Repeat("a", 33), "_admin"} {
		if _, ok := parseUsername(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	if got := maskTyped("My-Secret Pass!"); strings.Contains(got, "Secret") {
		t.Errorf("an unknown typed name must be masked: %q", got)
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(3, time.Minute)
	now := time.Unix(1000, 0)
	for i := range 3 {
		if ok, _ := l.allow("k", now); !ok {
			t.Fatalf("attempt %d refused", i)
		}
	}
	if ok, until := l.allow("k", now.Add(59*time.Second)); ok || !until.Equal(now.Add(time.Minute)) {
		t.Fatal("4th attempt in the window allowed")
	}
	if ok, _ := l.allow("other", now); !ok {
		t.Fatal("keys are independent")
	}
	if ok, _ := l.allow("k", now.Add(time.Minute)); !ok {
		t.Fatal("a new window starts afresh")
	}
}

func b64(b []byte) string { return base64.RawStdEncoding.EncodeToString(b) }
