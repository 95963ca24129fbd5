package dues_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/authz"
)

// monthSums stores what a member was charged and paid for a month, as the
// ledger's running sums hold it.
func (e *env) monthSums(t *testing.T, m dues.Member, mo string, due, paid int64) {
	t.Helper()
	if _, err := e.d.ExecContext(context.Background(), `INSERT INTO dues_member_months (member_id, month, org_id,
		org_path, category, due_fen, paid_fen) VALUES (?, ?, ?, ?, 'salaried', ?, ?)`,
		m.ID, int(month(t, mo)), m.OrgID, m.OrgPath, due, paid); err != nil {
		t.Fatal(err)
	}
}

// receiptFor stores a receipt of a member.
func (e *env) receiptFor(t *testing.T, m dues.Member, id string, seq int) {
	t.Helper()
	if _, err := e.d.ExecContext(context.Background(), `INSERT INTO dues_receipts (id, org_id, org_path, year, seq,
		number, member_id, member_name, kind, total_fen, method, months, issued_at, issued_by)
		VALUES (?, ?, ?, 2026, ?, ?, ?, ?, 'payment', 4000, 'cash', '2026-02', ?, '书记')`,
		id, m.OrgID, m.OrgPath, seq, fmt.Sprintf("2026-%06d", seq), m.ID, m.Name, e.clk.Now().UnixMilli()); err != nil {
		t.Fatal(err)
	}
}

type myDues struct {
	MemberID      string           `json:"member_id"`
	Name          string           `json:"name"`
	OrgName       string           `json:"org_name"`
	CategoryLabel string           `json:"category_label"`
	BaseFen       int64            `json:"base_fen"`
	Amount        *dues.AmountView `json:"amount"`
	Missing       bool             `json:"missing"`
	Pending       []dues.Base      `json:"pending"`
	OwedFen       int64            `json:"owed_fen"`
	UnpaidMonths  []string         `json:"unpaid_months"`
	Streak        int              `json:"streak"`
	Warn          string           `json:"warn"`
	Months        []struct {
		Month   string `json:"month"`
		DueFen  int64  `json:"due_fen"`
		PaidFen int64  `json:"paid_fen"`
	} `json:"months"`
	Receipts []struct {
		ID     string   `json:"id"`
		Number string   `json:"number"`
		Months []string `json:"months"`
	} `json:"receipts"`
}

func TestMyDuesWithoutBase(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		var v myDues
		e.do(t, member("m-bing", w.A), "GET", "/api/v1/my/dues", nil, 200).JSON(t, &v)
		if !v.Missing || v.Amount != nil || v.Name != "丙" || v.OrgName != "第一支部" || v.Streak != 0 || v.Warn != "" ||
			v.UnpaidMonths == nil || v.Pending == nil || v.Months == nil || v.Receipts == nil {
			t.Fatalf("no base yet: %+v", v)
		}
		e.do(t, member("m-bing", w.A), "POST", "/api/v1/my/dues/bases", map[string]any{"year": 2026,
			"effective_month": "2026-01", "category": "student", "base_fen": 0}, 201)
		e.do(t, member("m-bing", w.A), "GET", "/api/v1/my/dues", nil, 200).JSON(t, &v)
		if !v.Missing || len(v.Pending) != 1 || v.Pending[0].CategoryLabel != "学生" {
			t.Fatalf("pending declaration: %+v", v)
		}
		noMember := &authz.Principal{AccountID: "acc-x", Username: "x", Grants: []authz.Grant{{Role: authz.Viewer, OrgID: w.A.ID, OrgPath: w.A.Path}}}
		if r := e.do(t, noMember, "GET", "/api/v1/my/dues", nil, 403); !r.Contains("未关联党员") {
			t.Errorf("account without a member: %s", r.Body)
		}
		e.endMember("m-bing")
		e.do(t, member("m-bing", w.A), "GET", "/api/v1/my/dues", nil, 404)
	})
}

