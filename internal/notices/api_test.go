package notices_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/notices"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/timeline"
)

type receiptsJSON struct {
	Org      struct{ ID, Name string }
	Whole    notices.Count
	Direct   notices.Count
	Children []notices.OrgCount
}

func childCount(r receiptsJSON, orgID string) notices.Count {
	for _, c := range r.Children {
		if c.OrgID == orgID {
			return c.Count
		}
	}
	return notices.Count{}
}

// TestPublishReadAckRemind: a general branch publishes to its subtree; the
// copies are counted per child org; a member's read and receipt show in the
// counts and drill-downs; one reminder reaches only the unread; scope keeps
// other branches and non-recipients out.
func TestPublishReadAckRemind(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tr := e.tree()
		pub := worker(tr.A)
		r := e.do(t, pub, "POST", "/api/v1/notices", map[string]any{
			"org_id": tr.A.ID, "title": "关于开展主题党日活动的通知",
			"body_html":    `<p onclick="steal()">请各支部<b>按时</b>参加<script>alert(1)</script></p>`,
			"audience":     map[string]any{"subtrees": []string{tr.A.ID}},
			"ack_required": true,
		}, http.StatusCreated)
		n := notice(t, r)
		if n.State != notices.StatePublished || n.PublishAt != stamp(t0) || n.Version != 1 {
			t.Fatalf("created: %s", r.Body)
		}
		if strings.Contains(n.BodyHTML, "script") || strings.Contains(n.BodyHTML, "onclick") || !strings.Contains(n.BodyHTML, "<b>按时</b>") {
			t.Errorf("body not sanitized: %q", n.BodyHTML)
		}
		if len(n.AudienceLabels) != 1 || n.AudienceLabels[0] != "甲总支（含下级组织）" {
			t.Errorf("labels: %v", n.AudienceLabels)
		}
		e.drain(t)
		base := "/api/v1/notices/" + n.ID

		var rc receiptsJSON
		e.do(t, pub, "GET", base+"/receipts", nil, http.StatusOK).JSON(t, &rc)
		if rc.Org.ID != tr.A.ID || rc.Whole.Total != 6 || rc.Whole.Unread != 6 || rc.Direct.Total != 1 ||
			childCount(rc, tr.A1.ID).Total != 3 || childCount(rc, tr.A2.ID).Total != 2 || len(rc.Children) != 2 {
			t.Fatalf("receipts: %+v", rc)
		}
		if rc.Children[0].OrgName != "第一支部" {
			t.Errorf("children order/names: %+v", rc.Children)
		}

		// A member opens it: read +1; confirms: acked +1.
		jia := member("m-jia", tr.A1)
		var mine notices.MyNotice
		e.do(t, jia, "GET", "/api/v1/my/notices/"+n.ID, nil, http.StatusOK).JSON(t, &mine)
		if mine.Title != n.Title || mine.OrgName != "甲总支" || mine.ReadAt == "" || mine.AckedAt != "" ||
			!mine.AckRequired || mine.MessageID == "" || mine.Expired {
			t.Fatalf("my notice: %+v", mine)
		}
		e.do(t, pub, "GET", base+"/receipts", nil, http.StatusOK).JSON(t, &rc)
		if rc.Whole.Read != 1 || childCount(rc, tr.A1.ID).Read != 1 || rc.Whole.Acked != 0 {
			t.Fatalf("after read: %+v", rc)
		}
		e.do(t, jia, "POST", "/api/v1/my/notices/"+n.ID+"/ack", nil, http.StatusNoContent)
		e.do(t, jia, "POST", "/api/v1/my/notices/"+n.ID+"/ack", nil, http.StatusNoContent) // idempotent
		e.do(t, pub, "GET", base+"/receipts", nil, http.StatusOK).JSON(t, &rc)
		if rc.Whole.Acked != 1 || childCount(rc, tr.A1.ID).Acked != 1 || rc.Whole.Read != 1 {
			t.Fatalf("after ack: %+v", rc)
		}
		// Reading again changes nothing.
		e.do(t, jia, "GET", "/api/v1/my/notices/"+n.ID, nil, http.StatusOK)
		e.do(t, pub, "GET", base+"/receipts", nil, http.StatusOK).JSON(t, &rc)
		if rc.Whole.Read != 1 {
			t.Fatalf("read twice counted: %+v", rc)
		}

		// Drill-down by state, with names and org names.
		var people httpx.List[notices.Person]
		e.do(t, pub, "GET", base+"/receipts/people?state=unread", nil, http.StatusOK).JSON(t, &people)
		if people.Total != 5 || len(people.Items) != 5 || slices.ContainsFunc(people.Items, func(p notices.Person) bool { return p.Name == "甲" }) {
			t.Fatalf("unread: %+v", people)
		}
		e.do(t, pub, "GET", base+"/receipts/people?state=acked&org_id="+tr.A1.ID, nil, http.StatusOK).JSON(t, &people)
		if people.Total != 1 || people.Items[0].Name != "甲" || people.Items[0].OrgName != "第一支部" ||
			people.Items[0].ReadAt == "" || people.Items[0].AckedAt == "" {
			t.Fatalf("acked in A1: %+v", people)
		}
		e.do(t, pub, "GET", base+"/receipts/people?state=unread&org_id="+tr.A2.ID+"&page_size=1", nil, http.StatusOK).JSON(t, &people)
		if people.Total != 2 || len(people.Items) != 1 {
			t.Fatalf("paged unread in A2: %+v", people)
		}
		e.do(t, pub, "GET", base+"/receipts/people?state=bogus", nil, http.StatusUnprocessableEntity)

		// The list shows the counts.
		var list httpx.List[notices.Summary]
		e.do(t, pub, "GET", "/api/v1/notices", nil, http.StatusOK).JSON(t, &list)
		if list.Total != 1 || list.Items[0].Total != 6 || list.Items[0].Read != 1 || list.Items[0].Acked != 1 ||
			list.Items[0].OrgName != "甲总支" || list.Items[0].CreatedByName != "党务干事" {
			t.Fatalf("list: %s", e.srv.Do(t, "GET", "/api/v1/notices", nil).Body)
		}

		// Scope: another general branch sees nothing of it; a branch inside
		// sees its own members' receipts only; a non-recipient member cannot
		// open it.
		other := worker(tr.B)
		e.do(t, other, "GET", base, nil, http.StatusNotFound)
		e.do(t, other, "GET", base+"/receipts", nil, http.StatusNotFound)
		e.do(t, other, "GET", base+"/receipts?org_id="+tr.B1.ID, nil, http.StatusNotFound)
		e.do(t, other, "GET", base+"/receipts/people", nil, http.StatusNotFound)
		e.do(t, other, "GET", base+"/history", nil, http.StatusNotFound)
		e.do(t, other, "POST", base+"/remind", nil, http.StatusNotFound)
		e.do(t, other, "POST", base+"/withdraw", map[string]string{"reason": "x"}, http.StatusNotFound)
		e.do(t, other, "GET", "/api/v1/notices?org_id="+tr.A.ID, nil, http.StatusNotFound)
		e.do(t, other, "GET", "/api/v1/notices", nil, http.StatusOK).JSON(t, &list)
		if list.Total != 0 {
			t.Errorf("another branch's list: %+v", list)
		}
		branch := worker(tr.A1)
		e.do(t, branch, "GET", base+"/receipts", nil, http.StatusNotFound)
		e.do(t, branch, "GET", base+"/receipts?org_id="+tr.A2.ID, nil, http.StatusNotFound)
		e.do(t, branch, "GET", base+"/receipts?org_id="+tr.A1.ID, nil, http.StatusOK).JSON(t, &rc)
		if rc.Whole.Total != 3 || rc.Direct.Total != 3 || len(rc.Children) != 0 {
			t.Errorf("branch's own receipts: %+v", rc)
		}
		e.do(t, member("m-out", tr.B1), "GET", "/api/v1/my/notices/"+n.ID, nil, http.StatusNotFound)
		e.do(t, member("m-out", tr.B1), "POST", "/api/v1/my/notices/"+n.ID+"/ack", nil, http.StatusNotFound)
		e.do(t, member("m-out", tr.B1), "GET", "/api/v1/notices/"+n.ID, nil, http.StatusForbidden)

		// One reminder, to the unread only.
		r = e.do(t, pub, "POST", base+"/remind", nil, http.StatusOK)
		if notice(t, r).RemindedAt != stamp(t0) {
			t.Errorf("reminded_at: %s", r.Body)
		}
		e.drain(t)
		if got := e.inbox(t, "m-yi"); len(got) != 2 || !slices.Contains(got, "提醒：请阅读《关于开展主题党日活动的通知》") {
			t.Errorf("unread member's inbox: %v", got)
		}
		if got := e.inbox(t, "m-jia"); len(got) != 1 {
			t.Errorf("reader was reminded: %v", got)
		}
		e.clk.Advance(time.Hour)
		r = e.do(t, pub, "POST", base+"/remind", nil, http.StatusConflict)
		if !r.Contains("already_reminded") || !r.Contains("每条通知只能提醒一次，已于 2025-03-03 09:00 提醒") {
			t.Errorf("second reminder: %s", r.Body)
		}
		r = e.do(t, pub, "GET", base+"/history", nil, http.StatusOK)
		var hist struct{ Items []timeline.Event }
		r.JSON(t, &hist)
		var kinds []string
		for _, h := range hist.Items {
			kinds = append(kinds, h.Kind)
		}
		if strings.Join(kinds, ",") != "reminded,published,created" || hist.Items[0].ActorName != "党务干事" {
			t.Errorf("history: %s", r.Body)
		}
		var n2 notices.Notice
		e.do(t, pub, "GET", base, nil, http.StatusOK).JSON(t, &n2)
		if !n2.Progress.Finished || n2.Progress.Sent != 6 || n2.Deliveries == nil || n2.Version != 2 {
			t.Errorf("detail: %+v", n2)
		}
	})
}

