package transfers_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/transfers"
)

// TestNumbering: letters are numbered per issuing org and year, from 1,
// restarting with the year in Shanghai; concurrent issues get distinct
// consecutive numbers.
func TestNumbering(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		for i, want := range []string{"2026-0001", "2026-0002", "2026-0003"} {
			m := fmt.Sprintf("m-n%d", i)
			e.addMember(m, m, e.w.A, "full")
			if got := e.internal(t, e.w.A, m, e.w.B).LetterNo; got != want {
				t.Errorf("letter %d of A: %s, want %s", i, got, want)
			}
		}
		e.addMember("m-r", "m-r", e.w.A, "full")
		if got := e.outgoing(t, e.w.R, "m-r").LetterNo; got != "2026-0001" {
			t.Errorf("R issues its own series: %s", got)
		}
		// 00:30 on 1 January 2027 in Shanghai is still 2026 in UTC.
		e.clk.Set(time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC))
		e.addMember("m-ny", "m-ny", e.w.A, "full")
		if got := e.internal(t, e.w.A, "m-ny", e.w.B); got.LetterNo != "2027-0001" || got.IssuedOn != "2027-01-01" {
			t.Errorf("new year: %s issued %s", got.LetterNo, got.IssuedOn)
		}

		const n = 8
		var wg sync.WaitGroup
		nums := make(chan string, n)
		e.srv.As(secretary(e.w.B))
		for i := range n {
			m := fmt.Sprintf("m-c%d", i)
			e.addMember(m, m, e.w.B, "full")
			wg.Go(func() {
				r := e.srv.Do(t, "POST", "/api/v1/orgs/"+e.w.B.ID+"/transfers", map[string]any{"member_id": m,
					"kind": "outgoing", "to_org_name": "外省", "reason": "调动", "dues_paid_until": "2026-12"})
				var tr transfers.Transfer
				if r.Status == 201 {
					r.JSON(t, &tr)
				}
				nums <- tr.LetterNo
			})
		}
		wg.Wait()
		close(nums)
		var got []string
		for s := range nums {
			got = append(got, s)
		}
		slices.Sort(got)
		for i, s := range got {
			if want := fmt.Sprintf("2027-%04d", i+1); s != want {
				t.Fatalf("concurrent numbers %q, want 2027-0001 … 2027-%04d", got, n)
			}
		}
	})
}

// TestValidity: the letter is valid through valid_until (issued_on plus
// the configured months, clamped to the month's end); lapsing from 7 days
// before, lapsed the day after.
func TestValidity(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		set := func(v string, want int) {
			e.do(t, secretary(e.w.R), "PUT", "/api/v1/orgs/"+e.w.R.ID+"/transfers/settings",
				map[string]any{"values": map[string]any{"transfers.letter_validity_months": v}}, want)
		}
		set("7", 422)
		set("0", 422)
		set("1", 200)
		tr := e.internal(t, e.w.A, "m-jia", e.w.B)
		if tr.ValidUntil != "2026-04-02" {
			t.Fatalf("one month from 2026-03-02: %s", tr.ValidUntil)
		}
		cases := []struct {
			day             string
			lapsing, lapsed bool
			listedAsLapsing int
		}{
			{"2026-03-25", false, false, 0},
			{"2026-03-26", true, false, 1},
			{"2026-04-02", true, false, 1},
			{"2026-04-03", true, true, 1},
		}
		for _, c := range cases {
			e.at(t, c.day)
			got := transfer(t, e.do(t, secretary(e.w.A), "GET", "/api/v1/transfers/"+tr.ID, nil, 200))
			var list struct{ Items []transfers.Transfer }
			e.do(t, secretary(e.w.R), "GET", "/api/v1/orgs/"+e.w.R.ID+"/transfers?direction=out&lapsing=1", nil, 200).JSON(t, &list)
			if got.Lapsing != c.lapsing || got.Lapsed != c.lapsed || len(list.Items) != c.listedAsLapsing {
				t.Errorf("%s: lapsing %v lapsed %v listed %d", c.day, got.Lapsing, got.Lapsed, len(list.Items))
			}
		}
		e.do(t, secretary(e.w.A), "POST", "/api/v1/transfers/"+tr.ID+"/cancel", nil, 200)
		if got := transfer(t, e.do(t, secretary(e.w.A), "GET", "/api/v1/transfers/"+tr.ID, nil, 200)); got.Lapsed || got.Lapsing {
			t.Errorf("a closed transfer is not lapsing: %+v", got)
		}

		set("3", 200)
		e.clk.Set(time.Date(2026, 1, 31, 2, 0, 0, 0, time.UTC))
		if got := e.outgoing(t, e.w.A, "m-yi").ValidUntil; got != "2026-04-30" {
			t.Errorf("three months from 31 January: %s", got)
		}
	})
}

