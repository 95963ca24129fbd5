package app_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
)

// BenchmarkCheckin3000 times 3,000 members checking in to one meeting
// within 60 s, on the heaviest ordinary path: a 支部党员大会 of a branch of
// 3,000 members (10% probationary) with a geofence, every member having
// consented to location; each phone sends the QR token the screen shows
// (fetched again every 20 s, as the screen refreshes it) and a position
// inside the fence. The check-ins start at random moments (exponential
// gaps, fixed seed) spread over 60 s, each in its own goroutine as the
// member. Real clock; every check-in must end present.
func BenchmarkCheckin3000(b *testing.B) {
	const n = 3000
	x := newBench(b, clock.Real{})
	top := x.top(b)
	committee := x.loadOrgs(b, []benchOrg{top}, 1, orgs.KindCommittee, func(int, int) string { return "机关党委" })
	branch := x.loadOrgs(b, committee, 1, orgs.KindBranch, func(int, int) string { return "第一支部" })[0]
	x.auth.branch = authz.Grant{OrgID: branch.id, OrgName: "第一支部", OrgPath: branch.path}
	people := x.loadMembers(b, []benchOrg{branch}, n)
	x.settle(b, "orgs", "members")
	x.mustCall(b, "PUT", "/api/v1/orgs/"+top.id+"/orglife/settings", "",
		map[string]any{"values": map[string]string{"checkin.location": "on"}})
	for _, id := range people {
		x.mustCall(b, "PUT", "/api/v1/my/consents", id, map[string]bool{"location": true})
	}
	for b.Loop() {
		b.StopTimer()
		var m struct {
			ID string `json:"id"`
		}
		if _, err := x.call("POST", "/api/v1/meetings", "", map[string]any{"org_id": branch.id, "kind": "member_assembly",
			"topic": "全体党员大会", "starts_at": time.Now().Add(10 * time.Minute).Format(time.RFC3339), "place": "礼堂",
			"lat": 39.9087, "lng": 116.3975, "radius_m": 300, "geofence": true, "notify": false}, &m); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		lat, wall, err := x.checkinAll(m.ID, people, time.Minute)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		reportLatency(b, "checkin", lat)
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.Logf("%d check-ins in %.1f s", len(lat), wall.Seconds())
		x.allPresent(b, m.ID, n)
		b.StartTimer()
	}
}

// allPresent checks from the attendees endpoint that all n attendees of
// the meeting are present.
func (x *bench) allPresent(b *testing.B, meetingID string, n int) {
	var att struct {
		Items []struct {
			Status string `json:"status"`
		} `json:"items"`
		Summary struct {
			Expected int `json:"expected"`
			Present  int `json:"present"`
		} `json:"summary"`
	}
	if _, err := x.call("GET", "/api/v1/meetings/"+meetingID+"/attendees", "", nil, &att); err != nil {
		b.Fatal(err)
	}
	present := 0
	for _, a := range att.Items {
		if a.Status == "present" {
			present++
		}
	}
	if present != n || att.Summary.Present != n || att.Summary.Expected != n {
		b.Fatalf("%d of %d attendees present (summary %+v), want all %d", present, len(att.Items), att.Summary, n)
	}
}

