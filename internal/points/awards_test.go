package points_test

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"slices"
	"testing"

	"dangjian/internal/platform/authz"
	"dangjian/internal/points"
)

// evidence uploads a text file as p and returns its ID.
func (e *env) evidence(t *testing.T, p *authz.Principal, org points.OrgRef) string {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("file", "证明材料.txt")
	part.Write([]byte("社区志愿服务证明：2026 年 5 月参加服务 8 小时。"))
	mw.Close()
	req := httptest.NewRequest("POST", "/api/v1/orgs/"+org.ID+"/points/evidence", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	r := e.srv.As(p).DoRequest(req)
	if r.Status != 201 {
		t.Fatalf("evidence upload: %d %s", r.Status, r.Body)
	}
	var out struct{ ID string }
	r.JSON(t, &out)
	return out.ID
}

// fieldsOf lists the fields of a 422 answer.
func fieldsOf(t *testing.T, body map[string]any) []string {
	var out []string
	for _, fe := range body["errors"].([]any) {
		out = append(out, fe.(map[string]any)["field"].(string))
	}
	slices.Sort(out)
	return out
}

func TestManualAwardNeedsReasonEvidenceAndASecondPerson(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		sec, upper := grant(authz.PartyWorker, e.A, "支部书记"), grant(authz.PartyWorker, e.R, "组织委员")
		url := "/api/v1/orgs/" + e.A.ID + "/points/awards"
		bad := e.do(t, sec, "POST", url, map[string]any{"member_id": "b1", "points": 0, "on": "2026-06-02",
			"reason": " ", "file_ids": []string{}}, 422).Map(t)
		if got := fieldsOf(t, bad); !slices.Equal(got, []string{"file_ids", "member_id", "on", "points", "reason"}) {
			t.Fatalf("fields %v", got)
		}
		e.do(t, sec, "POST", url, map[string]any{"member_id": "a1", "points": 51, "on": "2026-05-20",
			"reason": "表现突出", "file_ids": []string{e.evidence(t, sec, e.A)}}, 422)

		fid := e.evidence(t, sec, e.A)
		var a points.Award
		e.do(t, sec, "POST", url, map[string]any{"member_id": "a1", "points": 5, "on": "2026-05-20",
			"reason": "社区志愿服务表现突出", "file_ids": []string{fid}}, 201).JSON(t, &a)
		if a.State != "pending" || a.OrgName != "第一支部" || len(a.Files) != 1 || a.Files[0].Name != "证明材料.txt" {
			t.Fatalf("award %+v", a)
		}
		approve := "/api/v1/points/awards/" + a.ID + "/approve"
		if r := e.do(t, sec, "POST", approve, nil, 403); !r.Contains(`"same_person"`) || !r.Contains("须由另一人审批") {
			t.Fatalf("same person: %s", r.Body)
		}
		e.do(t, grant(authz.Viewer, e.R, "领导"), "POST", approve, nil, 403)
		e.do(t, grant(authz.OrgAdmin, e.X, "外人"), "POST", approve, nil, 404)
		e.do(t, upper, "POST", approve, map[string]string{"note": "同意"}, 200).JSON(t, &a)
		if a.State != "approved" || a.DecidedBy != "组织委员" || a.DecisionNote != "同意" {
			t.Fatalf("approved %+v", a)
		}
		e.do(t, upper, "POST", approve, nil, 409)
		v := e.entries(t, "a1")
		if v.Total != 5 || v.Entries[0].SourceTitle != "加分：社区志愿服务表现突出" || v.Entries[0].Rule != "manual" {
			t.Fatalf("a1 after the award: %+v", v)
		}
		e.wantTotals(t, map[string]int{"a1": 5})

		// The evidence of an approved award cannot back another one.
		e.do(t, sec, "POST", url, map[string]any{"member_id": "a2", "points": -3, "on": "2026-05-20",
			"reason": "无故缺席志愿活动", "file_ids": []string{fid}}, 422)
		var d points.Award
		e.do(t, sec, "POST", url, map[string]any{"member_id": "a2", "points": -3, "on": "2026-05-20",
			"reason": "无故缺席志愿活动", "file_ids": []string{e.evidence(t, sec, e.A)}}, 201).JSON(t, &d)
		reject := "/api/v1/points/awards/" + d.ID + "/reject"
		e.do(t, upper, "POST", reject, map[string]string{"reason": ""}, 422)
		e.do(t, upper, "POST", reject, map[string]string{"reason": "证明不足"}, 200).JSON(t, &d)
		if d.State != "rejected" || e.total(t, "a2", 2026) != 0 {
			t.Fatalf("rejected %+v, a2 total %d", d, e.total(t, "a2", 2026))
		}

		var list struct{ Items []points.Award }
		e.do(t, upper, "GET", "/api/v1/orgs/"+e.R.ID+"/points/awards?state=approved", nil, 200).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != a.ID {
			t.Fatalf("approved in R: %+v", list.Items)
		}
		e.do(t, grant(authz.OrgAdmin, e.X, "外人"), "GET", "/api/v1/orgs/"+e.A.ID+"/points/awards", nil, 404)
		file := "/api/v1/points/awards/" + a.ID + "/files/" + fid
		if r := e.do(t, upper, "GET", file, nil, 200); !r.Contains("8 小时") {
			t.Fatalf("evidence download: %s", r.Body)
		}
		e.do(t, grant(authz.OrgAdmin, e.X, "外人"), "GET", file, nil, 404)

		var audited int
		e.d.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action IN
			('points.award_request', 'points.award_approved', 'points.award_rejected')`).Scan(&audited)
		if audited != 4 {
			t.Fatalf("%d audited award actions, want 4", audited)
		}
	})
}
