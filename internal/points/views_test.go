package points_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/points"
)

func TestDistributionCountsZerosAndNeverNames(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.meeting(t, "ma", e.A, "2026-05-10", map[string]string{"a1": "present", "a2": "absent"})
		e.meeting(t, "mb", e.B, "2026-05-10", map[string]string{"b1": "present"})
		e.meeting(t, "mx", e.X1, "2026-05-10", map[string]string{"x1": "present"})
		e.emit(t, graded("a1", e.A, "excellent"))
		// R: a1 7, a2 -2, b1 2, and a3 a4 b2 without lines.
		r := e.do(t, grant(authz.Viewer, e.R, "领导"), "GET", "/api/v1/orgs/"+e.R.ID+"/points/distribution?year=2026", nil, 200)
		for _, name := range []string{"甲", "乙", "丙", "丁", "戊", "己", `"member_id"`, `"name"`} {
			if r.Contains(name) {
				t.Fatalf("distribution shows %q: %s", name, r.Body)
			}
		}
		var d points.Distribution
		r.JSON(t, &d)
		counts := func(s points.Stats) []int {
			var out []int
			for _, b := range s.Buckets {
				out = append(out, b.Count)
			}
			return out
		}
		if d.Members != 6 || d.Average != 1.2 || d.Median != 0 || !slices.Equal(counts(d.Stats), []int{1, 3, 2, 0, 0, 0, 0}) {
			t.Fatalf("R: %+v", d.Stats)
		}
		a, b := d.Children[0].Stats, d.Children[1].Stats // 第一支部, 第二支部
		if len(d.Children) != 2 || a.Members != 4 || a.Average != 1.3 || a.Median != 0 || b.Members != 2 || b.Median != 1 ||
			!slices.Equal(counts(b), []int{0, 1, 1, 0, 0, 0, 0}) {
			t.Fatalf("children: %+v", d.Children)
		}
		e.do(t, grant(authz.Viewer, e.A, "委员"), "GET", "/api/v1/orgs/"+e.R.ID+"/points/distribution", nil, 404)
	})
}

func TestBranchListRankedOnlyWhenSwitchedOn(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.meeting(t, "ma", e.A, "2026-05-10", map[string]string{"a1": "present", "a2": "present", "a3": "absent"})
		sec := grant(authz.PartyWorker, e.A, "支部书记")
		url := "/api/v1/orgs/" + e.A.ID + "/points/members?year=2026"
		line := func(l points.BranchList) string {
			var out []string
			for _, m := range l.Members {
				out = append(out, m.MemberID+":"+strconv.Itoa(m.Total)+":"+strconv.Itoa(m.Rank))
			}
			return strings.Join(out, " ")
		}
		var l points.BranchList
		r := e.do(t, sec, "GET", url, nil, 200)
		r.JSON(t, &l)
		// By name: 丁 丙 乙 甲.
		if l.Ranking || r.Contains(`"rank"`) || line(l) != "a4:0:0 a3:-2:0 a2:2:0 a1:2:0" ||
			l.Members[3].ByCategory["组织生活"] != 2 {
			t.Fatalf("unranked: %s", r.Body)
		}
		e.do(t, sec, "PUT", "/api/v1/orgs/"+e.A.ID+"/points/settings",
			map[string]any{"values": map[string]string{"points.ranking": "on"}}, 200)
		e.do(t, sec, "GET", url, nil, 200).JSON(t, &l)
		if !l.Ranking || line(l) != "a2:2:1 a1:2:1 a4:0:3 a3:-2:4" {
			t.Fatalf("ranked: %+v", l)
		}
		r = e.do(t, sec, "GET", "/api/v1/orgs/"+e.B.ID+"/points/members", nil, 404)
		r = e.do(t, grant(authz.PartyWorker, e.R, "组织委员"), "GET", "/api/v1/orgs/"+e.R.ID+"/points/members", nil, 422)
		if !r.Contains(`"not_branch"`) || !r.Contains("积分名单仅按党支部查看") {
			t.Fatalf("committee list: %s", r.Body)
		}
	})
}

