package development_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"testing"

	"dangjian/internal/development"
	"dangjian/internal/platform/db"
)

// extended dates the 转正 steps of a file whose probation was extended by
// 6 months (ending 2026-10-01).
var extended = map[int]map[string]any{
	22: body(22, "2026-09-25"),
	23: with(23, "2026-10-08", map[string]any{"publicity": map[string]string{"start": "2026-09-28", "end": "2026-10-05"}}),
	24: body(24, "2026-10-20"),
	25: body(25, "2026-10-25"),
}

// randomFile is a file of the random walk as the test models it.
type randomFile struct {
	id       string
	org      string
	next     int // index in order of the next step
	stopped  bool
	extended bool
}

func (f *randomFile) step() int { return order[f.next] }

// body is the next step's body; a vote's roster is the branch's full
// members as the register now has them (files that reached 转正 add to it),
// all in favour, or half of them when the vote is to fail.
func (f *randomFile) body(e *env, failVote bool) map[string]any {
	no := f.step()
	b := body(no, timeline[no])
	if f.extended && no >= 22 {
		b = extended[no]
	}
	if _, voting := b["vote"]; voting {
		full, _ := e.dir.FullMembers(context.Background(), nil, f.org)
		var ids []string
		for _, m := range full {
			ids = append(ids, m.ID)
		}
		yes := len(ids)
		if failVote {
			yes = len(ids) / 2
		}
		b["vote"] = voteOf(ids, yes)
	}
	return b
}

// TestCountsEqualARecount: after a random sequence of new files, steps,
// failed votes, extensions and stops, the rollups equal a recount of the
// files, at every organization.
func TestCountsEqualARecount(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.at("2027-01-01")
		rng := rand.New(rand.NewPCG(6, 25))
		var files []*randomFile
		idx := func(no int) int { return slices.Index(order, no) }
		eligible := func(f *randomFile) bool { return f.next > idx(17) && f.next <= idx(23) && !f.extended }
		for op := range 220 {
			live := slices.DeleteFunc(slices.Clone(files), func(f *randomFile) bool { return f.stopped || f.next == len(order) })
			switch k := rng.IntN(60); {
			case len(live) == 0 || (k < 6 && len(files) < 14):
				org := []development.OrgRef{e.w.A, e.w.B}[rng.IntN(2)]
				var f development.File
				e.do(t, e.upper(), "POST", "/api/v1/orgs/"+org.ID+"/development/files",
					applicant(fmt.Sprint("人", len(files)), "20000101", 100+len(files)*2, applied), 201).JSON(t, &f)
				files = append(files, &randomFile{id: f.ID, org: org.ID})
			case k == 6:
				f := live[rng.IntN(len(live))]
				e.do(t, e.upper(), "POST", "/api/v1/development/files/"+f.id+"/stop", map[string]any{"reason": "随机停止"}, http.StatusOK)
				f.stopped = true
			case k < 12 && eligible(live[k%len(live)]):
				f := live[k%len(live)]
				e.do(t, e.upper(), "POST", "/api/v1/development/files/"+f.id+"/extend-probation",
					map[string]any{"months": 6, "reason": "延长"}, http.StatusOK)
				f.extended, f.next = true, min(f.next, idx(22))
			default:
				f := live[rng.IntN(len(live))]
				fail := (f.step() == 15 || f.step() == 23) && rng.IntN(3) == 0
				e.do(t, e.upper(), "POST", stepPath(f.id), f.body(e, fail), http.StatusOK)
				if !fail {
					f.next++
				}
			}
			if op%40 == 39 {
				e.recount(t, files)
			}
		}
		e.recount(t, files)
		states := e.count(t, "SELECT COUNT(DISTINCT state) FROM dev_files")
		failed := e.count(t, "SELECT COUNT(*) FROM dev_steps WHERE failed = 1")
		ext := e.count(t, "SELECT COUNT(*) FROM dev_files WHERE extension_months > 0")
		if states != 4 || failed < 2 || ext == 0 {
			t.Fatalf("the walk reaches %d states, %d failed votes, %d extensions", states, failed, ext)
		}
	})
}

// recount compares dev_stage_counts and dev_admitted at R, A and B with
// counts of the files themselves, and the files in progress with the model.
func (e *env) recount(t *testing.T, files []*randomFile) {
	t.Helper()
	inProgress := 0
	for _, f := range files {
		if !f.stopped && f.next <= slices.Index(order, 24) {
			inProgress++
		}
	}
	if n := e.count(t, "SELECT COALESCE(SUM(n), 0) FROM dev_stage_counts WHERE org_id = ?", e.w.R.ID); n != inProgress {
		t.Fatalf("%d files counted in progress at R, the model has %d", n, inProgress)
	}
	for _, o := range []development.OrgRef{e.w.R, e.w.A, e.w.B} {
		rollup := e.pairs(t, "SELECT stage, n FROM dev_stage_counts WHERE org_id = ? AND n <> 0 ORDER BY stage", o.ID)
		files := e.pairs(t, `SELECT stage, COUNT(*) FROM dev_files WHERE state IN ('active', 'admitted')
			AND org_path >= ? AND org_path < ? GROUP BY stage ORDER BY stage`, o.Path, db.PrefixEnd(o.Path))
		if rollup != files {
			t.Fatalf("stage counts at %s: rollup %s, recount %s", o.Name, rollup, files)
		}
		admitted := e.pairs(t, "SELECT year, n FROM dev_admitted WHERE org_id = ? ORDER BY year", o.ID)
		approvals := e.pairs(t, `SELECT 2025, COUNT(*) FROM dev_steps s JOIN dev_files f ON f.id = s.file_id
			WHERE s.step_no = 17 AND s.failed = 0 AND f.org_path >= ? AND f.org_path < ? HAVING COUNT(*) > 0`, o.Path, db.PrefixEnd(o.Path))
		if admitted != approvals {
			t.Fatalf("admitted at %s: rollup %s, recount %s", o.Name, admitted, approvals)
		}
	}
}

// pairs renders the (int, int) rows of a query as "a:b a:b".
func (e *env) pairs(t *testing.T, query string, args ...any) string {
	t.Helper()
	rows, err := e.d.QueryContext(t.Context(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := ""
	for rows.Next() {
		var a, b int
		if err := rows.Scan(&a, &b); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%d:%d ", a, b)
	}
	return out
}