// TestLapsedLetter: the member reports within the letter's validity
// (教育管理条例), so a lapsed letter can be neither accepted (internal) nor
// confirmed (outgoing) — the sending org cancels it and issues a new one;
// its last valid day still counts.
func TestLapsedLetter(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		in, out := e.internal(t, e.w.A, "m-jia", e.w.B), e.outgoing(t, e.w.A, "m-yi")
		if in.ValidUntil != "2026-06-02" || out.ValidUntil != "2026-06-02" {
			t.Fatalf("valid until %s and %s", in.ValidUntil, out.ValidUntil)
		}
		e.at(t, "2026-06-03")
		for _, c := range []struct {
			by          transfers.OrgRef
			id, action  string
			body        map[string]any
			stateBefore string
		}{
			{e.w.B, in.ID, "accept", nil, "pending"},
			{e.w.A, out.ID, "confirm", map[string]any{"reported_on": "2026-06-01"}, "issued"},
		} {
			r := e.do(t, secretary(c.by), "POST", "/api/v1/transfers/"+c.id+"/"+c.action, c.body, 409)
			if !r.Contains("介绍信有效期至2026年6月2日，已过期") || !r.Contains("转出党组织撤销") ||
				!r.Contains("《中国共产党党员教育管理工作条例》") {
				t.Errorf("%s of a lapsed letter: %s", c.action, r.Body)
			}
			if got := transfer(t, e.do(t, secretary(e.w.A), "GET", "/api/v1/transfers/"+c.id, nil, 200)); got.State != c.stateBefore {
				t.Errorf("%s refused, yet the state is %s", c.action, got.State)
			}
			e.do(t, secretary(e.w.A), "POST", "/api/v1/transfers/"+c.id+"/cancel", map[string]any{"reason": "介绍信过期"}, 200)
		}
		if m := e.dir.member("m-jia"); m.OrgID != e.w.A.ID || !m.Active || !e.dir.member("m-yi").Active {
			t.Errorf("refused actions changed the register: %+v", m)
		}
		// A new letter, accepted and confirmed on its last valid day.
		in, out = e.internal(t, e.w.A, "m-jia", e.w.B), e.outgoing(t, e.w.A, "m-yi")
		e.at(t, in.ValidUntil)
		e.do(t, secretary(e.w.B), "POST", "/api/v1/transfers/"+in.ID+"/accept", nil, 200)
		e.do(t, secretary(e.w.A), "POST", "/api/v1/transfers/"+out.ID+"/confirm", map[string]any{"reported_on": in.ValidUntil}, 200)
	})
}

// TestLetter: the printable letter and its PDF carry the number, the
// masked ID number (never the full one) and the 回执 stub.
func TestLetter(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.internal(t, e.w.A, "m-bing", e.w.B)
		var l transfers.Letter
		e.do(t, viewer(e.w.B), "GET", "/api/v1/transfers/"+tr.ID+"/letter", nil, 200).JSON(t, &l)
		body := strings.Join(l.Body, "\n")
		if l.Number != "2026-0001" || l.Issuer != "第一支部" || l.ValidUntil != "2026-06-02" || l.Void != "" ||
			!strings.Contains(body, "丙同志（预备党员），身份证号码 110105********123X") ||
			!strings.Contains(body, "由「第一支部」转到「第二支部」") || !strings.Contains(body, "党费已交到 2026 年 2 月") ||
			!strings.Contains(body, "2026年6月2日") || !strings.Contains(strings.Join(l.Stub, ""), "第 2026-0001 号介绍信") {
			t.Fatalf("letter: %+v", l)
		}
		r := e.do(t, secretary(e.w.A), "GET", "/api/v1/transfers/"+tr.ID+"/letter.pdf", nil, 200)
		if !bytes.HasPrefix(r.Body, []byte("%PDF-1.4")) || r.Header.Get("Content-Type") != "application/pdf" ||
			!bytes.HasSuffix(bytes.TrimSpace(r.Body), []byte("%%EOF")) {
			t.Fatalf("not a PDF: %q", r.Body[:min(len(r.Body), 16)])
		}
		text := pdfText(t, r.Body)
		for _, s := range []string{"2026-0001", "中国共产党党员组织关系介绍信", "回执", "110105********123X", "第二支部"} {
			if !strings.Contains(text, hexUTF16(s)) {
				t.Errorf("PDF lacks %q", s)
			}
		}
		e.do(t, secretary(e.w.X1), "GET", "/api/v1/transfers/"+tr.ID+"/letter.pdf", nil, 404)
		e.do(t, secretary(e.w.A), "POST", "/api/v1/transfers/"+tr.ID+"/cancel", nil, 200)
		e.do(t, secretary(e.w.A), "GET", "/api/v1/transfers/"+tr.ID+"/letter", nil, 200).JSON(t, &l)
		if l.Void != "本介绍信已作废（已撤销）" {
			t.Errorf("a cancelled letter should say it is void: %q", l.Void)
		}
	})
}

var pdfStream = regexp.MustCompile(`(?s)/Length (\d+) /Filter /FlateDecode[^>]*>>\nstream\n`)

// pdfText is the drawing streams of a PDF, inflated.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	var all []byte
	for _, loc := range pdfStream.FindAllSubmatchIndex(b, -1) {
		n, _ := strconv.Atoi(string(b[loc[2]:loc[3]]))
		zr, err := zlib.NewReader(bytes.NewReader(b[loc[1] : loc[1]+n]))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, plain...)
	}
	return string(all)
}

// hexUTF16 is s as the pdf package writes text: UTF-16BE hex.
func hexUTF16(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, "%04X", r)
	}
	return b.String()
}