func TestAuthorization(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.meeting(t, "ma", e.A, "2026-05-10", map[string]string{"a1": "present"})
		sec, viewer := grant(authz.PartyWorker, e.A, "支部书记"), grant(authz.Viewer, e.R, "领导")
		outsider := grant(authz.OrgAdmin, e.X, "外人")
		for _, c := range []struct {
			p            *authz.Principal
			method, path string
			want         int
		}{
			{sec, "GET", "/api/v1/members/b1/points", 404}, // another branch's member
			{sec, "GET", "/api/v1/members/x1/points", 404},
			{outsider, "GET", "/api/v1/members/a1/points", 404},
			{sec, "GET", "/api/v1/members/nobody/points", 404},
			{sec, "GET", "/api/v1/members/a1/points", 200},
			{sec, "GET", "/api/v1/orgs/" + e.B.ID + "/points/distribution", 404},
			{sec, "GET", "/api/v1/orgs/" + e.R.ID + "/points/settings", 404},
			{viewer, "PUT", "/api/v1/orgs/" + e.A.ID + "/points/settings", 403},
			{viewer, "POST", "/api/v1/orgs/" + e.A.ID + "/points/awards", 403},
			{viewer, "POST", "/api/v1/orgs/" + e.A.ID + "/points/evidence", 403},
			{outsider, "POST", "/api/v1/orgs/" + e.A.ID + "/points/awards", 404},
			{sec, "GET", "/api/v1/my/points", 403}, // no member behind the account
			{apitest.Member("a1", e.A.ID, e.A.Path), "GET", "/api/v1/members/a1/points", 403},
			{apitest.Member("a1", e.A.ID, e.A.Path), "GET", "/api/v1/points/catalog", 403},
			{viewer, "GET", "/api/v1/points/catalog", 200},
		} {
			e.srv.As(c.p)
			if r := e.srv.Do(t, c.method, c.path, map[string]any{}); r.Status != c.want {
				t.Errorf("%s %s as %s: %d, want %d: %s", c.method, c.path, c.p.Username, r.Status, c.want, r.Body)
			}
		}
		var mine points.MemberPoints
		e.do(t, apitest.Member("a1", e.A.ID, e.A.Path), "GET", "/api/v1/my/points?year=2026", nil, 200).JSON(t, &mine)
		if mine.MemberID != "a1" || mine.Total != 2 || mine.Entries[0].SourceTitle != "主题党日：学习党章" {
			t.Fatalf("my points: %+v", mine)
		}
		if r := e.do(t, sec, "GET", "/api/v1/my/points", nil, 403); !r.Contains("当前账号未关联党员") {
			t.Fatalf("no member: %s", r.Body)
		}
	})
}

func TestTotalsFollowMovesAndCatalogue(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.meeting(t, "m2025", e.A, "2025-12-10", map[string]string{"a1": "present"})
		e.meeting(t, "m2026", e.A, "2026-05-10", map[string]string{"a1": "present"})
		e.emit(t, outbox.Event{Type: "member.moved", SubjectID: "a1", OrgPath: e.B.Path,
			Payload: map[string]any{"id": "a1", "from_org_id": e.A.ID, "to_org_id": e.B.ID}})
		moved := e.X.Path + e.B.ID + "/" // B under X
		e.emit(t, outbox.Event{Type: "org.moved", SubjectID: e.B.ID, OrgPath: moved,
			Payload: map[string]any{"old_path": e.B.Path}})
		want := map[int]string{2025: e.A.Path, 2026: moved}
		check := func() {
			for year, path := range want {
				var got string
				e.d.QueryRowContext(t.Context(), "SELECT org_path FROM points_member_years WHERE member_id = 'a1' AND year = ?",
					year).Scan(&got)
				if got != path {
					t.Fatalf("%d: a1 counted at %s, want %s", year, got, path)
				}
			}
		}
		check()
		e.rewind(t, "0")
		e.dispatch(t)
		check()

		var cat struct {
			Rules      []points.Rule
			Categories []points.Category
		}
		e.do(t, grant(authz.Viewer, e.R, "领导"), "GET", "/api/v1/points/catalog", nil, 200).JSON(t, &cat)
		if len(cat.Rules) != 9 || len(cat.Categories) != 6 || cat.Rules[4].HasSource || !cat.Rules[0].HasSource {
			t.Fatalf("catalogue: %+v", cat)
		}
	})
}
