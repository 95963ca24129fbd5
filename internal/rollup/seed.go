package rollup

import (
	"cmp"
	"context"
	"slices"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/settings"
)

// Seeding. Bulk loads (the demo city, the benchmark) write orgs and members
// without events, so a replay alone would never count them. Rebuild
// therefore first seeds the projections, spans and counters from the
// register as it stands, each projection row marked as applied up to the
// outbox's high-water sequence at that moment (the mark). The replay that
// follows then skips every member and org event at or below the mark (the
// handlers' redelivery guard: the seed already reflects them) and counts
// the activity events, which the register does not hold, from the start.
//
// Activity events at or below the mark carry the org path of their day,
// and the org moves between then and the seed are skipped like every org
// event the seed reflects, so reroot places such an event at its org's
// path as seeded (where the move would have carried it).
//
// A member registered through the services has their whole history in
// the events, so respan rebuilds their spans from the events at or below
// the mark, as a replay alone would. What the seed cannot know is the
// history of a bulk-loaded member (no member.created event) before it:
// their spans are their facts as the seed found them from joining (with
// the probation before 转正 of a member registered as full), closed when
// the membership ended; their earlier moves and changes leave no span.

// seedPage is the members read and written per seeding transaction;
// seedKeys bounds the summed counters the seed keeps in memory: it writes
// them when a page leaves more than this many (a page's counters mostly
// repeat the previous pages' orgs and buckets, so they are summed across
// pages rather than written page by page). Variables so that a test can
// seed in small pages and flushes.
var seedPage, seedKeys = 5000, 250_000

// seedMark reads the mark of the last seed (0 when never seeded).
func seedMark(ctx context.Context, q db.Querier) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, "SELECT seq FROM rollup_seed WHERE id = 1").Scan(&n)
	if db.IsNoRows(err) {
		return 0, nil
	}
	return n, err
}

