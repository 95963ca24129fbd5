package dues_test

import (
	"strings"
	"testing"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/authz"
)

// baseItem is one member of the branch's base list.
type baseItem struct {
	MemberID string           `json:"member_id"`
	Current  *dues.Base       `json:"current"`
	Pending  []dues.Base      `json:"pending"`
	Amount   *dues.AmountView `json:"amount"`
	Missing  bool             `json:"missing"`
}

// bases lists the branch's bases for year as p, by member ID.
func (e *env) bases(t *testing.T, p *authz.Principal, o dues.OrgRef, year string) map[string]baseItem {
	t.Helper()
	var v struct {
		OrgID string     `json:"org_id"`
		Year  int        `json:"year"`
		Items []baseItem `json:"items"`
	}
	e.do(t, p, "GET", "/api/v1/orgs/"+o.ID+"/dues/bases?year="+year, nil, 200).JSON(t, &v)
	out := map[string]baseItem{}
	for _, it := range v.Items {
		out[it.MemberID] = it
	}
	return out
}

func TestSecretaryTypesBaseConfirmed(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		var b dues.Base
		e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/bases",
			body("m-jia", 2026, "2026-01", "salaried", 480000), 201).JSON(t, &b)
		if b.State != "confirmed" || b.Source != "secretary" || b.CategoryLabel != "在职（月工资）" ||
			b.EffectiveMonth != "2026-01" || b.DecidedBy != "书记" || b.MemberName != "甲" {
			t.Fatalf("base: %+v", b)
		}
		list := e.bases(t, viewer(w.R), w.A, "2026")
		it := list["m-jia"]
		if it.Current == nil || it.Current.ID != b.ID || it.Missing || it.Amount == nil ||
			it.Amount.Fen != 4800 || it.Amount.Rule != "月收入 4,800.00 元 × 1% = 48.00 元" {
			t.Fatalf("list item: %+v", it)
		}
		if other := list["m-yi"]; !other.Missing || other.Amount != nil || other.Current != nil || other.Pending == nil {
			t.Errorf("member without a base: %+v", other)
		}
		if len(list) != 3 {
			t.Errorf("%d members listed, want the 3 of branch A", len(list))
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'dues.base_declare' AND target_id = ?", b.ID); n != 1 {
			t.Errorf("%d audit records", n)
		}
		e.do(t, secretary(w.B), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/bases", body("m-jia", 2026, "2026-01", "salaried", 1), 404)
		e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/bases", body("m-ding", 2026, "2026-01", "salaried", 1), 422)
		e.do(t, viewer(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/bases", body("m-jia", 2026, "2026-01", "salaried", 1), 403)
		e.do(t, admin(w.R), "GET", "/api/v1/orgs/"+w.R.ID+"/dues/bases", nil, 409)
	})
}

func body(memberID string, year int, month, category string, fen int64) map[string]any {
	return map[string]any{"member_id": memberID, "year": year, "effective_month": month, "category": category, "base_fen": fen}
}

func TestBaseValidationMessages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		path := "/api/v1/orgs/" + w.A.ID + "/dues/bases"
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
			msg   string
		}{
			{"bad category", body("m-jia", 2026, "2026-01", "rich", 100), "category", "缴费类别无效"},
			{"no category", body("m-jia", 2026, "2026-01", "", 100), "category", "请选择缴费类别"},
			{"negative base", body("m-jia", 2026, "2026-01", "salaried", -1), "base_fen", "基数不能为负数"},
			{"base missing", body("m-jia", 2026, "2026-01", "retired", 0), "base_fen", "请填写月离退休费"},
			{"month outside year", body("m-jia", 2026, "2027-01", "salaried", 100), "effective_month", "起始月份应在申报年度（2026 年）内"},
			{"bad month", body("m-jia", 2026, "2026-13", "salaried", 100), "effective_month", "起始月份格式应为 YYYY-MM"},
			{"no month", body("m-jia", 2026, "", "salaried", 100), "effective_month", "请填写起始月份"},
			{"year too late", body("m-jia", 2028, "2028-01", "salaried", 100), "year", "申报年度应在 2000 至 2027 年之间"},
			{"huge base", body("m-jia", 2026, "2026-01", "salaried", rules.MaxFen+1), "base_fen", "基数过大"},
			{"not in branch", body("m-out", 2026, "2026-01", "salaried", 100), "member_id", "该党员不在本支部"},
		} {
			var p struct {
				Errors []struct{ Field, Message string } `json:"errors"`
			}
			e.do(t, secretary(w.A), "POST", path, c.body, 422).JSON(t, &p)
			found := false
			for _, fe := range p.Errors {
				found = found || (fe.Field == c.field && strings.Contains(fe.Message, c.msg))
			}
			if !found {
				t.Errorf("%s: %+v, want %s: %q", c.name, p.Errors, c.field, c.msg)
			}
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dues_bases"); n != 0 {
			t.Fatalf("%d bases stored after refusals", n)
		}
		var b dues.Base // a fixed category has no base: what was typed is dropped
		e.do(t, secretary(w.A), "POST", path, body("m-yi", 2026, "2026-01", "student", 99999), 201).JSON(t, &b)
		if b.BaseFen != 0 || b.Category != rules.Student {
			t.Errorf("fixed category: %+v", b)
		}
	})
}

