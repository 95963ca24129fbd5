package dues_test

import (
	"net/http"
	"testing"
	"time"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/clock"
)

// at sets the clock to 09:00 Shanghai on date (YYYY-MM-DD).
func (e *env) at(t *testing.T, date string) {
	t.Helper()
	d, err := time.ParseInLocation(clock.DateLayout, date, clock.Shanghai)
	if err != nil {
		t.Fatal(err)
	}
	e.clk.Set(d.Add(9 * time.Hour))
}

// set sets a dues setting at o.
func (e *env) set(t *testing.T, o dues.OrgRef, key, value string) {
	t.Helper()
	e.do(t, admin(o), http.MethodPut, "/api/v1/orgs/"+o.ID+"/dues/settings",
		map[string]any{"values": map[string]any{key: value}}, http.StatusOK)
}

// post charges month m ("2026-11") for o's subtree.
func (e *env) post(t *testing.T, o dues.OrgRef, m string) {
	t.Helper()
	e.do(t, admin(o), http.MethodPost, "/api/v1/orgs/"+o.ID+"/dues/months/"+m+"/post", nil, http.StatusOK)
}

// pay records a cash payment of months by a member of branch (with the
// branch's consent, for back-payment).
func (e *env) pay(t *testing.T, branch dues.OrgRef, memberID string, months ...string) {
	t.Helper()
	e.do(t, secretary(branch), http.MethodPost, "/api/v1/orgs/"+branch.ID+"/dues/payments", map[string]any{
		"payments":       []map[string]any{{"member_id": memberID, "months": months, "method": "cash"}},
		"branch_consent": true}, http.StatusCreated)
}

// voluntary records a voluntary cash payment of fen by a member of branch.
func (e *env) voluntary(t *testing.T, branch dues.OrgRef, memberID string, fen int64) {
	t.Helper()
	e.do(t, secretary(branch), http.MethodPost, "/api/v1/orgs/"+branch.ID+"/dues/voluntary",
		map[string]any{"member_id": memberID, "amount_fen": fen, "method": "cash"}, http.StatusCreated)
}

// closed is the answer to closing a period.
type closed struct {
	Period       string           `json:"period"`
	CollectedFen int64            `json:"collected_fen"`
	ReceivedFen  int64            `json:"received_fen"`
	RetainedFen  int64            `json:"retained_fen"`
	RemittedFen  int64            `json:"remitted_fen"`
	CentreFen    int64            `json:"centre_fen"`
	Remittance   *dues.Remittance `json:"remittance"`
}

// close closes o's period as a party worker of o.
func (e *env) close(t *testing.T, o dues.OrgRef, period string) closed {
	t.Helper()
	var c closed
	e.do(t, secretary(o), http.MethodPost, "/api/v1/orgs/"+o.ID+"/dues/periods/"+period+"/close", nil,
		http.StatusCreated).JSON(t, &c)
	return c
}

// confirm confirms a remittance as a party worker of its receiving org.
func (e *env) confirm(t *testing.T, to dues.OrgRef, id string) dues.Remittance {
	t.Helper()
	var x dues.Remittance
	e.do(t, secretary(to), http.MethodPost, "/api/v1/dues/remittances/"+id+"/confirm",
		map[string]string{"note": "已到账"}, http.StatusOK).JSON(t, &x)
	return x
}

// statement reads o's statement; query is "year=2026" or "month=2026-11".
func (e *env) statement(t *testing.T, o dues.OrgRef, query string) dues.Statement {
	t.Helper()
	var st dues.Statement
	e.do(t, viewer(o), http.MethodGet, "/api/v1/orgs/"+o.ID+"/dues/statement?"+query, nil, http.StatusOK).JSON(t, &st)
	return st
}

// province is a deeper tree than world: a province committee P (the root),
// a committee C under it and two branches C1 (党员 张三, 李四) and C2 (王五)
// under C.
type province struct{ P, C, C1, C2 dues.OrgRef }

func (e *env) province(t *testing.T) province {
	t.Helper()
	var p province
	p.P = e.mkOrg(nil, "committee", "省委")
	p.C = e.mkOrg(&p.P, "committee", "市直机关工委")
	p.C1 = e.mkOrg(&p.C, "branch", "一支部")
	p.C2 = e.mkOrg(&p.C, "branch", "二支部")
	e.addMember("p-zhang", "张三", p.C1, "2000-07-01", "")
	e.addMember("p-li", "李四", p.C1, "2005-07-01", "")
	e.addMember("p-wang", "王五", p.C2, "2010-07-01", "")
	e.officer("sec-c1", "一支部书记", p.C1)
	return p
}

// octoberPaid is the province on 20 October 2026, 张三 (48.00 a month)
// having paid October at C1.
func (e *env) octoberPaid(t *testing.T) province {
	t.Helper()
	p := e.province(t)
	e.at(t, "2026-10-20")
	e.confirmedBase(t, "p-zhang", rules.Salaried, 480000, "2026-01")
	e.post(t, p.P, "2026-10")
	e.pay(t, p.C1, "p-zhang", "2026-10")
	return p
}
