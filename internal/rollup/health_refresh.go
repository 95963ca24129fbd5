package rollup

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// branchRow is an active branch as rollup_orgs has it.
type branchRow struct {
	ID, Path, Name string
	facts          branchFacts
}

// counted is where and how a branch was last counted: its health.color
// bucket and its risk reasons' codes (health.risk).
type counted struct {
	path, color string
	risks       []string
}

// deltas are the counters the branch adds to (sign +1) or takes from (-1):
// its color, and when at risk health.risk "all" and each reason's bucket.
func (c counted) deltas(sign int64) []Delta {
	if c.color == "" {
		return nil
	}
	ds := []Delta{{"health.color", c.color, sign}}
	if len(c.risks) > 0 {
		ds = append(ds, Delta{"health.risk", riskAll, sign})
	}
	for _, code := range c.risks {
		ds = append(ds, Delta{"health.risk", code, sign})
	}
	return ds
}

func (c counted) equal(o counted) bool {
	return c.path == o.path && c.color == o.color && slices.Equal(c.risks, o.risks)
}

func countedOf(path string, h health) counted {
	c := counted{path: path, color: h.Color}
	for _, r := range h.Reasons {
		c.risks = append(c.risks, r.Code)
	}
	return c
}

// idChunk bounds the org IDs of one IN list.
const idChunk = 500

// refreshHealthUnder re-judges every active branch at or under path as of
// today, keeps the health.color and health.risk counters in step (a branch
// that is no longer an active branch leaves them) and stores the results.
func (s *Store) refreshHealthUnder(ctx context.Context, tx *db.Tx, path string) error {
	if err := s.flush(ctx, tx); err != nil { // read the counters as the batch left them
		return err
	}
	today := clock.Today(s.clk)
	branches, err := activeBranches(ctx, tx, path)
	if err != nil {
		return err
	}
	if err := gatherFacts(ctx, tx, path, branches, today); err != nil {
		return err
	}
	old, err := storedCounts(ctx, tx, path)
	if err != nil {
		return err
	}
	paths := make([]string, len(branches))
	for i, b := range branches {
		paths[i] = b.Path
	}
	vals, err := healthCatalog.ResolveAll(ctx, tx, paths)
	if err != nil {
		return err
	}
	p := newPending()
	ctx = withPending(ctx, p)
	records := make([]branchRecord, len(branches))
	for i, b := range branches {
		h := judge(b.facts, rulesOf(vals[b.Path]), today)
		records[i] = branchRecord{branchRow: b, health: h}
		if was, is := old[b.ID], countedOf(b.Path, h); !was.equal(is) {
			if err := recountBranch(ctx, tx, was, is); err != nil {
				return err
			}
		}
		delete(old, b.ID)
	}
	for id, was := range old { // no longer an active branch
		if err := recountBranch(ctx, tx, was, counted{}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM rollup_branches WHERE org_id = ?", id); err != nil {
			return err
		}
	}
	if err := saveBranches(ctx, tx, records, today.Format(clock.DateLayout)); err != nil {
		return err
	}
	return p.flush(ctx, tx)
}

// recountBranch moves a branch's health counts from was to is (either may be
// the zero value: not counted).
func recountBranch(ctx context.Context, q db.Querier, was, is counted) error {
	if err := addAt(ctx, q, settings.PathIDs(was.path), was.deltas(-1)); err != nil {
		return err
	}
	return addAt(ctx, q, settings.PathIDs(is.path), is.deltas(1))
}

