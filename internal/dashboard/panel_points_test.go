package dashboard

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/rollup"
)

// pointsDir is a directory of R (committee) over branches A and B, with a
// points histogram per org and year.
type pointsDir struct {
	Directory
	orgs  map[string]OrgRef
	hist  map[string]PointsCounts
	years []int // the years asked for
}

func (d *pointsDir) Org(_ context.Context, id string) (OrgRef, error) {
	o, ok := d.orgs[id]
	if !ok {
		return o, db.ErrNoRows
	}
	return o, nil
}

func (d *pointsDir) Children(_ context.Context, id string) ([]OrgRef, error) {
	var out []OrgRef
	for _, k := range []string{"A", "B"} {
		if d.orgs[k].ParentID == id {
			out = append(out, d.orgs[k])
		}
	}
	return out, nil
}

func (d *pointsDir) PointsBuckets(_ context.Context, ids []string, year int) (map[string]PointsCounts, error) {
	d.years = append(d.years, year)
	out := map[string]PointsCounts{}
	for _, id := range ids {
		out[id] = d.hist[id]
	}
	return out, nil
}

func bound(n int) *int { return &n }

// histogram is the points ledger's seven ranges with the members given.
func histogram(neg, zero, low, ten, twenty, thirty, fifty int64, pts int64) PointsCounts {
	ns := []int64{neg, zero, low, ten, twenty, thirty, fifty}
	ranges := []PointsBucket{{Label: "负分", Max: bound(-1)}, {Label: "0 分", Min: bound(0), Max: bound(0)},
		{Label: "1–9 分", Min: bound(1), Max: bound(9)}, {Label: "10–19 分", Min: bound(10), Max: bound(19)},
		{Label: "20–29 分", Min: bound(20), Max: bound(29)}, {Label: "30–49 分", Min: bound(30), Max: bound(49)},
		{Label: "50 分及以上", Min: bound(50)}}
	c := PointsCounts{Points: pts}
	for i, b := range ranges {
		b.Members = ns[i]
		c.Buckets = append(c.Buckets, b)
		c.Members += ns[i]
	}
	return c
}

// TestPointsPanel: the 积分 panel of R and its children. Members without a
// line this year count in the range of 0 and in the average; a child
// whose members all have lines (one who left keeps theirs) adds nobody.
// No number leads to a list of names.
func TestPointsPanel(t *testing.T) {
	dbtest.Each(t, rollup.Migrations, func(t *testing.T, d *db.DB) {
		for _, c := range []struct {
			org string
			n   int
		}{{"R", 10}, {"A", 4}, {"B", 6}} {
			if _, err := d.ExecContext(t.Context(), `INSERT INTO rollup_counts (org_id, metric, bucket, n)
				VALUES (?, 'members.total', 'all', ?)`, c.org, c.n); err != nil {
				t.Fatal(err)
			}
		}
		dir := &pointsDir{orgs: map[string]OrgRef{"R": {ID: "R", Path: "/R/", Name: "机关党委", Kind: "committee"},
			"A": {ID: "A", ParentID: "R", Path: "/R/A/", Name: "第一支部", Kind: "branch"},
			"B": {ID: "B", ParentID: "R", Path: "/R/B/", Name: "第二支部", Kind: "branch"},
			"X": {ID: "X", Path: "/X/", Name: "外委", Kind: "committee"}},
			hist: map[string]PointsCounts{"R": histogram(1, 1, 2, 1, 0, 1, 3, 135), "A": histogram(0, 0, 0, 0, 0, 1, 1, 100),
				"B": histogram(1, 1, 2, 1, 0, 0, 2, 35)}}
		clk := clock.NewFake(time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC))
		s := New(d, clk, dir, rollup.New(d, clk, nil))
		srv := apitest.New()
		s.Routes(srv.Router)
		viewer := &authz.Principal{AccountID: "v", Username: "v", Grants: []authz.Grant{{ID: "g", Role: authz.Viewer,
			OrgID: "R", OrgPath: "/R/"}}}

		var p Panel
		srv.Expect(t, viewer, "GET", "/api/v1/dashboard/orgs/R/panels/points", nil, http.StatusOK).JSON(t, &p)
		// 9 of R's 10 members have a line: the other is a 0; 135 points over 10 members.
		if got := heads(p.Headline); !slices.Equal(got, []string{"with_points 本年有积分的党员 9 ", "average 人均积分 14 13.5"}) {
			t.Errorf("R's headline: %q", got)
		}
		want := []Bucket{{"lt0", "负分", 1, ""}, {"0", "0 分", 2, ""}, {"1_9", "1–9 分", 2, ""}, {"10_19", "10–19 分", 1, ""},
			{"20_29", "20–29 分", 0, ""}, {"30_49", "30–49 分", 1, ""}, {"ge50", "50 分及以上", 3, ""}}
		if len(p.Figures) != 1 || p.Figures[0].Metric != "points.bucket" || p.Figures[0].Label != "本年积分分布" ||
			!slices.Equal(p.Figures[0].Buckets, want) {
			t.Errorf("R's figures: %+v", p.Figures)
		}

		var kids struct{ Rows []ChildRow }
		srv.Expect(t, viewer, "GET", "/api/v1/dashboard/orgs/R/panels/points/children", nil, http.StatusOK).JSON(t, &kids)
		var rows []string
		for _, r := range kids.Rows {
			rows = append(rows, r.Org.Name+": "+heads(r.Headline)[0]+"; "+heads(r.Headline)[1])
		}
		// A: 100 points over 4 members, 2 of them without a line; B: 7 lines over
		// its 6 members and one who left, so 35 points over 7.
		if !slices.Equal(rows, []string{"第一支部: with_points 本年有积分的党员 2 ; average 人均积分 25 25.0",
			"第二支部: with_points 本年有积分的党员 7 ; average 人均积分 5 5.0"}) {
			t.Errorf("children: %q", rows)
		}
		if !slices.Equal(dir.years, []int{2026, 2026}) {
			t.Errorf("years read: %v", dir.years)
		}

		if r := srv.Expect(t, viewer, "GET", "/api/v1/dashboard/orgs/R/list?metric=points.bucket&bucket=0", nil,
			http.StatusUnprocessableEntity); !r.Contains("该统计指标没有名单") {
			t.Errorf("the list behind a points number: %s", r.Body)
		}
		srv.Expect(t, viewer, "GET", "/api/v1/dashboard/orgs/X/panels/points", nil, http.StatusNotFound)
	})
}

// heads are headlines as "key label n text", each with its list if any.
func heads(hs []Headline) []string {
	var out []string
	for _, h := range hs {
		s := h.Key + " " + h.Label + " " + strconv.FormatInt(h.N, 10) + " " + h.Text
		if h.Metric != "" {
			s += " → " + h.Metric
		}
		out = append(out, s)
	}
	return out
}
