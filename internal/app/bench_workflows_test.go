package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/settings"
)

// The workflow benchmarks (issue #6) run on the province of the dues
// benchmarks — 1 leading body → 50 committees → 50,000 branches, a third
// with 3 party groups, 20 members in each branch: 1,000,000 members — as
// the other benchmarks do (see bench_orglife_test.go):
//
//	DANGJIAN_TEST_POSTGRES=postgres://... go test -run '^$' -bench 'DevelopmentPipeline1M|OverdueTerms1M' -benchtime 1x -timeout 60m ./internal/app/

// workflowsNow is Sunday 22 November 2026, 10:00 in Shanghai.
var workflowsNow = time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)

// devFileCount is how many 发展党员 files the province holds.
const devFileCount = 50000

// BenchmarkDevelopmentPipeline1M times the 发展党员 pipeline of the top org
// and of a committee (1,000 branches) and the first page of the top's
// overdue files, 50 requests each after 3 warm-ups as the top's org_admin,
// over 50,000 files (seedFiles) with dev_stage_counts and dev_admitted as
// the workflow keeps them. Every answer is checked against direct counts
// over the files.
func BenchmarkDevelopmentPipeline1M(b *testing.B) {
	x := newBench(b, clock.NewFake(workflowsNow))
	loadStart := time.Now()
	top, branches := x.duesProvince(b)
	x.loadMembers(b, branches, duesPerBranch)
	inProgress, overdue := x.seedFiles(b, branches)
	x.settle(b, "orgs", "members", "dev_files", "dev_stage_counts", "dev_admitted")
	x.mustCall(b, "PUT", "/api/v1/orgs/"+top.id+"/development/plans/2026", "", map[string]any{"quota": 3000, "note": "年度计划"})
	b.Logf("loaded %d members and %d files (%d in progress, %d overdue) in %.0f s", len(branches)*duesPerBranch,
		devFileCount, inProgress, overdue, time.Since(loadStart).Seconds())
	committee := committeeOf(branches[0])
	var pipes [2]devPipeline
	var list struct {
		Items []struct {
			NextDue string `json:"next_due"`
			Overdue bool   `json:"overdue"`
		} `json:"items"`
		NextCursor string `json:"next_cursor"`
	}
	for b.Loop() {
		x.timeGets(b, "pipeline-top", "/api/v1/orgs/"+top.id+"/development/pipeline", &pipes[0])
		x.timeGets(b, "pipeline-committee", "/api/v1/orgs/"+committee.id+"/development/pipeline", &pipes[1])
		x.timeGets(b, "overdue-files-top", "/api/v1/orgs/"+top.id+"/development/files?overdue=1", &list)
	}
	x.checkPipeline(b, top, pipes[0], true)
	x.checkPipeline(b, committee, pipes[1], false)
	if pipes[0].OverdueTotal != overdue {
		b.Fatalf("top pipeline: %d overdue, %d seeded", pipes[0].OverdueTotal, overdue)
	}
	var first string // every file is under the top
	x.row(b, []any{&first}, `SELECT MIN(next_due) FROM dev_files WHERE next_due <> '' AND next_due < ?`, workflowsToday)
	if len(list.Items) != 20 || list.Items[0].NextDue != first || list.NextCursor == "" {
		b.Fatalf("overdue list: %d items, first due %q, cursor %q; want 20 from %q on", len(list.Items),
			list.Items[0].NextDue, list.NextCursor, first)
	}
	for i, it := range list.Items {
		if !it.Overdue || (i > 0 && it.NextDue < list.Items[i-1].NextDue) {
			b.Fatalf("overdue list item %d: %+v out of order or not overdue", i, it)
		}
	}
}

// devPipeline is what the checks read of GET /orgs/{id}/development/pipeline.
type devPipeline struct {
	Stages []struct {
		Stage   int `json:"stage"`
		Count   int `json:"count"`
		Overdue int `json:"overdue"`
	} `json:"stages"`
	OverdueTotal int `json:"overdue_total"`
	Plan         *struct {
		Quota    int `json:"quota"`
		Admitted int `json:"admitted"`
	} `json:"plan"`
}

