package rollup

import (
	"cmp"
	"context"
	"slices"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/settings"
)

// Delta is one change to a subtree counter.
type Delta struct {
	Metric, Bucket string
	N              int64
}

// handler is what one event does to the rollups, inside the batch's
// transaction.
type handler func(ctx context.Context, tx *db.Tx, e outbox.Delivered) error

// add applies ds at every org on path (the fact's location), in q. Inside a
// delivery batch the deltas are summed in memory and written when the
// batch ends (see pending), so rollup_counts must not be read by a handler
// before calling s.flush.
func (s *Store) add(ctx context.Context, q db.Querier, path string, ds []Delta) error {
	return addAt(ctx, q, settings.PathIDs(path), ds)
}

// addAt applies ds to the rows of each org in orgIDs.
func addAt(ctx context.Context, q db.Querier, orgIDs []string, ds []Delta) error {
	if p := pendingOf(ctx); p != nil {
		p.add(orgIDs, ds)
		return nil
	}
	p := newPending()
	p.add(orgIDs, ds)
	return p.flush(ctx, q)
}

// flush writes the deltas the current batch has summed so far.
func (s *Store) flush(ctx context.Context, q db.Querier) error {
	if p := pendingOf(ctx); p != nil {
		return p.flush(ctx, q)
	}
	return nil
}

type countKey struct{ org, metric, bucket string }

// pending sums a batch's deltas per counter, so a batch of thousands of
// events becomes a few multi-row upserts, and collects the orgs whose
// branch classes may have changed (see reclassify); it also carries the
// batch's view of the seed's mark.
type pending struct {
	counts map[countKey]int64
	dirty  map[string]bool
	mark   int64 // the last seed's (see seed.go)
}

func newPending() *pending {
	return &pending{counts: map[countKey]int64{}, dirty: map[string]bool{}}
}

type pendingKey struct{}

func withPending(ctx context.Context, p *pending) context.Context {
	return context.WithValue(ctx, pendingKey{}, p)
}

func pendingOf(ctx context.Context) *pending {
	p, _ := ctx.Value(pendingKey{}).(*pending)
	return p
}

func (p *pending) add(orgIDs []string, ds []Delta) {
	for _, org := range orgIDs {
		for _, d := range ds {
			p.counts[countKey{org, d.Metric, d.Bucket}] += d.N
		}
	}
}

// rowsPerStatement bounds the rows of one multi-row statement: at most 17
// values each keeps it within both engines' parameter limits.
const rowsPerStatement = 1000

// execRows writes rows with multi-row statements "head VALUES (...), ...
// tail", a chunk at a time; values gives a row's width values.
func execRows[T any](ctx context.Context, q db.Querier, head, tail string, width int, rows []T, values func(T) []any) error {
	for chunk := range slices.Chunk(rows, rowsPerStatement) {
		args := make([]any, 0, width*len(chunk))
		for _, r := range chunk {
			args = append(args, values(r)...)
		}
		if _, err := q.ExecContext(ctx, head+" VALUES "+db.Rows(len(chunk), width)+" "+tail, args...); err != nil {
			return err
		}
	}
	return nil
}

// flush upserts the non-zero sums in key order (so two writers lock rows in
// the same order) and starts over.
func (p *pending) flush(ctx context.Context, q db.Querier) error {
	keys := make([]countKey, 0, len(p.counts))
	for k, n := range p.counts {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b countKey) int {
		return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.metric, b.metric), cmp.Compare(a.bucket, b.bucket))
	})
	err := execRows(ctx, q, "INSERT INTO rollup_counts (org_id, metric, bucket, n)",
		"ON CONFLICT (org_id, metric, bucket) DO UPDATE SET n = rollup_counts.n + excluded.n", 4, keys,
		func(k countKey) []any { return []any{k.org, k.metric, k.bucket, p.counts[k]} })
	if err != nil {
		return err
	}
	clear(p.counts)
	return nil
}
