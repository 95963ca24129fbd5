package dues_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/settings"
)

// TestLedgerProperties runs random charges, payments, reversals, voluntary
// payments and base changes (which recharge) and checks after each that
// every running sum equals the sum of its entries, that no entry was ever
// changed or removed, and that the database refuses to change one.
func TestLedgerProperties(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.basesForAll(t)
		rng := rand.New(rand.NewPCG(20260302, 5))
		p := &prop{e: e, w: w, rng: rng, seen: map[string]string{}}
		for i := range 200 {
			p.step(t, i)
			p.check(t)
		}
		if rep := e.verify(t); !rep.OK || rep.Checked != int64(len(p.seen)) {
			t.Fatalf("verify after %d entries: %+v", len(p.seen), rep)
		}
		t.Logf("successful ops %v, %d entries", p.ok, len(p.seen))
		if p.ok["pay"] == 0 || p.ok["reverse"] == 0 || p.ok["post"] == 0 || p.ok["base"] == 0 {
			t.Fatalf("the random run never did some kind of op: %v", p.ok)
		}
	})
}

type prop struct {
	e    *env
	w    world
	rng  *rand.Rand
	seen map[string]string // entry ID → the row as first read
	ids  []string
	ok   map[string]int
}

var propMembers = []struct{ id, branch string }{{"m-jia", "A"}, {"m-yi", "A"}, {"m-bing", "A"}, {"m-ding", "B"}, {"m-wu", "B"}}

func (p *prop) pick(list []string) string { return list[p.rng.IntN(len(list))] }

func (p *prop) months(from, to string) []string {
	var out []string
	first, _ := rules.ParseMonth(from)
	last, _ := rules.ParseMonth(to)
	for m := first; m <= last; m++ {
		out = append(out, m.String())
	}
	return out
}

// step does one random operation through the API; refusals (422, 409) are
// part of the game, anything else unexpected fails.
func (p *prop) step(t *testing.T, i int) {
	t.Helper()
	if p.ok == nil {
		p.ok = map[string]int{}
	}
	mb := propMembers[p.rng.IntN(len(propMembers))]
	branch := map[string]dues.OrgRef{"A": p.w.A, "B": p.w.B}[mb.branch]
	var op, method, path string
	var body any
	var who *authz.Principal = secretary(branch)
	var okStatus []int
	switch r := p.rng.IntN(20); {
	case r < 4:
		org := []dues.OrgRef{p.w.R, p.w.A, p.w.B}[p.rng.IntN(3)]
		op, method, path, who = "post", "POST", "/api/v1/orgs/"+org.ID+"/dues/months/"+p.pick(p.months("2025-09", "2026-03"))+"/post", admin(org)
		okStatus = []int{200}
	case r < 11:
		ms := []string{p.pick(p.months("2025-08", "2026-06"))}
		if p.rng.IntN(3) == 0 {
			ms = append(ms, p.pick(p.months("2025-08", "2026-06")))
		}
		m := p.pick([]string{"cash", "transfer", "online"})
		op, method, path = "pay", "POST", "/api/v1/orgs/"+branch.ID+"/dues/payments"
		body = payBody(m, "REF-"+m, p.rng.IntN(4) != 0, ms, mb.id)
		okStatus = []int{201, 422}
	case r < 16 && len(p.ids) > 0:
		op, method, path = "reverse", "POST", "/api/v1/dues/entries/"+p.pick(p.ids)+"/reverse"
		body, who = map[string]string{"reason": "随机冲正"}, admin(p.w.R)
		okStatus = []int{201, 409}
	case r < 18:
		op, method, path = "voluntary", "POST", "/api/v1/orgs/"+branch.ID+"/dues/voluntary"
		body = map[string]any{"member_id": mb.id, "amount_fen": 1 + p.rng.IntN(200000), "method": "cash"}
		okStatus = []int{201}
	default:
		m := month(t, p.pick(p.months("2026-01", "2026-03")))
		op, method, path = "base", "POST", "/api/v1/orgs/"+branch.ID+"/dues/bases"
		body = map[string]any{"member_id": mb.id, "year": m.Year(), "effective_month": m.String(), "category": "salaried",
			"base_fen": []int{250000, 480000, 600000, 1200000}[p.rng.IntN(4)]}
		okStatus = []int{201, 422}
	}
	res := p.e.srv.As(who).Do(t, method, path, body)
	if !slices.Contains(okStatus, res.Status) {
		t.Fatalf("op %d %s %s: %d %s", i, op, path, res.Status, res.Body)
	}
	if res.Status < 300 {
		p.ok[op]++
	}
}

// check compares the running sums with the entries and the entries with
// what was seen before, and tries to change one.
func (p *prop) check(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	rows := p.e.table(t, "SELECT "+strings.Join(entryCols, ", ")+" FROM dues_entries ORDER BY org_id, seq")
	now := map[string]string{}
	kinds := map[string]string{}
	members, orgs := map[string][2]int64{}, map[string][2]int64{}
	for _, r := range rows {
		id := r[0]
		now[id], kinds[id] = strings.Join(r, "\x1f"), r[7]
		if _, ok := p.seen[id]; !ok {
			p.seen[id] = now[id]
			p.ids = append(p.ids, id)
		}
	}
	for _, r := range rows {
		if r[7] == "voluntary" || r[7] == "reversal" && kinds[r[16]] == "voluntary" {
			continue
		}
		due, paid := atoi(t, r[8]), atoi(t, r[9])
		add(members, r[4]+"|"+r[5], due, paid)
		for _, org := range settings.PathIDs(r[2]) { // the branch and every ancestor
			add(orgs, org+"|"+r[5]+"|"+r[10], due, paid)
		}
	}
	for id, row := range p.seen {
		if now[id] != row {
			t.Fatalf("entry %s changed or vanished:\nwas %q\nnow %q", id, row, now[id])
		}
	}
	p.same(t, "dues_member_months", members, "SELECT member_id || '|' || month, due_fen, paid_fen FROM dues_member_months")
	p.same(t, "dues_tree_months", orgs, "SELECT org_id || '|' || month || '|' || category, due_fen, paid_fen FROM dues_tree_months")
	if len(p.ids) > 0 {
		id := p.pick(p.ids)
		for _, q := range []string{"UPDATE dues_entries SET paid_fen = paid_fen + 1 WHERE id = ?", "DELETE FROM dues_entries WHERE id = ?"} {
			if _, err := p.e.d.ExecContext(ctx, q, id); err == nil {
				t.Fatalf("%s succeeded", q)
			}
		}
	}
}

var entryCols = strings.Fields(`id org_id org_path seq member_id month period kind due_fen paid_fen category
	base_fen rule method reference receipt_id reverses_id to_centre note actor_id actor_name at prev_hash hash`)

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func add(m map[string][2]int64, k string, due, paid int64) {
	v := m[k]
	m[k] = [2]int64{v[0] + due, v[1] + paid}
}

// same checks that a sums table holds exactly the expected rows.
func (p *prop) same(t *testing.T, table string, want map[string][2]int64, query string) {
	t.Helper()
	got := map[string][2]int64{}
	for _, r := range p.e.table(t, query) {
		got[r[0]] = [2]int64{atoi(t, r[1]), atoi(t, r[2])}
	}
	if len(got) != len(want) {
		t.Fatalf("%s has %d rows, the entries make %d", table, len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("%s %s = %v, entries sum to %v", table, k, got[k], v)
		}
	}
}
