package app_test

import (
	"strings"
	"testing"

	"dangjian/internal/platform/httpx"
)

// report generates a 党内统计 report at org for the matrix to aim at.
func (w *world) report(t *testing.T, org string) string {
	t.Helper()
	return w.idOf(t, w.srv.Do(t, "POST", "/api/v1/stats/orgs/"+w.ids[org]+"/reports", map[string]any{"as_of": "2026-11-01"}))
}

// analyticsTarget is the request for a dashboard or statistics route aimed
// at org (the dashboards) or report (a stored 党内统计 report), with a body
// the route accepts.
func analyticsTarget(rt httpx.Route, org, report string) (string, any, bool) {
	switch {
	case strings.HasPrefix(rt.Path, "/api/v1/dashboard/orgs/{id}"):
		return strings.Replace(rt.Path, "{id}", org, 1), map[string]any{"values": map[string]any{"dashboard.green_min": "90"}}, true
	case strings.HasPrefix(rt.Path, "/api/v1/stats/orgs/{id}"):
		return strings.Replace(rt.Path, "{id}", org, 1), map[string]any{"as_of": "2026-11-01"}, true
	case strings.HasPrefix(rt.Path, "/api/v1/stats/reports/{rid}"):
		return strings.Replace(rt.Path, "{rid}", report, 1), nil, true
	}
	return "", nil, false
}
