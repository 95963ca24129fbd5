package rollup

import (
	"context"
	"slices"
	"strings"
	"testing"

	"dangjian/internal/members"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// collect runs an as-of read and returns "memberName:org:status[:ended]"
// per row, sorted.
func (e *env) collect(t testing.TB, names map[string]string, read func(fn func(SpanRow) error) error) []string {
	t.Helper()
	orgNames := map[string]string{}
	for n, id := range e.ids {
		orgNames[id] = n
	}
	var out []string
	err := read(func(r SpanRow) error {
		s := names[r.MemberID] + ":" + orgNames[r.OrgID] + ":" + r.Status
		if r.EndedKind != "" {
			s += ":" + r.EndedKind + "@" + r.EndedOn
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestSpansAnswerAsOfQuestions(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.tree(t)
		p1 := e.add(t, "A1", e.person("甲", "1980-01-01", "full", "2015-07-01", "2016-07-01"))
		p2 := e.add(t, "A2", e.person("乙", "1990-01-01", "probationary", "2026-03-01", ""))
		p3 := e.add(t, "A1", e.person("丙", "1995-01-01", "probationary", "2026-05-01", ""))
		p4 := e.add(t, "B1", e.person("丁", "1995-01-01", "probationary", "2025-06-01", ""))
		names := map[string]string{p1: "甲", p2: "乙", p3: "丙", p4: "丁"}
		e.step()
		if _, err := e.m.Update(ctx, p4, members.Patch{Status: ptr("full"), FullMemberOn: ptr("2026-06-01")}); err != nil {
			t.Fatal(err) // 转正 recorded on 2026-11-22, effective 2026-06-01
		}
		e.step()
		if _, err := e.m.Move(ctx, p1, e.ids["B1"], "工作调动"); err != nil { // on 2026-11-22
			t.Fatal(err)
		}
		for _, edu := range []string{"master", "doctorate"} { // the same day: one span
			e.step()
			if _, err := e.m.Update(ctx, p1, members.Patch{Education: &edu}); err != nil {
				t.Fatal(err)
			}
		}
		e.step()
		if _, err := e.m.End(ctx, p2, members.Ending{Kind: "withdrew", On: "2026-11-20", Reason: "本人申请"}); err != nil {
			t.Fatal(err)
		}
		e.sync(t)
		R, A := e.path(t, "R"), e.path(t, "A")
		asOf := func(path, date string) string {
			return strings.Join(e.collect(t, names, func(fn func(SpanRow) error) error { return e.s.MembersAsOf(ctx, path, date, fn) }), " ")
		}
		for _, c := range []struct{ path, date, want string }{
			{R, "2015-06-30", ""},
			{R, "2016-01-01", "甲:A1:probationary"}, // registered full, probationary until 2016-07-01
			{R, "2016-07-01", "甲:A1:full"},
			{R, "2026-11-19", "丁:B1:full 丙:A1:probationary 乙:A2:probationary 甲:A1:full"},
			{R, "2026-11-20", "丁:B1:full 丙:A1:probationary 甲:A1:full"}, // 乙 left that day
			{A, "2026-11-21", "丙:A1:probationary 甲:A1:full"},
			{A, "2026-11-22", "丙:A1:probationary"}, // 甲 moved to B1 that day
			{e.path(t, "B"), "2026-11-22", "丁:B1:full 甲:B1:full"},
			{e.path(t, "B"), "2026-05-31", "丁:B1:probationary"},
			{e.path(t, "B"), "2026-06-01", "丁:B1:full"},
		} {
			if got := asOf(c.path, c.date); got != c.want {
				t.Errorf("as of %s under %s: %q, want %q", c.date, c.path, got, c.want)
			}
		}
		ended := e.collect(t, names, func(fn func(SpanRow) error) error { return e.s.EndedBetween(ctx, R, "2026-01-01", "2026-12-31", fn) })
		if want := []string{"乙:A2:probationary:withdrew@2026-11-20"}; !slices.Equal(ended, want) {
			t.Errorf("ended in 2026: %q, want %q", ended, want)
		}
		joined := e.collect(t, names, func(fn func(SpanRow) error) error { return e.s.JoinedBetween(ctx, R, "2026-01-01", "2026-12-31", fn) })
		if want := []string{"丙:A1:probationary", "乙:A2:probationary:withdrew@2026-11-20"}; !slices.Equal(joined, want) {
			t.Errorf("joined in 2026: %q, want %q", joined, want)
		}
		joined = e.collect(t, names, func(fn func(SpanRow) error) error { return e.s.JoinedBetween(ctx, R, "2026-01-01", "2026-03-31", fn) })
		if want := []string{"乙:A2:probationary"}; !slices.Equal(joined, want) {
			t.Errorf("joined in 2026 Q1: %q, want %q", joined, want)
		}
		var spans int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM rollup_member_spans WHERE member_id = ?", p1).Scan(&spans); err != nil || spans != 3 {
			t.Errorf("甲 has %d spans (%v), want 3: probationary, full in A1, full in B1", spans, err)
		}
	})
}

func TestOrgsAsOf(t *testing.T) {
	dbtest.Each(t, testMigrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.tree(t)
		if _, err := e.orgs.Dissolve(ctx, e.ids["A2"], "2026-06-30", "合并"); err != nil {
			t.Fatal(err)
		}
		e.sync(t)
		names := func(date string) []string {
			var out []string
			if err := e.s.OrgsAsOf(ctx, e.path(t, "A"), date, func(o OrgRow) error { out = append(out, o.Name); return nil }); err != nil {
				t.Fatal(err)
			}
			slices.Sort(out)
			return out
		}
		if got := names("2026-06-29"); !slices.Equal(got, []string{"A", "A1", "A2"}) {
			t.Errorf("under A on 2026-06-29: %v", got)
		}
		if got := names("2026-06-30"); !slices.Equal(got, []string{"A", "A1"}) {
			t.Errorf("under A on 2026-06-30: %v", got)
		}
	})
}
