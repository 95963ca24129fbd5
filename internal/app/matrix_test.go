package app_test

import (
	"context"
	"net/http"
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
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/pii"
)

// world is a small tree with objects on both sides of a scope boundary:
//
//	R (leading_body) ── A (committee) ── A1 (branch, "ours")
//	                 └─ B (committee) ── B1 (branch, "theirs")
type world struct {
	a                *app.App
	srv              *apitest.Server
	paths            map[string]string // org name → path
	ids              map[string]string // org name → ID
	ourMember        string
	theirMember      string
	theirPosition    string
	theirAccount     string
	theirGrant       string
	ourMemberAccount string
	theirCorrection  string
	ourNotice        string
	theirNotice      string
	theirMessage     string // the other branch's member's copy of theirNotice
	ourMeeting       string
	theirMeeting     string
	ourRound         string // 民主评议
	theirRound       string
	ours, theirs     duesObjects     // 党费
	ourFlows         workflowObjects // 发展党员, 组织关系转接, 换届, 流动党员
	theirFlows       workflowObjects
	ourRecords       recordObjects // 积分, 两优一先
	theirRecords     recordObjects
	ourReport        string // 党内统计
	theirReport      string
}

func newApp(t *testing.T, d *db.DB) *app.App {
	t.Helper()
	a, err := app.New(d, app.Config{CryptoProfile: pii.ProfileGM, CryptoKey: []byte(strings.Repeat("k", 32)),
		Clock: clock.NewFake(time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func buildWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{a: newApp(t, d), srv: apitest.New(), paths: map[string]string{}, ids: map[string]string{}}
	w.a.RegisterRoutes(w.srv.Router)
	mk := func(name, kind, parent string) {
		o, err := w.a.Orgs.Create(ctx, orgs.NewOrg{ParentID: w.ids[parent], Name: name, Kind: kind, Code: name})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		w.ids[name] = o.ID
		p, err := w.a.Orgs.PathOf(ctx, d, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.paths[name] = p
	}
	mk("R", "leading_body", "")
	mk("A", "committee", "R")
	mk("B", "committee", "R")
	mk("A1", "branch", "A")
	mk("B1", "branch", "B")
	w.srv.As(w.principal(authz.OrgAdmin, "R"))
	w.ourMember = w.createMember(t, "A1", "110105199001011232", "13800138001")
	w.theirMember = w.createMember(t, "B1", "110105198505052316", "13800138002")
	w.theirPosition = w.idOf(t, w.srv.Do(t, "POST", "/api/v1/orgs/"+w.ids["B1"]+"/positions",
		map[string]any{"member_id": w.theirMember, "title": "secretary", "start_on": "2025-01-01"}))
	w.srv.As(&authz.Principal{AccountID: "acc-their-member", Username: "their", MemberID: w.theirMember,
		Grants: []authz.Grant{{ID: "g-m", Role: authz.MemberRole, OrgID: w.ids["B1"], OrgPath: w.paths["B1"]}}, SessionID: "s"})
	w.theirCorrection = w.idOf(t, w.srv.Do(t, "POST", "/api/v1/me/member/corrections",
		map[string]any{"field": "education", "proposed": "硕士研究生"}))
	w.srv.As(w.principal(authz.OrgAdmin, "R"))
	w.ourNotice, w.theirNotice = w.publish(t, "A1"), w.publish(t, "B1")
	drain(t, w.a)
	item, err := w.a.Notify.Received(ctx, w.theirMember, "notice", w.theirNotice)
	if err != nil {
		t.Fatalf("the other branch's member has no copy of its notice: %v", err)
	}
	w.theirMessage = item.ID
	w.ourMeeting, w.theirMeeting = w.callMeeting(t, "A1"), w.callMeeting(t, "B1")
	w.ourRound, w.theirRound = w.openRound(t, "A1"), w.openRound(t, "B1")
	w.ours, w.theirs = w.dues(t, "A1", w.ourMember), w.dues(t, "B1", w.theirMember)
	w.ourFlows, w.theirFlows = w.workflows(t, "A1", w.ourMember, "011"), w.workflows(t, "B1", w.theirMember, "013")
	w.ourRecords, w.theirRecords = w.records(t, "A1", w.ourMember), w.records(t, "B1", w.theirMember)
	w.ourReport, w.theirReport = w.report(t, "A1"), w.report(t, "B1")
	w.srv.As(w.principal(authz.Secadmin, ""))
	w.theirAccount = w.idOf(t, w.srv.Do(t, "POST", "/api/v1/accounts",
		map[string]any{"username": "theirs", "display_name": "他人", "password": "Xq7#mPz9!k"}))
	w.theirGrant = w.idOf(t, w.srv.Do(t, "POST", "/api/v1/accounts/"+w.theirAccount+"/roles",
		map[string]any{"role": "party_worker", "org_id": w.ids["B1"]}))
	return w
}

// publish sends a notice to org's subtree in org's name.
func (w *world) publish(t *testing.T, org string) string {
	t.Helper()
	return w.idOf(t, w.srv.Do(t, "POST", "/api/v1/notices", map[string]any{"org_id": w.ids[org], "title": "通知" + org,
		"body_html": "<p>请阅读</p>", "audience": map[string]any{"subtrees": []string{w.ids[org]}}, "ack_required": true}))
}

// callMeeting calls a 支部党员大会 at org for the next day.
func (w *world) callMeeting(t *testing.T, org string) string {
	t.Helper()
	return w.idOf(t, w.srv.Do(t, "POST", "/api/v1/meetings", map[string]any{"org_id": w.ids[org],
		"kind": "member_assembly", "topic": "会议" + org, "starts_at": "2026-11-23T10:00:00+08:00"}))
}

// openRound opens org's 民主评议 of 2026.
func (w *world) openRound(t *testing.T, org string) string {
	t.Helper()
	return w.idOf(t, w.srv.Do(t, "POST", "/api/v1/orgs/"+w.ids[org]+"/appraisals", map[string]any{"year": 2026}))
}

// drain runs the app's due jobs (fan-outs, reminders) to completion.
func drain(t *testing.T, a *app.App) {
	t.Helper()
	if err := a.Jobs.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (w *world) createMember(t *testing.T, org, idNumber, phone string) string {
	t.Helper()
	return w.idOf(t, w.srv.Do(t, "POST", "/api/v1/members", map[string]any{
		"org_id": w.ids[org], "name": "测试" + org, "gender": genderOf(idNumber), "ethnicity": "汉族",
		"birth_date": idNumber[6:10] + "-" + idNumber[10:12] + "-" + idNumber[12:14], "id_number": idNumber,
		"phone": phone, "education": "bachelor", "category": "enterprise", "status": "full",
		"joined_on": "2015-07-01", "full_member_on": "2016-07-01",
	}))
}

func genderOf(id string) string {
	if (id[16]-'0')%2 == 1 {
		return "male"
	}
	return "female"
}

func (w *world) idOf(t *testing.T, r *apitest.Response) string {
	t.Helper()
	if r.Status != http.StatusCreated && r.Status != http.StatusOK {
		t.Fatalf("set-up request failed: %d %s", r.Status, r.Body)
	}
	id, _ := r.Map(t)["id"].(string)
	if id == "" {
		t.Fatalf("no id in %s", r.Body)
	}
	return id
}

func (w *world) principal(role authz.Role, org string) *authz.Principal {
	g := authz.Grant{ID: "g-" + string(role), Role: role}
	if org != "" {
		g.OrgID, g.OrgName, g.OrgPath = w.ids[org], org, w.paths[org]
	}
	return &authz.Principal{AccountID: "acc-" + string(role) + "-" + org, Username: string(role),
		Grants: []authz.Grant{g}, SessionID: "s"}
}

// roles are every role, each held at branch A1 (the global ones system-wide).
var roles = []authz.Role{authz.OrgAdmin, authz.PartyWorker, authz.Viewer, authz.MemberRole,
	authz.Sysadmin, authz.Secadmin, authz.Auditor}

// TestEveryRouteDeclaresAndEnforcesItsPermission: for every registered
// route and every role, a caller without the route's permission is refused
// (401 anonymous, 403 signed in) before anything else happens.
func TestEveryRouteDeclaresAndEnforcesItsPermission(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildWorld(t, d)
		routes := w.srv.Routes()
		if len(routes) < 30 {
			t.Fatalf("only %d routes registered", len(routes))
		}
		for _, rt := range routes {
			path, _, _ := target(rt, w, false)
			if rt.Perm != authz.Public {
				w.srv.As(nil)
				if r := w.srv.Do(t, rt.Method, path, nil); r.Status != http.StatusUnauthorized {
					t.Errorf("anonymous %s %s: got %d, want 401", rt.Method, rt.Path, r.Status)
				}
			}
			for _, role := range roles {
				p := w.principal(role, "A1")
				if role.Global() {
					p = w.principal(role, "")
				}
				if rt.Perm == authz.Public || rt.Perm == authz.SignedIn || rt.Perm == authz.PasswordChange || p.Has(rt.Perm) {
					continue
				}
				w.srv.As(p)
				if r := w.srv.Do(t, rt.Method, path, nil); r.Status != http.StatusForbidden {
					t.Errorf("%s %s %s: got %d, want 403", role, rt.Method, rt.Path, r.Status)
				}
			}
		}
	})
}

// TestObjectsOutsideScopeAnswer404: a caller holding the route's permission
// at branch A1 reaches an object of sibling branch B1 by its ID and gets 404
// with nothing revealed; the same request on A1's object succeeds, so the
// 404 is the scope check and not a broken route.
func TestObjectsOutsideScopeAnswer404(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildWorld(t, d)
		checked := 0
		for _, rt := range w.srv.Routes() {
			theirs, body, ok := target(rt, w, true)
			if !ok {
				continue
			}
			for _, role := range []authz.Role{authz.OrgAdmin, authz.PartyWorker, authz.Viewer} {
				p := w.principal(role, "A1")
				if !p.Has(rt.Perm) {
					continue
				}
				w.srv.As(p)
				r := w.srv.Do(t, rt.Method, theirs, body)
				if r.Status != http.StatusNotFound {
					t.Errorf("%s %s %s on B1's object: got %d %s, want 404", role, rt.Method, theirs, r.Status, r.Body)
				}
				if r.Contains("测试B1") || r.Contains(w.ids["B1"]) {
					t.Errorf("%s %s reveals the other branch's data: %s", rt.Method, theirs, r.Body)
				}
				checked++
			}
		}
		if checked < 60 {
			t.Fatalf("only %d out-of-scope checks ran", checked)
		}
		w.srv.As(w.principal(authz.PartyWorker, "A1"))
		for _, path := range []string{"/api/v1/members/" + w.ourMember, "/api/v1/orgs/" + w.ids["A1"],
			"/api/v1/members?org=" + w.ids["A1"], "/api/v1/members/" + w.ourMember + "/history"} {
			if r := w.srv.Do(t, "GET", path, nil); r.Status != http.StatusOK {
				t.Errorf("in scope GET %s: got %d %s", path, r.Status, r.Body)
			}
		}
	})
}

// TestMoveOutOfScope: an org admin of A cannot move A1 under B, nor move B1.
func TestMoveOutOfScope(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildWorld(t, d)
		w.srv.As(w.principal(authz.OrgAdmin, "A"))
		if r := w.srv.Do(t, "POST", "/api/v1/orgs/"+w.ids["A1"]+"/move", map[string]string{"new_parent_id": w.ids["B"]}); r.Status != http.StatusNotFound {
			t.Errorf("moving into another subtree: got %d", r.Status)
		}
		if r := w.srv.Do(t, "POST", "/api/v1/orgs/"+w.ids["B1"]+"/move", map[string]string{"new_parent_id": w.ids["A"]}); r.Status != http.StatusNotFound {
			t.Errorf("moving another subtree's org: got %d", r.Status)
		}
		p, _ := w.a.Orgs.PathOf(context.Background(), d, w.ids["A1"])
		if !strings.HasPrefix(p, w.paths["A"]) {
			t.Error("A1 must not have moved")
		}
	})
}

