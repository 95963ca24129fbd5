package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/pii"
)

// dashWorld is a tree whose figures the tests know:
//
//	R (leading_body) ─┬─ A (committee) ─┬─ A1 (branch): 甲 乙 (full), 丙 (probationary)
//	                  │                 └─ A2 (branch): 丁
//	                  └─ B (committee) ─── B1 (branch): 戊 己
type dashWorld struct {
	*world
	members map[string]string // name → member ID
	seq     int
}

// dashPeople are the members: name, branch, birth date, gender, status.
var dashPeople = [][5]string{
	{"甲", "A1", "1990-03-01", "male", "full"}, {"乙", "A1", "1980-05-02", "female", "full"},
	{"丙", "A1", "2000-07-03", "female", "probationary"}, {"丁", "A2", "1970-01-04", "male", "full"},
	{"戊", "B1", "1960-02-05", "female", "full"}, {"己", "B1", "1997-03-06", "male", "full"},
}

func buildDashWorld(t *testing.T, d *db.DB) *dashWorld {
	t.Helper()
	w := &dashWorld{world: &world{a: newApp(t, d), srv: apitest.New(), paths: map[string]string{}, ids: map[string]string{}},
		members: map[string]string{}}
	w.a.RegisterRoutes(w.srv.Router)
	for _, o := range [][3]string{{"R", "leading_body", ""}, {"A", "committee", "R"}, {"B", "committee", "R"},
		{"A1", "branch", "A"}, {"A2", "branch", "A"}, {"B1", "branch", "B"}} {
		org, err := w.a.Orgs.Create(context.Background(), orgs.NewOrg{ParentID: w.ids[o[2]], Name: o[0], Kind: o[1], Code: o[0]})
		if err != nil {
			t.Fatalf("create %s: %v", o[0], err)
		}
		w.ids[o[0]], w.paths[o[0]] = org.ID, org.Path
	}
	w.srv.As(w.principal(authz.OrgAdmin, "R"))
	for _, p := range dashPeople {
		w.members[p[0]] = w.addMember(t, p)
	}
	w.dispatch(t)
	return w
}

// addMember registers one of dashPeople with a valid ID number.
func (w *dashWorld) addMember(t *testing.T, p [5]string) string {
	t.Helper()
	w.seq++
	sex := 2 // even: female
	if p[3] == "male" {
		sex = 1
	}
	first17 := fmt.Sprintf("110105%s%02d%d", strings.ReplaceAll(p[2], "-", ""), w.seq, sex)
	check, err := pii.IDCheckDigit(first17)
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"org_id": w.ids[p[1]], "name": p[0], "gender": p[3], "ethnicity": "汉族",
		"birth_date": p[2], "id_number": first17 + string(check), "phone": fmt.Sprintf("139001390%02d", w.seq),
		"education": "bachelor", "category": "enterprise", "status": p[4], "joined_on": "2015-07-01"}
	if p[4] == "full" {
		body["full_member_on"] = "2016-07-01"
	} else {
		body["joined_on"] = "2026-07-01"
	}
	return w.idOf(t, w.srv.Do(t, "POST", "/api/v1/members", body))
}

// dispatch feeds the rollups (and every other subscriber) and refreshes
// the date-dependent figures, as the daily job does.
func (w *dashWorld) dispatch(t *testing.T) {
	t.Helper()
	dispatchAll(t, w.a)
	if err := w.a.Rollup.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
}

type dashHeadline struct {
	Key    string
	N      int64
	Metric string
	Bucket string
}

type dashPanel struct {
	Org      struct{ ID, Name string }
	Headline []dashHeadline
	Figures  []struct {
		Metric  string
		Buckets []struct {
			Bucket, Label string
			N             int64
		}
	}
}

func (p dashPanel) head(t *testing.T, key string) dashHeadline {
	t.Helper()
	for _, h := range p.Headline {
		if h.Key == key {
			return h
		}
	}
	t.Fatalf("no headline %s in %+v", key, p.Headline)
	return dashHeadline{}
}

// figure is metric's buckets as "label=n" in order.
func (p dashPanel) figure(metric string) string {
	for _, f := range p.Figures {
		if f.Metric == metric {
			var parts []string
			for _, b := range f.Buckets {
				parts = append(parts, fmt.Sprintf("%s=%d", b.Label, b.N))
			}
			return strings.Join(parts, " ")
		}
	}
	return "(no " + metric + ")"
}

