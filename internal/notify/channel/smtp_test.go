package channel

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"math/big"
	"mime"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"testing"
	"time"
)

// testCert returns a self-signed certificate for 127.0.0.1 and a client
// config that trusts it.
func testCert(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "fake smtp"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}

// session is what the fake server saw on one connection.
type session struct {
	cmds     []string // verbs in order
	authTLS  bool     // AUTH arrived over TLS
	auth     string   // decoded AUTH PLAIN credentials
	from, to string
	data     string
}

// fakeSMTP serves one connection with just enough SMTP for net/smtp:
// EHLO, STARTTLS (if offered), AUTH PLAIN, MAIL, RCPT, DATA, QUIT.
// With implicit, the connection is TLS from the first byte (port 465).
func fakeSMTP(t *testing.T, cfg *tls.Config, offerTLS, implicit bool) (port int, done <-chan session) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan session, 1)
	go func() {
		defer ln.Close()
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		var s session
		defer func() { ch <- s }()
		tlsOn := false
		if implicit {
			conn, tlsOn = tls.Server(conn, cfg), true
		}
		tp := textproto.NewConn(conn)
		tp.PrintfLine("220 fake ESMTP")
		for {
			line, err := tp.ReadLine()
			if err != nil {
				return
			}
			verb, arg, _ := strings.Cut(line, " ")
			verb = strings.ToUpper(verb)
			s.cmds = append(s.cmds, verb)
			switch verb {
			case "EHLO":
				ext := []string{"fake"}
				if offerTLS && !tlsOn {
					ext = append(ext, "STARTTLS")
				}
				ext = append(ext, "AUTH PLAIN")
				for i, e := range ext {
					sep := "-"
					if i == len(ext)-1 {
						sep = " "
					}
					tp.PrintfLine("250%s%s", sep, e)
				}
			case "STARTTLS":
				tp.PrintfLine("220 go ahead")
				tc := tls.Server(conn, cfg)
				if err := tc.Handshake(); err != nil {
					return
				}
				conn, tp, tlsOn = tc, textproto.NewConn(tc), true
			case "AUTH":
				s.authTLS = tlsOn
				b, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(arg, "PLAIN "))
				s.auth = string(b)
				if s.auth == "\x00user@example.org\x00secret" {
					tp.PrintfLine("235 2.7.0 ok")
				} else {
					tp.PrintfLine("535 5.7.8 bad credentials")
				}
			case "MAIL":
				s.from = arg
				tp.PrintfLine("250 ok")
			case "RCPT":
				s.to = arg
				if strings.Contains(arg, "nobody@") {
					tp.PrintfLine("550 5.1.1 no such user")
				} else {
					tp.PrintfLine("250 ok")
				}
			case "DATA":
				tp.PrintfLine("354 go on")
				b, err := tp.ReadDotBytes()
				if err != nil {
					return
				}
				s.data = string(b)
				tp.PrintfLine("250 queued")
			case "QUIT":
				tp.PrintfLine("221 bye")
				return
			default:
				tp.PrintfLine("502 unknown")
			}
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port, ch
}

func testSMTP(port int, client *tls.Config) *SMTP {
	return &SMTP{
		Host: "127.0.0.1", Port: port, Username: "user@example.org", Password: "secret",
		From: "党建平台 <noreply@example.org>", TLSConfig: client,
		Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
	}
}