// TestAudienceRules: empty audiences, targets outside the publisher's
// subtree and unknown positions are refused; positions reach their holders
// inside the subtree; chosen members are validated.
func TestAudienceRules(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tr := e.tree()
		pub := worker(tr.A)
		post := func(body map[string]any, want int) *notices.Notice {
			body["org_id"] = tr.A.ID
			if _, ok := body["title"]; !ok {
				body["title"] = "通知"
			}
			r := e.do(t, pub, "POST", "/api/v1/notices", body, want)
			if want != http.StatusCreated {
				if want == http.StatusUnprocessableEntity && !r.Contains("validation_failed") {
					t.Errorf("not a field error: %s", r.Body)
				}
				return nil
			}
			n := notice(t, r)
			return &n
		}
		r := e.do(t, pub, "POST", "/api/v1/notices", map[string]any{"org_id": tr.A.ID, "title": "x"}, http.StatusUnprocessableEntity)
		if !r.Contains("请选择发送范围") || !r.Contains(`"field":"audience"`) {
			t.Errorf("empty audience: %s", r.Body)
		}
		post(map[string]any{"audience": map[string]any{"subtrees": []string{tr.B1.ID}}}, http.StatusUnprocessableEntity)
		post(map[string]any{"audience": map[string]any{"subtrees": []string{tr.R.ID}}}, http.StatusUnprocessableEntity)
		post(map[string]any{"audience": map[string]any{"members": []string{"m-out"}}}, http.StatusUnprocessableEntity)
		post(map[string]any{"audience": map[string]any{"members": []string{"nobody"}}}, http.StatusUnprocessableEntity)
		post(map[string]any{"audience": map[string]any{"positions": []string{"主席"}}}, http.StatusUnprocessableEntity)
		post(map[string]any{"title": "", "audience": map[string]any{"subtrees": []string{tr.A.ID}}}, http.StatusUnprocessableEntity)
		post(map[string]any{"audience": map[string]any{"subtrees": []string{tr.A.ID}}, "expires_at": stamp(t0.Add(-time.Hour))}, http.StatusUnprocessableEntity)
		post(map[string]any{"audience": map[string]any{"subtrees": []string{tr.A.ID}}, "publish_at": "明天"}, http.StatusUnprocessableEntity)
		// Publishing for an org outside one's scope is not found.
		e.do(t, pub, "POST", "/api/v1/notices", map[string]any{"org_id": tr.B.ID, "title": "x",
			"audience": map[string]any{"subtrees": []string{tr.B1.ID}}}, http.StatusNotFound)
		// A draft may be saved without an audience, not published without.
		draft := post(map[string]any{"draft": true}, http.StatusCreated)
		if draft.State != notices.StateDraft {
			t.Fatalf("draft: %+v", draft)
		}
		e.do(t, pub, "POST", "/api/v1/notices/"+draft.ID+"/publish", nil, http.StatusUnprocessableEntity)

		// Secretaries and one chosen member.
		n := post(map[string]any{"title": "书记会议", "audience": map[string]any{"positions": []string{"secretary"},
			"members": []string{"m-ding"}}}, http.StatusCreated)
		if !slices.Equal(n.Audience.Positions, []string{"书记"}) || !slices.Contains(n.AudienceLabels, "职务：书记") ||
			!slices.Contains(n.AudienceLabels, "丁") {
			t.Errorf("audience: %+v %v", n.Audience, n.AudienceLabels)
		}
		// The same audience sent back (positions as codes) is no content change.
		e.do(t, pub, "PATCH", "/api/v1/notices/"+n.ID, map[string]any{"version": n.Version, "pinned": true,
			"audience": map[string]any{"positions": []string{"secretary"}, "members": []string{"m-ding"}}}, http.StatusOK)
		e.drain(t)
		for id, want := range map[string]int{"m-jia": 1, "m-ding": 1, "m-yi": 0, "m-out": 0} {
			if got := len(e.inbox(t, id)); got != want {
				t.Errorf("%s got %d copies, want %d", id, got, want)
			}
		}
	})
}