func (w *dashWorld) panel(t *testing.T, p *authz.Principal, org, name string) dashPanel {
	t.Helper()
	var out dashPanel
	w.srv.Expect(t, p, "GET", "/api/v1/dashboard/orgs/"+w.ids[org]+"/panels/"+name, nil, http.StatusOK).JSON(t, &out)
	return out
}

// childHeadlines is each child's headline key: "A=4 B=2".
func (w *dashWorld) childHeadlines(t *testing.T, p *authz.Principal, org, name, key string) (string, int64) {
	t.Helper()
	var out struct {
		Rows []struct {
			Org      struct{ Name string }
			Headline []dashHeadline
		}
	}
	w.srv.Expect(t, p, "GET", "/api/v1/dashboard/orgs/"+w.ids[org]+"/panels/"+name+"/children", nil, http.StatusOK).JSON(t, &out)
	var parts []string
	var sum int64
	for _, r := range out.Rows {
		for _, h := range r.Headline {
			if h.Key == key {
				parts = append(parts, fmt.Sprintf("%s=%d", r.Org.Name, h.N))
				sum += h.N
			}
		}
	}
	return strings.Join(parts, " "), sum
}

// listAll follows the list behind a number page by page (limit 2) and
// returns the names, sorted (the order is the database's collation).
func (w *dashWorld) listAll(t *testing.T, p *authz.Principal, org, metric, bucket string) []string {
	t.Helper()
	var names []string
	cursor := ""
	for range 20 {
		var page struct {
			Items []struct {
				ID, Name  string
				OrgName   string `json:"org_name"`
				IDNumber  string `json:"id_number"`
				Phone     string
				ColorText string `json:"color_label"`
			}
			NextCursor string `json:"next_cursor"`
		}
		q := url.Values{"metric": {metric}, "bucket": {bucket}, "limit": {"2"}, "cursor": {cursor}}
		w.srv.Expect(t, p, "GET", "/api/v1/dashboard/orgs/"+w.ids[org]+"/list?"+q.Encode(), nil, http.StatusOK).JSON(t, &page)
		for _, it := range page.Items {
			if it.IDNumber != "" || it.Phone != "" {
				t.Fatalf("the list shows personal data: %+v", it)
			}
			names = append(names, it.Name)
		}
		if cursor = page.NextCursor; cursor == "" {
			slices.Sort(names)
			return names
		}
	}
	t.Fatal("the list never ended")
	return nil
}

// TestDashboardDrillsDownToTheListBehindANumber: the members panel of the
// top org counts everyone, its children add up to it at every level, and
// the list behind each number holds exactly the members counted.
func TestDashboardDrillsDownToTheListBehindANumber(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildDashWorld(t, d)
		admin := w.principal(authz.OrgAdmin, "R")
		top := w.panel(t, admin, "R", "members")
		if got := fmt.Sprintf("total %d full %d probationary %d", top.head(t, "total").N, top.head(t, "full").N,
			top.head(t, "probationary").N); got != "total 6 full 5 probationary 1" {
			t.Errorf("headline: %s", got)
		}
		if got := top.figure("members.gender"); got != "女=3 男=3" {
			t.Errorf("gender: %s", got)
		}
		if got := top.figure("members.age_band"); got != "30岁及以下=2 31-40岁=1 41-50岁=1 51-60岁=1 61-70岁=1 70岁以上=0" {
			t.Errorf("age bands: %s", got)
		}
		if got := top.figure("members.party_age_band"); !strings.HasPrefix(got, "预备党员=1 5年及以下=0 6-10年=5") {
			t.Errorf("party age bands: %s", got)
		}
		for org, want := range map[string]string{"R": "A=4 B=2", "A": "A1=3 A2=1", "B": "B1=2"} {
			kids, sum := w.childHeadlines(t, admin, org, "members", "total")
			parent := w.panel(t, admin, org, "members").head(t, "total").N
			if kids != want || sum != parent {
				t.Errorf("%s's children: %s (sum %d), want %s adding up to %d", org, kids, sum, want, parent)
			}
		}
		for _, c := range []struct{ org, metric, bucket, want string }{
			{"R", "members.gender", "female", "丙 乙 戊"},
			{"A", "members.status", "full", "丁 乙 甲"},
			{"R", "members.total", "all", "丁 丙 乙 己 戊 甲"},
			{"R", "members.age_band", "u30", "丙 己"},
		} {
			names := w.listAll(t, admin, c.org, c.metric, c.bucket)
			n := w.countOf(t, admin, c.org, c.metric, c.bucket)
			if strings.Join(names, " ") != c.want || int64(len(names)) != n {
				t.Errorf("%s %s/%s: list %v (%d), figure %d, want %s", c.org, c.metric, c.bucket, names, len(names), n, c.want)
			}
		}
		orgsPanel := w.panel(t, admin, "R", "orgs")
		if got := fmt.Sprintf("%d %d", orgsPanel.head(t, "branches").N, orgsPanel.head(t, "too_small").N); got != "3 3" {
			t.Errorf("branches and too small: %s", got)
		}
		if got := w.listAll(t, admin, "R", "orgs.size", "too_small"); strings.Join(got, " ") != "A1 A2 B1" {
			t.Errorf("too small branches: %v", got)
		}
	})
}

