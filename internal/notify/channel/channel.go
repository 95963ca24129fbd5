// Package channel holds the pluggable delivery channels of notifications:
// SMS through Aliyun or Tencent Cloud, e-mail through SMTP, and a stand-in for
// a channel nobody has configured. Each Sender delivers one message to one
// recipient and says whether a failure is worth retrying.
package channel

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"time"
)

// Message is one message to one recipient on one channel.
type Message struct {
	// ID is the idempotency key: providers that support it receive it (as
	// OutId or SessionContext) so that the delivery log can be matched to
	// the provider's receipts.
	ID       string
	To       string            // phone (11 digits) or e-mail address
	Template string            // SMS: the provider's approved template code; e-mail: unused
	Params   map[string]string // SMS template parameters
	Subject  string            // e-mail
	Body     string            // e-mail, plain UTF-8 text
}

// Result is the outcome of one successful send, kept in the delivery log.
type Result struct {
	ProviderID string // the provider's message or biz id
	Raw        string // the provider's raw answer
}

// Sender sends on one channel.
type Sender interface {
	Send(ctx context.Context, m Message) (Result, error)
}

// ErrNotConfigured means the channel has no provider or no credentials, so
// the message was not sent. Retrying cannot help, so it counts as permanent.
var ErrNotConfigured = errors.New("未配置该渠道")

// SendError is a refusal or failure reported while sending. Permanent
// failures (bad template, number, signature or credentials) must not be
// retried; temporary ones (throttling, 5xx, network) may be retried with
// backoff.
type SendError struct {
	Permanent bool
	Code      string // the provider's error code, or one of ours such as "network"
	Message   string // the provider's explanation or ours, for the delivery log
	Err       error  // the underlying error, if any
}

func (e *SendError) Error() string {
	kind := "临时失败"
	if e.Permanent {
		kind = "永久失败"
	}
	return fmt.Sprintf("发送%s: %s: %s", kind, e.Code, e.Message)
}

func (e *SendError) Unwrap() error { return e.Err }

// IsPermanent reports whether err is a failure that retrying cannot fix.
// Unknown errors are treated as temporary so that nothing is dropped by
// mistake; the caller's retry budget bounds the cost.
func IsPermanent(err error) bool {
	if errors.Is(err, ErrNotConfigured) {
		return true
	}
	var se *SendError
	if errors.As(err, &se) {
		return se.Permanent
	}
	return false
}

// permanent and temporary build SendErrors tersely.
func permanent(code, msg string) *SendError {
	return &SendError{Permanent: true, Code: code, Message: msg}
}
func temporary(code, msg string) *SendError { return &SendError{Code: code, Message: msg} }

// networkError wraps a transport failure: the message may or may not have
// left, and only a retry can tell.
func networkError(err error) *SendError {
	return &SendError{Code: "network", Message: "网络错误，稍后重试", Err: err}
}

// Unconfigured is the Sender of a channel nobody has configured, so callers
// can record "not sent: no channel configured" instead of special-casing.
type Unconfigured struct {
	Channel string // e.g. "sms" or "email", for the caller's log only
}

// Send always fails with ErrNotConfigured.
func (Unconfigured) Send(context.Context, Message) (Result, error) {
	return Result{}, ErrNotConfigured
}

// validPhone accepts mainland mobile numbers: 11 digits starting with 1.
func validPhone(s string) bool {
	if len(s) != 11 || s[0] != '1' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// sortedKeys returns the keys of m in byte order, the order the signing
// schemes need.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// randomHex returns n random bytes in hex, for nonces and fallback ids.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// Defaults shared by the HTTP providers; the zero value of each field means
// "use the real thing".
func httpClient(c *http.Client) *http.Client {
	if c != nil {
		return c
	}
	return &http.Client{Timeout: 15 * time.Second}
}

func clock(now func() time.Time) time.Time {
	if now != nil {
		return now()
	}
	return time.Now()
}