func TestSMTPSendStartTLS(t *testing.T) {
	serverCfg, clientCfg := testCert(t)
	port, done := fakeSMTP(t, serverCfg, true, false)
	s := testSMTP(port, clientCfg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	res, err := s.Send(ctx, Message{ID: "msg-3", To: "alice@example.com", Subject: "会议通知", Body: "请准时参加。\n谢谢"})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	if res.ProviderID != "<msg-3@example.org>" {
		t.Errorf("ProviderID = %q", res.ProviderID)
	}
	got := <-done
	if strings.Join(got.cmds, " ") != "EHLO STARTTLS EHLO AUTH MAIL RCPT DATA QUIT" {
		t.Errorf("commands = %v", got.cmds)
	}
	if !got.authTLS || got.auth != "\x00user@example.org\x00secret" {
		t.Errorf("auth over TLS = %v, creds %q", got.authTLS, got.auth)
	}
	if !strings.Contains(got.from, "<noreply@example.org>") || !strings.Contains(got.to, "<alice@example.com>") {
		t.Errorf("envelope = %q -> %q", got.from, got.to)
	}
	msg, err := mail.ReadMessage(strings.NewReader(got.data))
	if err != nil {
		t.Fatalf("message: %v", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != "会议通知" {
		t.Errorf("subject = %q, %v", subject, err)
	}
	if msg.Header.Get("Message-ID") != "<msg-3@example.org>" {
		t.Errorf("Message-ID = %q", msg.Header.Get("Message-ID"))
	}
}

// With credentials and no STARTTLS on offer, the password must not leave:
// net/smtp alone would send it in clear to localhost.
func TestSMTPRefusesPlaintextAuth(t *testing.T) {
	serverCfg, clientCfg := testCert(t)
	port, done := fakeSMTP(t, serverCfg, false, false)
	s := testSMTP(port, clientCfg)

	_, err := s.Send(context.Background(), Message{ID: "m", To: "alice@example.com", Subject: "s", Body: "b"})
	var se *SendError
	if !errors.As(err, &se) || se.Code != "tls_required" || !IsPermanent(err) {
		t.Fatalf("err = %v, want permanent tls_required", err)
	}
	if got := <-done; strings.Contains(strings.Join(got.cmds, " "), "AUTH") || got.auth != "" {
		t.Errorf("AUTH was sent without TLS: %v", got.cmds)
	}
}

func TestSMTPSendImplicitTLS(t *testing.T) {
	serverCfg, clientCfg := testCert(t)
	port, done := fakeSMTP(t, serverCfg, false, true)
	s := testSMTP(port, clientCfg)
	s.TLS = SMTPImplicit
	if _, err := s.Send(context.Background(), Message{ID: "m", To: "alice@example.com", Subject: "s", Body: "b"}); err != nil {
		t.Fatalf("send: %v", err)
	}
	got := <-done
	if !got.authTLS || strings.Join(got.cmds, " ") != "EHLO AUTH MAIL RCPT DATA QUIT" {
		t.Errorf("commands = %v, auth over TLS = %v", got.cmds, got.authTLS)
	}
}

func TestSMTPRejectedRecipientIsPermanent(t *testing.T) {
	serverCfg, clientCfg := testCert(t)
	port, done := fakeSMTP(t, serverCfg, true, false)
	s := testSMTP(port, clientCfg)
	_, err := s.Send(context.Background(), Message{ID: "m", To: "nobody@example.com", Subject: "s", Body: "b"})
	var se *SendError
	if !errors.As(err, &se) || se.Code != "smtp_550" || !IsPermanent(err) {
		t.Fatalf("err = %v, want permanent smtp_550", err)
	}
	<-done
}

func TestBuildMIME(t *testing.T) {
	from, _ := mail.ParseAddress("党建平台 <noreply@example.org>")
	to, _ := mail.ParseAddress("alice@example.com")
	body := strings.Repeat("长正文", 30)
	raw := string(buildMIME(from, to, "通知\r\nBcc: evil@example.com", body,
		messageID("a b/c", from.Address), time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))

	head, enc, ok := strings.Cut(raw, "\r\n\r\n")
	if !ok {
		t.Fatal("no blank CRLF line between header and body")
	}
	for _, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") || len(line) > 998 {
			t.Fatalf("bad line %q", line)
		}
	}
	if strings.Contains(head, "\r\nBcc:") {
		t.Error("subject injected a header")
	}
	for _, want := range []string{
		"Subject: =?UTF-8?b?", "Date: Fri, 02 Jan 2026 03:04:05 +0000", "Message-ID: <a-b-c@example.org>",
		"MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64",
	} {
		if !strings.Contains(head, want) {
			t.Errorf("header lacks %q:\n%s", want, head)
		}
	}
	decoded, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(enc, "\r\n", ""))
	if err != nil || string(decoded) != body {
		t.Errorf("body round trip failed: %v", err)
	}
	if n := len(strings.Split(strings.TrimSuffix(enc, "\r\n"), "\r\n")[0]); n != 76 {
		t.Errorf("first body line has %d chars, want 76", n)
	}
}

func TestSMTPBadCredentialsArePermanent(t *testing.T) {
	serverCfg, clientCfg := testCert(t)
	port, done := fakeSMTP(t, serverCfg, true, false)
	s := testSMTP(port, clientCfg)
	s.Password = "wrong"
	_, err := s.Send(context.Background(), Message{ID: "m", To: "alice@example.com", Subject: "s", Body: "b"})
	var se *SendError
	if !errors.As(err, &se) || se.Code != "smtp_535" || !IsPermanent(err) {
		t.Fatalf("err = %v, want permanent smtp_535", err)
	}
	<-done
}