// countOf is the figure of metric/bucket at org, read from the panel that
// shows it.
func (w *dashWorld) countOf(t *testing.T, p *authz.Principal, org, metric, bucket string) int64 {
	t.Helper()
	pan := w.panel(t, p, org, strings.Split(metric, ".")[0])
	for _, h := range pan.Headline {
		if h.Metric == metric && h.Bucket == bucket {
			return h.N
		}
	}
	for _, f := range pan.Figures {
		for _, b := range f.Buckets {
			if f.Metric == metric && b.Bucket == bucket {
				return b.N
			}
		}
	}
	t.Fatalf("no figure %s/%s at %s", metric, bucket, org)
	return 0
}

// dashRoutes are every dashboard route at org (a member ID for the
// portrait).
func dashRoutes(org, member string) []string {
	o := "/api/v1/dashboard/orgs/" + org
	out := []string{o + "/list?metric=members.total&bucket=all", o + "/health", o + "/risks", o + "/settings",
		o + "/screen", o + "/screen/live", "/api/v1/members/" + member + "/portrait"}
	for _, p := range []string{"members", "orgs", "orglife", "dues", "development", "health", "notices", "points"} {
		out = append(out, o+"/panels/"+p, o+"/panels/"+p+"/children")
	}
	return out
}

// TestDashboardScope: every route answers a reader in scope, 404 out of
// scope (with nothing of the other branch in the answer) and 403 to a role
// without the permission.
func TestDashboardScope(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildDashWorld(t, d)
		ours, theirs := dashRoutes(w.ids["A1"], w.members["甲"]), dashRoutes(w.ids["B1"], w.members["戊"])
		worker, viewer := w.principal(authz.PartyWorker, "A1"), w.principal(authz.Viewer, "A1")
		for i := range ours {
			for _, p := range []*authz.Principal{worker, viewer} {
				w.srv.Expect(t, p, "GET", ours[i], nil, http.StatusOK)
				if r := w.srv.Expect(t, p, "GET", theirs[i], nil, http.StatusNotFound); r.Contains("戊") || r.Contains("B1") {
					t.Errorf("%s reveals the other branch: %s", theirs[i], r.Body)
				}
			}
			w.srv.Expect(t, apitest.Member(w.members["甲"], w.ids["A1"], w.paths["A1"]), "GET", ours[i], nil, http.StatusForbidden)
		}
		w.srv.Expect(t, worker, "GET", "/api/v1/dashboard/orgs/"+w.ids["A"]+"/panels/members", nil, http.StatusNotFound)
		w.srv.Expect(t, worker, "GET", "/api/v1/dashboard/orgs/"+w.ids["A1"]+"/panels/nosuch", nil, http.StatusNotFound)
		w.srv.Expect(t, viewer, "PUT", "/api/v1/dashboard/orgs/"+w.ids["A1"]+"/settings",
			map[string]any{"values": map[string]any{"dashboard.green_min": "90"}}, http.StatusForbidden)
		w.srv.Expect(t, worker, "PUT", "/api/v1/dashboard/orgs/"+w.ids["B1"]+"/settings",
			map[string]any{"values": map[string]any{"dashboard.green_min": "90"}}, http.StatusNotFound)
		r := w.srv.Expect(t, worker, "GET", "/api/v1/dashboard/orgs/"+w.ids["A1"]+"/list?metric=dues.paid_members&bucket=2026-10",
			nil, http.StatusUnprocessableEntity)
		if !r.Contains("该统计指标没有名单") {
			t.Errorf("a metric without a list: %s", r.Body)
		}
	})
}

