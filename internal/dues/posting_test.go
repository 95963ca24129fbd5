package dues_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// basesForAll gives every member of the world a salaried base of ¥4,800
// from 2025-01 (丙, admitted 2026-01-15, from 2026-01).
func (e *env) basesForAll(t *testing.T) {
	t.Helper()
	for _, id := range []string{"m-jia", "m-yi", "m-ding", "m-wu", "m-out"} {
		e.confirmedBase(t, id, rules.Salaried, 480000, "2025-01")
	}
	e.confirmedBase(t, "m-bing", rules.Salaried, 480000, "2026-01")
}

func TestPostingSubtreeIsIdempotentAndFollowsAdmission(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.basesForAll(t)
		// 丙 was admitted in January: December is not owed.
		if r := e.postMonth(t, admin(w.R), w.R, "2025-12"); r.Posted != 4 || r.MissingCount != 0 {
			t.Fatalf("2025-12: %+v", r)
		}
		if r := e.postMonth(t, admin(w.R), w.R, "2026-01"); r.Posted != 5 || r.Already != 0 {
			t.Fatalf("2026-01: %+v", r)
		}
		if r := e.postMonth(t, admin(w.R), w.R, "2026-01"); r.Posted != 0 || r.Already != 5 {
			t.Fatalf("2026-01 again: %+v", r)
		}
		if r := e.postMonth(t, secretary(w.A), w.A, "2026-02"); r.Posted != 3 {
			t.Fatalf("branch A only: %+v", r)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dues_entries WHERE member_id = 'm-out'"); n != 0 {
			t.Fatalf("posting R charged an outside member: %d", n)
		}
		jan := int(month(t, "2026-01"))
		treeSum := func(org dues.OrgRef) int64 {
			return e.count(t, "SELECT SUM(due_fen) FROM dues_tree_months WHERE org_id = ? AND month = ? AND category = 'salaried'", org.ID, jan)
		}
		if due := treeSum(w.A); due != 3*4800 {
			t.Fatalf("branch month sum: %d", due)
		}
		under := e.count(t, "SELECT SUM(due_fen) FROM dues_member_months WHERE org_path >= ? AND org_path < ? AND month = ? AND category = 'salaried'",
			w.R.Path, db.PrefixEnd(w.R.Path), jan)
		if due := treeSum(w.R); due != under || due <= 3*4800 {
			t.Fatalf("committee's subtree sum %d, its members' %d", due, under)
		}
		e.do(t, admin(w.R), "POST", "/api/v1/orgs/"+w.R.ID+"/dues/months/2026-04/post", nil, 422)
		e.do(t, admin(w.R), "POST", "/api/v1/orgs/"+w.R.ID+"/dues/months/2026-13/post", nil, 422)
		e.do(t, secretary(w.B), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/months/2026-03/post", nil, 404)
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'dues.post'"); n != 3 {
			t.Fatalf("audit rows for postings that wrote: %d", n)
		}
	})
}

func TestMonthlyJobPostsTheWholeTree(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.world(t)
		e.basesForAll(t)
		ctx := context.Background()
		if err := e.s.SchedulePosting(ctx); err != nil {
			t.Fatal(err)
		}
		e.drain(t)
		if n := e.count(t, "SELECT COUNT(*) FROM dues_entries"); n != 0 {
			t.Fatalf("posted before the 1st: %d", n)
		}
		e.clk.Set(time.Date(2026, 4, 1, 0, 0, 30, 0, clock.Shanghai))
		e.drain(t)
		if n := e.count(t, "SELECT COUNT(*) FROM dues_entries WHERE kind = 'charge' AND month = ?", int(month(t, "2026-04"))); n != 6 {
			t.Fatalf("April charges over the whole tree: %d", n)
		}
		// In April the tick schedules May, never April again.
		if err := e.s.SchedulePosting(ctx); err != nil {
			t.Fatal(err)
		}
		e.drain(t)
		if n := e.count(t, "SELECT COUNT(*) FROM dues_entries"); n != 6 {
			t.Fatalf("entries after rescheduling: %d", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM jobs WHERE kind = 'dues.post_month' AND key = '2026-05'"); n != 1 {
			t.Fatalf("May not scheduled: %d", n)
		}
	})
}

func TestRechargeAfterBaseChange(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 480000, "2026-01")
		for _, m := range []string{"2026-01", "2026-02", "2026-03"} {
			e.postMonth(t, secretary(w.A), w.A, m)
		}
		e.payBatch(t, w.A, payBody("cash", "", true, []string{"2026-02"}, "m-jia"))
		// A raise paid from February: ¥6,000 × 1.5% = ¥90.00.
		e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/bases", map[string]any{"member_id": "m-jia",
			"year": 2026, "effective_month": "2026-02", "category": "salaried", "base_fen": 600000}, 201)
		var kinds []string
		var dueByMonth = map[string]int64{}
		for _, en := range e.entriesOf(t, secretary(w.A), "m-jia") {
			kinds = append(kinds, en.Month+":"+en.Kind)
			dueByMonth[en.Month] += en.DueFen
		}
		if dueByMonth["2026-01"] != 4800 || dueByMonth["2026-02"] != 9000 || dueByMonth["2026-03"] != 9000 {
			t.Fatalf("dues after the raise: %v (%v)", dueByMonth, kinds)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dues_entries WHERE kind = 'reversal'"); n != 2 {
			t.Fatalf("reversals: %d (%v)", n, kinds)
		}
		feb := row(t, e.ledgerOf(t, secretary(w.A), w.A, "2026-02"), "m-jia")
		if feb.DueFen != 9000 || feb.PaidFen != 4800 || feb.OwedFen != 4200 {
			t.Fatalf("February after the raise: %+v", feb)
		}
		// Confirming the same amount again changes nothing.
		e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/bases", map[string]any{"member_id": "m-jia",
			"year": 2026, "effective_month": "2026-03", "category": "salaried", "base_fen": 600000}, 201)
		if n := e.count(t, "SELECT COUNT(*) FROM dues_entries WHERE kind = 'reversal'"); n != 2 {
			t.Fatalf("an unchanged amount was recharged: %d reversals", n)
		}
	})
}

// twice sends the same request from two goroutines at once (each through
// its own server, as two instances would) and returns both statuses.
func (e *env) twice(t *testing.T, p *authz.Principal, method, path string, body any) [2]int {
	t.Helper()
	var out [2]int
	var wg sync.WaitGroup
	for i := range out {
		srv := apitest.New()
		e.s.Routes(srv.Router)
		srv.As(p)
		wg.Go(func() { out[i] = srv.Do(t, method, path, body).Status })
	}
	wg.Wait()
	return out
}

func TestConcurrentPostingsAndPaymentsDoNotDouble(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.basesForAll(t)
		if got := e.twice(t, admin(w.R), "POST", "/api/v1/orgs/"+w.R.ID+"/dues/months/2026-03/post", nil); got != [2]int{200, 200} {
			t.Fatalf("postings: %v", got)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dues_entries WHERE kind = 'charge'"); n != 5 {
			t.Fatalf("charges after two concurrent postings: %d", n)
		}
		got := e.twice(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/payments",
			payBody("cash", "", false, []string{"2026-03"}, "m-jia"))
		slices.Sort(got[:])
		if got != [2]int{201, 422} {
			t.Fatalf("two payments of one month at once: %v", got)
		}
		if paid := e.count(t, "SELECT paid_fen FROM dues_member_months WHERE member_id = 'm-jia'"); paid != 4800 {
			t.Fatalf("paid %d", paid)
		}
	})
}
