package channel

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"
)

// The worked example of Aliyun's RPC signature documentation (ECS
// DescribeRegions, AccessKey testid/testsecret):
// https://help.aliyun.com/document_detail/28839.html, reproduced at
// https://developer.aliyun.com/ask/210168 .
func TestAliyunSignDocExample(t *testing.T) {
	params := map[string]string{
		"TimeStamp":        "2016-02-23T12:46:24Z",
		"Format":           "XML",
		"AccessKeyId":      "testid",
		"Action":           "DescribeRegions",
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureNonce":   "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
		"Version":          "2014-05-26",
		"SignatureVersion": "1.0",
	}
	if got, want := aliyunSign("testsecret", params), "CT9X0VtwR86fNWSnsc6v8YGOjuE="; got != want {
		t.Fatalf("signature = %s, want %s", got, want)
	}
}

func TestAliyunEncode(t *testing.T) {
	for in, want := range map[string]string{
		"a b":   "a%20b",
		"a*b":   "a%2Ab",
		"a~b":   "a~b",
		"a+b":   "a%2Bb",
		"-_.":   "-_.",
		"党建":    "%E5%85%9A%E5%BB%BA",
		"{\"":   "%7B%22",
		"a/b:c": "a%2Fb%3Ac",
	} {
		if got := aliyunEncode(in); got != want {
			t.Errorf("aliyunEncode(%q) = %q, want %q", in, got, want)
		}
	}
}

// rfc3986 is the test's own percent-encoder, written from the rule rather
// than from the form encoder, so the server check is independent.
func rfc3986(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// verifyAliyun recomputes the signature of a received query string.
func verifyAliyun(secret string, q url.Values) bool {
	keys := make([]string, 0, len(q))
	for k := range q {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	pairs := make([]string, len(keys))
	for i, k := range keys {
		pairs[i] = rfc3986(k) + "=" + rfc3986(q.Get(k))
	}
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte("GET&%2F&" + rfc3986(strings.Join(pairs, "&"))))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	return hmac.Equal([]byte(want), []byte(q.Get("Signature")))
}

func fakeAliyun(t *testing.T, secret string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		if !verifyAliyun(secret, q) {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched","RequestId":"R0"}`)
			return
		}
		for k, v := range map[string]string{
			"Action": "SendSms", "Version": "2017-05-25", "Format": "JSON", "RegionId": "cn-hangzhou",
			"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "AccessKeyId": "ak",
			"SignName": "党建平台", "TemplateCode": "SMS_1", "OutId": "msg-1",
			"SignatureNonce": "nonce-1", "Timestamp": "2026-01-02T03:04:05Z",
		} {
			if got := q.Get(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
		var tp map[string]string
		if err := json.Unmarshal([]byte(q.Get("TemplateParam")), &tp); err != nil || tp["code"] != "1234" || tp["name"] != "张 三" {
			t.Errorf("TemplateParam = %q", q.Get("TemplateParam"))
		}
		switch q.Get("PhoneNumbers") {
		case "13800000000":
			fmt.Fprint(w, `{"Code":"OK","Message":"OK","BizId":"900619746936498440^0","RequestId":"R1"}`)
		case "13900000000":
			fmt.Fprint(w, `{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控Permits:1","RequestId":"R2"}`)
		case "13700000000":
			fmt.Fprint(w, `{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"非法手机号","RequestId":"R3"}`)
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `upstream down`)
		}
	}))
}

func TestAliyunSend(t *testing.T) {
	srv := fakeAliyun(t, "sk")
	defer srv.Close()
	a := &Aliyun{
		AccessKeyID: "ak", AccessKeySecret: "sk", SignName: "党建平台", Endpoint: srv.URL + "/",
		Client: srv.Client(),
		Now:    func() time.Time { return time.Date(2026, 1, 2, 11, 4, 5, 0, time.FixedZone("CST", 8*3600)) },
		Nonce:  func() string { return "nonce-1" },
	}
	msg := func(to string) Message {
		return Message{ID: "msg-1", To: to, Template: "SMS_1", Params: map[string]string{"name": "张 三", "code": "1234"}}
	}

	res, err := a.Send(context.Background(), msg("13800000000"))
	if err != nil || res.ProviderID != "900619746936498440^0" || !strings.Contains(res.Raw, "R1") {
		t.Fatalf("ok: res=%+v err=%v", res, err)
	}
	cases := []struct {
		to        string
		code      string
		permanent bool
	}{
		{"13900000000", "isv.BUSINESS_LIMIT_CONTROL", false},
		{"13700000000", "isv.MOBILE_NUMBER_ILLEGAL", true},
		{"13600000000", "http_503", false},
	}
	for _, c := range cases {
		_, err := a.Send(context.Background(), msg(c.to))
		var se *SendError
		if !errors.As(err, &se) || se.Code != c.code || IsPermanent(err) != c.permanent {
			t.Errorf("%s: err = %v, want code %s permanent=%v", c.to, err, c.code, c.permanent)
		}
	}

	// A wrong secret is caught by the server's check and is permanent.
	a.AccessKeySecret = "wrong"
	_, err = a.Send(context.Background(), msg("13800000000"))
	var se *SendError
	if !errors.As(err, &se) || se.Code != "SignatureDoesNotMatch" || !IsPermanent(err) {
		t.Errorf("wrong secret: err = %v", err)
	}

	// A bad number never reaches the provider.
	if _, err := a.Send(context.Background(), msg("123")); !IsPermanent(err) {
		t.Errorf("bad number: err = %v, want permanent", err)
	}
}

func TestAliyunNetworkErrorIsTemporary(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens any more
	a := &Aliyun{AccessKeyID: "ak", AccessKeySecret: "sk", SignName: "s", Endpoint: srv.URL + "/"}
	_, err := a.Send(context.Background(), Message{ID: "1", To: "13800000000", Template: "SMS_1"})
	if err == nil || IsPermanent(err) {
		t.Fatalf("err = %v, want temporary", err)
	}
}
