package rollup

import (
	"context"
	"slices"
	"strings"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Figures are an org's subtree totals: metric → bucket → n.
type Figures map[string]map[string]int64

// Counts returns the figures of each org (every org asked for has an
// entry, empty when nothing is counted there), of the given metrics (all
// when none are given).
func (s *Store) Counts(ctx context.Context, orgIDs []string, metrics []string) (map[string]Figures, error) {
	out := make(map[string]Figures, len(orgIDs))
	for _, id := range orgIDs {
		out[id] = Figures{}
	}
	for chunk := range slices.Chunk(orgIDs, 500) {
		var a db.Args
		a.Add("org_id IN ("+db.Placeholders(len(chunk))+")", db.Strings(chunk)...)
		if len(metrics) > 0 {
			a.Add("metric IN ("+db.Placeholders(len(metrics))+")", db.Strings(metrics)...)
		}
		a.Add("n <> 0")
		if err := scanCounts(ctx, s.db, "SELECT org_id, metric, bucket, n FROM rollup_counts"+a.Where(), a.Values(), out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func scanCounts(ctx context.Context, q db.Querier, query string, args []any, out map[string]Figures) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var org, metric, bucket string
		var n int64
		if err := rows.Scan(&org, &metric, &bucket, &n); err != nil {
			return err
		}
		if out[org][metric] == nil {
			out[org][metric] = map[string]int64{}
		}
		out[org][metric][bucket] = n
	}
	return rows.Err()
}

// MemberRow is an active member as the lists behind member figures show it.
type MemberRow struct {
	ID, Name, OrgID, OrgPath, Gender, Ethnicity, BirthDate, Education, Category, Status, FullMemberOn string
	AgeBand, PartyAgeBand                                                                             string
}

// memberBuckets maps each member metric to the projection column holding
// its bucket ("" for members.total); rawColumns store "" where the bucket
// says none; a monthColumns date's bucket is its month.
var (
	memberBuckets = map[string]string{"members.total": "", "members.status": "status", "members.gender": "gender",
		"members.ethnicity": "ethnicity", "members.education": "education", "members.category": "category",
		"members.age_band": "age_band", "members.party_age_band": "party_age_band", "members.joined": "joined_on"}
	orgBuckets = map[string]string{"orgs.kind": "kind", "orgs.unit_type": "unit_type", "orgs.term_state": "term_state",
		"orgs.size": "size_class", "orgs.committee": "committee_class"}
	rawColumns = map[string]bool{"status": true, "gender": true, "ethnicity": true, "education": true,
		"category": true, "unit_type": true, "joined_on": true}
	monthColumns = map[string]bool{"joined_on": true}
)

// bucketFilter adds "column = bucket" (for a month, the dates in it) for
// metric to a, or fails for a metric the table does not have.
func bucketFilter(a *db.Args, columns map[string]string, metric, bucket string) error {
	col, ok := columns[metric]
	if !ok {
		return invalidField("metric", "不支持的统计指标")
	}
	if col == "" {
		return nil
	}
	if bucket == bucketNone && rawColumns[col] {
		bucket = ""
	}
	if monthColumns[col] && bucket != "" {
		month, err := time.Parse("2006-01", bucket)
		if err != nil {
			return invalidField("bucket", "月份格式应为 YYYY-MM")
		}
		a.Add(col+" >= ? AND "+col+" < ?", month.Format(clock.DateLayout), month.AddDate(0, 1, 0).Format(clock.DateLayout))
		return nil
	}
	a.Add(col+" = ?", bucket)
	return nil
}

func invalidField(field, msg string) error {
	var fe httpx.Fields
	fe.Add(field, "invalid", msg)
	return fe.Err()
}

// inSubtree limits a query to org paths under path.
func inSubtree(a *db.Args, path string) {
	a.Add("org_path >= ? AND org_path < ?", path, db.PrefixEnd(path))
}

// afterNameID continues a list ordered by name then id after the cursor
// "name\x00id" ("" for the first page).
func afterNameID(a *db.Args, idColumn, after string) {
	name, id, ok := strings.Cut(after, "\x00")
	if ok {
		a.Add("(name > ? OR (name = ? AND "+idColumn+" > ?))", name, name, id)
	}
}

// Members lists the active members under path counted in metric's bucket,
// by name then ID, after the cursor "name\x00id" of the last one shown.
func (s *Store) Members(ctx context.Context, path, metric, bucket, after string, limit int) ([]MemberRow, error) {
	var a db.Args
	a.Add("active = 1")
	inSubtree(&a, path)
	if err := bucketFilter(&a, memberBuckets, metric, bucket); err != nil {
		return nil, err
	}
	afterNameID(&a, "member_id", after)
	rows, err := s.db.QueryContext(ctx, `SELECT member_id, name, org_id, org_path, gender, ethnicity, birth_date,
		education, category, status, full_member_on, age_band, party_age_band FROM rollup_members`+a.Where()+
		" ORDER BY name, member_id LIMIT ?", append(a.Values(), limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MemberRow
	for rows.Next() {
		var m MemberRow
		if err := rows.Scan(&m.ID, &m.Name, &m.OrgID, &m.OrgPath, &m.Gender, &m.Ethnicity, &m.BirthDate,
			&m.Education, &m.Category, &m.Status, &m.FullMemberOn, &m.AgeBand, &m.PartyAgeBand); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// OrgRow is an organization as the lists behind org figures show it.
type OrgRow struct {
	ID, ParentID, Path, Name, Kind, UnitType, Status, TermEnd, TermState string
	Longitude, Latitude                                                  *float64
}

func (o org) row() OrgRow {
	return OrgRow{ID: o.ID, ParentID: o.ParentID, Path: o.Path, Name: o.Name, Kind: o.Kind, UnitType: o.UnitType,
		Status: o.Status, TermEnd: o.TermEnd, TermState: o.TermState, Longitude: o.Longitude, Latitude: o.Latitude}
}

func rowsOfOrgs(orgs []org) []OrgRow {
	out := make([]OrgRow, len(orgs))
	for i, o := range orgs {
		out[i] = o.row()
	}
	return out
}

// Orgs lists the active orgs under path (itself included) counted in
// metric's bucket, by name then ID, after the cursor "name\x00id".
func (s *Store) Orgs(ctx context.Context, path, metric, bucket, after string, limit int) ([]OrgRow, error) {
	var a db.Args
	a.Add("status = ?", orgActive)
	inSubtree(&a, path)
	if err := bucketFilter(&a, orgBuckets, metric, bucket); err != nil {
		return nil, err
	}
	afterNameID(&a, "org_id", after)
	orgs, err := queryOrgs(ctx, s.db, a.Where()+" ORDER BY name, org_id LIMIT ?", append(a.Values(), limit)...)
	return rowsOfOrgs(orgs), err
}

// Located lists the active orgs under path that have coordinates (the map),
// by path.
func (s *Store) Located(ctx context.Context, path string, limit int) ([]OrgRow, error) {
	var a db.Args
	a.Add("status = ?", orgActive)
	inSubtree(&a, path)
	a.Add("longitude IS NOT NULL AND latitude IS NOT NULL")
	orgs, err := queryOrgs(ctx, s.db, a.Where()+" ORDER BY org_path LIMIT ?", append(a.Values(), limit)...)
	return rowsOfOrgs(orgs), err
}

// OrgsAsOf calls fn for each org under path that existed on date
// (established by then, not dissolved by then), in the tree as it is now.
func (s *Store) OrgsAsOf(ctx context.Context, path, date string, fn func(OrgRow) error) error {
	for after := ""; ; {
		var a db.Args
		inSubtree(&a, path)
		a.Add("(established_on = '' OR established_on <= ?)", date)
		a.Add("(status = ? OR dissolved_on > ?)", orgActive, date)
		a.Add("org_path > ?", after)
		orgs, err := queryOrgs(ctx, s.db, a.Where()+" ORDER BY org_path LIMIT ?", append(a.Values(), spanPage)...)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if err := fn(o.row()); err != nil {
				return err
			}
		}
		if len(orgs) < spanPage {
			return nil
		}
		after = orgs[len(orgs)-1].Path
	}
}