// checkPipeline compares the pipeline of o with COUNTs over its files in
// progress and, when o has a plan (quota 3,000), over its admissions of
// 2026.
func (x *bench) checkPipeline(b *testing.B, o benchOrg, p devPipeline, planned bool) {
	var count, overdue [6]int
	rows, err := x.a.DB.QueryContext(context.Background(), `SELECT stage, COUNT(*),
		SUM(CASE WHEN next_due <> '' AND next_due < ? THEN 1 ELSE 0 END) FROM dev_files
		WHERE org_path >= ? AND org_path < ? AND state IN ('active', 'admitted') GROUP BY stage`,
		workflowsToday, o.path, db.PrefixEnd(o.path))
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var stage, n, late int
		if err := rows.Scan(&stage, &n, &late); err != nil {
			b.Fatal(err)
		}
		count[stage], overdue[stage], overdue[0] = n, late, overdue[0]+late
	}
	var admitted int
	x.row(b, []any{&admitted}, `SELECT COUNT(*) FROM dev_files WHERE org_path >= ? AND org_path < ?
		AND joined_on >= '2026-01-01' AND joined_on < '2027-01-01'`, o.path, db.PrefixEnd(o.path))
	if len(p.Stages) != 5 || p.OverdueTotal != overdue[0] || overdue[0] == 0 || (p.Plan != nil) != planned ||
		(planned && (p.Plan.Quota != 3000 || p.Plan.Admitted != admitted || admitted == 0)) {
		b.Fatalf("pipeline of %s: %+v; want %d overdue and %d admitted", o.id, p, overdue[0], admitted)
	}
	for i, s := range p.Stages {
		if s.Stage != i+1 || s.Count != count[i+1] || s.Overdue != overdue[i+1] || s.Count == 0 {
			b.Fatalf("pipeline of %s, stage %d: %+v; files: %d, %d overdue", o.id, i+1, s, count[i+1], overdue[i+1])
		}
	}
	b.Logf("pipeline of %s checked: %v in progress by stage, %d overdue, %d admitted in 2026", o.id, count[1:],
		overdue[0], admitted)
}

// seedFiles writes devFileCount files, each in a branch drawn at random
// and inserted in that order (files arrive over time, not branch by
// branch), with the rollups every stage change keeps: dev_stage_counts for
// the files in progress and dev_admitted per year of admission, at the
// branch and each ancestor. Of the files 30% are applicants, 25% activists,
// 15% candidates, 8% at admission, 15% probationary, 5% full members and 2%
// stopped; of those in progress 10% are past their next time limit, 15%
// have none running, the rest fall due within half a year. It returns the
// files in progress and the overdue ones.
func (x *bench) seedFiles(b *testing.B, branches []benchOrg) (inProgress, overdue int) {
	const cols = 27
	r := rand.New(rand.NewPCG(6, 2026))
	day := func(d int) string { return workflowsDay.AddDate(0, 0, d).Format(clock.DateLayout) }
	stages, admitted := map[[2]any]int{}, map[[2]any]int{}
	args := make([]any, 0, 2000*cols)
	flush := x.inserter(b, "dev_files (id, org_id, org_path, name, gender, ethnicity, birth_date, id_sealed, "+
		"id_index, id_masked, phone_sealed, phone_masked, education, category, applied_on, stage, last_step, next_due, "+
		"next_due_what, due_step, state, member_id, joined_on, probation_end, version, created_at, updated_at)", cols)
	at := workflowsNow.AddDate(0, 0, -400).UnixMilli()
	for i := range devFileCount {
		br := branches[r.IntN(len(branches))]
		f := drawFile(r)
		open := f.state == "active" || f.state == "admitted"
		if open {
			inProgress++
			switch q := r.Float64(); {
			case q < 0.10:
				f.due, overdue = day(-1-r.IntN(180)), overdue+1
			case q >= 0.25:
				f.due = day(r.IntN(180))
			}
		}
		what, dueStep := "", 0
		if f.due != "" {
			what, dueStep = rules.Steps[f.step].Name, f.step+1 // the step after the last one done
		}
		for _, org := range settings.PathIDs(br.path) {
			if open {
				stages[[2]any{org, f.stage}]++
			}
			if f.joined >= "2026-01-01" {
				admitted[[2]any{org, 2026}]++
			}
		}
		args = append(args, ids.New(), br.id, br.path, fmt.Sprintf("申请人%05d", i), "female", "汉族", "2000-05-04",
			fmt.Sprintf("%064x", i), fmt.Sprintf("%044x", i), "110105********0000", fmt.Sprintf("%048x", i),
			"139****0000", "bachelor", "enterprise", day(-200*f.stage-r.IntN(200)), f.stage, f.step, f.due, what,
			dueStep, f.state, "", f.joined, f.probationEnd, 1, at, at)
		if len(args) == cap(args) {
			args = flush(args)
		}
	}
	flush(args)
	x.insertTallies(b, "dev_stage_counts (org_id, stage, n)", stages)
	x.insertTallies(b, "dev_admitted (org_id, year, n)", admitted)
	return inProgress, overdue
}

