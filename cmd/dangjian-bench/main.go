// Command dangjian-bench measures the API latencies the platform promises
// (docs/benchmarks.md) against a running server over loopback, as an
// integrator would call it: with a bearer token, one request at a time.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"
)

type client struct {
	base  string
	token string
	http  *http.Client
}

func (c *client) do(method, path string, body string) ([]byte, error) {
	status, b, err := c.send(method, path, body)
	if err == nil && status >= 300 {
		err = fmt.Errorf("%s %s: %d %s", method, path, status, b)
	}
	return b, err
}

// send makes one request and reads its whole answer, whatever its status.
func (c *client) send(method, path string, body string) (int, []byte, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func (c *client) getJSON(path string, v any) error {
	b, err := c.do("GET", path, "")
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

type item struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type list struct {
	Items []item `json:"items"`
	Total int    `json:"total"`
}

func main() {
	base := flag.String("base", "http://127.0.0.1:8080", "server address")
	token := flag.String("token", os.Getenv("DANGJIAN_BENCH_TOKEN"), "bearer token of an account with party_worker or org_admin at --org")
	org := flag.String("org", "", "top organization ID or code of the benchmark data")
	n := flag.Int("n", 200, "requests per scenario")
	notice := flag.Bool("notice", false, "instead: publish a notice to the whole subtree and time its fan-out")
	dashboard := flag.Bool("dashboard", false, "instead: time every dashboard panel, drill-down, list and the big screen")
	members := flag.Int64("members", 0, "with --dashboard: the members loaded, which the top org's 党员总数 must equal")
	flag.Parse()
	c := &client{base: strings.TrimRight(*base, "/"), token: *token, http: &http.Client{Timeout: 30 * time.Second}}
	var err error
	switch {
	case *notice:
		err = benchNoticeAt(c, *org)
	case *dashboard:
		err = benchDashboard(c, *org, *members, *n)
	default:
		err = run(c, *org, *n)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func benchNoticeAt(c *client, org string) error {
	var root item
	if err := c.getJSON("/api/v1/orgs/"+url.PathEscape(org), &root); err != nil {
		return err
	}
	return benchNotice(c, root.ID)
}

func run(c *client, org string, n int) error {
	var root item
	if err := c.getJSON("/api/v1/orgs/"+url.PathEscape(org), &root); err != nil {
		return err
	}
	orgIDs, err := sampleOrgs(c, root.ID, 50)
	if err != nil {
		return err
	}
	phones, idNumbers, names, err := sampleMembers(c, root.ID, 40)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	scenarios := []scenario{
		{"members: first page of the top org's subtree", func() error {
			_, err := c.do("GET", "/api/v1/members?org="+root.ID, "")
			return err
		}},
		{"members: first page of a lower org's subtree", func() error {
			_, err := c.do("GET", "/api/v1/members?org="+pick(orgIDs), "")
			return err
		}},
		{"members: name prefix in the top org", func() error {
			_, err := c.do("GET", "/api/v1/members?org="+root.ID+"&q="+url.QueryEscape(pick(names)), "")
			return err
		}},
		{"members: exact phone in the top org", func() error {
			_, err := c.do("GET", "/api/v1/members?org="+root.ID+"&q="+pick(phones), "")
			return err
		}},
		{"members: exact ID number in the top org", func() error {
			_, err := c.do("GET", "/api/v1/members?org="+root.ID+"&q="+pick(idNumbers), "")
			return err
		}},
		{"orgs: open an org with its children and member counts", func() error {
			id := pick(orgIDs)
			if _, err := c.do("GET", "/api/v1/orgs/"+id, ""); err != nil {
				return err
			}
			_, err := c.do("GET", "/api/v1/orgs/"+id+"/children", "")
			return err
		}},
	}
	return timeAll(scenarios, n)
}

// scenario is one kind of request, timed n times in a row.
type scenario struct {
	name string
	call func() error
}

// timeAll times each scenario after a warm-up of ten calls, one request at
// a time, and prints a table of its latency percentiles.
func timeAll(scenarios []scenario, n int) error {
	fmt.Printf("| scenario | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n")
	for _, s := range scenarios {
		for i := 0; i < 10; i++ {
			if err := s.call(); err != nil {
				return err
			}
		}
		d := make([]time.Duration, 0, n)
		for i := 0; i < n; i++ {
			start := time.Now()
			if err := s.call(); err != nil {
				return err
			}
			d = append(d, time.Since(start))
		}
		slices.Sort(d)
		fmt.Printf("| %s | %d | %.1f | %.1f | %.1f | %.1f |\n", s.name, n,
			ms(d[n/2]), ms(d[n*95/100]), ms(d[n*99/100]), ms(d[n-1]))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// sampleOrgs walks the tree breadth-first from the top and keeps up to k
// orgs below it, so scenarios open real orgs at several depths.
func sampleOrgs(c *client, rootID string, k int) ([]string, error) {
	var out []string
	queue := []string{rootID}
	for len(queue) > 0 && len(out) < k {
		id := queue[0]
		queue = queue[1:]
		var l list
		if err := c.getJSON("/api/v1/orgs/"+id+"/children?page_size=10", &l); err != nil {
			return nil, err
		}
		for _, it := range l.Items {
			out = append(out, it.ID)
			queue = append(queue, it.ID)
		}
	}
	if len(out) == 0 {
		out = []string{rootID}
	}
	return out, nil
}

// sampleMembers reveals the phone and ID number of k members from several
// orgs (each reveal is audited, as it would be for a person).
func sampleMembers(c *client, rootID string, k int) (phones, idNumbers, names []string, err error) {
	orgIDs, err := sampleOrgs(c, rootID, k)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, org := range orgIDs {
		var l list
		if err := c.getJSON("/api/v1/members?org="+org+"&page_size=1", &l); err != nil {
			return nil, nil, nil, err
		}
		for _, m := range l.Items {
			p, err := reveal(c, m.ID, "phone")
			if err != nil {
				return nil, nil, nil, err
			}
			id, err := reveal(c, m.ID, "id_number")
			if err != nil {
				return nil, nil, nil, err
			}
			phones, idNumbers = append(phones, p), append(idNumbers, id)
			names = append(names, string([]rune(m.Name)[:1]))
		}
	}
	if len(phones) == 0 {
		return nil, nil, nil, fmt.Errorf("no members found under %s", rootID)
	}
	return phones, idNumbers, names, nil
}

func reveal(c *client, memberID, field string) (string, error) {
	b, err := c.do("POST", "/api/v1/members/"+memberID+"/reveal", `{"field":"`+field+`"}`)
	if err != nil {
		return "", err
	}
	var v struct {
		Value string `json:"value"`
	}
	return v.Value, json.Unmarshal(b, &v)
}
