package dashboard

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"dangjian/internal/rollup"
)

// Bucket is one bucket of a figure: members.gender / female / 女 / 12.
// Text is the value as shown when n alone does not say it (money).
type Bucket struct {
	Bucket string `json:"bucket"`
	Label  string `json:"label"`
	N      int64  `json:"n"`
	Text   string `json:"text,omitempty"`
}

// Figure is a distribution over its buckets; Unit is set when it is not a
// head count ("%", "元").
type Figure struct {
	Metric  string   `json:"metric"`
	Label   string   `json:"label"`
	Unit    string   `json:"unit,omitempty"`
	Buckets []Bucket `json:"buckets"`
}

// Headline is a panel's headline number; Metric and Bucket say which list
// is behind it (none when empty).
type Headline struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	N      int64  `json:"n"`
	Unit   string `json:"unit,omitempty"`
	Text   string `json:"text,omitempty"`
	Metric string `json:"metric,omitempty"`
	Bucket string `json:"bucket,omitempty"`
}

// reading is one org's counters (and points histogram, for the panel
// that shows it) with what the figures are worked out against.
type reading struct {
	s      *Service
	f      rollup.Figures
	points PointsCounts
	today  time.Time
}

func (r reading) n(metric, bucket string) int64 { return r.f[metric][bucket] }

// sum adds up metric's buckets that pass keep (all when keep is nil).
func (r reading) sum(metric string, keep func(bucket string) bool) int64 {
	var t int64
	for b, n := range r.f[metric] {
		if keep == nil || keep(b) {
			t += n
		}
	}
	return t
}

// count is a headline whose list is the bucket's.
func (r reading) count(key, label, metric, bucket string) Headline {
	return Headline{Key: key, Label: label, N: r.n(metric, bucket), Metric: metric, Bucket: bucket}
}

// scaled is a figure over the metric's own scale, every bucket shown.
func (r reading) scaled(metric string) Figure {
	fig := Figure{Metric: metric, Label: metricLabels[metric], Buckets: []Bucket{}}
	for _, c := range scales[metric] {
		fig.Buckets = append(fig.Buckets, Bucket{Bucket: c.code, Label: c.label, N: r.n(metric, c.code)})
	}
	return fig
}

// ranked is a figure over the buckets counted, largest first; past top
// the rest are summed into 其他 (bucket "other", no list behind it).
func (r reading) ranked(metric string, top int) Figure {
	fig := Figure{Metric: metric, Label: metricLabels[metric], Buckets: []Bucket{}}
	for b, n := range r.f[metric] {
		if n != 0 {
			fig.Buckets = append(fig.Buckets, Bucket{Bucket: b, Label: r.s.bucketLabel(metric, b), N: n})
		}
	}
	slices.SortFunc(fig.Buckets, func(a, b Bucket) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Bucket, b.Bucket)) })
	if top > 0 && len(fig.Buckets) > top {
		rest := Bucket{Bucket: bucketOther, Label: "其他"}
		for _, b := range fig.Buckets[top:] {
			rest.N += b.N
		}
		fig.Buckets = append(fig.Buckets[:top], rest)
	}
	return fig
}

// bucketOther sums the buckets a ranked figure leaves out.
const bucketOther = "other"

// monthly is a figure over months, one bucket each ("3月").
func monthly(metric, unit string, months []string, value func(month string) Bucket) Figure {
	fig := Figure{Metric: metric, Label: metricLabels[metric], Unit: unit, Buckets: make([]Bucket, 0, len(months))}
	for _, m := range months {
		b := value(m)
		b.Bucket, b.Label = m, monthLabel(m)
		fig.Buckets = append(fig.Buckets, b)
	}
	return fig
}

// monthLabel is "3月" for "2026-03".
func monthLabel(month string) string {
	n, _ := strconv.Atoi(month[5:])
	return strconv.Itoa(n) + "月"
}

// yearMonths are the months of today's year up to today's, "2026-01" ….
func yearMonths(today time.Time) []string {
	out := make([]string, 0, 12)
	for m := time.January; m <= today.Month(); m++ {
		out = append(out, time.Date(today.Year(), m, 1, 0, 0, 0, 0, time.UTC).Format(monthLayout))
	}
	return out
}

// lastMonths are the n months up to today's, oldest first.
func lastMonths(today time.Time, n int) []string {
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1-n, 0)
	out := make([]string, n)
	for i := range out {
		out[i] = first.AddDate(0, i, 0).Format(monthLayout)
	}
	return out
}

// lastCompleteMonth is the month before today's.
func lastCompleteMonth(today time.Time) string {
	return time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0).Format(monthLayout)
}

const monthLayout = "2006-01"

// inYear keeps the month buckets of today's year.
func inYear(today time.Time) func(bucket string) bool {
	y := strconv.Itoa(today.Year()) + "-"
	return func(b string) bool { return len(b) == len(monthLayout) && b[:5] == y }
}

// percent is part/whole in whole percent, rounded down (0 when whole is 0).
func percent(part, whole int64) int64 {
	if whole <= 0 {
		return 0
	}
	return part * 100 / whole
}

// yuan shows an amount in fen as 元 ("1234.50").
func yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return sign + strconv.FormatInt(fen/100, 10) + "." + strconv.FormatInt(fen%100/10, 10) + strconv.FormatInt(fen%10, 10)
}

// money is a headline or bucket amount: n in whole 元 (rounded half up),
// the exact amount as text.
func money(fen int64) (n int64, text string) {
	return (fen + 50) / 100, yuan(fen)
}