func TestMyDuesArrearsAndReceipts(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		jia, _ := e.dir.Member(context.Background(), "m-jia")
		yi, _ := e.dir.Member(context.Background(), "m-yi")
		e.confirmedBase(t, "m-jia", rules.Salaried, 400000, "2024-01")
		e.monthSums(t, jia, "2024-12", 4000, 0)
		for mo := month(t, "2025-01"); mo <= month(t, "2026-02"); mo++ {
			paid := int64(4000)
			if mo >= month(t, "2025-12") {
				paid = 0
			}
			e.monthSums(t, jia, mo.String(), 4000, paid)
		}
		e.receiptFor(t, jia, "r-jia", 1)
		e.receiptFor(t, yi, "r-yi", 2)
		var v myDues
		e.do(t, member("m-jia", w.A), "GET", "/api/v1/my/dues", nil, 200).JSON(t, &v)
		if v.Missing || v.Amount == nil || v.Amount.Fen != 4000 || v.BaseFen != 400000 || v.CategoryLabel != "在职（月工资）" {
			t.Errorf("amount: %+v", v)
		}
		if v.OwedFen != 16000 || strings.Join(v.UnpaidMonths, ",") != "2024-12,2025-12,2026-01,2026-02" || v.Streak != 3 {
			t.Errorf("arrears: owed %d unpaid %v streak %d", v.OwedFen, v.UnpaidMonths, v.Streak)
		}
		if !strings.Contains(v.Warn, "连续 3 个月") || !strings.Contains(v.Warn, rules.SixMonthRule) {
			t.Errorf("warning: %q", v.Warn)
		}
		if len(v.Months) != 12 || v.Months[0].Month != "2024-12" || v.Months[1].Month != "2025-04" || v.Months[11].Month != "2026-02" {
			t.Errorf("months: %+v", v.Months)
		}
		if len(v.Receipts) != 1 || v.Receipts[0].ID != "r-jia" || strings.Join(v.Receipts[0].Months, ",") != "2026-02" {
			t.Errorf("receipts: %+v", v.Receipts)
		}
		pdf := e.do(t, member("m-jia", w.A), "GET", "/api/v1/my/dues/receipts/r-jia/pdf", nil, 200)
		if !strings.HasPrefix(string(pdf.Body), "%PDF") || pdf.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("own receipt: %s %q", pdf.Header.Get("Content-Type"), pdf.Body[:min(len(pdf.Body), 8)])
		}
		e.do(t, member("m-jia", w.A), "GET", "/api/v1/my/dues/receipts/r-yi/pdf", nil, 404)
		e.do(t, member("m-jia", w.A), "GET", "/api/v1/my/dues/receipts/nope/pdf", nil, 404)
		e.do(t, member("m-yi", w.A), "GET", "/api/v1/my/dues", nil, 200).JSON(t, &v)
		if v.Streak != 0 || v.Warn != "" || v.OwedFen != 0 || len(v.Receipts) != 1 {
			t.Errorf("another member's view: %+v", v)
		}
	})
}

func TestMyWarningFollowsSettings(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		jia, _ := e.dir.Member(context.Background(), "m-jia")
		e.monthSums(t, jia, "2026-01", 4000, 0)
		e.monthSums(t, jia, "2026-02", 4000, 0)
		e.monthSums(t, jia, "2026-03", 4000, 0) // this month: owed, not yet in arrears
		var v myDues
		e.do(t, member("m-jia", w.A), "GET", "/api/v1/my/dues", nil, 200).JSON(t, &v)
		if v.Streak != 2 || v.Warn != "" || v.OwedFen != 12000 {
			t.Fatalf("two months by default levels 3,5: %+v", v)
		}
		e.do(t, admin(w.R), "PUT", "/api/v1/orgs/"+w.R.ID+"/dues/settings",
			map[string]any{"values": map[string]any{"dues.warn_months": "2"}}, 200)
		e.do(t, member("m-jia", w.A), "GET", "/api/v1/my/dues", nil, 200).JSON(t, &v)
		if !strings.Contains(v.Warn, "连续 2 个月") {
			t.Fatalf("level 2 set above: %q", v.Warn)
		}
	})
}
