package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
)

// The dashboard figures (issue #8): every panel of an org's subtree and its
// drill-down to the children, the big screen, the health and risk lists and
// the list behind a number — at the top org and at an org two levels down.
// Empty rollups would answer fast with zeros, so before timing the top's
// 党员总数 must equal the members loaded and every list must have rows.

var dashboardPanels = []string{"members", "orgs", "orglife", "dues", "development", "health", "notices", "points"}

type headline struct {
	Key string `json:"key"`
	N   int64  `json:"n"`
}

type childRow struct {
	Org      item       `json:"org"`
	Headline []headline `json:"headline"`
}

// total is the headline numbered "total" (党员总数 on the members panel
// and the screen), -1 when absent.
func total(hs []headline) int64 {
	for _, h := range hs {
		if h.Key == "total" {
			return h.N
		}
	}
	return -1
}

func benchDashboard(c *client, org string, members int64, n int) error {
	if members <= 0 {
		return fmt.Errorf("--members must be the number of members loaded")
	}
	var top item
	if err := c.getJSON("/api/v1/orgs/"+url.PathEscape(org), &top); err != nil {
		return err
	}
	var p struct{ Headline []headline }
	if err := c.getJSON(dashPath(top.ID, "/panels/members"), &p); err != nil {
		return err
	}
	if got := total(p.Headline); got != members {
		return fmt.Errorf("the top org's 党员总数 is %d but %d members were loaded: are the rollups built?", got, members)
	}
	mid, err := largestChild(c, top.ID)
	if err == nil {
		mid, err = largestChild(c, mid.Org.ID)
	}
	if err != nil {
		return err
	}
	for _, o := range []childRow{{Org: top, Headline: p.Headline}, mid} {
		scenarios, err := dashboardScenarios(c, o.Org.ID)
		if err != nil {
			return err
		}
		fmt.Printf("\n%s (%s), %d members in its subtree:\n\n", o.Org.Name, o.Org.ID, total(o.Headline))
		if err := timeAll(scenarios, n); err != nil {
			return err
		}
	}
	return nil
}

func dashPath(orgID, rest string) string {
	return "/api/v1/dashboard/orgs/" + url.PathEscape(orgID) + rest
}

// largestChild is the child of id with the most members (rollup figures).
func largestChild(c *client, id string) (childRow, error) {
	var out struct{ Rows []childRow }
	if err := c.getJSON(dashPath(id, "/panels/members/children"), &out); err != nil {
		return childRow{}, err
	}
	var best childRow
	for _, r := range out.Rows {
		if total(r.Headline) > total(best.Headline) {
			best = r
		}
	}
	if total(best.Headline) <= 0 {
		return best, fmt.Errorf("no child of %s has members in the rollups", id)
	}
	return best, nil
}

// dashboardScenarios are the dashboard reads of one org, each checked once
// to answer with rows before it is timed. The points panel is left out when
// its route is not there (404).
func dashboardScenarios(c *client, orgID string) ([]scenario, error) {
	var paths []string
	for _, p := range dashboardPanels {
		status, _, err := c.send("GET", dashPath(orgID, "/panels/"+p), "")
		if err != nil {
			return nil, err
		}
		if status == http.StatusNotFound {
			fmt.Fprintf(os.Stderr, "panel %s: 404, not measured\n", p)
			continue
		}
		paths = append(paths, "/panels/"+p, "/panels/"+p+"/children")
	}
	paths = append(paths, "/screen", "/health?limit=50", "/risks?limit=50", "/list?metric=members.gender&bucket=female&limit=50")
	out := make([]scenario, len(paths))
	for i, p := range paths {
		path := dashPath(orgID, p)
		if err := hasRows(c, path); err != nil {
			return nil, err
		}
		out[i] = scenario{name: p, call: func() error { return c.get200(path) }}
	}
	return out, nil
}

// hasRows checks that an answer's list (rows, items or the screen's map)
// is not empty; a panel's headline is checked at the top only.
func hasRows(c *client, path string) error {
	var v map[string]json.RawMessage
	if err := c.getJSON(path, &v); err != nil {
		return err
	}
	for _, key := range []string{"rows", "items", "map"} {
		if raw, ok := v[key]; ok {
			var list []json.RawMessage
			if err := json.Unmarshal(raw, &list); err != nil || len(list) == 0 {
				return fmt.Errorf("GET %s: no %s (%v)", path, key, err)
			}
		}
	}
	return nil
}

// get200 makes one GET whose answer must be 200 OK.
func (c *client) get200(path string) error {
	status, b, err := c.send("GET", path, "")
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("GET %s: %d %s", path, status, b)
	}
	return err
}
