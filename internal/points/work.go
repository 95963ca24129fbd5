package points

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/settings"
)

// line is one ledger line.
type line struct {
	ID, Key, MemberID, OrgID, OrgPath string
	Year                              int
	On, Rule, Category                string
	Points                            int
	SourceType, SourceID, Title       string
	ReversesID, Note                  string
}

// sourceKey names the lines of one member from one source (a meeting, a
// dues payment entry).
type sourceKey struct{ typ, id, member string }

// work is what a run of facts needs from the ledger, loaded with a few
// queries, and the lines it makes.
type work struct {
	done  map[string]bool            // dedupe keys already in the ledger (or made in this run)
	vals  map[string]settings.Values // settings by org path
	open  map[sourceKey][]line       // unreversed lines of the sources being corrected
	usage usage
	ids   lineIDs
	out   []line
}

// chunk bounds the values of one IN list or multi-row statement.
const chunk = 500

func loadWork(ctx context.Context, tx *db.Tx, facts []fact) (*work, error) {
	w := &work{done: map[string]bool{}, open: map[sourceKey][]line{}, usage: usage{}}
	var keys []string
	for _, f := range facts {
		if f.key != "" {
			keys = append(keys, f.key)
		}
	}
	if err := inChunks(keys, func(part []string) error { return loadDone(ctx, tx, part, w.done) }); err != nil {
		return nil, err
	}
	live := slices.DeleteFunc(slices.Clone(facts), func(f fact) bool { return f.key != "" && w.done[f.key] })
	if err := w.loadOpen(ctx, tx, live); err != nil {
		return nil, err
	}
	var err error
	if w.vals, err = settingsCatalog.ResolveAll(ctx, tx, factPaths(live)); err != nil {
		return nil, err
	}
	return w, w.loadUsage(ctx, tx, live)
}

func factPaths(facts []fact) []string {
	seen := map[string]bool{}
	for _, f := range facts {
		seen[f.orgPath] = true
	}
	return slices.Collect(maps.Keys(seen))
}

// inChunks calls fn on list in parts of at most chunk values.
func inChunks(list []string, fn func([]string) error) error {
	for len(list) > 0 {
		n := min(len(list), chunk)
		if err := fn(list[:n]); err != nil {
			return err
		}
		list = list[n:]
	}
	return nil
}

func loadDone(ctx context.Context, tx *db.Tx, keys []string, done map[string]bool) error {
	found, err := db.StringColumn(ctx, tx, "SELECT dedupe_key FROM points_ledger WHERE dedupe_key IN ("+
		db.Placeholders(len(keys))+")", db.Strings(keys)...)
	for _, k := range found {
		done[k] = true
	}
	return err
}

// lineColumns are the columns of a line, in scanLine's order.
const lineColumns = `l.id, l.dedupe_key, l.member_id, l.org_id, l.org_path, l.year, l.on_date, l.rule, l.category,
	l.points, l.source_type, l.source_id, l.source_title, COALESCE(l.reverses_id, ''), l.note`

func scanLine(sc interface{ Scan(...any) error }) (line, error) {
	var l line
	err := sc.Scan(&l.ID, &l.Key, &l.MemberID, &l.OrgID, &l.OrgPath, &l.Year, &l.On, &l.Rule, &l.Category,
		&l.Points, &l.SourceType, &l.SourceID, &l.Title, &l.ReversesID, &l.Note)
	return l, err
}

// loadOpen reads the lines not yet reversed of the sources the facts
// correct, by member (the ledger's index). A reversal line keeps its
// source, so the sources' lines tell which of them are reversed.
func (w *work) loadOpen(ctx context.Context, tx *db.Tx, facts []fact) error {
	members, srcIDs := map[string]bool{}, map[string]bool{}
	for _, f := range facts {
		if f.reverseType != "" {
			members[f.member], srcIDs[f.reverseSrcID] = true, true
		}
	}
	var lines []line
	reversed := map[string]bool{}
	srcArgs := db.Strings(slices.Collect(maps.Keys(srcIDs)))
	err := inChunks(slices.Collect(maps.Keys(members)), func(part []string) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+lineColumns+" FROM points_ledger l WHERE l.member_id IN ("+
			db.Placeholders(len(part))+") AND l.source_id IN ("+db.Placeholders(len(srcArgs))+")",
			append(db.Strings(part), srcArgs...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			l, err := scanLine(rows)
			if err != nil {
				return err
			}
			lines, reversed[l.ReversesID] = append(lines, l), true
		}
		return rows.Err()
	})
	for _, l := range lines {
		if l.ReversesID == "" && !reversed[l.ID] {
			k := sourceKey{l.SourceType, l.SourceID, l.MemberID}
			w.open[k] = append(w.open[k], l)
		}
	}
	return err
}

// lineIDs hands out the IDs of a run's lines: the first 18 characters of
// one random ID (its time and 40 random bits) and a counter, so that the
// lines of a run sort in the order they were made (newest first in views).
type lineIDs struct {
	base string
	n    int
}

func (g *lineIDs) next(now time.Time) string {
	if g.base == "" {
		g.base = ids.At(now)[:18]
	}
	g.n++
	return g.base + fmt.Sprintf("%08d", g.n)
}

// yearOf is the year of a date "2026-05-03".
func yearOf(on string) int {
	y, _ := strconv.Atoi(on[:4])
	return y
}
