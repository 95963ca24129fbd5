package channel

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// AliyunEndpoint is the public endpoint of Dysmsapi.
const AliyunEndpoint = "https://dysmsapi.aliyuncs.com/"

// Aliyun sends SMS through Aliyun Dysmsapi SendSms (RPC style, 2017-05-25).
// Fields after Endpoint are for tests; their zero values use the real thing.
type Aliyun struct {
	AccessKeyID     string
	AccessKeySecret string
	SignName        string
	Endpoint        string // default AliyunEndpoint

	Client *http.Client
	Now    func() time.Time
	Nonce  func() string // SignatureNonce; must differ per request
}

// aliyunAnswer is the body of a SendSms answer, success or error.
type aliyunAnswer struct {
	Code      string
	Message   string
	BizId     string
	RequestId string
}

// Send sends m as an SMS. m.ID goes out as OutId so that receipts and the
// delivery log can be matched.
func (a *Aliyun) Send(ctx context.Context, m Message) (Result, error) {
	if a == nil || a.AccessKeyID == "" || a.AccessKeySecret == "" || a.SignName == "" {
		return Result{}, ErrNotConfigured
	}
	params, err := a.params(m)
	if err != nil {
		return Result{}, err
	}
	params["Signature"] = aliyunSign(a.AccessKeySecret, params)

	endpoint := a.Endpoint
	if endpoint == "" {
		endpoint = AliyunEndpoint
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"?"+aliyunQuery(params), nil)
	if err != nil {
		return Result{}, permanent("bad_endpoint", "短信服务地址配置无效")
	}
	resp, err := httpClient(a.Client).Do(req)
	if err != nil {
		return Result{}, networkError(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return Result{}, networkError(err)
	}
	return aliyunResult(resp.StatusCode, raw)
}

// params builds every request parameter except Signature.
func (a *Aliyun) params(m Message) (map[string]string, error) {
	if !validPhone(m.To) {
		return nil, permanent("invalid_phone", "手机号码格式无效")
	}
	if m.Template == "" {
		return nil, permanent("invalid_template", "未指定短信模板")
	}
	tp, err := templateParamJSON(m.Params)
	if err != nil {
		return nil, err
	}
	nonce := randomHex(16)
	if a.Nonce != nil {
		nonce = a.Nonce()
	}
	p := map[string]string{
		"AccessKeyId":      a.AccessKeyID,
		"Action":           "SendSms",
		"Format":           "JSON",
		"RegionId":         "cn-hangzhou",
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureNonce":   nonce,
		"SignatureVersion": "1.0",
		"Timestamp":        clock(a.Now).UTC().Format("2006-01-02T15:04:05Z"),
		"Version":          "2017-05-25",
		"PhoneNumbers":     m.To,
		"SignName":         a.SignName,
		"TemplateCode":     m.Template,
	}
	if tp != "" {
		p["TemplateParam"] = tp
	}
	if m.ID != "" {
		p["OutId"] = m.ID
	}
	return p, nil
}

// templateParamJSON encodes the template parameters; an empty map means the
// template has none, and the parameter is then left out.
func templateParamJSON(params map[string]string) (string, error) {
	if len(params) == 0 {
		return "", nil
	}
	b, err := json.Marshal(params) // encoding/json sorts map keys
	if err != nil {
		return "", permanent("invalid_params", "短信模板参数无效")
	}
	return string(b), nil
}

// aliyunResult maps an answer to a Result or a classified SendError.
func aliyunResult(status int, raw []byte) (Result, error) {
	var ans aliyunAnswer
	if err := json.Unmarshal(raw, &ans); err != nil || ans.Code == "" {
		if status >= 500 {
			return Result{}, temporary(fmt.Sprintf("http_%d", status), "短信服务暂时不可用")
		}
		return Result{}, temporary("bad_answer", "短信服务应答无法解析")
	}
	if ans.Code == "OK" {
		return Result{ProviderID: ans.BizId, Raw: string(raw)}, nil
	}
	e := &SendError{Permanent: !aliyunTemporary(status, ans.Code), Code: ans.Code, Message: ans.Message}
	return Result{}, e
}

// aliyunTemporary tells which refusals a later retry may overcome: the
// flow control of isv.BUSINESS_LIMIT_CONTROL, API throttling and server
// faults. Every other code (isv.*, signature, credentials) needs a person.
func aliyunTemporary(status int, code string) bool {
	switch {
	case status >= 500,
		code == "isv.BUSINESS_LIMIT_CONTROL",
		strings.HasPrefix(code, "Throttling"),
		code == "ServiceUnavailable",
		strings.HasPrefix(code, "InternalError"):
		return true
	}
	return false
}

// aliyunSign computes the RPC signature (SignatureVersion 1.0) of a GET
// request: HMAC-SHA1 keyed with Secret+"&" over
// "GET&%2F&" + percentEncode(canonicalized query), base64-encoded.
// See https://help.aliyun.com/document_detail/28839.html
func aliyunSign(secret string, params map[string]string) string {
	stringToSign := "GET&" + aliyunEncode("/") + "&" + aliyunEncode(aliyunQuery(params))
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// aliyunQuery is the canonicalized query string: parameters sorted by name,
// names and values percent-encoded, joined with "=" and "&". The same
// string is sent, so what the server sees is exactly what was signed.
func aliyunQuery(params map[string]string) string {
	var b strings.Builder
	for i, k := range sortedKeys(params) {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(aliyunEncode(k))
		b.WriteByte('=')
		b.WriteString(aliyunEncode(params[k]))
	}
	return b.String()
}

// aliyunEncode is RFC 3986 percent-encoding as Aliyun documents it: the
// form encoding with "+"→"%20", "*"→"%2A" and "%7E"→"~".
var aliyunReplacer = strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~")

func aliyunEncode(s string) string { return aliyunReplacer.Replace(url.QueryEscape(s)) }