func activeBranches(ctx context.Context, q db.Querier, path string) ([]branchRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT org_id, org_path, name, term_end, established_on FROM rollup_orgs
		WHERE kind = ? AND status = ? AND org_path >= ? AND org_path < ? ORDER BY org_path`,
		kindBranch, orgActive, path, db.PrefixEnd(path))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []branchRow
	for rows.Next() {
		var b branchRow
		if err := rows.Scan(&b.ID, &b.Path, &b.Name, &b.facts.TermEnd, &b.facts.EstablishedOn); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// storedCounts reads how each stored branch at or under path is counted.
func storedCounts(ctx context.Context, q db.Querier, path string) (map[string]counted, error) {
	rows, err := q.QueryContext(ctx, `SELECT org_id, org_path, color, reasons FROM rollup_branches
		WHERE org_path >= ? AND org_path < ?`, path, db.PrefixEnd(path))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]counted{}
	for rows.Next() {
		var id, at, reasons string
		var h health
		if err := rows.Scan(&id, &at, &h.Color, &reasons); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(reasons), &h.Reasons); err != nil {
			return nil, err
		}
		out[id] = countedOf(at, h)
	}
	return out, rows.Err()
}

// gatherFacts fills in each branch's facts: its counters and latest days
// (a branch's own rows hold its subtree's), then its recent meetings.
func gatherFacts(ctx context.Context, q db.Querier, path string, branches []branchRow, today time.Time) error {
	byID := make(map[string]*branchFacts, len(branches))
	ids := make([]string, len(branches))
	for i := range branches {
		ids[i], byID[branches[i].ID] = branches[i].ID, &branches[i].facts
	}
	for start := 0; start < len(ids); start += idChunk {
		part := ids[start:min(start+idChunk, len(ids))]
		if err := readBranchCounts(ctx, q, part, lastMonth(today), byID); err != nil {
			return err
		}
		if err := readLatest(ctx, q, part, byID); err != nil {
			return err
		}
	}
	return readMeetings(ctx, q, path, today, byID)
}

func readBranchCounts(ctx context.Context, q db.Querier, ids []string, month string, byID map[string]*branchFacts) error {
	args := append(db.Strings(ids), month)
	rows, err := q.QueryContext(ctx, `SELECT org_id, metric, n FROM rollup_counts WHERE org_id IN (`+db.Placeholders(len(ids))+`)
		AND ((metric = 'members.total' AND bucket = 'all') OR (metric = 'members.status' AND bucket = 'full')
		OR (metric = 'dues.paid_members' AND bucket = ?))`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, metric string
		var n int64
		if err := rows.Scan(&id, &metric, &n); err != nil {
			return err
		}
		f := byID[id]
		switch metric {
		case "members.total":
			f.Members = n
		case "members.status":
			f.FullMembers = n
		default:
			f.PaidLastMonth = n
		}
	}
	return rows.Err()
}

func readLatest(ctx context.Context, q db.Querier, ids []string, byID map[string]*branchFacts) error {
	rows, err := q.QueryContext(ctx, "SELECT org_id, last_on, last_meeting_on FROM rollup_activity WHERE org_id IN ("+
		db.Placeholders(len(ids))+")", db.Strings(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, last, meeting string
		if err := rows.Scan(&id, &last, &meeting); err != nil {
			return err
		}
		byID[id].LastActivityOn, byID[id].LastMeetingOn = last, meeting
	}
	return rows.Err()
}

// readMeetings sums, per org path under path, the meetings within the
// recent window and in the previous quarter, and adds each to the branch
// it was held at or under.
func readMeetings(ctx context.Context, q db.Querier, path string, today time.Time, byID map[string]*branchFacts) error {
	qt, from, to := previousQuarter(today), windowStart(today), today.Format(clock.DateLayout)
	rows, err := q.QueryContext(ctx, `SELECT org_path,
		SUM(CASE WHEN held_on >= ? THEN 1 ELSE 0 END), SUM(CASE WHEN held_on >= ? THEN present ELSE 0 END),
		SUM(CASE WHEN held_on >= ? THEN leave ELSE 0 END), SUM(CASE WHEN held_on >= ? THEN absent ELSE 0 END),
		SUM(CASE WHEN held_on >= ? AND held_on <= ? THEN 1 ELSE 0 END)
		FROM rollup_meetings WHERE held_on >= ? AND held_on <= ? AND org_path >= ? AND org_path < ?
		GROUP BY org_path`, from, from, from, from, qt.first, qt.last, min(from, qt.first), to, path, db.PrefixEnd(path))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var at string
		var n, present, leave, absent, quarter int64
		if err := rows.Scan(&at, &n, &present, &leave, &absent, &quarter); err != nil {
			return err
		}
		f := branchOf(at, byID)
		if f == nil {
			continue // held above any branch
		}
		f.RecentMeetings += n
		f.Present, f.Leave, f.Absent = f.Present+present, f.Leave+leave, f.Absent+absent
		f.QuarterMeetings += quarter
	}
	return rows.Err()
}

// branchOf is the facts of the nearest branch at or above path, nil when
// there is none.
func branchOf(path string, byID map[string]*branchFacts) *branchFacts {
	ids := settings.PathIDs(path)
	for i := len(ids) - 1; i >= 0; i-- {
		if f := byID[ids[i]]; f != nil {
			return f
		}
	}
	return nil
}

// branchRecord is a rollup_branches row to write.
type branchRecord struct {
	branchRow
	health
}

// branchColumns are rollup_branches' columns in the order saveBranches
// writes them.
const branchColumns = 13

func saveBranches(ctx context.Context, q db.Querier, records []branchRecord, asOf string) error {
	for start := 0; start < len(records); start += idChunk {
		part := records[start:min(start+idChunk, len(records))]
		args := make([]any, 0, branchColumns*len(part))
		for _, r := range part {
			comps, err := json.Marshal(r.Components)
			if err != nil {
				return err
			}
			reasons, err := json.Marshal(append([]Reason{}, r.Reasons...))
			if err != nil {
				return err
			}
			args = append(args, r.ID, r.Path, r.Name, r.facts.Members, r.facts.FullMembers, r.facts.LastActivityOn,
				r.facts.LastMeetingOn, r.Score, r.Color, string(comps), string(reasons), boolN(len(r.Reasons) > 0), asOf)
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO rollup_branches (org_id, org_path, name, members, full_members,
			last_activity_on, last_meeting_on, score, color, components, reasons, at_risk, as_of)
			VALUES `+db.Rows(len(part), branchColumns)+` ON CONFLICT (org_id) DO UPDATE SET org_path = excluded.org_path,
			name = excluded.name, members = excluded.members, full_members = excluded.full_members,
			last_activity_on = excluded.last_activity_on, last_meeting_on = excluded.last_meeting_on,
			score = excluded.score, color = excluded.color, components = excluded.components,
			reasons = excluded.reasons, at_risk = excluded.at_risk, as_of = excluded.as_of`, args...); err != nil {
			return err
		}
	}
	return nil
}
