package members_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// TestScaleListQueries measures the list queries on PostgreSQL with a
// generated province slice (DESIGN.md "Scale"): first page, name prefix,
// exact phone and exact ID number in the top org's subtree of N members
// (DANGJIAN_MEMBERS_SCALE=N, e.g. 1000000; skipped when unset).
func TestScaleListQueries(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("DANGJIAN_MEMBERS_SCALE"))
	if n == 0 {
		t.Skip("DANGJIAN_MEMBERS_SCALE not set")
	}
	d := dbtest.OpenPostgres(t, migrations)
	e := newEnv(t, d)
	ctx := context.Background()
	branches := loadScaleOrgs(t, e, n/20)
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Now()
	var samples []members.BulkMember
	for done := 0; done < n; {
		batch := make([]members.BulkMember, 0, 5000)
		for i := 0; i < 5000 && done < n; i, done = i+1, done+1 {
			b := branches[r.IntN(len(branches))]
			// (birth day, sequence) pairs are unique, so ID numbers are too.
			birth := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, done%21900).Format("2006-01-02")
			seq := 1 + done/21900
			m := members.BulkMember{ID: ids.New(), OrgID: b.ID, OrgPath: b.Path(), Name: scaleName(r),
				Gender: genderOf(seq), Ethnicity: "汉族", BirthDate: birth, IDNumber: idNumber(birth, seq),
				Phone: fmt.Sprintf("13%09d", done), Address: "某市某区某街道", Education: "bachelor", Category: "enterprise",
				Status: "full", JoinedOn: "2000-07-01", FullMemberOn: "2001-07-01"}
			if r.IntN(10) == 0 {
				m.Status, m.FullMemberOn = "probationary", ""
			}
			batch = append(batch, m)
			if r.IntN(n/40+1) == 0 {
				samples = append(samples, m)
			}
		}
		if err := e.m.BulkLoad(ctx, d, batch); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.m.RebuildCounts(ctx); err != nil {
		t.Fatal(err)
	}
	// The steady state autovacuum reaches: statistics and visibility map.
	if _, err := d.ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d members in %d orgs in %s", n, len(branches), time.Since(start).Round(time.Second))

	root := e.ids["R"]
	if os.Getenv("DANGJIAN_MEMBERS_EXPLAIN") != "" {
		explainScale(t, e, e.paths["R"], string([]rune(samples[0].Name)[:1]))
	}
	ctxW := e.ctxAs(authz.OrgAdmin, "R")
	list := func(f members.Filter) func() error {
		return func() error {
			_, err := e.m.List(ctxW, f, httpx.Paging{Page: 1, Size: 20})
			return err
		}
	}
	pick := func() members.BulkMember { return samples[r.IntN(len(samples))] }
	for _, sc := range []struct {
		name string
		call func() error
	}{
		{"first page of the top org", list(members.Filter{OrgID: root})},
		{"first page of a branch", func() error { return list(members.Filter{OrgID: branches[r.IntN(len(branches))].ID})() }},
		{"surname prefix in the top org", func() error { return list(members.Filter{OrgID: root, Q: string([]rune(pick().Name)[:1])})() }},
		{"full name in the top org", func() error { return list(members.Filter{OrgID: root, Q: pick().Name})() }},
		{"surname prefix in a branch", func() error {
			m := pick()
			return list(members.Filter{OrgID: m.OrgID, Q: string([]rune(m.Name)[:1])})()
		}},
		{"exact phone in the top org", func() error { return list(members.Filter{OrgID: root, Q: pick().Phone})() }},
		{"exact ID number in the top org", func() error { return list(members.Filter{OrgID: root, Q: pick().IDNumber})() }},
		{"probationary in the top org", list(members.Filter{OrgID: root, Status: "probationary"})},
		{"age band in the top org (capped count)", list(members.Filter{OrgID: root, AgeBand: "31_40"})},
	} {
		var ds []time.Duration
		for i := 0; i < 60; i++ {
			t0 := time.Now()
			if err := sc.call(); err != nil {
				t.Fatalf("%s: %v", sc.name, err)
			}
			if i >= 10 {
				ds = append(ds, time.Since(t0))
			}
		}
		slices.Sort(ds)
		t.Logf("%-40s p50 %6.1f ms  p95 %6.1f ms", sc.name, ms(ds[len(ds)/2]), ms(ds[len(ds)*95/100]))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// loadScaleOrgs builds R → 50 committees → 10 general branches → k
// branches, about n orgs in all; it returns the branches.
func loadScaleOrgs(t *testing.T, e *env, n int) []orgs.BulkOrg {
	ctx := context.Background()
	perGB := max(1, n/500)
	var all, branches []orgs.BulkOrg
	add := func(parent string, kind string, name string) orgs.BulkOrg {
		b := orgs.BulkOrg{ID: ids.New(), ParentPath: parent, NewOrg: orgs.NewOrg{Name: name, Kind: kind}}
		all = append(all, b)
		return b
	}
	for c := 0; c < 50; c++ {
		cm := add(e.paths["R"], "committee", fmt.Sprintf("第%d党委", c))
		all[len(all)-1].ParentID = e.ids["R"]
		for g := 0; g < 10; g++ {
			gb := add(cm.Path(), "general_branch", fmt.Sprintf("第%d党总支", g))
			all[len(all)-1].ParentID = cm.ID
			for k := 0; k < perGB; k++ {
				b := add(gb.Path(), "branch", fmt.Sprintf("第%d党支部", k))
				all[len(all)-1].ParentID = gb.ID
				branches = append(branches, b)
			}
		}
	}
	for i := 0; i < len(all); i += 2000 {
		if err := e.orgs.BulkLoad(ctx, e.d, all[i:min(i+2000, len(all))]); err != nil {
			t.Fatal(err)
		}
	}
	return branches
}

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
var givenChars = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕雪梅玉兰红梅文辉鹏宇浩然子轩欣怡")

// scaleName draws a name with a skewed surname distribution.
func scaleName(r *rand.Rand) string {
	i := int(float64(len(surnames)) * r.Float64() * r.Float64())
	name := []rune{surnames[i], givenChars[r.IntN(len(givenChars))]}
	if r.IntN(3) > 0 {
		name = append(name, givenChars[r.IntN(len(givenChars))])
	}
	return string(name)
}

// explainScale logs the plans of the costly shapes (for tuning).
func explainScale(t *testing.T, e *env, path, prefix string) {
	end := path + "\U0010FFFF"
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`SELECT COUNT(*) FROM (SELECT 1 FROM members WHERE state = $1 AND org_path >= $2 AND org_path < $3
			AND name >= $4 AND name < $5 LIMIT 10001) t`, []any{"active", path, end, prefix, prefix + "\U0010FFFF"}},
		{`SELECT id FROM members WHERE state = $1 AND org_path >= $2 AND org_path < $3
			AND name >= $4 AND name < $5 ORDER BY name, org_path, id LIMIT 20`, []any{"active", path, end, prefix, prefix + "\U0010FFFF"}},
		{`SELECT COUNT(*) FROM (SELECT 1 FROM members WHERE state = $1 AND org_path >= $2 AND org_path < $3
			AND birth_date > $4 AND birth_date <= $5 LIMIT 10001) t`, []any{"active", path, end, "1985-11-22", "1995-11-22"}},
	} {
		rows, err := e.d.Pool().QueryContext(context.Background(), "EXPLAIN (ANALYZE, BUFFERS) "+q.sql, q.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan string
		for rows.Next() {
			var line string
			rows.Scan(&line)
			plan += line + "\n"
		}
		rows.Close()
		t.Logf("%s\n%s", q.sql, plan)
	}
}
