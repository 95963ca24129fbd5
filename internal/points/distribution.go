package points

import (
	"context"
	"maps"
	"math"
	"net/http"
	"slices"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/settings"
)

// Distribution is how the points of a year spread over the members of an
// org's subtree and of each child's: counts, never names.
type Distribution struct {
	OrgID   string `json:"org_id"`
	OrgName string `json:"org_name"`
	Year    int    `json:"year"`
	Stats
	Children []ChildStats `json:"children"`
}

// ChildStats is the distribution of one child org's subtree.
type ChildStats struct {
	OrgID   string `json:"org_id"`
	OrgName string `json:"org_name"`
	Stats
}

// Stats summarises the members' totals; members without a line count as 0.
type Stats struct {
	Members int      `json:"members"`
	Average float64  `json:"average"`
	Median  float64  `json:"median"`
	Buckets []Bucket `json:"buckets"`
}

// Bucket is a range of totals; a nil bound is open.
type Bucket struct {
	Label string `json:"label"`
	Min   *int   `json:"min"`
	Max   *int   `json:"max"`
	Count int    `json:"count"`
}

func bound(n int) *int { return &n }

// bucketRanges are the ranges of the histogram.
var bucketRanges = []Bucket{
	{Label: "负分", Max: bound(-1)}, {Label: "0 分", Min: bound(0), Max: bound(0)},
	{Label: "1–9 分", Min: bound(1), Max: bound(9)}, {Label: "10–19 分", Min: bound(10), Max: bound(19)},
	{Label: "20–29 分", Min: bound(20), Max: bound(29)}, {Label: "30–49 分", Min: bound(30), Max: bound(49)},
	{Label: "50 分及以上", Min: bound(50)},
}

func (s *Service) getDistribution(w http.ResponseWriter, r *http.Request) error {
	org, year, err := s.orgYear(r)
	if err != nil {
		return err
	}
	d, err := s.distribution(r.Context(), org, year)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, d)
}

// distribution reads the totals of the year under org once (an index range
// of points_member_years), sorting each into org's and its child's
// histogram; the members' count comes from the register.
func (s *Service) distribution(ctx context.Context, org OrgRef, year int) (Distribution, error) {
	children, err := s.dir.Children(ctx, s.db, org.ID)
	if err != nil {
		return Distribution{}, err
	}
	paths := []string{org.Path}
	childOf := map[string]int{}
	for i, c := range children {
		paths, childOf[c.ID] = append(paths, c.Path), i
	}
	counts, err := s.dir.CountUnder(ctx, s.db, paths)
	if err != nil {
		return Distribution{}, err
	}
	hists, err := histograms(ctx, s.db, org.Path, year, childOf, len(children))
	if err != nil {
		return Distribution{}, err
	}
	out := Distribution{OrgID: org.ID, OrgName: org.Name, Year: year, Stats: stats(hists[0], counts[org.Path]),
		Children: []ChildStats{}}
	for i, c := range children {
		out.Children = append(out.Children, ChildStats{OrgID: c.ID, OrgName: c.Name, Stats: stats(hists[i+1], counts[c.Path])})
	}
	return out, nil
}

// histograms counts the members per total: [0] for the whole subtree,
// [i+1] for child i.
func histograms(ctx context.Context, q db.Querier, path string, year int, childOf map[string]int, n int) ([]map[int]int, error) {
	hists := make([]map[int]int, n+1)
	for i := range hists {
		hists[i] = map[int]int{}
	}
	depth := len(settings.PathIDs(path))
	rows, err := q.QueryContext(ctx, `SELECT org_path, total FROM points_member_years
		WHERE year = ? AND org_path >= ? AND org_path < ?`, year, path, db.PrefixEnd(path))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var total int
		if err := rows.Scan(&p, &total); err != nil {
			return nil, err
		}
		hists[0][total]++
		if ids := settings.PathIDs(p); len(ids) > depth {
			if i, ok := childOf[ids[depth]]; ok {
				hists[i+1][total]++
			}
		}
	}
	return hists, rows.Err()
}

// stats summarises a histogram of the members with lines, adding the
// register's other members (count minus those) as zeros.
func stats(hist map[int]int, count int) Stats {
	n := 0
	for _, c := range hist {
		n += c
	}
	if count > n {
		hist[0] += count - n
		n = count
	}
	out := Stats{Members: n, Buckets: slices.Clone(bucketRanges)}
	values := slices.Sorted(maps.Keys(hist))
	sum := 0
	for _, v := range values {
		sum += v * hist[v]
		out.Buckets[bucketOf(v)].Count += hist[v]
	}
	if n > 0 {
		out.Average = math.Round(float64(sum)/float64(n)*10) / 10
		out.Median = (nth(values, hist, (n-1)/2) + nth(values, hist, n/2)) / 2
	}
	return out
}

// nth is the k-th smallest total (from 0) of the histogram.
func nth(values []int, hist map[int]int, k int) float64 {
	for _, v := range values {
		if k < hist[v] {
			return float64(v)
		}
		k -= hist[v]
	}
	return 0
}