// TestDashboardHealthSettings: the weights are validated with Chinese
// messages, a change shows at once, and the branches' colors add up.
func TestDashboardHealthSettings(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildDashWorld(t, d)
		admin := w.principal(authz.OrgAdmin, "R")
		settings := "/api/v1/dashboard/orgs/" + w.ids["A"] + "/settings"
		r := w.srv.Expect(t, admin, "PUT", settings, map[string]any{"values": map[string]any{
			"dashboard.green_min": "50", "dashboard.yellow_min": "70"}}, http.StatusUnprocessableEntity)
		if !r.Contains("黄色最低分（70）不能高于绿色最低分（50）") {
			t.Errorf("yellow above green: %s", r.Body)
		}
		r = w.srv.Expect(t, admin, "PUT", settings, map[string]any{"values": map[string]any{"dashboard.weight_dues": "abc"}},
			http.StatusUnprocessableEntity)
		if !r.Contains("dashboard.weight_dues") {
			t.Errorf("a bad weight: %s", r.Body)
		}
		health := w.panel(t, admin, "R", "health")
		if health.head(t, "branches").N != 3 {
			t.Errorf("branches judged: %+v", health.Headline)
		}
		var page struct {
			Items  []struct{ Name, Color string }
			Counts map[string]int64
		}
		w.srv.Expect(t, admin, "PUT", settings, map[string]any{"values": map[string]any{"dashboard.green_min": "0",
			"dashboard.yellow_min": "0"}}, http.StatusOK)
		w.srv.Expect(t, admin, "GET", "/api/v1/dashboard/orgs/"+w.ids["A"]+"/health?color=green", nil, http.StatusOK).JSON(t, &page)
		if len(page.Items) != 2 || page.Counts["green"] != 2 {
			t.Errorf("with green from 0 every branch of A is green at once: %+v", page)
		}
		if got := w.listAll(t, admin, "A", "health.color", "green"); len(got) != 2 {
			t.Errorf("the list behind A's green: %v", got)
		}
		var view struct {
			Items []struct {
				Key, Value, Source string
			}
		}
		w.srv.Expect(t, w.principal(authz.Viewer, "A1"), "GET", "/api/v1/dashboard/orgs/"+w.ids["A1"]+"/settings", nil,
			http.StatusOK).JSON(t, &view)
		i := slices.IndexFunc(view.Items, func(it struct{ Key, Value, Source string }) bool { return it.Key == "dashboard.green_min" })
		if i < 0 || view.Items[i].Value != "0" || view.Items[i].Source != "inherited" {
			t.Errorf("A1 inherits A's green_min: %+v", view.Items)
		}
	})
}