func setSeedMark(ctx context.Context, q db.Querier, mark int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO rollup_seed (id, seq) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET seq = excluded.seq`, mark)
	return err
}

// subtreeSizes are the active members and full members under each org, as
// the seed counts them (an active branch's classes follow them).
type subtreeSizes map[string][2]int64

func (z subtreeSizes) add(m member) {
	if !m.Active {
		return
	}
	for _, id := range settings.PathIDs(m.OrgPath) {
		c := z[id]
		c[0]++
		if m.Status == statusFull {
			c[1]++
		}
		z[id] = c
	}
}

// seed fills the emptied store from the register, marked as applied up to
// mark: the members a page per transaction, then the orgs (whose branch
// classes follow the members counted under them) with what is left of the
// counters.
func (s *Store) seed(ctx context.Context, mark int64, today time.Time, st *RebuildStats) error {
	sizes, p := subtreeSizes{}, newPending()
	for after := ""; ; {
		page, err := s.dir.MemberPage(ctx, s.db, after, seedPage)
		if err != nil {
			return err
		}
		if len(page) > 0 {
			err = s.db.InTx(ctx, func(tx *db.Tx) error {
				if err := seedMembers(ctx, tx, page, mark, today, sizes, p); err != nil || len(p.counts) < seedKeys {
					return err
				}
				return p.flush(ctx, tx)
			})
		}
		if err != nil {
			return err
		}
		st.Members += len(page)
		if len(page) < seedPage {
			break
		}
		after = page[len(page)-1].ID
	}
	refs, err := s.dir.AllOrgs(ctx, s.db)
	if err != nil {
		return err
	}
	st.Orgs = len(refs)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := seedOrgs(ctx, tx, refs, mark, today, sizes, p); err != nil {
			return err
		}
		return p.flush(ctx, tx)
	})
}

// seedMembers writes a page of members and their spans, and adds their
// counters to p.
func seedMembers(ctx context.Context, tx *db.Tx, page []MemberFacts, mark int64, today time.Time, sizes subtreeSizes, p *pending) error {
	ms := make([]member, len(page))
	spans := make([]spanRow, 0, len(page))
	day := today.Format(clock.DateLayout)
	for i, f := range page {
		m := memberOf(f, today)
		ms[i] = m
		p.add(settings.PathIDs(m.OrgPath), m.deltas(1))
		sizes.add(m)
		spans = append(spans, seededSpans(m, f, day)...)
	}
	if err := saveMembers(ctx, tx, mark, ms...); err != nil {
		return err
	}
	return insertSpans(ctx, tx, spans...)
}

// seededSpans are a member's spans as far as the register tells (see the
// top of the file): from joining (today when unknown), the probation
// first for a member registered as full, closed on the day the membership
// ended (never before it started).
func seededSpans(m member, f MemberFacts, today string) []spanRow {
	from, to, kind, on := cmp.Or(m.JoinedOn, today), openEnd, "", ""
	if !m.Active {
		to, kind, on = max(cmp.Or(f.EndedOn, today), from), f.EndedKind, f.EndedOn
	}
	var out []spanRow
	if p, ok := probation(m, from); ok && m.FullMemberOn < to {
		out = append(out, spanRow{m.ID, from, m.FullMemberOn, p, "", ""})
		from = m.FullMemberOn
	}
	return append(out, spanRow{m.ID, from, to, m.facts, kind, on})
}

// seedOrgs writes every org, with its branch classes from sizes, and adds
// its counters to p.
func seedOrgs(ctx context.Context, tx *db.Tx, refs []OrgRef, mark int64, today time.Time, sizes subtreeSizes, p *pending) error {
	list := make([]org, len(refs))
	for i, r := range refs {
		o := orgOf(r, r.Path, today)
		o.SizeClass, o.CommitteeClass = classes(o, sizes[o.ID][0], sizes[o.ID][1])
		list[i] = o
		p.add(settings.PathIDs(o.Path), o.deltas(1))
	}
	return saveOrgs(ctx, tx, mark, list...)
}

// respan follows, in the spans of a member registered through the
// services, an event at or below the seed's mark that the seed already
// counted: member.created starts the seeded spans over from the events
// (and marks them so), and the member's later events extend them as they
// would have at the time. A bulk-loaded member keeps the seeded spans; an
// event above the mark counted before is a redelivery.
func respan(ctx context.Context, tx *db.Tx, e outbox.Delivered, p memberPayload, m member) error {
	if pend := pendingOf(ctx); pend == nil || e.Seq > pend.mark {
		return nil
	}
	if e.Type == "member.created" {
		if _, err := tx.ExecContext(ctx, "DELETE FROM rollup_member_spans WHERE member_id = ?", m.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE rollup_members SET spans_replayed = 1 WHERE member_id = ?", m.ID); err != nil {
			return err
		}
		return writeSpans(ctx, tx, m, true, effectiveOn(e, p), p.Member.EndedKind, p.Member.EndedOn)
	}
	var replayed bool
	if err := tx.QueryRowContext(ctx, "SELECT spans_replayed FROM rollup_members WHERE member_id = ?", m.ID).Scan(&replayed); err != nil || !replayed {
		return err
	}
	return writeSpans(ctx, tx, m, false, effectiveOn(e, p), p.Member.EndedKind, p.Member.EndedOn)
}

// reroot places each event of the batch at or below the seed's mark at the
// path its org was seeded at (events without a path, or at an org the seed
// did not see, keep theirs). Later events need nothing: the org moves
// after the mark are applied in order like any event.
func reroot(ctx context.Context, q db.Querier, batch []outbox.Delivered, mark int64) ([]outbox.Delivered, error) {
	if len(batch) == 0 || batch[0].Seq > mark {
		return batch, nil
	}
	var ids []string
	for _, e := range batch {
		if e.Seq <= mark && e.OrgPath != "" {
			ids = append(ids, leaf(e.OrgPath))
		}
	}
	paths, err := orgPaths(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(batch)
	for i, e := range out {
		if e.Seq <= mark && e.OrgPath != "" {
			out[i].OrgPath = cmp.Or(paths[leaf(e.OrgPath)], e.OrgPath)
		}
	}
	return out, nil
}

// leaf is the org a path "/a/b/c/" ends at ("" for none).
func leaf(path string) string {
	up := settings.PathIDs(path)
	if len(up) == 0 {
		return ""
	}
	return up[len(up)-1]
}

// orgPaths reads the stored paths of the given orgs.
func orgPaths(ctx context.Context, q db.Querier, ids []string) (map[string]string, error) {
	out := map[string]string{}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for chunk := range slices.Chunk(ids, idChunk) {
		rows, err := q.QueryContext(ctx, "SELECT org_id, org_path FROM rollup_orgs WHERE org_id IN ("+
			db.Placeholders(len(chunk))+")", db.Strings(chunk)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, path string
			if err := rows.Scan(&id, &path); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = path
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