// TestScheduledPublication: a notice set for later goes out exactly when
// its time comes; moving the time moves the job; withdrawing a scheduled
// notice cancels it.
func TestScheduledPublication(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tr := e.tree()
		pub := worker(tr.A1)
		aud := map[string]any{"subtrees": []string{tr.A1.ID}}
		r := e.do(t, pub, "POST", "/api/v1/notices", map[string]any{"org_id": tr.A1.ID, "title": "定时通知",
			"audience": aud, "publish_at": "2025-03-03 11:00"}, http.StatusCreated) // 03:00 UTC
		n := notice(t, r)
		if n.State != notices.StateScheduled || n.PublishAt != stamp(t0.Add(2*time.Hour)) {
			t.Fatalf("scheduled: %s", r.Body)
		}
		e.drain(t)
		if len(e.inbox(t, "m-yi")) != 0 {
			t.Fatal("sent before its time")
		}
		// Moved an hour later.
		r = e.do(t, pub, "PATCH", "/api/v1/notices/"+n.ID, map[string]any{"version": n.Version,
			"publish_at": stamp(t0.Add(3 * time.Hour))}, http.StatusOK)
		n = notice(t, r)
		e.do(t, pub, "PATCH", "/api/v1/notices/"+n.ID, map[string]any{"version": n.Version,
			"publish_at": stamp(t0.Add(-time.Minute))}, http.StatusUnprocessableEntity)
		e.clk.Advance(2*time.Hour + time.Minute)
		e.drain(t)
		if len(e.inbox(t, "m-yi")) != 0 {
			t.Fatal("sent at the old time")
		}
		e.clk.Advance(time.Hour)
		e.drain(t)
		if got := e.inbox(t, "m-yi"); !slices.Equal(got, []string{"定时通知"}) {
			t.Fatalf("after its time: %v", got)
		}
		e.do(t, pub, "GET", "/api/v1/notices/"+n.ID, nil, http.StatusOK).JSON(t, &n)
		if n.State != notices.StatePublished || n.Total != 3 || n.PublishAt != stamp(e.clk.Now()) {
			t.Errorf("published: %+v", n)
		}
		r = e.do(t, pub, "GET", "/api/v1/notices/"+n.ID+"/history", nil, http.StatusOK)
		if !r.Contains(`"actor_name":"系统"`) || !r.Contains("scheduled") {
			t.Errorf("history: %s", r.Body)
		}

		// A scheduled notice withdrawn never goes out.
		r = e.do(t, pub, "POST", "/api/v1/notices", map[string]any{"org_id": tr.A1.ID, "title": "取消的通知",
			"audience": aud, "publish_at": stamp(e.clk.Now().Add(time.Hour))}, http.StatusCreated)
		c := notice(t, r)
		e.do(t, pub, "POST", "/api/v1/notices/"+c.ID+"/withdraw", map[string]string{"reason": "活动取消"}, http.StatusOK)
		e.clk.Advance(2 * time.Hour)
		e.drain(t)
		if got := e.inbox(t, "m-yi"); len(got) != 1 {
			t.Errorf("withdrawn scheduled notice went out: %v", got)
		}
		// A draft with a time ahead is scheduled by publish; publish on a
		// scheduled notice sends it at once.
		r = e.do(t, pub, "POST", "/api/v1/notices", map[string]any{"org_id": tr.A1.ID, "title": "草稿",
			"audience": aud, "publish_at": stamp(e.clk.Now().Add(time.Hour)), "draft": true}, http.StatusCreated)
		dr := notice(t, r)
		r = e.do(t, pub, "POST", "/api/v1/notices/"+dr.ID+"/publish", nil, http.StatusOK)
		if notice(t, r).State != notices.StateScheduled {
			t.Fatalf("publish of a future draft: %s", r.Body)
		}
		r = e.do(t, pub, "POST", "/api/v1/notices/"+dr.ID+"/publish", nil, http.StatusOK)
		if notice(t, r).State != notices.StatePublished {
			t.Fatalf("publish now: %s", r.Body)
		}
		e.do(t, pub, "POST", "/api/v1/notices/"+dr.ID+"/publish", nil, http.StatusConflict)
		e.drain(t)
		if got := e.inbox(t, "m-yi"); len(got) != 2 {
			t.Errorf("after publishing the draft: %v", got)
		}
		// The job of the scheduled time finds it published and does nothing.
		e.clk.Advance(2 * time.Hour)
		e.drain(t)
		if got := e.inbox(t, "m-yi"); len(got) != 2 {
			t.Errorf("published twice: %v", got)
		}
	})
}

