package points

import (
	"context"
	"log/slog"
	"time"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// subscriberName is the ledger's durable cursor in outbox_cursors.
const subscriberName = "points.ledger"

// Subscribe feeds the ledger from the outbox: every event type, in
// delivery batches, each batch in one transaction.
func (s *Service) Subscribe(x *outbox.Dispatcher) {
	x.SubscribeBatch(subscriberName, "", s.consume)
}

// consume turns a delivery batch into ledger lines. Moves (member.moved,
// org.moved) change where totals are counted, so the facts before a move
// are written first and the move applied after them, in batch order.
// Delivery is at-least-once: each effect has a dedupe key, and keys
// already in the ledger are skipped, so a redelivered batch or a replay of
// the whole outbox changes nothing.
func (s *Service) consume(ctx context.Context, batch []outbox.Delivered) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := asyncCommit(ctx, tx); err != nil {
			return err
		}
		var pending []fact
		for _, e := range batch {
			if move := moveOf(e); move != nil {
				if err := s.apply(ctx, tx, pending); err != nil {
					return err
				}
				pending = nil
				if err := move(ctx, tx); err != nil {
					return err
				}
				continue
			}
			if f, ok := decode(e); ok {
				pending = append(pending, f)
			}
		}
		return s.apply(ctx, tx, pending)
	})
}

// asyncCommit lets PostgreSQL commit the batch without waiting for its
// WAL flush. Nothing is lost by it: the dispatcher moves the cursor past the
// batch afterwards in a synchronous commit, which flushes the WAL up to and
// including this one, so a cursor that survives a crash always has its
// lines; a batch lost with the crash is delivered again.
func asyncCommit(ctx context.Context, tx *db.Tx) error {
	if tx.Dialect() != db.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SET LOCAL synchronous_commit = off")
	return err
}

// decode reads the event's fact; an unreadable payload is logged and
// skipped (delivering it again would never succeed and would hold up every
// later event).
func decode(e outbox.Delivered) (fact, bool) {
	dec := decoders[e.Type]
	if dec == nil {
		return fact{}, false
	}
	f, ok, err := dec(e)
	if err != nil {
		slog.Warn("points: unreadable event skipped", "event", e.ID, "type", e.Type, "err", err)
		return fact{}, false
	}
	return f, ok && f.member != "" && f.orgPath != ""
}

// apply works out the lines of facts against what the ledger holds and
// writes them with the totals.
func (s *Service) apply(ctx context.Context, tx *db.Tx, facts []fact) error {
	if len(facts) == 0 {
		return nil
	}
	w, err := loadWork(ctx, tx, facts)
	if err != nil {
		return err
	}
	now := s.clk.Now()
	for _, f := range facts {
		w.run(f, now)
	}
	return writeLines(ctx, tx, w.out, now)
}

// run reverses the open lines f corrects and awards its rule, unless the
// event was handled before.
func (w *work) run(f fact, now time.Time) {
	if f.key != "" && w.done[f.key] {
		return
	}
	if f.reverseType != "" {
		k := sourceKey{f.reverseType, f.reverseSrcID, f.member}
		for _, l := range w.open[k] {
			w.add(reversal(l, w.ids.next(now), f.reverseNote))
		}
		delete(w.open, k)
	}
	if f.key == "" {
		return
	}
	w.done[f.key] = true
	r := ruleOf(f.rule)
	p := paramsOf(w.vals[f.orgPath], f.rule)
	pts, cut := capped(p.points*f.units, p.caps, w.usage.of(f.member, f.rule), f.on)
	note := f.note
	if cut {
		note = joinNote(note, "已达上限")
	}
	l := line{ID: w.ids.next(now), Key: f.key, MemberID: f.member, OrgID: f.orgID, OrgPath: f.orgPath,
		Year: yearOf(f.on), On: f.on, Rule: f.rule, Category: r.Category, Points: pts, SourceType: f.srcType,
		SourceID: f.srcID, Title: f.title, Note: note}
	w.add(l)
	k := sourceKey{l.SourceType, l.SourceID, l.MemberID}
	w.open[k] = append(w.open[k], l)
}

// add queues l for writing and counts it against its rule's caps.
func (w *work) add(l line) {
	w.out = append(w.out, l)
	w.usage.add(l.MemberID, l.Rule, l.On, l.Points)
}

// reversal is the line that takes back l: the opposite points on the same
// rule and date, so the cap room comes back too.
func reversal(l line, id, note string) line {
	r := l
	r.ID, r.Key, r.Points, r.ReversesID, r.Note = id, "rev:"+l.ID, -l.Points, l.ID, note
	return r
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "；" + b
}

// capped limits pts (the absolute sum of the rule's points per member and
// period) by the caps of day, month and year that are set; cut reports
// that a cap took something off.
func capped(pts int, caps [3]int, used func(period int, on string) int, on string) (int, bool) {
	mag, cut := abs(pts), false
	for i, c := range caps {
		if c <= 0 {
			continue
		}
		if room := max(0, c-abs(used(i, on))); mag > room {
			mag, cut = room, true
		}
	}
	if pts < 0 {
		return -mag, cut
	}
	return mag, cut
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
