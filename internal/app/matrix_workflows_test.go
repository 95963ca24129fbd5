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
	"dangjian/internal/platform/pii"
)

// workflowObjects are one branch's party-affairs records the matrix aims
// at: a 发展党员 file, a transfer, a 换届 election and a 流动党员 record.
type workflowObjects struct {
	file, transfer, election, mobile string
}

// applicantID is a valid ID number for the matrix's applicants.
func applicantID(t *testing.T, birth string, seq string) string {
	t.Helper()
	first := "110105" + strings.ReplaceAll(birth, "-", "") + seq
	c, err := pii.IDCheckDigit(first)
	if err != nil {
		t.Fatal(err)
	}
	return first + string(c)
}

// workflows opens org's applicant file, a letter for member to an
// organization elsewhere, a 换届 plan and a 流动党员 record.
func (w *world) workflows(t *testing.T, org, member, seq string) workflowObjects {
	t.Helper()
	var o workflowObjects
	base := "/api/v1/orgs/" + w.ids[org]
	o.file = w.idOf(t, w.srv.Do(t, "POST", base+"/development/files", map[string]any{
		"name": "申请人" + org, "gender": "male", "ethnicity": "汉族", "birth_date": "2000-01-01",
		"id_number": applicantID(t, "2000-01-01", seq), "phone": "1370000" + seq + "0", "education": "bachelor",
		"category": "enterprise", "applied_on": "2026-11-20"}))
	o.transfer = w.idOf(t, w.srv.Do(t, "POST", base+"/transfers", map[string]any{"member_id": member,
		"kind": "outgoing", "to_org_name": "外省某党支部", "reason": "工作调动", "dues_paid_until": "2026-11"}))
	o.election = w.idOf(t, w.srv.Do(t, "POST", base+"/elections", map[string]any{"planned_on": "2026-12-15",
		"seats_committee": 0, "seats_secretary": 1, "seats_deputy": 0, "method": "直接选举"}))
	o.mobile = w.idOf(t, w.srv.Do(t, "POST", base+"/mobile-members", map[string]any{"member_id": member,
		"whereabouts": "广东省深圳市", "reason": "外出务工", "certificate_no": "流动证 1", "local_org_name": "深圳某流动党员党支部",
		"contact": "13800138" + seq, "since": "2026-11-01", "until": "2027-04-30"}))
	return o
}

// workflowBodies are valid bodies for the workflow routes whose body is
// read before the object is found.
var workflowBodies = map[string]any{
	"POST /api/v1/development/files/{fid}/steps":            map[string]any{"no": 2, "on": "2026-11-22"},
	"POST /api/v1/development/files/{fid}/extend-probation": map[string]any{"months": 6, "reason": "测试"},
	"POST /api/v1/development/files/{fid}/stop":             map[string]any{"reason": "测试"},
	"POST /api/v1/orgs/{id}/transfers": map[string]any{"member_id": "x", "kind": "outgoing", "to_org_name": "外省",
		"reason": "测试", "dues_paid_until": "2026-11"},
	"POST /api/v1/orgs/{id}/transfers/incoming": map[string]any{"letter_no": "1", "from_org_name": "外省"},
	"POST /api/v1/orgs/{id}/mobile-members":     map[string]any{"member_id": "x", "whereabouts": "深圳"},
}

// workflowTarget is the request for a workflow route aimed at o in org.
func workflowTarget(rt httpx.Route, org string, o workflowObjects) (string, any, bool) {
	reason := map[string]any{"reason": "测试"}
	if body, ok := workflowBodies[rt.Method+" "+rt.Path]; ok && strings.Contains(rt.Path, "{id}") {
		return strings.Replace(rt.Path, "{id}", org, 1), body, true
	}
	for _, x := range []struct {
		prefix, param, id string
		body              any
	}{
		{"/api/v1/development/files/{fid}", "{fid}", o.file, workflowBodies[rt.Method+" "+rt.Path]},
		{"/api/v1/transfers/{tid}", "{tid}", o.transfer, reason},
		{"/api/v1/elections/{eid}", "{eid}", o.election, reason},
		{"/api/v1/mobile-members/{mid}", "{mid}", o.mobile, map[string]any{"on": "2026-11-22", "note": "返回"}},
	} {
		if strings.HasPrefix(rt.Path, x.prefix) {
			return strings.Replace(rt.Path, x.param, x.id, 1), x.body, true
		}
	}
	return "", nil, false
}

// TestTransfersThroughTheRegister: a member registered from outside has one
// history line for it in the real register (transfer_in, with the letter), and
// a 流动党员's contact number is masked for every officer, the home
// committee's administrator included, and whole only on the member's own
// GET /my/mobile.
func TestTransfersThroughTheRegister(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildWorld(t, d)
		id := applicantID(t, "1990-05-05", "157")
		tr := w.srv.Expect(t, w.principal(authz.PartyWorker, "A1"), "POST", "/api/v1/orgs/"+w.ids["A1"]+"/transfers/incoming",
			map[string]any{"letter_no": "浙组转〔2026〕118号", "from_org_name": "中共杭州市西湖区委", "issued_on": "2026-11-01",
				"name": "新来", "gender": genderOf(id), "ethnicity": "汉族", "birth_date": "1990-05-05", "id_number": id,
				"phone": "13800001111", "education": "bachelor", "category": "enterprise", "status": "full",
				"joined_on": "2012-07-01", "full_member_on": "2013-07-01"}, http.StatusCreated).Map(t)
		var history struct {
			Items []struct{ Kind, Detail string }
		}
		w.srv.Expect(t, w.principal(authz.OrgAdmin, "R"), "GET", "/api/v1/members/"+tr["member_id"].(string)+"/history", nil,
			http.StatusOK).JSON(t, &history)
		// (入党 and 转正 are shown from the member's dates.)
		want := "transfer_in 组织关系由「中共杭州市西湖区委」转入（介绍信 浙组转〔2026〕118号，开具日期 2026-11-01）,became_full 转为正式党员,admitted 入党"
		var got []string
		for _, h := range history.Items {
			got = append(got, h.Kind+" "+h.Detail)
		}
		if strings.Join(got, ",") != want {
			t.Errorf("history of a member registered from outside: %q", got)
		}

		for _, p := range []*authz.Principal{w.principal(authz.OrgAdmin, "R"), w.principal(authz.PartyWorker, "A1")} {
			var list struct {
				Items []struct{ ID, Contact string }
			}
			w.srv.Expect(t, p, "GET", "/api/v1/orgs/"+w.ids["A1"]+"/mobile-members", nil, http.StatusOK).JSON(t, &list)
			if len(list.Items) != 1 || list.Items[0].ID != w.ourFlows.mobile || list.Items[0].Contact != "138****8011" {
				t.Errorf("mobile members for %s: %+v", p.Username, list.Items)
			}
		}
		mine := w.srv.Expect(t, apitest.Member(w.ourMember, w.ids["A1"], w.paths["A1"]), "GET", "/api/v1/my/mobile", nil,
			http.StatusOK).Map(t)
		if mine["contact"] != "13800138011" {
			t.Errorf("my mobile: %v", mine)
		}
	})
}
