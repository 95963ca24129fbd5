package commendations_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"dangjian/internal/commendations"
)

// awarded reads the commendation.awarded events, by subject.
func (e *env) awarded(t *testing.T) map[string]commendations.AwardedPayload {
	t.Helper()
	rows, err := e.d.QueryContext(t.Context(), "SELECT subject_id, org_path, payload FROM outbox_events WHERE type = ?",
		commendations.EventAwarded)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]commendations.AwardedPayload{}
	for rows.Next() {
		var subject, path, raw string
		var p commendations.AwardedPayload
		if err := rows.Scan(&subject, &path, &raw); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			t.Fatal(err)
		}
		out[subject+" "+path] = p
	}
	return out
}

// TestPublish: the round's org publishes once, after every nomination is
// decided; each approved nominee gets one commendation.awarded and the
// result shows on the member's record.
func TestPublish(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		r := e.open(t, tr.c, map[string]int{"excellent_member": 2, "advanced_org": 1}, nil)
		branch, upper := worker(tr.b1), worker(tr.c)
		m1, _ := e.nominate(t, branch, r.ID, "excellent_member", "m1", http.StatusCreated)
		org, _ := e.nominate(t, upper, r.ID, "advanced_org", "B1", http.StatusCreated)
		m2, _ := e.nominate(t, branch, r.ID, "excellent_member", "m2", http.StatusCreated)
		for _, id := range []string{m1.ID, org.ID} {
			e.srv.Expect(t, upper, "POST", "/api/v1/commendations/nominations/"+id+"/approve", nil, http.StatusOK)
		}
		publish := "/api/v1/commendations/" + r.ID + "/publish"
		code(t, e.srv.Expect(t, upper, "POST", publish, nil, http.StatusConflict), "pending_nominations")
		e.srv.Expect(t, upper, "POST", "/api/v1/commendations/nominations/"+m2.ID+"/reject",
			map[string]string{"note": "事迹不够突出"}, http.StatusOK)
		code(t, e.srv.Expect(t, branch, "POST", publish, nil, http.StatusForbidden), "upper_only")
		if n := len(e.awarded(t)); n != 0 {
			t.Fatalf("%d events before publishing", n)
		}

		var done round
		e.srv.Expect(t, upper, "POST", publish, nil, http.StatusOK).JSON(t, &done)
		if done.State != "closed" {
			t.Errorf("published round %+v", done)
		}
		want := map[string]commendations.AwardedPayload{
			"m1 /L/C/B1/": {RoundID: r.ID, Year: 2026, Title: "2026年度两优一先评选", Kind: "excellent_member",
				KindLabel: "优秀共产党员", MemberID: "m1", OrgID: "B1", Name: "党员m1"},
			"B1 /L/C/B1/": {RoundID: r.ID, Year: 2026, Title: "2026年度两优一先评选", Kind: "advanced_org",
				KindLabel: "先进基层党组织", OrgID: "B1", Name: "第一党支部"},
		}
		if got := e.awarded(t); !reflect.DeepEqual(got, want) {
			t.Errorf("events %+v", got)
		}
		code(t, e.srv.Expect(t, upper, "POST", publish, nil, http.StatusConflict), "already_published")
		if n := len(e.awarded(t)); n != 2 || e.count(t, "SELECT COUNT(*) FROM outbox_events") != 2 {
			t.Errorf("publishing again emitted more: %d", n)
		}
		e.nominate(t, branch, r.ID, "excellent_member", "n1", http.StatusConflict)
		e.srv.Expect(t, upper, "POST", "/api/v1/commendations/nominations/"+m2.ID+"/approve", nil, http.StatusConflict)

		var awards struct {
			Name  string
			Items []commendations.Award
		}
		e.srv.Expect(t, viewer(tr.b1), "GET", "/api/v1/members/m1/commendations", nil, http.StatusOK).JSON(t, &awards)
		if len(awards.Items) != 1 || awards.Items[0].KindLabel != "优秀共产党员" || awards.Items[0].OrgName != "机关党委" ||
			awards.Items[0].Year != 2026 {
			t.Errorf("m1's record: %+v", awards)
		}
		e.srv.Expect(t, viewer(tr.b1), "GET", "/api/v1/members/m2/commendations", nil, http.StatusOK).JSON(t, &awards)
		if len(awards.Items) != 0 {
			t.Errorf("a rejected nominee's record: %+v", awards)
		}
		e.srv.Expect(t, viewer(tr.b2), "GET", "/api/v1/members/m1/commendations", nil, http.StatusNotFound)
		if e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'commendation.publish'") != 1 {
			t.Error("publish not audited once")
		}
	})
}

// TestPublishRechecks: an approved nominee who became ineligible (a 诫勉
// recorded after the approval) holds the publication back until the
// approval is undone.
func TestPublishRechecks(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.tree()
		r := e.open(t, tr.c, map[string]int{"excellent_member": 2}, nil)
		n, _ := e.nominate(t, worker(tr.b1), r.ID, "excellent_member", "m1", http.StatusCreated)
		e.srv.Expect(t, worker(tr.c), "POST", "/api/v1/commendations/nominations/"+n.ID+"/approve", nil, http.StatusOK)
		e.srv.Expect(t, worker(tr.b1), "POST", "/api/v1/orgs/B1/commendations/marks", map[string]any{"member_id": "m1",
			"kind": "admonished", "reason": "谈话函询后诫勉", "on": "2026-03-02"}, http.StatusCreated)
		resp := e.srv.Expect(t, worker(tr.c), "POST", "/api/v1/commendations/"+r.ID+"/publish", nil, http.StatusConflict)
		code(t, resp, "ineligible_approved")
		if !resp.Contains("党员m1（诫勉（2026-03-02）") {
			t.Errorf("why: %s", resp.Body)
		}
		var view round
		e.srv.Expect(t, viewer(tr.c), "GET", "/api/v1/commendations/"+r.ID, nil, http.StatusOK).JSON(t, &view)
		if got := view.Nominations[0]; got.Eligible || len(got.Reasons) != 1 {
			t.Errorf("the view shows %+v", got)
		}
		e.srv.Expect(t, worker(tr.c), "POST", "/api/v1/commendations/nominations/"+n.ID+"/reject",
			map[string]string{"note": "受到诫勉"}, http.StatusOK)
		e.srv.Expect(t, worker(tr.c), "POST", "/api/v1/commendations/"+r.ID+"/publish", nil, http.StatusOK)
		if n := len(e.awarded(t)); n != 0 {
			t.Errorf("%d awarded", n)
		}
	})
}
