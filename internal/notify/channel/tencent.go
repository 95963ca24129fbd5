package channel

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TencentEndpoint is the public endpoint of Tencent Cloud SMS.
const TencentEndpoint = "https://sms.tencentcloudapi.com/"

// tc3ContentType is the content type sent and signed; the two must match.
const tc3ContentType = "application/json; charset=utf-8"

// Tencent sends SMS through Tencent Cloud SMS SendSms (API 3.0,
// 2021-01-11). Fields after Endpoint are for tests; their zero values use
// the real thing.
type Tencent struct {
	SecretID  string
	SecretKey string
	SdkAppID  string
	SignName  string
	Region    string // default ap-guangzhou
	Endpoint  string // default TencentEndpoint

	Client *http.Client
	Now    func() time.Time
}

// tencentRequest is the SendSms request body.
type tencentRequest struct {
	PhoneNumberSet   []string
	SmsSdkAppId      string
	SignName         string
	TemplateId       string
	TemplateParamSet []string `json:",omitempty"`
	SessionContext   string   `json:",omitempty"`
}

// tencentAnswer is the SendSms answer; Error is set when the whole call
// failed, otherwise each number has its own status.
type tencentAnswer struct {
	Response struct {
		Error *struct {
			Code    string
			Message string
		}
		SendStatusSet []struct {
			SerialNo    string
			PhoneNumber string
			Code        string
			Message     string
		}
		RequestId string
	}
}

// Send sends m as an SMS. m.ID goes out as SessionContext, which Tencent
// echoes in receipts.
func (t *Tencent) Send(ctx context.Context, m Message) (Result, error) {
	if t == nil || t.SecretID == "" || t.SecretKey == "" || t.SdkAppID == "" || t.SignName == "" {
		return Result{}, ErrNotConfigured
	}
	body, err := t.body(m)
	if err != nil {
		return Result{}, err
	}
	req, err := t.request(ctx, body)
	if err != nil {
		return Result{}, err
	}
	resp, err := httpClient(t.Client).Do(req)
	if err != nil {
		return Result{}, networkError(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return Result{}, networkError(err)
	}
	return tencentResult(resp.StatusCode, raw)
}

// body builds the JSON payload. Tencent takes template parameters as a
// positional list, so they are ordered by key: templates must number their
// parameters ("1", "2", …) or otherwise name them in order.
func (t *Tencent) body(m Message) ([]byte, error) {
	if !validPhone(m.To) {
		return nil, permanent("invalid_phone", "手机号码格式无效")
	}
	if m.Template == "" {
		return nil, permanent("invalid_template", "未指定短信模板")
	}
	r := tencentRequest{
		PhoneNumberSet: []string{"+86" + m.To},
		SmsSdkAppId:    t.SdkAppID,
		SignName:       t.SignName,
		TemplateId:     m.Template,
		SessionContext: m.ID,
	}
	for _, k := range positionalKeys(m.Params) {
		r.TemplateParamSet = append(r.TemplateParamSet, m.Params[k])
	}
	return json.Marshal(r)
}

// positionalKeys orders template parameter keys by position: Tencent
// templates number their variables {1}, {2}, … {10}, so numeric keys sort
// as numbers ("2" before "10"); other keys follow in byte order.
func positionalKeys(params map[string]string) []string {
	keys := sortedKeys(params)
	slices.SortStableFunc(keys, func(a, b string) int {
		x, errA := strconv.Atoi(a)
		y, errB := strconv.Atoi(b)
		switch {
		case errA == nil && errB == nil:
			return cmp.Compare(x, y)
		case errA == nil:
			return -1
		case errB == nil:
			return 1
		}
		return strings.Compare(a, b)
	})
	return keys
}

// request builds the signed POST.
func (t *Tencent) request(ctx context.Context, body []byte) (*http.Request, error) {
	endpoint := t.Endpoint
	if endpoint == "" {
		endpoint = TencentEndpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return nil, permanent("bad_endpoint", "短信服务地址配置无效")
	}
	region := t.Region
	if region == "" {
		region = "ap-guangzhou"
	}
	now := clock(t.Now)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, permanent("bad_endpoint", "短信服务地址配置无效")
	}
	req.Header.Set("Content-Type", tc3ContentType)
	req.Header.Set("Authorization", tc3Authorization(t.SecretID, t.SecretKey, "sms", u.Host, tc3ContentType, body, now))
	req.Header.Set("X-TC-Action", "SendSms")
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("X-TC-Version", "2021-01-11")
	req.Header.Set("X-TC-Region", region)
	return req, nil
}

