package rollup

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// subscriberName is the rollups' durable cursor in the outbox.
const subscriberName = "rollup"

// allTables are every rollup table, emptied by Rebuild (the engine's, then
// activity's and health's).
var allTables = []string{"rollup_counts", "rollup_members", "rollup_member_spans", "rollup_orgs",
	"rollup_meetings", "rollup_dues_entries", "rollup_applicants", "rollup_activity", "rollup_branches"}

// Subscribe feeds the rollups from the outbox: every event type, in
// delivery batches, each batch in one transaction.
func (s *Store) Subscribe(x *outbox.Dispatcher) {
	x.SubscribeBatch(subscriberName, "", s.consume)
}

// handlers maps event type → handler. The handler under "" (if any) sees
// every event, after the type's own.
func (s *Store) handlers() map[string]handler {
	out := map[string]handler{}
	for _, part := range []map[string]handler{s.memberHandlers(), s.orgHandlers(), s.activityHandlers()} {
		for typ := range part {
			if _, dup := out[typ]; dup {
				panic("rollup: two handlers for " + typ)
			}
		}
		maps.Copy(out, part)
	}
	return out
}

// consume applies a batch in one transaction: the handlers in delivery
// order, then the summed counter deltas, then the classes of the branches
// whose member counts changed.
func (s *Store) consume(ctx context.Context, batch []outbox.Delivered) error {
	hs := s.handlers()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		mark, err := seedMark(ctx, tx)
		if err != nil {
			return err
		}
		batch, err := reroot(ctx, tx, batch, mark)
		if err != nil {
			return err
		}
		p := newPending()
		p.mark = mark
		ctx := withPending(ctx, p)
		for _, e := range batch {
			for _, h := range []handler{hs[e.Type], hs[""]} {
				if h == nil {
					continue
				}
				if err := h(ctx, tx, e); err != nil {
					return fmt.Errorf("rollup: %s %s: %w", e.Type, e.ID, err)
				}
			}
		}
		if err := p.flush(ctx, tx); err != nil {
			return err
		}
		if err := s.reclassify(ctx, tx, p.dirty); err != nil {
			return err
		}
		return p.flush(ctx, tx)
	})
}

// RebuildStats says what a rebuild seeded and replayed.
type RebuildStats struct {
	Members, Orgs int // read from the register by the seed
	Deliveries    int // events delivered by the dispatcher while catching up
}

// Rebuild first delivers what is pending (so every event committed before
// the rebuild is numbered, at or below the seed's mark), then empties every
// rollup table, seeds them from the register as it stands (see seed.go),
// moves the rollup cursor back to the start of the outbox and replays it
// through x (a dispatcher the rollup store is subscribed to; give it no
// other subscriber), and judges the branches' health (the seed and the
// replay counted every other date-dependent figure as of today). Run it while
// no other instance writes or dispatches; if it is interrupted, run it
// again.
func (s *Store) Rebuild(ctx context.Context, x *outbox.Dispatcher) (RebuildStats, error) {
	var st RebuildStats
	today := clock.Today(s.clk)
	if _, err := catchUp(ctx, x); err != nil {
		return st, err
	}
	var mark int64
	err := s.db.InTx(ctx, func(tx *db.Tx) (err error) {
		if err := emptyTables(ctx, tx); err != nil {
			return err
		}
		if mark, err = outbox.HighWater(ctx, tx); err != nil {
			return err
		}
		return setSeedMark(ctx, tx, mark)
	})
	if err != nil {
		return st, err
	}
	if err := s.seed(ctx, mark, today, &st); err != nil {
		return st, err
	}
	if err := outbox.ResetCursor(ctx, s.db, subscriberName); err != nil {
		return st, err
	}
	if st.Deliveries, err = catchUp(ctx, x); err != nil {
		return st, err
	}
	if clock.Today(s.clk) != today { // the bands counted before midnight are a day old
		err = s.Refresh(ctx)
	} else {
		err = s.refreshOrgs(ctx, today)
	}
	if err != nil {
		return st, err
	}
	return st, analyze(ctx, s.db)
}

// analyze refreshes the planner's statistics of the rollup tables after a
// rebuild refilled them: without them PostgreSQL sorts a whole subtree to
// place the big screen's map (181 → 44 ms at 1M members), and autovacuum
// may be off or minutes away.
func analyze(ctx context.Context, d *db.DB) error {
	for _, t := range allTables {
		if _, err := d.ExecContext(ctx, "ANALYZE "+t); err != nil {
			return err
		}
	}
	return nil
}

// emptyTables empties every rollup table: TRUNCATE on PostgreSQL, where
// deleting millions of rows one by one takes long.
func emptyTables(ctx context.Context, tx *db.Tx) error {
	if tx.Dialect() == db.Postgres {
		_, err := tx.ExecContext(ctx, "TRUNCATE "+strings.Join(allTables, ", "))
		return err
	}
	for _, t := range allTables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return err
		}
	}
	return nil
}

// catchUp dispatches until nothing is left and says how many deliveries
// that took.
func catchUp(ctx context.Context, x *outbox.Dispatcher) (int, error) {
	total := 0
	for {
		n, err := x.DispatchOnce(ctx)
		if err != nil || n == 0 {
			return total, err
		}
		total += n
	}
}