// TestWithdrawAndEdits: content is frozen once published, pinning and the
// end time are not; a withdrawn notice leaves the inboxes (410 for its
// recipients) but stays in the publisher's list and history.
func TestWithdrawAndEdits(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tr := e.tree()
		pub := worker(tr.A1)
		r := e.do(t, pub, "POST", "/api/v1/notices", map[string]any{"org_id": tr.A1.ID, "title": "学习通知",
			"body_html": "<p>第一版</p>", "audience": map[string]any{"subtrees": []string{tr.A1.ID}}, "draft": true},
			http.StatusCreated)
		n := notice(t, r)
		base := "/api/v1/notices/" + n.ID
		r = e.do(t, pub, "PATCH", base, map[string]any{"version": n.Version, "body_html": "<p>第二版</p>", "title": "学习通知"}, http.StatusOK)
		n = notice(t, r)
		if n.BodyHTML != "<p>第二版</p>" || n.Version != 2 {
			t.Fatalf("edit draft: %s", r.Body)
		}
		e.do(t, pub, "PATCH", base, map[string]any{"version": 1, "title": "旧版本"}, http.StatusConflict)
		e.do(t, pub, "PATCH", base, map[string]any{"version": n.Version, "org_id": tr.A.ID}, http.StatusUnprocessableEntity)
		e.do(t, pub, "PATCH", base, map[string]any{"version": n.Version, "org_id": tr.A1.ID, "draft": true, "title": "学习通知"}, http.StatusOK)
		e.do(t, pub, "PATCH", base, map[string]any{"title": "无版本"}, http.StatusUnprocessableEntity)
		n = notice(t, e.do(t, pub, "POST", base+"/publish", nil, http.StatusOK))
		e.drain(t)

		r = e.do(t, pub, "PATCH", base, map[string]any{"version": n.Version, "title": "改标题"}, http.StatusConflict)
		if !r.Contains("notice_published") {
			t.Errorf("edit after publish: %s", r.Body)
		}
		// Sending the same content back with a pin is fine.
		r = e.do(t, pub, "PATCH", base, map[string]any{"version": n.Version, "title": "学习通知", "pinned": true,
			"expires_at": stamp(t0.Add(48 * time.Hour))}, http.StatusOK)
		n = notice(t, r)
		if !n.Pinned || n.ExpiresAt != stamp(t0.Add(48*time.Hour)) {
			t.Fatalf("pin: %s", r.Body)
		}
		r = e.do(t, pub, "PATCH", base, map[string]any{"version": n.Version, "expires_at": stamp(t0.Add(-time.Hour))}, http.StatusUnprocessableEntity)

		yi := member("m-yi", tr.A1)
		e.do(t, yi, "GET", "/api/v1/my/notices/"+n.ID, nil, http.StatusOK)
		e.do(t, pub, "POST", base+"/withdraw", map[string]string{"reason": " "}, http.StatusUnprocessableEntity)
		r = e.do(t, pub, "POST", base+"/withdraw", map[string]string{"reason": "内容有误"}, http.StatusOK)
		n = notice(t, r)
		if n.State != notices.StateWithdrawn || n.WithdrawReason != "内容有误" || n.WithdrawnAt == "" || n.Total != 3 {
			t.Fatalf("withdrawn: %s", r.Body)
		}
		r = e.do(t, yi, "GET", "/api/v1/my/notices/"+n.ID, nil, http.StatusGone)
		if !r.Contains("notice_withdrawn") || !r.Contains("该通知已撤回") || r.Contains("学习通知") {
			t.Errorf("recipient after withdrawal: %s", r.Body)
		}
		e.do(t, yi, "POST", "/api/v1/my/notices/"+n.ID+"/ack", nil, http.StatusGone)
		if got := e.inbox(t, "m-yi"); len(got) != 0 {
			t.Errorf("still in the inbox: %v", got)
		}
		e.do(t, pub, "POST", base+"/withdraw", map[string]string{"reason": "再撤"}, http.StatusConflict)
		e.do(t, pub, "POST", base+"/remind", nil, http.StatusConflict)
		e.do(t, pub, "POST", base+"/publish", nil, http.StatusConflict)
		e.do(t, pub, "PATCH", base, map[string]any{"version": n.Version, "pinned": false}, http.StatusConflict)

		var list httpx.List[notices.Summary]
		e.do(t, pub, "GET", "/api/v1/notices?state=withdrawn", nil, http.StatusOK).JSON(t, &list)
		if list.Total != 1 || list.Items[0].State != notices.StateWithdrawn {
			t.Errorf("withdrawn in list: %+v", list)
		}
		r = e.do(t, pub, "GET", base+"/history", nil, http.StatusOK)
		for _, k := range []string{"created", "edited", "published", "pinned", "expiry_changed", "withdrawn", "撤回：内容有误", "修改了正文"} {
			if !r.Contains(k) {
				t.Errorf("history lacks %s: %s", k, r.Body)
			}
		}
		var audited int
		d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE target_id = ? AND action LIKE 'notice.%'", n.ID).Scan(&audited)
		if audited != 6 {
			t.Errorf("audit records: %d", audited)
		}
	})
}