// tencentResult maps an answer to a Result or a classified SendError.
func tencentResult(status int, raw []byte) (Result, error) {
	var ans tencentAnswer
	if err := json.Unmarshal(raw, &ans); err != nil {
		if status >= 500 {
			return Result{}, temporary(fmt.Sprintf("http_%d", status), "短信服务暂时不可用")
		}
		return Result{}, temporary("bad_answer", "短信服务应答无法解析")
	}
	r := ans.Response
	if r.Error != nil {
		return Result{}, tencentError(status, r.Error.Code, r.Error.Message)
	}
	if len(r.SendStatusSet) == 0 {
		return Result{}, temporary("bad_answer", "短信服务应答缺少发送状态")
	}
	s := r.SendStatusSet[0] // one message, one number
	if s.Code != "Ok" {
		return Result{}, tencentError(status, s.Code, s.Message)
	}
	return Result{ProviderID: s.SerialNo, Raw: string(raw)}, nil
}

// tencentError classifies an error code: limits and server faults may pass
// with time; authentication, parameters and templates need a person.
func tencentError(status int, code, msg string) *SendError {
	temp := status >= 500 ||
		strings.HasPrefix(code, "LimitExceeded") ||
		strings.HasPrefix(code, "RequestLimitExceeded") ||
		strings.HasPrefix(code, "InternalError")
	return &SendError{Permanent: !temp, Code: code, Message: msg}
}

// tc3Authorization computes the Authorization header of TencentCloud API
// signature v3 (TC3-HMAC-SHA256) for a POST to "/" with no query string,
// signing the content-type and host headers.
// See https://cloud.tencent.com/document/api/213/30654
func tc3Authorization(secretID, secretKey, service, host, contentType string, payload []byte, now time.Time) string {
	date := now.UTC().Format("2006-01-02")
	scope := date + "/" + service + "/tc3_request"
	sig := tc3Signature(secretKey, service, host, contentType, payload, now)
	return "TC3-HMAC-SHA256 Credential=" + secretID + "/" + scope +
		", SignedHeaders=content-type;host, Signature=" + sig
}

// tc3Signature is the hex signature: the string to sign (algorithm,
// timestamp, credential scope, hashed canonical request) under a key
// derived from "TC3"+SecretKey through the date, the service and
// "tc3_request", so a leaked derived key is useless on other days.
func tc3Signature(secretKey, service, host, contentType string, payload []byte, now time.Time) string {
	date := now.UTC().Format("2006-01-02")
	canonical := "POST\n/\n\n" +
		"content-type:" + contentType + "\nhost:" + host + "\n\n" +
		"content-type;host\n" + sha256Hex(payload)
	stringToSign := "TC3-HMAC-SHA256\n" + strconv.FormatInt(now.Unix(), 10) + "\n" +
		date + "/" + service + "/tc3_request\n" + sha256Hex([]byte(canonical))
	key := hmacSHA256([]byte("TC3"+secretKey), date)
	key = hmacSHA256(key, service)
	key = hmacSHA256(key, "tc3_request")
	return hex.EncodeToString(hmacSHA256(key, stringToSign))
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func hmacSHA256(key []byte, msg string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(msg))
	return mac.Sum(nil)
}