// checkinAll checks every member in, starting at random moments within
// span, and returns each request's latency and the wall time to the last
// answer.
func (x *bench) checkinAll(meetingID string, people []string, span time.Duration) ([]time.Duration, time.Duration, error) {
	var token atomic.Value
	screen := func() error {
		var qr struct {
			Token string `json:"token"`
		}
		_, err := x.call("GET", "/api/v1/meetings/"+meetingID+"/qr", "", nil, &qr)
		token.Store(qr.Token)
		return err
	}
	if err := screen(); err != nil {
		return nil, 0, err
	}
	lat := make([]time.Duration, len(people))
	var mu sync.Mutex
	var failed error
	fail := func(err error) {
		mu.Lock()
		failed = cmp.Or(failed, err)
		mu.Unlock()
	}
	var wg sync.WaitGroup
	start, shown := time.Now(), time.Now()
	for i, at := range arrivals(len(people), span) {
		time.Sleep(time.Until(start.Add(at)))
		if time.Since(shown) >= 20*time.Second {
			if err := screen(); err != nil {
				fail(err)
			}
			shown = time.Now()
		}
		// A position inside the 300 m fence: up to about 100 m from the venue.
		body := map[string]any{"token": token.Load().(string), "lat": 39.9087 + float64(i%10)*0.0001,
			"lng": 116.3975 + float64(i%7)*0.0001}
		wg.Go(func() {
			var res struct {
				Status string `json:"status"`
				Geo    string `json:"geo"`
			}
			took, err := x.call("POST", "/api/v1/my/meetings/"+meetingID+"/checkin", people[i], body, &res)
			if err == nil && (res.Status != "present" || res.Geo != "in") {
				err = fmt.Errorf("member %s checked in as %+v, want present inside the fence", people[i], res)
			}
			lat[i] = took
			if err != nil {
				fail(err)
			}
		})
	}
	wg.Wait()
	return lat, time.Since(start), failed
}

// arrivals are n moments within span with exponential gaps — people come
// at random, not in step — from a fixed seed.
func arrivals(n int, span time.Duration) []time.Duration {
	r := rand.New(rand.NewPCG(3000, 60))
	gaps := make([]float64, n)
	sum := 0.0
	for i := range gaps {
		gaps[i] = r.ExpFloat64()
		sum += gaps[i]
	}
	out := make([]time.Duration, n)
	at := 0.0
	for i, g := range gaps {
		out[i] = time.Duration(at / sum * float64(span))
		at += g
	}
	return out
}

// loadMembers bulk-loads per active members into each branch, 5,000 to a
// transaction, and returns their IDs in order: member i is benchMember(i)
// of branches[i/per].
func (x *bench) loadMembers(b *testing.B, branches []benchOrg, per int) []string {
	ctx := context.Background()
	out := make([]string, 0, len(branches)*per)
	batch := make([]members.BulkMember, 0, 5000)
	flush := func() {
		if err := x.a.DB.InTx(ctx, func(tx *db.Tx) error { return x.a.Members.BulkLoad(ctx, tx, batch) }); err != nil {
			b.Fatal(err)
		}
		batch = batch[:0]
	}
	for _, br := range branches {
		for range per {
			p := benchMember(len(out), br)
			out = append(out, p.ID)
			if batch = append(batch, p); len(batch) == cap(batch) {
				flush()
			}
		}
	}
	flush()
	if err := x.a.Members.RebuildCounts(ctx); err != nil {
		b.Fatal(err)
	}
	return out
}

// benchMember is the i-th loaded member, in branch: every tenth one a
// probationary member admitted on 1 March 2026, the others full members
// since 2005.
func benchMember(i int, branch benchOrg) members.BulkMember {
	p := members.BulkMember{ID: ids.New(), OrgID: branch.id, OrgPath: branch.path, Name: benchName(i),
		Gender: "male", Ethnicity: "汉族", BirthDate: "1980-01-01", IDNumber: fmt.Sprintf("1101051980%08d", i),
		Phone: fmt.Sprintf("139%08d", i), Education: "bachelor", Category: "enterprise", Status: members.StatusFull,
		JoinedOn: benchJoinedOn(i), FullMemberOn: "2006-07-01"}
	if benchProbationary(i) {
		p.Status, p.FullMemberOn = members.StatusProbationary, ""
	}
	return p
}

func benchProbationary(i int) bool { return i%10 == 0 }

// benchJoinedOn is when the i-th loaded member was admitted.
func benchJoinedOn(i int) string {
	if benchProbationary(i) {
		return "2026-03-01"
	}
	return "2005-07-01"
}

func benchName(i int) string { return fmt.Sprintf("党员%04d", i) }