// TestListFiltersAndExpiry: pinned first then newest; state filters incl.
// the derived "expired"; title search; org narrowing.
func TestListFiltersAndExpiry(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tr := e.tree()
		pubA, pubA1 := worker(tr.A), worker(tr.A1)
		mk := func(p *authz.Principal, org notices.OrgRef, title string, extra map[string]any) notices.Notice {
			body := map[string]any{"org_id": org.ID, "title": title, "audience": map[string]any{"subtrees": []string{org.ID}}}
			for k, v := range extra {
				body[k] = v
			}
			n := notice(t, e.do(t, p, "POST", "/api/v1/notices", body, http.StatusCreated))
			e.clk.Advance(time.Minute)
			return n
		}
		old := mk(pubA, tr.A, "置顶的旧通知", map[string]any{"pinned": true})
		short := mk(pubA, tr.A, "很快过期 50%_", map[string]any{"expires_at": stamp(e.clk.Now().Add(time.Hour))})
		branch := mk(pubA1, tr.A1, "支部通知", nil)
		mk(pubA, tr.A, "草稿", map[string]any{"draft": true})
		e.clk.Advance(2 * time.Hour)

		var list httpx.List[notices.Summary]
		e.do(t, pubA, "GET", "/api/v1/notices", nil, http.StatusOK).JSON(t, &list)
		var titles []string
		for _, it := range list.Items {
			titles = append(titles, it.Title)
		}
		if strings.Join(titles, ",") != "置顶的旧通知,草稿,支部通知,很快过期 50%_" {
			t.Errorf("order: %v", titles)
		}
		for state, want := range map[string]string{"expired": short.ID, "draft": "", "published": old.ID} {
			e.do(t, pubA, "GET", "/api/v1/notices?state="+state, nil, http.StatusOK).JSON(t, &list)
			if want != "" && (len(list.Items) == 0 || list.Items[0].ID != want) {
				t.Errorf("state %s: %+v", state, list.Items)
			}
		}
		e.do(t, pubA, "GET", "/api/v1/notices?state=published", nil, http.StatusOK).JSON(t, &list)
		if list.Total != 2 {
			t.Errorf("published (not expired): %d", list.Total)
		}
		e.do(t, pubA, "GET", "/api/v1/notices?state=nope", nil, http.StatusUnprocessableEntity)
		e.do(t, pubA, "GET", "/api/v1/notices?q=50%25_", nil, http.StatusOK).JSON(t, &list)
		if list.Total != 1 || list.Items[0].ID != short.ID || list.Items[0].State != notices.StateExpired {
			t.Errorf("search: %+v", list)
		}
		e.do(t, pubA, "GET", "/api/v1/notices?q=%25", nil, http.StatusOK).JSON(t, &list)
		if list.Total != 1 {
			t.Errorf("a %% matched literally: %+v", list)
		}
		e.do(t, pubA, "GET", "/api/v1/notices?org_id="+tr.A1.ID, nil, http.StatusOK).JSON(t, &list)
		if list.Total != 1 || list.Items[0].ID != branch.ID {
			t.Errorf("narrowed to A1: %+v", list)
		}
		e.do(t, pubA1, "GET", "/api/v1/notices", nil, http.StatusOK).JSON(t, &list)
		if list.Total != 1 {
			t.Errorf("branch sees only its own: %+v", list)
		}
		// An expired notice cannot be reminded; its recipients still read it.
		e.do(t, pubA, "POST", "/api/v1/notices/"+short.ID+"/remind", nil, http.StatusConflict)
		e.drain(t)
		var mine notices.MyNotice
		e.do(t, member("m-ji", tr.A), "GET", "/api/v1/my/notices/"+short.ID, nil, http.StatusOK).JSON(t, &mine)
		if !mine.Expired {
			t.Errorf("expired flag: %+v", mine)
		}
	})
}

// TestSMSDeliveriesCounted: a notice that also goes by SMS shows its
// deliveries by state (here: no provider configured, so none is sent).
func TestSMSDeliveriesCounted(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tr := e.tree()
		pub := worker(tr.A1)
		n := notice(t, e.do(t, pub, "POST", "/api/v1/notices", map[string]any{"org_id": tr.A1.ID, "title": "短信通知",
			"sms": true, "audience": map[string]any{"subtrees": []string{tr.A1.ID}}}, http.StatusCreated))
		e.drain(t)
		e.do(t, pub, "GET", "/api/v1/notices/"+n.ID, nil, http.StatusOK).JSON(t, &n)
		sum := 0
		for _, c := range n.Deliveries {
			sum += c
		}
		if !n.SMS || sum != 3 {
			t.Errorf("deliveries: %+v", n.Deliveries)
		}
	})
}