// devFile is a generated file's position; due is filled in by the caller.
type devFile struct {
	stage, step                      int
	state, due, joined, probationEnd string
}

// drawFile draws a file: its stage and state by the shares of seedFiles,
// its last step within the stage, and for one admitted (step 17 done) the
// 支部大会's date within the last year (a full member's over a year ago)
// and the end of probation a year later.
func drawFile(r *rand.Rand) devFile {
	var f devFile
	p := r.Float64()
	for _, s := range []struct {
		upTo  float64
		stage int
		state string
	}{{0.30, 1, "active"}, {0.55, 2, "active"}, {0.70, 3, "active"}, {0.78, 4, "active"}, {0.93, 5, "admitted"},
		{0.98, 5, "full"}, {1, 1 + r.IntN(3), "stopped"}} {
		if p < s.upTo {
			f.stage, f.state = s.stage, s.state
			break
		}
	}
	first, last := [6]int{0, 1, 3, 7, 12, 19}[f.stage], [6]int{0, 2, 6, 11, 18, 23}[f.stage]
	f.step = first + r.IntN(last-first+1)
	switch {
	case f.state == "full":
		f.step = rules.StepFull + r.IntN(2)
	case f.state == "active" && f.step >= rules.StepAdmission:
		f.state = "admitted"
	}
	if f.step >= rules.StepAdmission {
		back := r.IntN(365)
		if f.state == "full" {
			back += 380
		}
		j := workflowsDay.AddDate(0, 0, -back)
		f.joined, f.probationEnd = j.Format(clock.DateLayout), j.AddDate(1, 0, 0).Format(clock.DateLayout)
	}
	return f
}

// insertTallies writes rollup rows (org, key) → n.
func (x *bench) insertTallies(b *testing.B, table string, tallies map[[2]any]int) {
	flush := x.inserter(b, table, 3)
	args := make([]any, 0, 3*5000)
	for k, n := range tallies {
		if args = append(args, k[0], k[1], n); len(args) == cap(args) {
			args = flush(args)
		}
	}
	flush(args)
}

// inserter returns a function that inserts args as rows of cols values
// into table ("name (columns)") and hands back args emptied.
func (x *bench) inserter(b *testing.B, table string, cols int) func([]any) []any {
	return func(args []any) []any {
		if len(args) > 0 {
			if _, err := x.a.DB.ExecContext(context.Background(), "INSERT INTO "+table+" VALUES "+
				db.Rows(len(args)/cols, cols), args...); err != nil {
				b.Fatal(err)
			}
		}
		return args[:0]
	}
}

// timeGets requests path 50 times after 3 warm-ups as the boss, decoding
// each answer into out, and reports the latencies as name.
func (x *bench) timeGets(b *testing.B, name, path string, out any) {
	lat := make([]time.Duration, 0, 50)
	for i := range 53 {
		took, err := x.call("GET", path, "", nil, out)
		if err != nil {
			b.Fatal(err)
		}
		if i >= 3 {
			lat = append(lat, took)
		}
	}
	reportLatency(b, name, lat)
}

// committeeOf is the committee a branch of the province belongs to.
func committeeOf(branch benchOrg) benchOrg {
	chain := settings.PathIDs(branch.path)
	return benchOrg{chain[1], "/" + chain[0] + "/" + chain[1] + "/"}
}

// workflowsDay is workflowsNow's date in Shanghai, as clock.Today gives it.
var workflowsDay = clock.Today(clock.NewFake(workflowsNow))

// workflowsToday is workflowsDay as stored.
var workflowsToday = workflowsDay.Format(clock.DateLayout)

