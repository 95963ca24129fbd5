package app_test

import (
	"net/http"
	"strings"
	"testing"

	"dangjian/internal/app"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/httpx"
)

// duesObjects are one branch's 党费 records the matrix aims at.
type duesObjects struct {
	base, hardship, entry, receipt, remittance string
}

// dues gives org's member a confirmed base, posts November, records the
// month's payment, proposes a hardship reduction and closes the month.
func (w *world) dues(t *testing.T, org, member string) duesObjects {
	t.Helper()
	var o duesObjects
	orgPath := "/api/v1/orgs/" + w.ids[org] + "/dues"
	o.base = w.idOf(t, w.srv.Do(t, "POST", orgPath+"/bases", map[string]any{"member_id": member, "year": 2026,
		"effective_month": "2026-01", "category": "salaried", "base_fen": 480000}))
	if r := w.srv.Do(t, "POST", orgPath+"/months/2026-11/post", nil); r.Status != http.StatusOK && r.Status != http.StatusCreated {
		t.Fatalf("posting %s's November: %d %s", org, r.Status, r.Body)
	}
	var paid struct {
		Receipts []struct{ ID string } `json:"receipts"`
	}
	w.srv.Do(t, "POST", orgPath+"/payments", map[string]any{"payments": []map[string]any{
		{"member_id": member, "months": []string{"2026-11"}, "method": "cash"}}}).JSON(t, &paid)
	if len(paid.Receipts) != 1 {
		t.Fatalf("no receipt for %s", org)
	}
	o.receipt = paid.Receipts[0].ID
	var entries struct {
		Items []struct{ ID string } `json:"items"`
	}
	w.srv.Do(t, "GET", "/api/v1/dues/members/"+member+"/entries", nil).JSON(t, &entries)
	if len(entries.Items) == 0 {
		t.Fatalf("no ledger entries for %s", org)
	}
	o.entry = entries.Items[0].ID
	o.hardship = w.idOf(t, w.srv.Do(t, "POST", orgPath+"/hardships", map[string]any{"member_id": member,
		"kind": "exempt", "from_month": "2026-12", "to_month": "2027-06", "discussed_on": "2026-11-20", "discussion": "支委会讨论同意"}))
	var closed struct {
		Remittance struct{ ID string } `json:"remittance"`
	}
	w.srv.Do(t, "POST", orgPath+"/periods/2026-11/close", nil).JSON(t, &closed)
	if closed.Remittance.ID == "" {
		t.Fatalf("closing %s's month sent no remittance", org)
	}
	o.remittance = closed.Remittance.ID
	return o
}

// duesTarget is the request for a 党费 route aimed at o, with a valid body
// (so that what answers is the scope check, not validation).
func duesTarget(rt httpx.Route, member, branch string, o duesObjects) (string, any, bool) {
	sub := func(id string) string { return strings.Replace(rt.Path, "{id}", id, 1) }
	reason := map[string]any{"reason": "测试"}
	switch {
	case strings.HasPrefix(rt.Path, "/api/v1/dues/bases/{id}"):
		return sub(o.base), reason, true
	case strings.HasPrefix(rt.Path, "/api/v1/dues/hardships/{id}"):
		return sub(o.hardship), reason, true
	case strings.HasPrefix(rt.Path, "/api/v1/dues/entries/{id}"):
		return sub(o.entry), reason, true
	case strings.HasPrefix(rt.Path, "/api/v1/dues/receipts/{id}"), strings.HasPrefix(rt.Path, "/api/v1/my/dues/receipts/{id}"):
		return sub(o.receipt), nil, true
	case strings.HasPrefix(rt.Path, "/api/v1/dues/remittances/{id}"):
		return sub(o.remittance), map[string]any{"note": "测试"}, true
	case strings.HasPrefix(rt.Path, "/api/v1/dues/members/{id}"):
		return sub(member), nil, true
	}
	bodies := map[string]any{
		"POST /api/v1/orgs/{id}/dues/bases": map[string]any{"member_id": member, "year": 2026, "effective_month": "2026-07",
			"category": "retired", "base_fen": 400000},
		"POST /api/v1/orgs/{id}/dues/payments": map[string]any{"payments": []map[string]any{
			{"member_id": member, "months": []string{"2026-12"}, "method": "cash"}}, "branch_consent": true},
		"POST /api/v1/orgs/{id}/dues/voluntary": map[string]any{"member_id": member, "amount_fen": 10000, "method": "cash"},
		"POST /api/v1/orgs/{id}/dues/hardships": map[string]any{"member_id": member, "kind": "reduced", "reduced_fen": 100,
			"from_month": "2027-07", "to_month": "2027-12", "discussed_on": "2026-11-20", "discussion": "讨论"},
		"PUT /api/v1/orgs/{id}/dues/settings": map[string]any{"values": map[string]any{"dues.backpay_months": "3"}},
	}
	if b, ok := bodies[rt.Method+" "+rt.Path]; ok {
		return sub(branch), b, true
	}
	return "", nil, false
}

// TestDuesOwnRecordsAndUpperApproval: a member reaches their own receipt
// and no one else's; a branch cannot approve its own hardship request nor
// confirm its own remittance — only the organization above can.
func TestDuesOwnRecordsAndUpperApproval(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildWorld(t, d)
		me := apitest.Member(w.ourMember, w.ids["A1"], w.paths["A1"])
		w.srv.Expect(t, me, "GET", "/api/v1/my/dues/receipts/"+w.ours.receipt+"/pdf", nil, http.StatusOK)
		w.srv.Expect(t, me, "GET", "/api/v1/my/dues/receipts/"+w.theirs.receipt+"/pdf", nil, http.StatusNotFound)
		if r := w.srv.Expect(t, me, "GET", "/api/v1/my/dues", nil, http.StatusOK); r.Contains("测试B1") {
			t.Errorf("my dues shows another member: %s", r.Body)
		}
		secretary := w.principal(authz.PartyWorker, "A1")
		reason := map[string]any{"reason": "同意"}
		w.srv.Expect(t, secretary, "POST", "/api/v1/dues/hardships/"+w.ours.hardship+"/approve", reason, http.StatusNotFound)
		w.srv.Expect(t, secretary, "POST", "/api/v1/dues/remittances/"+w.ours.remittance+"/confirm", map[string]any{"note": ""}, http.StatusNotFound)
		upper := w.principal(authz.OrgAdmin, "A")
		w.srv.Expect(t, upper, "POST", "/api/v1/dues/hardships/"+w.ours.hardship+"/approve", reason, http.StatusOK)
		w.srv.Expect(t, upper, "POST", "/api/v1/dues/remittances/"+w.ours.remittance+"/confirm", map[string]any{"note": ""}, http.StatusOK)
		w.srv.Expect(t, upper, "POST", "/api/v1/dues/remittances/"+w.theirs.remittance+"/confirm", map[string]any{"note": ""}, http.StatusNotFound)
	})
}