func TestMemberDeclarationWaitsForSecretary(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		me := member("m-bing", w.A)
		var b dues.Base
		e.do(t, me, "POST", "/api/v1/my/dues/bases", map[string]any{"year": 2026, "effective_month": "2026-01",
			"category": "salaried", "base_fen": 300001, "note": "试用期"}, 201).JSON(t, &b)
		if b.State != "pending" || b.Source != "member" || b.MemberID != "m-bing" || b.DecidedAt != 0 {
			t.Fatalf("member's declaration: %+v", b)
		}
		e.do(t, me, "POST", "/api/v1/my/dues/bases", map[string]any{"member_id": "m-jia", "year": 2026,
			"effective_month": "2026-01", "category": "salaried", "base_fen": 100}, 403)
		if n := e.count(t, "SELECT COUNT(*) FROM dues_bases WHERE member_id = 'm-jia'"); n != 0 {
			t.Fatalf("a member declared for someone else")
		}
		it := e.bases(t, secretary(w.A), w.A, "2026")["m-bing"]
		if len(it.Pending) != 1 || it.Pending[0].ID != b.ID || it.Current != nil || !it.Missing {
			t.Fatalf("secretary's list: %+v", it)
		}
		if a := e.assessOne(t, "m-bing", "2026-03"); !a.Missing {
			t.Fatalf("a pending declaration applies: %+v", a)
		}
		e.do(t, secretary(w.B), "POST", "/api/v1/dues/bases/"+b.ID+"/confirm", nil, 404)
		e.do(t, viewer(w.A), "POST", "/api/v1/dues/bases/"+b.ID+"/confirm", nil, 403)
		var c dues.Base
		e.do(t, secretary(w.A), "POST", "/api/v1/dues/bases/"+b.ID+"/confirm", nil, 200).JSON(t, &c)
		if c.State != "confirmed" || c.DecidedBy != "书记" || c.DecidedAt == 0 {
			t.Fatalf("confirmed: %+v", c)
		}
		if a := e.assessOne(t, "m-bing", "2026-03"); a.Missing || a.Amount.Fen != 3000 {
			t.Fatalf("after confirmation: %+v, want 3,000.01 × 1%% = 30.00", a)
		}
		e.do(t, secretary(w.A), "POST", "/api/v1/dues/bases/"+b.ID+"/confirm", nil, 409)
		e.do(t, secretary(w.A), "POST", "/api/v1/dues/bases/"+b.ID+"/reject", map[string]any{"reason": "x"}, 409)
		if it := e.bases(t, secretary(w.A), w.A, "2026")["m-bing"]; len(it.Pending) != 0 || it.Current == nil || it.Current.ID != b.ID {
			t.Errorf("list after confirmation: %+v", it)
		}
	})
}

func TestRejectedDeclarationNeverApplies(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-yi", rules.Salaried, 200000, "2026-01")
		var b dues.Base
		e.do(t, member("m-yi", w.A), "POST", "/api/v1/my/dues/bases", map[string]any{"year": 2026,
			"effective_month": "2026-02", "category": "salaried", "base_fen": 100000}, 201).JSON(t, &b)
		path := "/api/v1/dues/bases/" + b.ID + "/reject"
		r := e.do(t, secretary(w.A), "POST", path, map[string]any{}, 422)
		if !r.Contains("请填写驳回理由") {
			t.Errorf("no reason: %s", r.Body)
		}
		var rej dues.Base
		e.do(t, secretary(w.A), "POST", path, map[string]any{"reason": "与工资单不符"}, 200).JSON(t, &rej)
		if rej.State != "rejected" || rej.Reason != "与工资单不符" {
			t.Fatalf("rejected: %+v", rej)
		}
		if a := e.assessOne(t, "m-yi", "2026-03"); a.BaseFen != 200000 {
			t.Fatalf("a rejected declaration applies: %+v", a)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'dues.base_reject' AND target_id = ?", b.ID); n != 1 {
			t.Errorf("%d audit records of the rejection", n)
		}
	})
}

// TestConfirmedBaseCorrectsChargedMonths: months already charged follow a
// base confirmed later (effective before them) by reversal and new charge;
// months before its effective month keep their charge.
func TestConfirmedBaseCorrectsChargedMonths(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 400000, "2026-01")
		for _, mo := range []string{"2026-01", "2026-02", "2026-03"} {
			e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/months/"+mo+"/post", nil, 200)
		}
		var b dues.Base
		e.do(t, member("m-jia", w.A), "POST", "/api/v1/my/dues/bases", map[string]any{"year": 2026,
			"effective_month": "2026-02", "category": "salaried", "base_fen": 600000}, 201).JSON(t, &b)
		due := func(mo string) int64 {
			return e.count(t, "SELECT due_fen FROM dues_member_months WHERE member_id = 'm-jia' AND month = ?", int(month(t, mo)))
		}
		if due("2026-02") != 4000 || due("2026-03") != 4000 {
			t.Fatalf("a pending declaration changed charges: %d %d", due("2026-02"), due("2026-03"))
		}
		e.do(t, secretary(w.A), "POST", "/api/v1/dues/bases/"+b.ID+"/confirm", nil, 200)
		if due("2026-01") != 4000 || due("2026-02") != 9000 || due("2026-03") != 9000 {
			t.Fatalf("after confirmation: %d %d %d, want 4000 9000 9000", due("2026-01"), due("2026-02"), due("2026-03"))
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dues_entries WHERE member_id = 'm-jia' AND kind = 'reversal'"); n != 2 {
			t.Errorf("%d reversals, want 2", n)
		}
	})
}
