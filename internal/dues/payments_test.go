package dues_test

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/apitest"
)

// fieldErrors maps the fields of a 422 answer to their messages.
func fieldErrors(t *testing.T, r *apitest.Response) map[string]string {
	t.Helper()
	var p struct {
		Errors []struct{ Field, Code, Message string }
	}
	r.JSON(t, &p)
	out := map[string]string{}
	for _, e := range p.Errors {
		out[e.Field] = e.Message
	}
	return out
}

// refused posts a batch that must fail with 422 and returns its field errors.
func (e *env) refused(t *testing.T, o dues.OrgRef, body map[string]any) map[string]string {
	t.Helper()
	return fieldErrors(t, e.do(t, secretary(o), "POST", "/api/v1/orgs/"+o.ID+"/dues/payments", body, 422))
}

func TestBatchPaymentIsAllOrNothing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 480000, "2026-01")
		e.confirmedBase(t, "m-yi", rules.Salaried, 250000, "2026-01")
		e.postMonth(t, secretary(w.A), w.A, "2026-03")

		good := map[string]any{"member_id": "m-jia", "months": []string{"2026-03"}, "method": "cash"}
		errs := e.refused(t, w.A, map[string]any{"payments": []map[string]any{good,
			{"member_id": "m-yi", "months": []string{"2026-03"}, "method": "transfer"},
			{"member_id": "m-ding", "months": []string{"2026-03"}, "method": "cash"},
			{"member_id": "m-bing", "months": []string{"2026-03"}, "method": "cash"},
			{"member_id": "m-jia", "months": []string{"2026-03"}, "method": "cash"},
		}})
		want := []string{"payments[1].reference", "payments[2].member_id", "payments[3].months", "payments[4].member_id"}
		if got := slices.Sorted(maps.Keys(errs)); !slices.Equal(got, want) {
			t.Fatalf("errors %v, want fields %v", errs, want)
		}
		if !strings.Contains(errs["payments[3].months"], "基数") || !strings.Contains(errs["payments[2].member_id"], "本支部") {
			t.Fatalf("messages: %v", errs)
		}
		e.assertNothingPaid(t)

		// The month is paid: paying it again refuses the whole batch.
		e.payBatch(t, w.A, payBody("cash", "", false, []string{"2026-03"}, "m-jia"))
		errs = e.refused(t, w.A, payBody("online", "WX-9", false, []string{"2026-03"}, "m-yi", "m-jia"))
		if len(errs) != 1 || !strings.Contains(errs["payments[1].months"], "已交清") {
			t.Fatalf("errors: %v", errs)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dues_entries WHERE member_id = 'm-yi' AND kind = 'payment'"); n != 0 {
			t.Fatalf("乙 was recorded from a refused batch: %d", n)
		}
		rs := e.payBatch(t, w.A, payBody("online", "WX-9", false, []string{"2026-03"}, "m-yi"))
		if rs[0].Number != "2026-000002" || rs[0].TotalFen != 1250 || rs[0].Reference != "WX-9" {
			t.Fatalf("numbers skipped by refused batches: %+v", rs)
		}
	})
}

// assertNothingPaid checks that no payment, receipt, number or event exists.
func (e *env) assertNothingPaid(t *testing.T) {
	t.Helper()
	for _, q := range []string{"SELECT COUNT(*) FROM dues_entries WHERE kind <> 'charge'", "SELECT COUNT(*) FROM dues_receipts",
		"SELECT COUNT(*) FROM dues_receipt_counters", "SELECT COUNT(*) FROM dues_member_months WHERE paid_fen <> 0",
		"SELECT COUNT(*) FROM outbox_events WHERE type = 'dues.paid'"} {
		if n := e.count(t, q); n != 0 {
			t.Fatalf("%s: %d", q, n)
		}
	}
}

