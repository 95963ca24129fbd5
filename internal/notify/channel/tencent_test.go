package channel

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The worked example of TencentCloud API signature v3 (CVM
// DescribeInstances, POST, timestamp 1551113065), "Signature v3" page:
// https://cloud.tencent.com/document/api/213/30654 (the same page is copied
// under every product, e.g. https://tencentcloud.com/document/product/1035/36765).
// Older revisions use the keys ...EXAMPLE and give 72e494ea…; current ones
// mask the keys with ******* and give 2230eefd…; both are checked. The
// payload keeps the \u escapes literally, as in the documentation.
func TestTC3DocExample(t *testing.T) {
	const payload = `{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`
	now := time.Unix(1551113065, 0)
	cases := []struct{ id, key, sig string }{
		{"AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
			"72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"},
		{"AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******", "Gu5t9xGARNpq86cd98joQYCN3*******",
			"2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"},
	}
	for _, c := range cases {
		got := tc3Authorization(c.id, c.key, "cvm", "cvm.tencentcloudapi.com",
			"application/json; charset=utf-8", []byte(payload), now)
		want := "TC3-HMAC-SHA256 Credential=" + c.id + "/2019-02-25/cvm/tc3_request, " +
			"SignedHeaders=content-type;host, Signature=" + c.sig
		if got != want {
			t.Errorf("authorization =\n%s\nwant\n%s", got, want)
		}
	}
	if h := sha256Hex([]byte(payload)); h != "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064" {
		t.Errorf("hashed payload = %s", h)
	}
}

// verifyTC3 recomputes the Authorization header of a received request,
// step by step as documented, independently of tc3Signature.
func verifyTC3(r *http.Request, body []byte, secretID, secretKey string) bool {
	ts, err := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
	if err != nil {
		return false
	}
	date := time.Unix(ts, 0).UTC().Format("2006-01-02")
	h := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	mac := func(k []byte, m string) []byte { x := hmac.New(sha256.New, k); x.Write([]byte(m)); return x.Sum(nil) }
	canonical := strings.Join([]string{
		r.Method, "/", "",
		"content-type:" + r.Header.Get("Content-Type"),
		"host:" + r.Host, "",
		"content-type;host",
		h(body),
	}, "\n")
	scope := date + "/sms/tc3_request"
	sts := "TC3-HMAC-SHA256\n" + strconv.FormatInt(ts, 10) + "\n" + scope + "\n" + h([]byte(canonical))
	key := mac(mac(mac([]byte("TC3"+secretKey), date), "sms"), "tc3_request")
	want := "TC3-HMAC-SHA256 Credential=" + secretID + "/" + scope +
		", SignedHeaders=content-type;host, Signature=" + hex.EncodeToString(mac(key, sts))
	return hmac.Equal([]byte(want), []byte(r.Header.Get("Authorization")))
}

func fakeTencent(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !verifyTC3(r, body, "sid", "skey") {
			fmt.Fprint(w, `{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"The provided credentials could not be validated."},"RequestId":"R0"}}`)
			return
		}
		for k, v := range map[string]string{
			"X-TC-Action": "SendSms", "X-TC-Version": "2021-01-11", "X-TC-Region": "ap-guangzhou",
			"X-TC-Timestamp": "1767323045",
		} {
			if got := r.Header.Get(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
		var req struct {
			PhoneNumberSet   []string
			SmsSdkAppId      string
			SignName         string
			TemplateId       string
			TemplateParamSet []string
			SessionContext   string
		}
		if err := json.Unmarshal(body, &req); err != nil {
			t.Fatalf("body %s: %v", body, err)
		}
		if req.SmsSdkAppId != "1400000000" || req.SignName != "党建平台" || req.TemplateId != "449739" ||
			req.SessionContext != "msg-2" || strings.Join(req.TemplateParamSet, ",") != "张三,1234" {
			t.Errorf("request = %+v", req)
		}
		switch req.PhoneNumberSet[0] {
		case "+8613800000000":
			fmt.Fprint(w, `{"Response":{"SendStatusSet":[{"SerialNo":"5000:1045710669157053657849499619","PhoneNumber":"+8613800000000","Fee":1,"SessionContext":"msg-2","Code":"Ok","Message":"send success","IsoCode":"CN"}],"RequestId":"R1"}}`)
		case "+8613900000000":
			fmt.Fprint(w, `{"Response":{"SendStatusSet":[{"SerialNo":"","PhoneNumber":"+8613900000000","Fee":0,"Code":"LimitExceeded.PhoneNumberThirtySecondLimit","Message":"30秒内超过发送频率限制"}],"RequestId":"R2"}}`)
		case "+8613700000000":
			fmt.Fprint(w, `{"Response":{"Error":{"Code":"FailedOperation.TemplateIncorrectOrUnapproved","Message":"模板未审批或内容不匹配"},"RequestId":"R3"}}`)
		default:
			fmt.Fprint(w, `{"Response":{"Error":{"Code":"InternalError.Timeout","Message":"请求下发短信超时"},"RequestId":"R4"}}`)
		}
	}))
}

func TestTencentSend(t *testing.T) {
	srv := fakeTencent(t)
	defer srv.Close()
	tc := &Tencent{
		SecretID: "sid", SecretKey: "skey", SdkAppID: "1400000000", SignName: "党建平台",
		Endpoint: srv.URL + "/", Client: srv.Client(),
		Now: func() time.Time { return time.Unix(1767323045, 0) },
	}
	// Keys "1" < "2" give the positional order of the template.
	msg := func(to string) Message {
		return Message{ID: "msg-2", To: to, Template: "449739", Params: map[string]string{"2": "1234", "1": "张三"}}
	}

	res, err := tc.Send(context.Background(), msg("13800000000"))
	if err != nil || res.ProviderID != "5000:1045710669157053657849499619" || !strings.Contains(res.Raw, "R1") {
		t.Fatalf("ok: res=%+v err=%v", res, err)
	}
	cases := []struct {
		to        string
		code      string
		permanent bool
	}{
		{"13900000000", "LimitExceeded.PhoneNumberThirtySecondLimit", false},
		{"13700000000", "FailedOperation.TemplateIncorrectOrUnapproved", true},
		{"13600000000", "InternalError.Timeout", false},
	}
	for _, c := range cases {
		_, err := tc.Send(context.Background(), msg(c.to))
		var se *SendError
		if !errors.As(err, &se) || se.Code != c.code || IsPermanent(err) != c.permanent {
			t.Errorf("%s: err = %v, want code %s permanent=%v", c.to, err, c.code, c.permanent)
		}
	}

	tc.SecretKey = "wrong"
	_, err = tc.Send(context.Background(), msg("13800000000"))
	var se *SendError
	if !errors.As(err, &se) || se.Code != "AuthFailure.SignatureFailure" || !IsPermanent(err) {
		t.Errorf("wrong key: err = %v", err)
	}
}

// TestTencentParameterPositions: template variables {1}…{11} go in
// numeric order, so the tenth value is not sent in the second place.
func TestTencentParameterPositions(t *testing.T) {
	params := map[string]string{}
	for i := 1; i <= 11; i++ {
		params[strconv.Itoa(i)] = "v" + strconv.Itoa(i)
	}
	got := positionalKeys(params)
	want := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if mixed := positionalKeys(map[string]string{"name": "a", "2": "b", "10": "c"}); !slices.Equal(mixed, []string{"2", "10", "name"}) {
		t.Errorf("mixed keys: %v", mixed)
	}
}
