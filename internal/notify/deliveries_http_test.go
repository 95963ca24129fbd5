package notify_test

import (
	"net/http"
	"strings"
	"testing"

	"dangjian/internal/notify"
	"dangjian/internal/notify/channel"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/httpx"
)

func (e *chEnv) server() *apitest.Server {
	srv := apitest.New()
	e.n.Routes(srv.Router)
	return srv
}

func memberOf(memberID, orgID, path string) *authz.Principal {
	return &authz.Principal{AccountID: "acc-" + memberID, Username: memberID, MemberID: memberID,
		Grants: []authz.Grant{{ID: "g-" + memberID, Role: authz.MemberRole, OrgID: orgID, OrgPath: path}}}
}

func staff(role authz.Role, orgID, path string) *authz.Principal {
	return &authz.Principal{AccountID: "staff-" + string(role), Username: "staff", DisplayName: "党务干部",
		Grants: []authz.Grant{{ID: "g", Role: role, OrgID: orgID, OrgPath: path}}}
}

func TestDeliveryLogIsScopedAndLabelled(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{noEmail: true})
		to := e.people(3)
		e.sms.failWith(&channel.SendError{Permanent: true, Code: "isv.BUSINESS_LIMIT_CONTROL", Message: "触发流控"})
		e.send(t, "k1", to, notify.SMS, notify.Email)
		e.runDue(t)
		srv := e.server()
		base := "/api/v1/orgs/" + e.org + "/deliveries"

		srv.As(staff(authz.PartyWorker, e.org, e.orgP))
		r := srv.Do(t, "GET", base, nil)
		var list httpx.List[notify.DeliveryItem]
		r.JSON(t, &list)
		if r.Status != http.StatusOK || list.Total != 6 || len(list.Items) != 6 || list.PageSize != 20 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		labels := map[string]int{}
		for _, it := range list.Items {
			labels[it.StateLabel]++
			if it.RecipientName == "" || it.Title != "关于开展主题党日活动的通知" || it.SubjectID != "S-k1" || it.CreatedAt == "" {
				t.Errorf("item %+v", it)
			}
		}
		if labels["发送失败"] != 1 || labels["已发送"] != 2 || labels["未发送"] != 3 {
			t.Errorf("labels %v", labels)
		}
		r = srv.Do(t, "GET", base+"?state=failed&channel=sms", nil)
		r.JSON(t, &list)
		if list.Total != 1 || list.Items[0].Reason != "rejected" || !strings.Contains(list.Items[0].Detail, "isv.BUSINESS_LIMIT_CONTROL") ||
			list.Items[0].Attempts != 1 {
			t.Errorf("failed SMS: %s", r.Body)
		}
		r = srv.Do(t, "GET", base+"?channel=email&page_size=2&page=2", nil)
		r.JSON(t, &list)
		if list.Total != 3 || len(list.Items) != 1 || list.Items[0].Detail != "未发送：未配置邮件渠道" {
			t.Errorf("e-mail page 2: %s", r.Body)
		}
		r = srv.Do(t, "GET", base+"?state=lost&channel=fax", nil)
		if r.Status != http.StatusUnprocessableEntity || !r.Contains("渠道应为 sms 或 email") || !r.Contains("状态应为") {
			t.Errorf("bad filters: %d %s", r.Status, r.Body)
		}

		// The parent sees its child's log; a sibling, an unknown org and a member do not.
		srv.As(staff(authz.Viewer, e.root, e.rootP))
		if r := srv.Do(t, "GET", base, nil); r.Status != http.StatusOK {
			t.Errorf("parent: %d", r.Status)
		}
		srv.As(staff(authz.OrgAdmin, e.other, e.othP))
		if r := srv.Do(t, "GET", base, nil); r.Status != http.StatusNotFound {
			t.Errorf("sibling: %d %s", r.Status, r.Body)
		}
		if r := srv.Do(t, "GET", "/api/v1/orgs/nope/deliveries", nil); r.Status != http.StatusNotFound {
			t.Errorf("unknown org: %d", r.Status)
		}
		srv.As(staff(authz.OrgAdmin, e.org, e.orgP))
		if r := srv.Do(t, "GET", "/api/v1/orgs/"+e.root+"/deliveries", nil); r.Status != http.StatusNotFound {
			t.Errorf("child reads parent: %d", r.Status)
		}
		srv.As(memberOf(to[0].ID, e.org, e.orgP))
		if r := srv.Do(t, "GET", base, nil); r.Status != http.StatusForbidden {
			t.Errorf("member: %d", r.Status)
		}
	})
}

func TestSMSBudgetAPI(t *testing.T) {
	dbtest.Each(t, chSteps, func(t *testing.T, d *db.DB) {
		e := newChEnv(t, d, chOpts{})
		srv := e.server()
		path := "/api/v1/orgs/" + e.org + "/sms-budget"
		get := func() notify.Budget {
			t.Helper()
			r := srv.Do(t, "GET", path, nil)
			if r.Status != http.StatusOK {
				t.Fatalf("GET: %d %s", r.Status, r.Body)
			}
			var b notify.Budget
			r.JSON(t, &b)
			return b
		}
		srv.As(staff(authz.PartyWorker, e.org, e.orgP))
		if b := get(); b != (notify.Budget{Daily: 200, Inherited: true}) {
			t.Errorf("default: %+v", b)
		}
		r := srv.Do(t, "PUT", path, map[string]any{"daily": 2})
		if r.Status != http.StatusOK || r.Map(t)["daily"] != float64(2) || r.Map(t)["inherited"] != false {
			t.Fatalf("PUT: %d %s", r.Status, r.Body)
		}
		e.send(t, "k1", e.people(3), notify.SMS)
		if b := get(); b != (notify.Budget{Daily: 2, UsedToday: 2}) {
			t.Errorf("after sending: %+v", b)
		}
		for _, bad := range []any{-1, 100001} {
			r := srv.Do(t, "PUT", path, map[string]any{"daily": bad})
			if r.Status != http.StatusUnprocessableEntity || !r.Contains("每日短信额度应为 0 到 100000 之间的整数") {
				t.Errorf("daily %v: %d %s", bad, r.Status, r.Body)
			}
		}
		if r := srv.Do(t, "PUT", path, map[string]any{"daily": 1.5}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("fraction: %d", r.Status)
		}
		r = srv.Do(t, "PUT", path, map[string]any{"daily": nil})
		if r.Status != http.StatusOK || r.Map(t)["inherited"] != true || r.Map(t)["daily"] != float64(200) {
			t.Errorf("reset: %d %s", r.Status, r.Body)
		}
		if n := e.scalar(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'notify.sms_budget' AND target_id = ?", e.org); n != 2 {
			t.Errorf("%d audit rows, want 2", n)
		}

		srv.As(staff(authz.Viewer, e.org, e.orgP))
		get()
		if r := srv.Do(t, "PUT", path, map[string]any{"daily": 5}); r.Status != http.StatusForbidden {
			t.Errorf("viewer sets the budget: %d", r.Status)
		}
		srv.As(staff(authz.PartyWorker, e.other, e.othP))
		if r := srv.Do(t, "GET", path, nil); r.Status != http.StatusNotFound {
			t.Errorf("sibling reads: %d", r.Status)
		}
		if r := srv.Do(t, "PUT", path, map[string]any{"daily": 5}); r.Status != http.StatusNotFound {
			t.Errorf("sibling sets: %d", r.Status)
		}
	})
}
