package app_test

import (
	"context"
	"strings"
	"testing"

	"dangjian/internal/platform/httpx"
)

// recordObjects are one branch's records of points and commendations the
// matrix aims at: a manual award awaiting approval, a commendation round
// with a nomination, and a disqualifying mark (诫勉).
type recordObjects struct {
	award, round, nomination, mark string
}

// records opens them at org for member.
func (w *world) records(t *testing.T, org, member string) recordObjects {
	t.Helper()
	var o recordObjects
	base := "/api/v1/orgs/" + w.ids[org]
	proof, err := w.a.Files.Put(context.Background(), "证明.pdf", strings.NewReader("%PDF-1.4\n%%EOF\n"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	o.award = w.idOf(t, w.srv.Do(t, "POST", base+"/points/awards", map[string]any{"member_id": member, "points": 3,
		"on": "2026-11-20", "reason": "抗洪抢险表现突出", "file_ids": []string{proof.ID}}))
	o.round = w.idOf(t, w.srv.Do(t, "POST", base+"/commendations", map[string]any{"year": 2026, "title": "2026 年度两优一先",
		"kinds": []map[string]any{{"kind": "excellent_member", "quota": 1}}, "nominate_until": "2026-12-31"}))
	o.nomination = w.idOf(t, w.srv.Do(t, "POST", "/api/v1/commendations/"+o.round+"/nominations",
		map[string]any{"kind": "excellent_member", "member_id": member, "deeds": "带头参加志愿服务"}))
	o.mark = w.idOf(t, w.srv.Do(t, "POST", base+"/commendations/marks", map[string]any{"member_id": member, "year": 2026,
		"kind": "admonished", "reason": "测试", "on": "2026-11-01"}))
	return o
}

// recordTarget is the request for a points or commendations route aimed at
// o, with a body the route accepts.
func recordTarget(rt httpx.Route, o recordObjects) (string, any, bool) {
	body := map[string]any{"reason": "测试"}
	switch {
	case strings.HasPrefix(rt.Path, "/api/v1/commendations/nominations/"):
		body = map[string]any{"note": "测试"}
	case strings.HasSuffix(rt.Path, "/nominations"):
		body = map[string]any{"kind": "excellent_member", "member_id": "x", "deeds": "事迹"}
	case strings.HasSuffix(rt.Path, "/publish"), strings.HasSuffix(rt.Path, "/approve"):
		body = map[string]any{}
	}
	for _, x := range []struct{ prefix, param, id string }{
		{"/api/v1/points/awards/{aid}", "{aid}", o.award},
		{"/api/v1/commendations/nominations/{nid}", "{nid}", o.nomination},
		{"/api/v1/commendations/marks/{mid}", "{mid}", o.mark},
		{"/api/v1/commendations/{rid}", "{rid}", o.round},
	} {
		if strings.HasPrefix(rt.Path, x.prefix) {
			return strings.Replace(rt.Path, x.param, x.id, 1), body, true
		}
	}
	return "", nil, false
}