// TestDashboardActivityLiveAndPortrait: a meeting under way shows on the
// big screen with its 应到 and 实到; once held it counts in the orglife
// panel, November's dues make December's collection rate, and both show
// in the member's portrait, for themself and for their secretary.
func TestDashboardActivityLiveAndPortrait(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildDashWorld(t, d)
		secretary := w.principal(authz.PartyWorker, "A1")
		w.srv.As(secretary)
		w.payNovember(t, "甲", "乙")
		meeting := w.idOf(t, w.srv.Do(t, "POST", "/api/v1/meetings", map[string]any{"org_id": w.ids["A1"],
			"kind": "member_assembly", "topic": "学习会", "starts_at": "2026-11-22T10:10:00+08:00"}))
		w.srv.Expect(t, secretary, "POST", "/api/v1/meetings/"+meeting+"/attendance", map[string]any{
			"member_ids": []string{w.members["甲"]}, "status": "present", "reason": "现场签到"}, http.StatusOK)
		live := func() string {
			var out struct {
				Meetings []struct {
					Topic     string
					OrgName   string `json:"org_name"`
					Expected  int
					CheckedIn int `json:"checked_in"`
				}
			}
			w.srv.Expect(t, secretary, "GET", "/api/v1/dashboard/orgs/"+w.ids["A1"]+"/screen/live", nil, http.StatusOK).JSON(t, &out)
			return fmt.Sprintf("%+v", out.Meetings)
		}
		if got := live(); got != "[{Topic:学习会 OrgName:A1 Expected:3 CheckedIn:1}]" {
			t.Errorf("live before the meeting: %s", got)
		}
		w.a.Cfg.Clock.(*clock.Fake).Advance(3 * time.Hour)
		if got := live(); got != "[]" {
			t.Errorf("live after the meeting ended: %s", got)
		}
		w.srv.Expect(t, secretary, "PUT", "/api/v1/meetings/"+meeting+"/minutes", map[string]any{"content": "学习讨论。"}, http.StatusOK)
		w.srv.Expect(t, secretary, "POST", "/api/v1/meetings/"+meeting+"/finalize", map[string]any{}, http.StatusOK)
		w.a.Cfg.Clock.(*clock.Fake).Set(time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC)) // November is complete
		w.dispatch(t)

		orglife := w.panel(t, secretary, "A1", "orglife")
		if got := fmt.Sprintf("meetings %d rate %d%%", orglife.head(t, "meetings").N, orglife.head(t, "attendance_rate").N); got != "meetings 1 rate 33%" {
			t.Errorf("orglife: %s", got)
		}
		dues := w.panel(t, secretary, "A1", "dues")
		if got := fmt.Sprintf("paid %d rate %d%%", dues.head(t, "paid_last_month").N, dues.head(t, "rate_last_month").N); got != "paid 2 rate 66%" {
			t.Errorf("dues: %s", got)
		}
		if kids, _ := w.childHeadlines(t, w.principal(authz.OrgAdmin, "R"), "A", "dues", "paid_last_month"); kids != "A1=2 A2=0" {
			t.Errorf("dues by child: %s", kids)
		}

		mine := w.portrait(t, apitest.Member(w.members["甲"], w.ids["A1"], w.paths["A1"]), "/api/v1/my/portrait")
		theirs := w.portrait(t, secretary, "/api/v1/members/"+w.members["甲"]+"/portrait")
		want := "姓名=甲 所在组织=A1 性别=男 年龄=36岁 学历=大学本科 党员类别=正式党员 党龄=10年 | 2026年: 应参加会议=1次 出席会议=1次 出席率=100% 党费已缴=1个月"
		if mine != want || theirs != want {
			t.Errorf("portrait:\n mine   %s\n theirs %s\n want   %s", mine, theirs, want)
		}
		w.srv.Expect(t, w.principal(authz.PartyWorker, "B1"), "GET", "/api/v1/members/"+w.members["甲"]+"/portrait", nil, http.StatusNotFound)
	})
}

// payNovember pays the members' 2026-11 dues (the current period) at
// their branch (A1).
func (w *dashWorld) payNovember(t *testing.T, names ...string) {
	t.Helper()
	dues := "/api/v1/orgs/" + w.ids["A1"] + "/dues"
	var pays []map[string]any
	for _, name := range names {
		w.idOf(t, w.srv.Do(t, "POST", dues+"/bases", map[string]any{"member_id": w.members[name], "year": 2026,
			"effective_month": "2026-01", "category": "salaried", "base_fen": 480000}))
		pays = append(pays, map[string]any{"member_id": w.members[name], "months": []string{"2026-11"}, "method": "cash"})
	}
	if r := w.srv.Do(t, "POST", dues+"/months/2026-11/post", nil); r.Status != http.StatusOK && r.Status != http.StatusCreated {
		t.Fatalf("posting November: %d %s", r.Status, r.Body)
	}
	if r := w.srv.Do(t, "POST", dues+"/payments", map[string]any{"payments": pays}); r.Status != http.StatusOK &&
		r.Status != http.StatusCreated {
		t.Fatalf("paying November: %d %s", r.Status, r.Body)
	}
}

// portrait is the lines of a portrait the test looks at, "label=value".
func (w *dashWorld) portrait(t *testing.T, p *authz.Principal, path string) string {
	t.Helper()
	var out struct {
		Sections []struct {
			Title string
			Items []struct{ Key, Label, Value string }
		}
	}
	w.srv.Expect(t, p, "GET", path, nil, http.StatusOK).JSON(t, &out)
	keep := map[string]bool{"name": true, "org": true, "gender": true, "age": true, "education": true, "status": true,
		"party_age": true, "meetings_expected": true, "meetings_attended": true, "attendance_rate": true, "dues_months_paid": true}
	var parts []string
	for _, s := range out.Sections[:2] {
		if s.Title != "基本信息" {
			parts = append(parts, "| "+s.Title+":")
		}
		for _, it := range s.Items {
			if keep[it.Key] {
				parts = append(parts, it.Label+"="+it.Value)
			}
		}
	}
	return strings.Join(parts, " ")
}

