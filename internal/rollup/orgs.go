package rollup

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/settings"
)

// orgEventTypes are the org events other than org.moved; each may change
// what is counted of the org, which is re-read through the Directory.
var orgEventTypes = []string{"org.created", "org.updated", "org.dissolved",
	"org.position_started", "org.position_ended", "org.positions_replaced"}

func (s *Store) orgHandlers() map[string]handler {
	out := map[string]handler{"org.moved": s.onOrgMoved}
	for _, t := range orgEventTypes {
		out[t] = s.onOrg
	}
	return out
}

// Org kinds and statuses as the orgs capability stores them.
const (
	kindCommittee     = "committee"
	kindGeneralBranch = "general_branch"
	kindBranch        = "branch"
	orgActive         = "active"
)

// Branch rules of the 支部工作条例: at least 3 full members, a committee
// from 7, and a branch of more than 50 members should be split.
const (
	branchMinFull       = 3
	branchCommitteeFull = 7
	branchMaxMembers    = 50
)

// org is an organization as counted: a rollup_orgs row.
type org struct {
	ID, ParentID, Path, Name, Kind, UnitType, Status, EstablishedOn, DissolvedOn, TermEnd string
	TermState, SizeClass, CommitteeClass                                                  string
	Longitude, Latitude                                                                   *float64
	Depth                                                                                 int
}

// deltas are the counters o adds to (sign +1) or takes from (-1) at itself.
func (o org) deltas(sign int64) []Delta {
	if o.Status != orgActive {
		return nil
	}
	ds := []Delta{{"orgs.kind", o.Kind, sign}, {"orgs.unit_type", orNone(o.UnitType), sign}}
	for _, c := range [][2]string{{"orgs.term_state", o.TermState}, {"orgs.size", o.SizeClass}, {"orgs.committee", o.CommitteeClass}} {
		if c[1] != "" {
			ds = append(ds, Delta{c[0], c[1], sign})
		}
	}
	return ds
}

// termState is whether the org's committee term is recorded and current
// (only kinds that elect a committee have one).
func termState(kind, termEnd string, today time.Time) string {
	switch {
	case kind != kindCommittee && kind != kindGeneralBranch && kind != kindBranch:
		return ""
	case termEnd == "":
		return bucketNone
	case termEnd < today.Format(clock.DateLayout):
		return "overdue"
	}
	return "ok"
}

// onOrg re-reads the org and counts it as it is now, at the path the
// event was emitted with (a replay meets the org's later moves as events).
func (s *Store) onOrg(ctx context.Context, tx *db.Tx, e outbox.Delivered) error {
	old, seq, err := loadOrg(ctx, tx, e.SubjectID)
	found := err == nil
	switch {
	case err != nil && !db.IsNoRows(err):
		return err
	case found && seq >= e.Seq:
		return nil
	}
	ref, err := s.dir.Org(ctx, tx, e.SubjectID)
	if db.IsNoRows(err) || e.OrgPath == "" {
		slog.Warn("rollup: event of an unknown org skipped", "event", e.ID, "org", e.SubjectID)
		return nil
	} else if err != nil {
		return err
	}
	nw := orgOf(ref, e.OrgPath, clock.Today(s.clk))
	if nw.Status == orgActive {
		nw.SizeClass, nw.CommitteeClass = old.SizeClass, old.CommitteeClass // reclassify settles them
	}
	if err := s.recountOrg(ctx, tx, old, nw); err != nil {
		return err
	}
	markDirty(ctx, nw.ID)
	return saveOrgs(ctx, tx, e.Seq, nw)
}

func orgOf(r OrgRef, path string, today time.Time) org {
	up := settings.PathIDs(path)
	parent := ""
	if len(up) > 1 {
		parent = up[len(up)-2]
	}
	return org{ID: r.ID, ParentID: parent, Path: path, Name: r.Name, Kind: r.Kind, UnitType: r.UnitType,
		Status: r.Status, EstablishedOn: r.EstablishedOn, DissolvedOn: r.DissolvedOn, TermEnd: r.TermEnd,
		TermState: termState(r.Kind, r.TermEnd, today), Longitude: r.Longitude, Latitude: r.Latitude, Depth: len(up) - 1}
}

func (s *Store) recountOrg(ctx context.Context, q db.Querier, old, nw org) error {
	if err := s.add(ctx, q, old.Path, old.deltas(-1)); err != nil {
		return err
	}
	return s.add(ctx, q, nw.Path, nw.deltas(+1))
}

// reclassify settles the size and committee classes of the given orgs from
// their own member counts (only active branches have them).
func (s *Store) reclassify(ctx context.Context, tx *db.Tx, dirty map[string]bool) error {
	ids := slices.Sorted(maps.Keys(dirty))
	for chunk := range slices.Chunk(ids, 500) {
		if err := s.reclassifyChunk(ctx, tx, chunk); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) reclassifyChunk(ctx context.Context, tx *db.Tx, ids []string) error {
	orgs, err := queryOrgs(ctx, tx, "WHERE org_id IN ("+db.Placeholders(len(ids))+")"+tx.ForUpdate(), db.Strings(ids)...)
	if err != nil {
		return err
	}
	total, full, err := branchCounts(ctx, tx, ids)
	if err != nil {
		return err
	}
	for _, old := range orgs {
		nw := old
		nw.SizeClass, nw.CommitteeClass = classes(old, total[old.ID], full[old.ID])
		if nw == old {
			continue
		}
		if err := s.recountOrg(ctx, tx, old, nw); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE rollup_orgs SET size_class = ?, committee_class = ? WHERE org_id = ?",
			nw.SizeClass, nw.CommitteeClass, nw.ID); err != nil {
			return err
		}
	}
	return nil
}

