package channel

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// TLS modes of SMTP.
const (
	SMTPStartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587)
	SMTPImplicit = "implicit" // TLS from the first byte (port 465)
)

// SMTP sends e-mail through an SMTP submission server. Credentials never
// travel in clear: with Username set, the connection must be TLS before
// AUTH. Fields after TLS are for tests; their zero values use the real
// thing.
type SMTP struct {
	Host     string
	Port     int // default 587 for starttls, 465 for implicit
	Username string
	Password string
	From     string // address or "Name <address>"
	TLS      string // SMTPStartTLS (default) or SMTPImplicit

	TLSConfig *tls.Config // e.g. a test CA; ServerName defaults to Host
	Now       func() time.Time
}

// Send delivers m to m.To. The SMTP server's queue id is not reliably
// reported, so Result.ProviderID is the Message-ID we set.
func (s *SMTP) Send(ctx context.Context, m Message) (Result, error) {
	if s == nil || s.Host == "" || s.From == "" {
		return Result{}, ErrNotConfigured
	}
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return Result{}, permanent("invalid_from", "发件人地址无效")
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return Result{}, permanent("invalid_address", "收件人邮箱地址无效")
	}
	msgID := messageID(m.ID, from.Address)
	data := buildMIME(from, to, m.Subject, m.Body, msgID, clock(s.Now))

	c, stop, err := s.dial(ctx)
	if err != nil {
		return Result{}, err
	}
	defer stop()
	defer c.Close()
	if err := s.deliver(c, from.Address, to.Address, data); err != nil {
		return Result{}, err
	}
	return Result{ProviderID: msgID, Raw: "250 accepted"}, nil
}

// dial connects and, for starttls, upgrades the connection. The context
// bounds the whole conversation, not just the connect: its deadline
// becomes the connection's, and cancelling it closes the connection. The
// caller must call stop when done.
func (s *SMTP) dial(ctx context.Context) (c *smtp.Client, stop func() bool, err error) {
	mode := s.TLS
	if mode == "" {
		mode = SMTPStartTLS
	}
	if mode != SMTPStartTLS && mode != SMTPImplicit {
		return nil, nil, permanent("bad_config", "邮件服务的TLS模式应为 starttls 或 implicit")
	}
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.port(mode)))
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, networkError(err)
	}
	stop = context.AfterFunc(ctx, func() { _ = conn.Close() })
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	} else {
		_ = conn.SetDeadline(time.Now().Add(time.Minute))
	}
	if mode == SMTPImplicit {
		conn = tls.Client(conn, s.tlsConfig())
	}
	c, err = smtp.NewClient(conn, s.Host)
	if err != nil {
		stop()
		conn.Close()
		return nil, nil, networkError(err)
	}
	if mode == SMTPStartTLS {
		if err := s.startTLS(c); err != nil {
			stop()
			c.Close()
			return nil, nil, err
		}
	}
	return c, stop, nil
}

func (s *SMTP) port(mode string) int {
	switch {
	case s.Port != 0:
		return s.Port
	case mode == SMTPImplicit:
		return 465
	}
	return 587
}

func (s *SMTP) tlsConfig() *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.TLSConfig != nil {
		cfg = s.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = s.Host
	}
	return cfg
}

// startTLS upgrades the connection. A server without STARTTLS is refused
// when we would authenticate: the password must never go out in clear,
// and net/smtp alone allows that towards localhost.
func (s *SMTP) startTLS(c *smtp.Client) error {
	if err := c.Hello("localhost"); err != nil {
		return smtpError(err)
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		if s.Username != "" {
			return permanent("tls_required", "邮件服务器不支持STARTTLS，拒绝明文认证")
		}
		return nil
	}
	if err := c.StartTLS(s.tlsConfig()); err != nil {
		return permanent("tls_failed", "与邮件服务器建立TLS连接失败："+err.Error())
	}
	return nil
}

// deliver authenticates and runs one MAIL/RCPT/DATA transaction.
func (s *SMTP) deliver(c *smtp.Client, from, to string, data []byte) error {
	if s.Username != "" {
		if _, tlsOn := c.TLSConnectionState(); !tlsOn {
			return permanent("tls_required", "未建立TLS连接，拒绝明文认证")
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return smtpError(err)
		}
	}
	if err := c.Mail(from); err != nil {
		return smtpError(err)
	}
	if err := c.Rcpt(to); err != nil {
		return smtpError(err)
	}
	w, err := c.Data()
	if err != nil {
		return smtpError(err)
	}
	if _, err := w.Write(data); err != nil {
		return smtpError(err)
	}
	if err := w.Close(); err != nil {
		return smtpError(err)
	}
	_ = c.Quit() // the message is accepted; a failed QUIT changes nothing
	return nil
}

// smtpError classifies a server reply: 5xx is a permanent refusal (bad
// address, bad credentials), 4xx and transport errors are temporary.
func smtpError(err error) error {
	var tp *textproto.Error
	if errors.As(err, &tp) {
		code := strconv.Itoa(tp.Code)
		return &SendError{Permanent: tp.Code >= 500, Code: "smtp_" + code, Message: tp.Msg, Err: err}
	}
	return networkError(err)
}

// messageID derives the Message-ID from the idempotency key, so a resend
// of the same message carries the same id and duplicates can be spotted.
func messageID(id, fromAddr string) string {
	domain := "localhost"
	if at := strings.LastIndexByte(fromAddr, '@'); at >= 0 {
		domain = fromAddr[at+1:]
	}
	local := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			r == '.', r == '-', r == '_':
			return r
		}
		return '-'
	}, id)
	if local == "" {
		local = randomHex(16)
	}
	return "<" + local + "@" + domain + ">"
}

// buildMIME renders a plain-text UTF-8 message with CRLF line ends. The
// subject is RFC 2047 encoded and the body base64 encoded, so no line is
// too long and no header can be injected through user text.
func buildMIME(from, to *mail.Address, subject, body, msgID string, now time.Time) []byte {
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.BEncoding.Encode("UTF-8", subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", msgID)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}
