package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"
)

// benchNotice publishes a notice to the whole subtree of root and measures
// how long the fan-out takes to deliver every in-app copy, while two other
// clients keep reading the publisher's receipt view and the member list:
// their latencies show whether the fan-out blocks other requests.
func benchNotice(c *client, rootID string) error {
	body := fmt.Sprintf(`{"org_id":%q,"title":"性能测试通知","body_html":"<p>全体党员请阅读。</p>",
		"audience":{"subtrees":[%q]},"ack_required":true}`, rootID, rootID)
	started := time.Now()
	raw, err := c.do("POST", "/api/v1/notices", body)
	if err != nil {
		return err
	}
	var n struct{ ID string }
	if err := json.Unmarshal(raw, &n); err != nil {
		return err
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var receipts, members []time.Duration
	var errs [2]error
	probe := func(path string, out *[]time.Duration, errp *error) {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			t := time.Now()
			if _, err := c.do("GET", path, ""); err != nil {
				*errp = err
				return
			}
			*out = append(*out, time.Since(t))
		}
	}
	wg.Add(2)
	go probe("/api/v1/notices/"+n.ID+"/receipts", &receipts, &errs[0])
	go probe("/api/v1/members?org="+rootID, &members, &errs[1])
	sent, err := waitFanout(c, n.ID)
	elapsed := time.Since(started)
	close(stop)
	wg.Wait()
	if err != nil {
		return err
	}
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	fmt.Printf("\nnotice fan-out: %d in-app copies delivered in %.1f s\n\n", sent, elapsed.Seconds())
	fmt.Printf("| during the fan-out | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n")
	report("receipts view of the notice (per child org)", receipts)
	report("members: first page of the top org's subtree", members)
	return nil
}

// waitFanout polls the notice until its fan-out has finished.
func waitFanout(c *client, id string) (int64, error) {
	for {
		var n struct {
			Progress struct {
				Sent     int64 `json:"sent"`
				Finished bool  `json:"finished"`
			} `json:"progress"`
		}
		if err := c.getJSON("/api/v1/notices/"+id, &n); err != nil {
			return 0, err
		}
		if n.Progress.Finished {
			return n.Progress.Sent, nil
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func report(name string, d []time.Duration) {
	if len(d) == 0 {
		fmt.Printf("| %s | 0 | | | | |\n", name)
		return
	}
	slices.Sort(d)
	n := len(d)
	fmt.Printf("| %s | %d | %.1f | %.1f | %.1f | %.1f |\n", name, n,
		ms(d[n/2]), ms(d[n*95/100]), ms(d[n*99/100]), ms(d[n-1]))
}