// TestDashboardNoticeReadRates: a notice published at a branch counts its
// recipients and readers in the panel of every org above, and in the
// drill-down of the child it went to.
func TestDashboardNoticeReadRates(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildDashWorld(t, d)
		admin := w.principal(authz.OrgAdmin, "R")
		notice := w.publish(t, "A1")
		drain(t, w.a)
		item, err := w.a.Notify.Received(context.Background(), w.members["乙"], "notice", notice)
		if err != nil {
			t.Fatal(err)
		}
		w.srv.Expect(t, apitest.Member(w.members["乙"], w.ids["A1"], w.paths["A1"]), "POST", "/api/v1/inbox/"+item.ID+"/read",
			nil, http.StatusNoContent)
		for _, org := range []string{"R", "A", "A1"} {
			p := w.panel(t, admin, org, "notices")
			if got := fmt.Sprintf("%d %d %d %d%% %s", p.head(t, "notices").N, p.head(t, "recipients").N, p.head(t, "read").N,
				p.head(t, "read_rate").N, p.figure("notices.read_rate")); got != "1 3 1 33% 通知A1=33" {
				t.Errorf("notices at %s: %s", org, got)
			}
		}
		if kids, _ := w.childHeadlines(t, admin, "A", "notices", "read"); kids != "A1=1 A2=0" {
			t.Errorf("read by child: %s", kids)
		}
		if p := w.panel(t, admin, "B", "notices"); p.head(t, "notices").N != 0 {
			t.Errorf("B sees A1's notice: %+v", p.Headline)
		}
	})
}

// TestDashboardScreen: the big screen's headline, a year of trends (new
// members by the month they joined), the located orgs on the map with
// their members, and the branches' colors.
func TestDashboardScreen(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildDashWorld(t, d)
		admin := w.principal(authz.OrgAdmin, "R")
		w.srv.Expect(t, admin, "PATCH", "/api/v1/orgs/"+w.ids["A"], map[string]any{"longitude": 116.4, "latitude": 39.9}, http.StatusOK)
		w.dispatch(t)
		var s struct {
			Headline []dashHeadline
			Trends   []struct {
				Month         string
				MembersJoined int64 `json:"members_joined"`
			}
			Map []struct {
				Name     string
				Lng, Lat float64
				Members  int64
			}
			Health map[string]int64
		}
		w.srv.Expect(t, admin, "GET", "/api/v1/dashboard/orgs/"+w.ids["R"]+"/screen", nil, http.StatusOK).JSON(t, &s)
		p := dashPanel{Headline: s.Headline}
		if got := fmt.Sprintf("%d %d %d", p.head(t, "total").N, p.head(t, "orgs").N, p.head(t, "branches").N); got != "6 6 3" {
			t.Errorf("screen headline: %s", got)
		}
		if len(s.Trends) != 12 || s.Trends[0].Month != "2025-12" || s.Trends[11].Month != "2026-11" {
			t.Fatalf("trends: %+v", s.Trends)
		}
		if joined := s.Trends[7]; joined.Month != "2026-07" || joined.MembersJoined != 1 {
			t.Errorf("丙 joined in 2026-07: %+v", joined)
		}
		if got := fmt.Sprintf("%+v", s.Map); got != "[{Name:A Lng:116.4 Lat:39.9 Members:4}]" {
			t.Errorf("map: %s", got)
		}
		if s.Health["green"]+s.Health["yellow"]+s.Health["red"] != 3 {
			t.Errorf("health colors: %v", s.Health)
		}
	})
}

// TestDashboardRisksAddUp: the at-risk number of the health panel is the
// length of the risk list, at every level, and each branch says why.
func TestDashboardRisksAddUp(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildDashWorld(t, d)
		admin := w.principal(authz.OrgAdmin, "R")
		for _, org := range []string{"R", "A", "B1"} {
			var risks struct {
				Items []struct {
					Name    string
					Reasons []struct{ Code, Text string }
				}
			}
			w.srv.Expect(t, admin, "GET", "/api/v1/dashboard/orgs/"+w.ids[org]+"/risks", nil, http.StatusOK).JSON(t, &risks)
			if len(risks.Items) == 0 {
				t.Fatalf("no branch of %s at risk (none has met)", org)
			}
			for _, b := range risks.Items {
				if len(b.Reasons) == 0 || b.Reasons[0].Text == "" {
					t.Errorf("%s is at risk without a reason: %+v", b.Name, b)
				}
			}
			at := w.panel(t, admin, org, "health").head(t, "at_risk")
			if at.N != int64(len(risks.Items)) || int64(len(w.listAll(t, admin, org, at.Metric, at.Bucket))) != at.N {
				t.Errorf("%s: at risk %d, risk list %d", org, at.N, len(risks.Items))
			}
		}
	})
}