// classes are an active branch's 规模 and 支委会 classes.
func classes(o org, total, full int64) (size, committee string) {
	if o.Status != orgActive || o.Kind != kindBranch {
		return "", ""
	}
	switch {
	case full < branchMinFull:
		size = "too_small"
	case total > branchMaxMembers:
		size = "too_large"
	default:
		size = "ok"
	}
	committee = "not_required"
	if full >= branchCommitteeFull {
		committee = "required"
	}
	return size, committee
}

// branchCounts reads the members and full members under each org.
func branchCounts(ctx context.Context, q db.Querier, ids []string) (total, full map[string]int64, err error) {
	rows, err := q.QueryContext(ctx, `SELECT org_id, metric, n FROM rollup_counts WHERE org_id IN (`+db.Placeholders(len(ids))+`)
		AND ((metric = 'members.total' AND bucket = 'all') OR (metric = 'members.status' AND bucket = 'full'))`, db.Strings(ids)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	total, full = map[string]int64{}, map[string]int64{}
	for rows.Next() {
		var id, metric string
		var n int64
		if err := rows.Scan(&id, &metric, &n); err != nil {
			return nil, nil, err
		}
		if metric == "members.total" {
			total[id] = n
		} else {
			full[id] = n
		}
	}
	return total, full, rows.Err()
}

// refreshTerms recounts the orgs whose term became overdue since.
func (s *Store) refreshTerms(ctx context.Context, tx *db.Tx, today time.Time) error {
	orgs, err := queryOrgs(ctx, tx, "WHERE status = 'active' AND term_end <> ''"+tx.ForUpdate())
	if err != nil {
		return err
	}
	p := newPending()
	ctx = withPending(ctx, p)
	for _, old := range orgs {
		nw := old
		nw.TermState = termState(old.Kind, old.TermEnd, today)
		if nw == old {
			continue
		}
		if err := s.recountOrg(ctx, tx, old, nw); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE rollup_orgs SET term_state = ? WHERE org_id = ?", nw.TermState, nw.ID); err != nil {
			return err
		}
	}
	return p.flush(ctx, tx)
}

const orgColumns = `org_id, parent_id, org_path, name, kind, unit_type, status, established_on, dissolved_on,
	term_end, term_state, size_class, committee_class, longitude, latitude, depth`

func (o *org) scanArgs() []any {
	return []any{&o.ID, &o.ParentID, &o.Path, &o.Name, &o.Kind, &o.UnitType, &o.Status, &o.EstablishedOn,
		&o.DissolvedOn, &o.TermEnd, &o.TermState, &o.SizeClass, &o.CommitteeClass, &o.Longitude, &o.Latitude, &o.Depth}
}

func queryOrgs(ctx context.Context, q db.Querier, where string, args ...any) ([]org, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+orgColumns+" FROM rollup_orgs "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org
	for rows.Next() {
		var o org
		if err := rows.Scan(o.scanArgs()...); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// loadOrg reads the stored org and its seq, locking the row.
func loadOrg(ctx context.Context, tx *db.Tx, id string) (o org, seq int64, err error) {
	err = tx.QueryRowContext(ctx, "SELECT "+orgColumns+", seq FROM rollup_orgs WHERE org_id = ?"+tx.ForUpdate(), id).
		Scan(append(o.scanArgs(), &seq)...)
	return o, seq, err
}

// saveOrgs writes orgs as counted up to the event seq.
func saveOrgs(ctx context.Context, q db.Querier, seq int64, list ...org) error {
	return execRows(ctx, q, "INSERT INTO rollup_orgs ("+orgColumns+", seq)",
		`ON CONFLICT (org_id) DO UPDATE SET parent_id = excluded.parent_id, org_path = excluded.org_path,
			name = excluded.name, kind = excluded.kind, unit_type = excluded.unit_type, status = excluded.status,
			established_on = excluded.established_on, dissolved_on = excluded.dissolved_on,
			term_end = excluded.term_end, term_state = excluded.term_state, size_class = excluded.size_class,
			committee_class = excluded.committee_class, longitude = excluded.longitude,
			latitude = excluded.latitude, depth = excluded.depth, seq = excluded.seq`, 17, list, func(o org) []any {
			return []any{o.ID, o.ParentID, o.Path, o.Name, o.Kind, o.UnitType, o.Status, o.EstablishedOn,
				o.DissolvedOn, o.TermEnd, o.TermState, o.SizeClass, o.CommitteeClass, o.Longitude, o.Latitude, o.Depth, seq}
		})
}
