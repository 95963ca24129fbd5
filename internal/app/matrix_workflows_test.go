package app_test

import (
	"strings"
	"testing"

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
