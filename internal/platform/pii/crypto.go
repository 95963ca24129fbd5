package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strings"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// Profile selects the cryptographic algorithms.
type Profile string

const (
	// ProfileGM uses SM4-GCM encryption and an HMAC-SM3 blind index (default).
	ProfileGM Profile = "gm"
	// ProfileIntl uses AES-256-GCM encryption and an HMAC-SHA-256 blind index.
	ProfileIntl Profile = "intl"
)

// MinKeyLen is the minimum master key length in bytes.
const MinKeyLen = 32

// Errors returned by New, ParseKey and Open. They never contain key
// material or plaintext.
var (
	ErrProfile         = errors.New("不支持的加密方案，应为 gm 或 intl")
	ErrKeyTooShort     = fmt.Errorf("密钥长度不足，至少需要%d字节", MinKeyLen)
	ErrKeyFormat       = errors.New("密钥格式无效，应为十六进制或Base64编码")
	ErrCiphertext      = errors.New("密文格式无效")
	ErrProfileMismatch = errors.New("密文的加密方案与当前配置不一致")
	ErrDecrypt         = errors.New("密文校验失败，数据可能被篡改或密钥不正确")
)

// Key-derivation labels; changing them invalidates all stored data.
const (
	labelEnc   = "dangjian/pii/v1/encryption"
	labelIndex = "dangjian/pii/v1/blind-index"
)

// Protector encrypts fields and computes blind indexes. It is safe for
// concurrent use.
type Protector struct {
	profile  Profile
	prefix   string // ciphertext prefix, e.g. "gm1:"
	aead     cipher.AEAD
	newHash  func() hash.Hash
	indexKey []byte
}

// ParseProfile parses a configuration value; "" means ProfileGM.
func ParseProfile(s string) (Profile, error) {
	switch p := Profile(strings.ToLower(strings.TrimSpace(s))); p {
	case "":
		return ProfileGM, nil
	case ProfileGM, ProfileIntl:
		return p, nil
	}
	return "", ErrProfile
}

// New returns a Protector for profile ("" means ProfileGM). masterKey must
// be at least MinKeyLen bytes; independent encryption and blind-index keys
// are derived from it with HMAC under the profile's hash.
func New(profile Profile, masterKey []byte) (*Protector, error) {
	profile, err := ParseProfile(string(profile))
	if err != nil {
		return nil, err
	}
	if len(masterKey) < MinKeyLen {
		return nil, ErrKeyTooShort
	}
	p := &Protector{profile: profile}
	var block cipher.Block
	switch profile {
	case ProfileGM:
		p.prefix, p.newHash = "gm1:", sm3.New
		block, err = sm4.NewCipher(p.derive(masterKey, labelEnc)[:16])
	case ProfileIntl:
		p.prefix, p.newHash = "intl1:", sha256.New
		block, err = aes.NewCipher(p.derive(masterKey, labelEnc)[:32])
	}
	if err != nil {
		return nil, err
	}
	if p.aead, err = cipher.NewGCM(block); err != nil {
		return nil, err
	}
	p.indexKey = p.derive(masterKey, labelIndex)
	return p, nil
}

func (p *Protector) derive(master []byte, label string) []byte {
	m := hmac.New(p.newHash, master)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// Profile reports the profile in use.
func (p *Protector) Profile() Profile { return p.profile }

// Seal encrypts plaintext for the column named field, returning
// prefix + base64url(nonce || ciphertext), e.g. "gm1:...". field is bound as
// additional data, so the value cannot be opened under another field.
// An empty plaintext yields "".
func (p *Protector) Seal(field, plaintext string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	ns := p.aead.NonceSize()
	buf := make([]byte, ns, ns+len(plaintext)+p.aead.Overhead())
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	buf = p.aead.Seal(buf, buf[:ns], []byte(plaintext), []byte(field))
	return p.prefix + base64.RawURLEncoding.EncodeToString(buf), nil
}

// Open decrypts a value produced by Seal for the same field. "" yields "".
func (p *Protector) Open(field, sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	body, ok := strings.CutPrefix(sealed, p.prefix)
	if !ok {
		if strings.Contains(sealed, ":") {
			return "", ErrProfileMismatch
		}
		return "", ErrCiphertext
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	ns := p.aead.NonceSize()
	if err != nil || len(raw) < ns+p.aead.Overhead() {
		return "", ErrCiphertext
	}
	pt, err := p.aead.Open(nil, raw[:ns], raw[ns:], []byte(field))
	if err != nil {
		return "", ErrDecrypt
	}
	return string(pt), nil
}

// BlindIndex returns a deterministic keyed hash of a normalized value for
// equality lookups: hex(HMAC(indexKey, field || 0x00 || normalized)[:16]).
// An empty value yields "".
func (p *Protector) BlindIndex(field, normalized string) string {
	if normalized == "" {
		return ""
	}
	m := hmac.New(p.newHash, p.indexKey)
	m.Write([]byte(field))
	m.Write([]byte{0})
	m.Write([]byte(normalized))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// ParseKey decodes a master key given as hex or base64 (standard or URL
// alphabet, padded or not). It must decode to at least MinKeyLen bytes.
// A string that is valid hex is always read as hex.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	b, err := hex.DecodeString(s)
	if err != nil {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err = enc.DecodeString(s); err == nil {
				break
			}
		}
	}
	switch {
	case err != nil || len(b) == 0:
		return nil, ErrKeyFormat
	case len(b) < MinKeyLen:
		return nil, ErrKeyTooShort
	}
	return b, nil
}
