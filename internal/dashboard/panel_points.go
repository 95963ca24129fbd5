package dashboard

import (
	"math"
	"strconv"
)

// PointsCounts is how this year's points totals spread over an org's
// subtree, read from the counters the points ledger keeps (never from its
// lines): the members with a line only, no names (upper levels see
// distributions, never names).
type PointsCounts struct {
	Buckets []PointsBucket
	Members int64 // members with a line this year
	Points  int64 // the sum of their totals
}

// PointsBucket is a range of totals (a nil bound is open) with the members
// whose total is in it.
type PointsBucket struct {
	Label    string
	Min, Max *int
	Members  int64
}

// holds says whether total is in the range.
func (b PointsBucket) holds(total int) bool {
	return (b.Min == nil || total >= *b.Min) && (b.Max == nil || total <= *b.Max)
}

// code is the bucket's stable name from its bounds: "lt0", "0", "1_9",
// "ge50".
func (b PointsBucket) code() string {
	switch {
	case b.Min == nil:
		return "lt" + strconv.Itoa(*b.Max+1)
	case b.Max == nil:
		return "ge" + strconv.Itoa(*b.Min)
	case *b.Min == *b.Max:
		return strconv.Itoa(*b.Min)
	}
	return strconv.Itoa(*b.Min) + "_" + strconv.Itoa(*b.Max)
}

// pointsPanel is 积分: the members with points this year, the average over
// every member, and the distribution. No number has a list behind it.
var pointsPanel = counterPanel{
	metrics:  []string{"members.total"},
	points:   true,
	headline: pointsHeadline,
	figures:  func(r reading) []Figure { return []Figure{r.pointsFigure()} },
}

func pointsHeadline(r reading) []Headline {
	avg, text := average(r.points.Points, r.pointsMembers())
	return []Headline{{Key: "with_points", Label: "本年有积分的党员", N: r.points.Members},
		{Key: "average", Label: "人均积分", N: avg, Text: text}}
}

// pointsMembers are the members the points are spread over: the members
// now, those without a line counting 0 (as the points ledger's own
// distribution counts them), or those with a line when more (a member who
// left this year keeps the points earned).
func (r reading) pointsMembers() int64 {
	return max(r.n("members.total", "all"), r.points.Members)
}

// pointsFigure is the distribution, the members without a line in the
// range that holds 0.
func (r reading) pointsFigure() Figure {
	fig := Figure{Metric: "points.bucket", Label: metricLabels["points.bucket"], Buckets: []Bucket{}}
	without := r.pointsMembers() - r.points.Members
	for _, b := range r.points.Buckets {
		n := b.Members
		if b.holds(0) {
			n += without
		}
		fig.Buckets = append(fig.Buckets, Bucket{Bucket: b.code(), Label: b.Label, N: n})
	}
	return fig
}

// average is sum/n rounded to a whole number, and to one decimal as text
// ("12.5"); 0 of nobody.
func average(sum, n int64) (int64, string) {
	if n <= 0 {
		return 0, "0"
	}
	avg := float64(sum) / float64(n)
	return int64(math.Round(avg)), strconv.FormatFloat(math.Round(avg*10)/10, 'f', 1, 64)
}