// meetingBody is a valid body for each meeting route, so that what answers
// is the scope check and not validation.
func meetingBody(rt httpx.Route, member string) any {
	mark := map[string]any{"member_ids": []string{member}, "status": "present", "reason": "测试"}
	bodies := map[string]any{
		"PATCH /api/v1/meetings/{id}":                              map[string]any{"topic": "改", "starts_at": "2026-11-23T10:00:00+08:00", "version": 1},
		"POST /api/v1/meetings/{id}/notify":                        map[string]any{"sms": false},
		"POST /api/v1/meetings/{id}/cancel":                        map[string]any{"reason": "测试"},
		"POST /api/v1/meetings/{id}/attendees":                     map[string]any{"guest_name": "列席"},
		"POST /api/v1/meetings/{id}/attendees/{member_id}/exclude": map[string]any{"excluded": true, "reason": "测试"},
		"POST /api/v1/meetings/{id}/leave/{member_id}":             map[string]any{"approve": true},
		"POST /api/v1/meetings/{id}/attendance":                    mark,
		"PUT /api/v1/meetings/{id}/minutes":                        map[string]any{"content": "记录"},
		"POST /api/v1/meetings/{id}/votes":                         map[string]any{"subject": "表决事项"},
		"POST /api/v1/meetings/{id}/corrections":                   map[string]any{"field": "content", "value": "更正", "reason": "测试"},
	}
	return bodies[rt.Method+" "+rt.Path]
}

