package points

import (
	"cmp"
	"context"
	"maps"
	"slices"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// points_buckets keeps, for every org, year and range of bucketRanges, how
// many members of the org's subtree have a total of the year in the range
// and the sum of those totals. Every change to points_member_years (a
// total that changes, a member-year's first line, a member or an org that
// moves) is turned into shifts of these counters and written in the same
// transaction, so a distribution at the top of a province is a read of a
// few rows, never a scan of its members.

// bucketOf is the index in bucketRanges of the range holding total.
func bucketOf(total int) int {
	return slices.IndexFunc(bucketRanges, func(b Bucket) bool { return b.holds(total) })
}

// holds says whether total is in the range.
func (b Bucket) holds(total int) bool {
	return (b.Min == nil || total >= *b.Min) && (b.Max == nil || total <= *b.Max)
}

// bucketKey is one row of points_buckets.
type bucketKey struct {
	org    string
	year   int
	bucket int
}

// bucketShift is what to add to a row of points_buckets.
type bucketShift struct{ members, points int64 }

// shifts gathers the changes of a transaction to points_buckets, so that
// each row is written once, however many member-years change in it.
type shifts map[bucketKey]bucketShift

// count adds n members (−1 takes one out) with total in year at every org
// on path.
func (s shifts) count(path string, year, total int, n int64) {
	b := bucketOf(total)
	for _, org := range settings.PathIDs(path) {
		s.shift(bucketKey{org, year, b}, bucketShift{n, n * int64(total)})
	}
}

// change moves a member-year whose total went from old to new.
func (s shifts) change(path string, year, old, new int) {
	s.count(path, year, old, -1)
	s.count(path, year, new, 1)
}

func (s shifts) shift(k bucketKey, d bucketShift) {
	cur := s[k]
	s[k] = bucketShift{cur.members + d.members, cur.points + d.points}
}

const bucketValues = 5

// write adds the shifts to points_buckets with multi-row upserts, rows in
// key order (so two transactions lock the rows they share in the same
// order); shifts that cancel out are left out.
func (s shifts) write(ctx context.Context, tx *db.Tx) error {
	keys := slices.SortedFunc(maps.Keys(s), func(a, b bucketKey) int {
		return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.year, b.year), cmp.Compare(a.bucket, b.bucket))
	})
	keys = slices.DeleteFunc(keys, func(k bucketKey) bool { return s[k] == bucketShift{} })
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		args := make([]any, 0, len(part)*bucketValues)
		for _, k := range part {
			args = append(args, k.org, k.year, k.bucket, s[k].members, s[k].points)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO points_buckets (org_id, year, bucket, members, points)
			VALUES `+db.Rows(len(part), bucketValues)+` ON CONFLICT (org_id, year, bucket) DO UPDATE SET
			members = points_buckets.members + excluded.members, points = points_buckets.points + excluded.points`,
			args...); err != nil {
			return err
		}
	}
	return nil
}

// BucketCounts is the distribution of a year's totals over an org's
// subtree, counting only the members with a line that year: the register's
// members without one are not in it (they are zeros to whoever adds them).
type BucketCounts struct {
	Buckets []Bucket // bucketRanges with their counts
	Members int      // members with a line
	Points  int64    // the sum of their totals
}

func newBucketCounts() BucketCounts {
	return BucketCounts{Buckets: slices.Clone(bucketRanges)}
}

// BucketCounts reads the distribution of year over each org's subtree from
// the counters (every org of orgIDs is in the answer, empty ones too).
// Trusted: no permission check.
func (s *Service) BucketCounts(ctx context.Context, q db.Querier, orgIDs []string, year int) (map[string]BucketCounts, error) {
	out := make(map[string]BucketCounts, len(orgIDs))
	for _, id := range orgIDs {
		out[id] = newBucketCounts()
	}
	err := inChunks(orgIDs, func(part []string) error {
		rows, err := q.QueryContext(ctx, `SELECT org_id, bucket, members, points FROM points_buckets
			WHERE org_id IN (`+db.Placeholders(len(part))+`) AND year = ?`, append(db.Strings(part), year)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var b, members int
			var pts int64
			if err := rows.Scan(&id, &b, &members, &pts); err != nil {
				return err
			}
			c := out[id]
			c.Buckets[b].Count += members
			c.Members, c.Points = c.Members+members, c.Points+pts
			out[id] = c
		}
		return rows.Err()
	})
	return out, err
}