func TestBackPayAndPayAheadLimits(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 480000, "2025-01")
		// The open period is 2026-03: 2025-09 is six months back.
		rs := e.payBatch(t, w.A, payBody("cash", "", true, []string{"2025-09"}, "m-jia"))
		if rs[0].TotalFen != 4800 {
			t.Fatalf("back-pay of an uncharged month: %+v", rs)
		}
		errs := e.refused(t, w.A, payBody("cash", "", true, []string{"2025-08"}, "m-jia"))
		if !strings.Contains(errs["payments[0].months"], "补缴不能超过 6 个月") {
			t.Fatalf("7 months back: %v", errs)
		}
		errs = e.refused(t, w.A, payBody("cash", "", false, []string{"2026-02"}, "m-jia"))
		if !strings.Contains(errs["payments[0].months"], "补缴或预缴须经支部同意") {
			t.Fatalf("back-pay without consent: %v", errs)
		}
		errs = e.refused(t, w.A, payBody("cash", "", false, []string{"2026-03", "2026-04"}, "m-jia"))
		if !strings.Contains(errs["payments[0].months"], "须经支部同意") {
			t.Fatalf("ahead without consent: %v", errs)
		}
		e.payBatch(t, w.A, payBody("cash", "", false, []string{"2026-03"}, "m-jia"))
		e.payBatch(t, w.A, payBody("cash", "", true, []string{"2027-03"}, "m-jia"))
		errs = e.refused(t, w.A, payBody("cash", "", true, []string{"2027-04"}, "m-jia"))
		if !strings.Contains(errs["payments[0].months"], "预缴不能超过 12 个月") {
			t.Fatalf("13 months ahead: %v", errs)
		}
		// A committee's setting holds for its branches.
		e.do(t, admin(w.R), "PUT", "/api/v1/orgs/"+w.R.ID+"/dues/settings",
			map[string]any{"values": map[string]any{"dues.backpay_months": "3"}}, 200)
		errs = e.refused(t, w.A, payBody("cash", "", true, []string{"2025-11"}, "m-jia"))
		if !strings.Contains(errs["payments[0].months"], "补缴不能超过 3 个月") {
			t.Fatalf("local back-pay limit: %v", errs)
		}
		// Months before admission are not owed.
		e.confirmedBase(t, "m-bing", rules.Student, 0, "2025-01")
		errs = e.refused(t, w.A, payBody("cash", "", true, []string{"2025-12"}, "m-bing"))
		if !strings.Contains(errs["payments[0].months"], "尚未入党") {
			t.Fatalf("before admission: %v", errs)
		}
		onTime := map[string]bool{}
		for _, p := range e.events(t, dues.EventPaid) {
			var ev struct {
				Month  string `json:"month"`
				OnTime bool   `json:"on_time"`
			}
			json.Unmarshal([]byte(p), &ev)
			onTime[ev.Month] = ev.OnTime
		}
		if want := map[string]bool{"2025-09": false, "2026-03": true, "2027-03": true}; !maps.Equal(onTime, want) {
			t.Fatalf("on_time %v, want %v", onTime, want)
		}
	})
}

func TestPaidAheadMonthStaysPaidWhenPosted(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 480000, "2026-01")
		e.payBatch(t, w.A, payBody("cash", "", true, []string{"2026-04", "2026-05"}, "m-jia"))
		errs := e.refused(t, w.A, payBody("cash", "", true, []string{"2026-04"}, "m-jia"))
		if !strings.Contains(errs["payments[0].months"], "已预交") {
			t.Fatalf("paying ahead twice: %v", errs)
		}
		e.at(t, "2026-04-02")
		if res := e.postMonth(t, admin(w.R), w.R, "2026-04"); res.Posted != 1 { // only 甲 has a base
			t.Fatalf("post: %+v", res)
		}
		jia := row(t, e.ledgerOf(t, secretary(w.A), w.A, "2026-04"), "m-jia")
		if jia.DueFen != 4800 || jia.PaidFen != 4800 || jia.OwedFen != 0 || len(jia.UnpaidMonths) != 0 {
			t.Fatalf("paid-ahead month after posting: %+v", jia)
		}
		errs = e.refused(t, w.A, payBody("cash", "", false, []string{"2026-04"}, "m-jia"))
		if !strings.Contains(errs["payments[0].months"], "已交清") {
			t.Fatalf("paying a paid month: %v", errs)
		}
	})
}