// BenchmarkOverdueTerms1M times the list of terms run out (换届超期) and
// ending within 6 months over the same province with a term on every org
// (seedTerms): the top's first page, its last page (through the cursor
// the page before hands on: the deepest a reader goes) and a committee's
// first page, 50 requests each after 3 warm-ups as the top's org_admin.
// Every answer is checked against the generated terms and direct counts.
func BenchmarkOverdueTerms1M(b *testing.B) {
	x := newBench(b, clock.NewFake(workflowsNow))
	loadStart := time.Now()
	top, branches := x.duesProvince(b)
	x.loadMembers(b, branches, duesPerBranch)
	seed := x.seedTerms(b)
	x.settle(b, "orgs", "members", "term_notices")
	b.Logf("loaded %d members, %d orgs with terms (%d overdue, %d listed under the top), %d notices in %.0f s",
		len(branches)*duesPerBranch, seed.orgs, seed.overdue[top.id], seed.listed[top.id], seed.noticeRows,
		time.Since(loadStart).Seconds())
	committee := committeeOf(branches[0])
	base, ofCommittee := "/api/v1/orgs/"+top.id+"/terms/overdue", "/api/v1/orgs/"+committee.id+"/terms/overdue"
	cursors := x.walkTerms(b, base, seed.listed[top.id])
	last := len(cursors) - 1
	var pages [3]termsPage
	for b.Loop() {
		x.timeGets(b, "terms-top", base, &pages[0])
		x.timeGets(b, fmt.Sprintf("terms-top-page%d", last+1), base+"?cursor="+cursors[last], &pages[1])
		x.timeGets(b, "terms-committee", ofCommittee, &pages[2])
	}
	x.checkTerms(b, top, pages[0], seed, 0)
	x.checkTerms(b, top, pages[1], seed, last*termsPageSize)
	x.checkTerms(b, committee, pages[2], seed, 0)
	x.walkTerms(b, ofCommittee, seed.listed[committee.id])
}

// termsPageSize is the overdue list's default page size.
const termsPageSize = 50

// termsPage is what the checks read of GET /orgs/{id}/terms/overdue.
type termsPage struct {
	Items []struct {
		OrgID   string `json:"org_id"`
		TermEnd string `json:"term_end"`
		Status  string `json:"status"`
		Notices int    `json:"notices"`
	} `json:"items"`
	TotalOverdue int    `json:"total_overdue"`
	NextCursor   string `json:"next_cursor"`
}

// checkTerms checks the page of o's list that follows skip orgs: its
// total against the generated terms and a direct count, its length and
// cursor, its order, its place (skip orgs come before it), and each org's
// notices.
func (x *bench) checkTerms(b *testing.B, o benchOrg, p termsPage, seed termSeed, skip int) {
	var total, before int
	x.row(b, []any{&total}, `SELECT COUNT(*) FROM orgs WHERE status = 'active' AND term_end <> '' AND term_end < ?
		AND path > ? AND path < ?`, workflowsToday, o.path, db.PrefixEnd(o.path))
	want := min(termsPageSize, seed.listed[o.id]-skip)
	if len(p.Items) != want || want <= 0 || (p.NextCursor == "") != (skip+want == seed.listed[o.id]) ||
		p.TotalOverdue != total || total != seed.overdue[o.id] || total == 0 {
		b.Fatalf("%s: %d items, cursor %q, total_overdue %d; want %d of %d listed, %d overdue (%d generated)", o.id,
			len(p.Items), p.NextCursor, p.TotalOverdue, want, seed.listed[o.id], total, seed.overdue[o.id])
	}
	first := p.Items[0]
	x.row(b, []any{&before}, `SELECT COUNT(*) FROM orgs WHERE status = 'active' AND term_end <> '' AND path > ?
		AND path < ? AND (term_end < ? OR (term_end = ? AND id < ?))`, o.path, db.PrefixEnd(o.path),
		first.TermEnd, first.TermEnd, first.OrgID)
	if before != skip {
		b.Fatalf("%s: %d orgs come before the page, want %d", o.id, before, skip)
	}
	for i, it := range p.Items {
		prev := p.Items[max(i-1, 0)]
		if (i > 0 && (it.TermEnd < prev.TermEnd || (it.TermEnd == prev.TermEnd && it.OrgID <= prev.OrgID))) ||
			it.Notices != seed.notices[it.OrgID] || (it.Status == "overdue") != (it.TermEnd < workflowsToday) {
			b.Fatalf("%s: item %d %+v out of order or with %d notices generated", o.id, i, it, seed.notices[it.OrgID])
		}
	}
}

// walkTerms follows the list at path to its end, checks that it lists
// want orgs, each once, and returns the cursor of each page ("" for the
// first).
func (x *bench) walkTerms(b *testing.B, path string, want int) []string {
	seen, cursors := map[string]bool{}, []string{""}
	for {
		var p termsPage
		cursor := cursors[len(cursors)-1]
		if _, err := x.call("GET", path+"?cursor="+cursor, "", nil, &p); err != nil {
			b.Fatal(err)
		}
		for _, it := range p.Items {
			if seen[it.OrgID] {
				b.Fatalf("%s listed twice", it.OrgID)
			}
			seen[it.OrgID] = true
		}
		if p.NextCursor == "" {
			break
		}
		cursors = append(cursors, p.NextCursor)
	}
	if len(seen) != want {
		b.Fatalf("%s: %d orgs listed over all pages, %d generated", path, len(seen), want)
	}
	return cursors
}