// roundBody is a valid body for each 民主评议 route.
func roundBody(rt httpx.Route, member, meeting string) any {
	return map[string]any{
		"PUT /api/v1/appraisals/{id}/proposal":               map[string]any{"grades": map[string]string{member: "qualified"}},
		"POST /api/v1/appraisals/{id}/confirm":               map[string]any{"meeting_id": meeting},
		"PUT /api/v1/appraisals/{id}/handlings/{hid}":        map[string]any{"measure": "rectify"},
		"POST /api/v1/appraisals/{id}/handlings/{hid}/close": map[string]any{"outcome": "已整改"},
	}[rt.Method+" "+rt.Path]
}

// target is the request for rt aimed at an object of ours (A1) or theirs
// (B1), with a valid body; ok is false for routes that address no object in
// the org tree (sign-in, own tokens, audit).
func target(rt httpx.Route, w *world, theirs bool) (path string, body any, ok bool) {
	path, body, ok = objectTarget(rt, w, theirs)
	member := w.ourMember
	if theirs {
		member = w.theirMember
	}
	zero := "00000000000000000000000000"
	return strings.NewReplacer("{member_id}", member, "{file_id}", zero, "{hid}", zero, "{year}", "2026",
		"{month}", "2026-11", "{period}", "2026-11").Replace(path), body, ok
}