func TestReceiptNumbersPerBranchAndYear(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		for _, id := range []string{"m-jia", "m-yi", "m-ding"} {
			e.confirmedBase(t, id, rules.Salaried, 480000, "2026-01")
		}
		numbers := func(rs []dues.Receipt) (out []string) {
			for _, r := range rs {
				out = append(out, r.Number)
			}
			return out
		}
		a := numbers(e.payBatch(t, w.A, payBody("cash", "", false, []string{"2026-03"}, "m-jia", "m-yi")))
		a = append(a, numbers(e.payBatch(t, w.A, payBody("cash", "", true, []string{"2026-04"}, "m-jia")))...)
		if !slices.Equal(a, []string{"2026-000001", "2026-000002", "2026-000003"}) {
			t.Fatalf("branch A: %v", a)
		}
		if b := numbers(e.payBatch(t, w.B, payBody("cash", "", false, []string{"2026-03"}, "m-ding"))); !slices.Equal(b, []string{"2026-000001"}) {
			t.Fatalf("branch B: %v", b)
		}
		var v dues.Receipt
		e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/voluntary",
			map[string]any{"member_id": "m-yi", "amount_fen": 5000, "method": "cash"}, 201).JSON(t, &v)
		if v.Number != "2026-000004" {
			t.Fatalf("voluntary receipt: %+v", v)
		}
		e.at(t, "2027-01-05")
		if a := numbers(e.payBatch(t, w.A, payBody("cash", "", false, []string{"2027-01"}, "m-yi"))); !slices.Equal(a, []string{"2027-000001"}) {
			t.Fatalf("new year: %v", a)
		}
	})
}

func TestVoluntaryPayments(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		var big, small dues.Receipt
		// A committee records it; it lands in the member's branch.
		e.do(t, admin(w.R), "POST", "/api/v1/orgs/"+w.R.ID+"/dues/voluntary",
			map[string]any{"member_id": "m-jia", "amount_fen": 100000, "method": "transfer", "reference": "B-1", "note": "自愿"}, 201).JSON(t, &big)
		e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/voluntary",
			map[string]any{"member_id": "m-jia", "amount_fen": 99999, "method": "cash"}, 201).JSON(t, &small)
		if big.Kind != "voluntary" || big.OrgID != w.A.ID || big.TotalFen != 100000 || !slices.Equal(big.Months, []string{"2026-03"}) {
			t.Fatalf("voluntary receipt: %+v", big)
		}
		entries := e.entriesOf(t, secretary(w.A), "m-jia")
		if len(entries) != 2 || !entries[0].ToCentre || entries[1].ToCentre {
			t.Fatalf("to_centre from ¥1,000: %+v", entries)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dues_member_months") + e.count(t, "SELECT COUNT(*) FROM dues_tree_months"); n != 0 {
			t.Fatalf("voluntary payments are not dues for a month: %d sum rows", n)
		}
		e.do(t, secretary(w.A), "POST", "/api/v1/dues/entries/"+entries[0].ID+"/reverse", map[string]string{"reason": "退回"}, 201)
		if n := e.count(t, "SELECT COUNT(*) FROM dues_member_months"); n != 0 {
			t.Fatalf("reversing a voluntary payment touched the balances")
		}
		paid := e.events(t, dues.EventPaid)
		joined := strings.Join(paid, "\n")
		if len(paid) != 2 || strings.Count(joined, `"voluntary":true`) != 2 || strings.Count(joined, `"to_centre":true`) != 1 ||
			!strings.Contains(joined, `"amount_fen":100000`) {
			t.Fatalf("events: %v", paid)
		}
		if len(e.events(t, dues.EventPaymentReversed)) != 1 {
			t.Fatal("no dues.payment_reversed for a voluntary payment")
		}
		r := e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/voluntary",
			map[string]any{"member_id": "m-ding", "amount_fen": 0, "method": "online"}, 422)
		if errs := fieldErrors(t, r); len(errs) != 3 || errs["member_id"] == "" || errs["amount_fen"] == "" || errs["reference"] == "" {
			t.Fatalf("errors: %v", errs)
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

func TestReceiptPDF(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 480000, "2026-01")
		rs := e.payBatch(t, w.A, payBody("transfer", "TX-77", false, []string{"2026-03"}, "m-jia"))
		r := e.do(t, viewer(w.R), "GET", "/api/v1/dues/receipts/"+rs[0].ID+"/pdf", nil, 200)
		if !bytes.HasPrefix(r.Body, []byte("%PDF")) || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("not a PDF: %q %s", r.Body[:min(len(r.Body), 16)], r.Header.Get("Content-Type"))
		}
		text := pdfText(t, r.Body)
		for _, s := range []string{"2026-000001", "48.00 元", "甲", "第一支部", "TX-77", "2026年3月"} {
			if !strings.Contains(text, hexUTF16(s)) {
				t.Errorf("PDF lacks %q", s)
			}
		}
		if strings.Contains(text, hexUTF16("¥")) || strings.Contains(text, hexUTF16("已冲正")) {
			t.Error("PDF shows ¥ or a reversal it should not")
		}
	})
}