// termSeed is what seedTerms generated: per org, how many orgs strictly
// under it are overdue and how many the list shows (overdue or ending
// within 6 months), and the notices sent to it.
type termSeed struct {
	overdue, listed, notices map[string]int
	orgs, noticeRows         int
}

// seedTerms gives every org a current term — 5 years for the leading body
// and committees, 3 for branches and (heavier than life) party groups —
// ending, for 8% of them, up to two years ago (overdue), for 8% within the
// next 6 months, and later for the rest; the upper org has sent half of
// the overdue ones one written notice and a fifth two. The terms are
// written by UPDATE, the notices by multi-row INSERT. The draws follow
// path order, which the random part of the IDs sets, so the counts differ
// by a few orgs from run to run.
func (x *bench) seedTerms(b *testing.B) termSeed {
	r := rand.New(rand.NewPCG(8, 2026))
	seed := termSeed{overdue: map[string]int{}, listed: map[string]int{}, notices: map[string]int{}}
	soon := clock.AddMonths(workflowsDay, 6).Format(clock.DateLayout)
	notices := x.inserter(b, "term_notices (id, org_id, org_path, from_org_id, doc_no, sent_on, body, actor_name, at)", 9)
	var terms, sent []any
	for _, o := range x.orgKinds(b) {
		years, end := 3, workflowsDay.AddDate(0, 0, 181+r.IntN(3*365-181))
		if o.kind == "leading_body" || o.kind == "committee" {
			years, end = 5, workflowsDay.AddDate(0, 0, 181+r.IntN(5*365-181))
		}
		switch q := r.Float64(); {
		case q < 0.08:
			end = workflowsDay.AddDate(0, 0, -1-r.IntN(730))
		case q < 0.16:
			end = workflowsDay.AddDate(0, 0, r.IntN(181)) // before soon, 181 days ahead
		}
		endOn := end.Format(clock.DateLayout)
		terms = append(terms, o.id, end.AddDate(-years, 0, 1).Format(clock.DateLayout), endOn)
		chain := settings.PathIDs(o.path)
		for _, up := range chain[:len(chain)-1] {
			if endOn < workflowsToday {
				seed.overdue[up]++
			}
			if endOn < soon {
				seed.listed[up]++
			}
		}
		for n := range termNotices(r, endOn, len(chain)) {
			sentOn := end.AddDate(0, 0, r.IntN(int(workflowsDay.Sub(end).Hours()/24)))
			sent = append(sent, ids.New(), o.id, o.path, chain[len(chain)-2], fmt.Sprintf("组字〔%d〕%d号",
				sentOn.Year(), n+1), sentOn.Format(clock.DateLayout), "你单位党组织任期已届满，请按期进行换届选举。",
				"组织部", workflowsNow.UnixMilli())
			seed.notices[o.id]++
			seed.noticeRows++
		}
		if len(terms) >= 3*5000 {
			terms = x.setTerms(b, terms)
		}
		if len(sent) >= 9*5000 {
			sent = notices(sent)
		}
		seed.orgs++
	}
	x.setTerms(b, terms)
	notices(sent)
	return seed
}

// termNotices draws how many notices the upper org sent about a term that
// ended on endOn (none unless it is overdue and the org has an upper org
// — depth is its path's length).
func termNotices(r *rand.Rand, endOn string, depth int) int {
	if endOn >= workflowsToday || depth < 2 {
		return 0
	}
	switch q := r.Float64(); {
	case q < 0.5:
		return 1
	case q < 0.7:
		return 2
	}
	return 0
}

// setTerms writes (id, term_start, term_end) triples in one UPDATE and
// hands back args emptied.
func (x *bench) setTerms(b *testing.B, args []any) []any {
	if len(args) > 0 {
		if _, err := x.a.DB.ExecContext(context.Background(), `UPDATE orgs SET term_start = v.s, term_end = v.e
			FROM (VALUES `+db.Rows(len(args)/3, 3)+`) AS v (id, s, e) WHERE orgs.id = v.id`, args...); err != nil {
			b.Fatal(err)
		}
	}
	return args[:0]
}

// orgKind is a loaded org with its kind.
type orgKind struct{ id, path, kind string }

// orgKinds lists every org in path order.
func (x *bench) orgKinds(b *testing.B) []orgKind {
	rows, err := x.a.DB.QueryContext(context.Background(), "SELECT id, path, kind FROM orgs ORDER BY path")
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var out []orgKind
	for rows.Next() {
		var o orgKind
		if err := rows.Scan(&o.id, &o.path, &o.kind); err != nil {
			b.Fatal(err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}
