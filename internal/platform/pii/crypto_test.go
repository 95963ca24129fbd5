package pii

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

var testKey = bytes.Repeat([]byte{0x42}, 32)

func newTest(t testing.TB, p Profile) *Protector {
	t.Helper()
	pr, err := New(p, testKey)
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

func TestNew(t *testing.T) {
	if p := newTest(t, ""); p.Profile() != ProfileGM {
		t.Errorf("default profile = %q", p.Profile())
	}
	if _, err := New("des", testKey); !errors.Is(err, ErrProfile) {
		t.Errorf("unknown profile: %v", err)
	}
	if _, err := New(ProfileGM, testKey[:31]); !errors.Is(err, ErrKeyTooShort) {
		t.Errorf("short key: %v", err)
	}
}

func TestSealOpen(t *testing.T) {
	for _, prof := range []Profile{ProfileGM, ProfileIntl} {
		t.Run(string(prof), func(t *testing.T) {
			p := newTest(t, prof)
			const id = "11010519491231002X"
			s, err := p.Seal("member.id_number", id)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(s, string(prof)+"1:") || strings.Contains(s, id) {
				t.Fatalf("sealed = %q", s)
			}
			if s2, _ := p.Seal("member.id_number", id); s2 == s {
				t.Error("Seal is deterministic; nonce reused")
			}
			if got, err := p.Open("member.id_number", s); err != nil || got != id {
				t.Fatalf("Open = %q, %v", got, err)
			}
			// Field binding.
			if _, err := p.Open("member.phone", s); !errors.Is(err, ErrDecrypt) {
				t.Errorf("Open with other field: %v", err)
			}
			// Tamper: flip one bit in every byte position.
			raw, _ := base64.RawURLEncoding.DecodeString(strings.SplitN(s, ":", 2)[1])
			for i := range raw {
				bad := bytes.Clone(raw)
				bad[i] ^= 0x01
				forged := string(prof) + "1:" + base64.RawURLEncoding.EncodeToString(bad)
				if _, err := p.Open("member.id_number", forged); !errors.Is(err, ErrDecrypt) {
					t.Fatalf("tampered byte %d: %v", i, err)
				}
			}
			// Empty values.
			if s, err := p.Seal("f", ""); s != "" || err != nil {
				t.Errorf("Seal empty = %q, %v", s, err)
			}
			if s, err := p.Open("f", ""); s != "" || err != nil {
				t.Errorf("Open empty = %q, %v", s, err)
			}
			// Malformed input.
			for _, bad := range []string{"garbage", string(prof) + "1:", string(prof) + "1:!!!", string(prof) + "1:AAAA"} {
				if _, err := p.Open("f", bad); !errors.Is(err, ErrCiphertext) {
					t.Errorf("Open(%q) = %v", bad, err)
				}
			}
			// Wrong key.
			other, _ := New(prof, bytes.Repeat([]byte{1}, 32))
			if _, err := other.Open("member.id_number", s); !errors.Is(err, ErrDecrypt) {
				t.Errorf("Open with other key: %v", err)
			}
		})
	}
}

func TestOpenWrongProfile(t *testing.T) {
	gm, intl := newTest(t, ProfileGM), newTest(t, ProfileIntl)
	s, _ := gm.Seal("f", "13800138000")
	if _, err := intl.Open("f", s); !errors.Is(err, ErrProfileMismatch) {
		t.Errorf("intl.Open(gm) = %v", err)
	}
	s, _ = intl.Seal("f", "13800138000")
	if _, err := gm.Open("f", s); !errors.Is(err, ErrProfileMismatch) {
		t.Errorf("gm.Open(intl) = %v", err)
	}
}

func TestBlindIndex(t *testing.T) {
	gm, intl := newTest(t, ProfileGM), newTest(t, ProfileIntl)
	a := gm.BlindIndex("member.id_number", "11010519491231002X")
	if len(a) != 32 {
		t.Fatalf("len = %d", len(a))
	}
	if _, err := hex.DecodeString(a); err != nil {
		t.Fatal(err)
	}
	if b := newTest(t, ProfileGM).BlindIndex("member.id_number", "11010519491231002X"); a != b {
		t.Error("not deterministic across instances")
	}
	distinct := map[string]bool{
		a: true,
		gm.BlindIndex("member.phone", "11010519491231002X"):       true,
		intl.BlindIndex("member.id_number", "11010519491231002X"): true,
		gm.BlindIndex("member.id_number", "11010519491231003X"):   true,
		// field/value boundary is unambiguous
		gm.BlindIndex("member.id_number1", "1010519491231002X"): true,
	}
	if len(distinct) != 5 {
		t.Errorf("blind indexes collide: %v", distinct)
	}
	if gm.BlindIndex("f", "") != "" {
		t.Error("empty value must give empty index")
	}
}

func TestParseKey(t *testing.T) {
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i * 7)
	}
	for _, s := range []string{
		hex.EncodeToString(key),
		strings.ToUpper(hex.EncodeToString(key)),
		" " + base64.StdEncoding.EncodeToString(key) + "\n",
		base64.RawStdEncoding.EncodeToString(key),
		base64.URLEncoding.EncodeToString(key),
		base64.RawURLEncoding.EncodeToString(key),
	} {
		got, err := ParseKey(s)
		if err != nil || !bytes.Equal(got, key) {
			t.Errorf("ParseKey(%q) = %x, %v", s, got, err)
		}
	}
	if _, err := ParseKey(hex.EncodeToString(key[:31])); !errors.Is(err, ErrKeyTooShort) {
		t.Errorf("short hex: %v", err)
	}
	if _, err := ParseKey(base64.StdEncoding.EncodeToString(key[:16])); !errors.Is(err, ErrKeyTooShort) {
		t.Errorf("short base64: %v", err)
	}
	for _, bad := range []string{"", "not a key!", strings.Repeat("z", 64) + "*"} {
		if _, err := ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) accepted", bad)
		}
	}
}

func BenchmarkSeal(b *testing.B) {
	for _, prof := range []Profile{ProfileGM, ProfileIntl} {
		p := newTest(b, prof)
		b.Run(string(prof), func(b *testing.B) {
			for b.Loop() {
				if _, err := p.Seal("member.id_number", "11010519491231002X"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkBlindIndex(b *testing.B) {
	for _, prof := range []Profile{ProfileGM, ProfileIntl} {
		p := newTest(b, prof)
		b.Run(string(prof), func(b *testing.B) {
			for b.Loop() {
				p.BlindIndex("member.id_number", "11010519491231002X")
			}
		})
	}
}