// objectTarget is target before the path's secondary parameters are filled.
func objectTarget(rt httpx.Route, w *world, theirs bool) (path string, body any, ok bool) {
	pick := func(ours, other string) string {
		if theirs {
			return other
		}
		return ours
	}
	org, committee := pick(w.ids["A1"], w.ids["B1"]), pick(w.ids["A"], w.ids["B"])
	member := pick(w.ourMember, w.theirMember)
	notice := pick(w.ourNotice, w.theirNotice)
	sub := func(id string) string { return strings.Replace(rt.Path, "{id}", id, 1) }
	switch rt.Method + " " + rt.Path {
	case "POST /api/v1/orgs":
		return rt.Path, map[string]any{"parent_id": committee, "name": "新支部", "kind": "branch"}, true
	case "GET /api/v1/members":
		return rt.Path + "?org=" + org, nil, true
	case "POST /api/v1/members":
		return rt.Path, map[string]any{"org_id": org, "name": "新党员", "gender": "male", "ethnicity": "汉族",
			"birth_date": "1992-03-04", "id_number": "110105199203041237", "phone": "13900139000",
			"education": "bachelor", "category": "enterprise", "status": "probationary", "joined_on": "2026-07-01"}, true
	case "PATCH /api/v1/orgs/{id}":
		return sub(org), map[string]any{"name": "改名"}, true
	case "POST /api/v1/orgs/{id}/move":
		return sub(org), map[string]any{"new_parent_id": committee}, true
	case "POST /api/v1/orgs/{id}/dissolve":
		return sub(org), map[string]any{"dissolved_on": "2026-11-01", "reason": "测试"}, true
	case "POST /api/v1/orgs/{id}/positions":
		return sub(org), map[string]any{"member_id": member, "title": "publicity", "start_on": "2026-01-01"}, true
	case "POST /api/v1/positions/{id}/end":
		return sub(w.theirPosition), map[string]any{"end_on": "2026-11-01"}, theirs
	case "PATCH /api/v1/members/{id}":
		return sub(member), map[string]any{"education": "master"}, true
	case "POST /api/v1/members/{id}/move":
		return sub(member), map[string]any{"org_id": w.ids["A1"], "reason": "调动"}, true
	case "POST /api/v1/members/{id}/end":
		return sub(member), map[string]any{"kind": "deceased", "on": "2026-11-01", "reason": "测试"}, true
	case "POST /api/v1/members/{id}/reveal":
		return sub(member), map[string]any{"field": "phone"}, true
	case "PATCH /api/v1/accounts/{id}":
		return sub(w.theirAccount), map[string]any{"disabled": true}, theirs
	case "POST /api/v1/accounts/{id}/reset-password":
		return sub(w.theirAccount), map[string]any{"password": "Xq7#mPz9!k2"}, theirs
	case "POST /api/v1/accounts/{id}/roles":
		return sub(w.theirAccount), map[string]any{"role": "viewer", "org_id": w.ids["B1"]}, theirs
	case "POST /api/v1/corrections/{id}/resolve":
		return sub(w.theirCorrection), map[string]any{"accepted": true}, theirs
	case "DELETE /api/v1/role-grants/{id}":
		return sub(w.theirGrant), nil, theirs
	case "GET /api/v1/notices":
		return rt.Path + "?org_id=" + org, nil, true
	case "POST /api/v1/notices":
		return rt.Path, map[string]any{"org_id": org, "title": "新通知", "body_html": "<p>内容</p>",
			"audience": map[string]any{"subtrees": []string{org}}}, true
	case "POST /api/v1/notices/{id}/withdraw":
		return sub(notice), map[string]any{"reason": "测试"}, true
	case "GET /api/v1/meetings":
		return rt.Path + "?org_id=" + org, nil, true
	case "POST /api/v1/meetings":
		return rt.Path, map[string]any{"org_id": org, "kind": "committee", "topic": "新会议",
			"starts_at": "2026-11-24T10:00:00+08:00"}, true
	}
	if strings.HasPrefix(rt.Path, "/api/v1/meetings/{id}") {
		return sub(pick(w.ourMeeting, w.theirMeeting)), meetingBody(rt, member), true
	}
	if path, body, ok := duesTarget(rt, member, org, map[bool]duesObjects{false: w.ours, true: w.theirs}[theirs]); ok {
		return path, body, true
	}
	if path, body, ok := workflowTarget(rt, org, map[bool]workflowObjects{false: w.ourFlows, true: w.theirFlows}[theirs]); ok {
		return path, body, true
	}
	if path, body, ok := recordTarget(rt, map[bool]recordObjects{false: w.ourRecords, true: w.theirRecords}[theirs]); ok {
		return path, body, true
	}
	if path, body, ok := analyticsTarget(rt, org, pick(w.ourReport, w.theirReport)); ok {
		return path, body, true
	}
	if strings.HasPrefix(rt.Path, "/api/v1/appraisals/{id}") {
		return sub(pick(w.ourRound, w.theirRound)), roundBody(rt, member, pick(w.ourMeeting, w.theirMeeting)), true
	}
	switch rt.Method + " " + rt.Path {
	case "POST /api/v1/orgs/{id}/appraisals":
		return sub(org), map[string]any{"year": 2025}, true
	case "POST /api/v1/inbox/{id}/read", "POST /api/v1/inbox/{id}/ack":
		return sub(w.theirMessage), nil, theirs
	}
	switch {
	case strings.HasPrefix(rt.Path, "/api/v1/orgs/{id}"):
		return sub(org), nil, true
	case strings.HasPrefix(rt.Path, "/api/v1/members/{id}"):
		return sub(member), nil, true
	case strings.HasPrefix(rt.Path, "/api/v1/notices/{id}"), strings.HasPrefix(rt.Path, "/api/v1/my/notices/{id}"):
		return sub(notice), map[string]any{"version": 1}, true
	}
	return strings.NewReplacer("{id}", "00000000000000000000000000").Replace(rt.Path), nil, false
}
