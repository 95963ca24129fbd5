package points

import (
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// Migrations create the points tables.
//
// points_ledger is append-only: a line is never updated or deleted; a
// corrected source is answered by a reversal line (reverses_id) with the
// opposite points on the same rule and date, which also gives the cap room
// back. dedupe_key makes each effect happen once however often an event is
// delivered: "<event id>:<rule>", "rev:<line id>" (so a line is reversed at
// most once, and "is it reversed" is a lookup of that key), "award:<award
// id>". The line's org is where the activity happened and stays so.
//
// points_member_years is the running total per member and year, written in
// the same transaction as the lines; its org follows the member (and the
// tree), so distributions read it by path. total is left out of the index
// so that adding to it can be a HOT update on PostgreSQL.
//
// The ledger has one secondary index, by member: caps, views and the lines
// a correction reverses (of one member and source) are all read by member.
var Migrations = []db.Migration{{
	ID: "points.0001_ledger",
	SQL: settings.Migration("points_settings") + `
CREATE TABLE points_ledger (
	id           TEXT PRIMARY KEY,
	dedupe_key   TEXT NOT NULL UNIQUE,
	member_id    TEXT NOT NULL,
	org_id       TEXT NOT NULL,
	org_path     TEXT {{collate_c}} NOT NULL,
	year         INTEGER NOT NULL,
	on_date      TEXT NOT NULL,
	rule         TEXT NOT NULL,
	category     TEXT NOT NULL,
	points       INTEGER NOT NULL,
	source_type  TEXT NOT NULL,
	source_id    TEXT NOT NULL,
	source_title TEXT NOT NULL,
	reverses_id  TEXT,
	note         TEXT NOT NULL DEFAULT '',
	created_at   BIGINT NOT NULL
);
CREATE INDEX points_ledger_member ON points_ledger (member_id, year, rule, on_date);

CREATE TABLE points_member_years (
	member_id TEXT NOT NULL,
	year      INTEGER NOT NULL,
	org_id    TEXT NOT NULL,
	org_path  TEXT {{collate_c}} NOT NULL,
	total     INTEGER NOT NULL,
	PRIMARY KEY (member_id, year)
);
CREATE INDEX points_member_years_scope ON points_member_years (year, org_path);

CREATE TABLE points_awards (
	id                TEXT PRIMARY KEY,
	org_id            TEXT NOT NULL,
	org_path          TEXT {{collate_c}} NOT NULL,
	member_id         TEXT NOT NULL,
	member_name       TEXT NOT NULL,
	points            INTEGER NOT NULL,
	on_date           TEXT NOT NULL,
	reason            TEXT NOT NULL,
	file_ids          TEXT NOT NULL,
	state             TEXT NOT NULL,
	requested_by      TEXT NOT NULL,
	requested_by_name TEXT NOT NULL,
	requested_at      BIGINT NOT NULL,
	decided_by        TEXT NOT NULL DEFAULT '',
	decided_by_name   TEXT NOT NULL DEFAULT '',
	decided_at        BIGINT NOT NULL DEFAULT 0,
	decision_note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX points_awards_scope ON points_awards (org_path, state);
`,
}, {
	// points_buckets is the histogram of the totals of a year over each
	// org's subtree: per bucketRanges index, the members whose total is in
	// it and the sum of those totals, kept in the transaction that changes
	// points_member_years (buckets.go), so an org's distribution is a
	// primary-key read however large its subtree.
	ID: "points.0002_buckets",
	SQL: `
CREATE TABLE points_buckets (
	org_id  TEXT NOT NULL,
	year    INTEGER NOT NULL,
	bucket  INTEGER NOT NULL,
	members BIGINT NOT NULL,
	points  BIGINT NOT NULL,
	PRIMARY KEY (org_id, year, bucket)
);
`,
}, {
	// Fills points_buckets from the totals already there: each total counts
	// at every org of its path, split off the path one ID at a time. The
	// bucket numbers are bucketRanges' as they stood when this was written.
	ID:       "points.0003_buckets_fill",
	SQL:      fillBuckets("instr(rest, '/')", "''"),
	Postgres: fillBuckets("strpos(rest, '/')", `CAST('' AS TEXT) COLLATE "C"`),
}}

// fillBuckets is the statement of points.0003_buckets_fill; slash finds
// the first slash of rest and empty is the empty string with the path
// column's type and collation. Frozen.
func fillBuckets(slash, empty string) string {
	return `
WITH RECURSIVE up (org_id, rest, year, total) AS (
	SELECT ` + empty + `, substr(org_path, 2), year, total FROM points_member_years
	UNION ALL
	SELECT substr(rest, 1, ` + slash + ` - 1), substr(rest, ` + slash + ` + 1), year, total FROM up WHERE rest <> ''
)
INSERT INTO points_buckets (org_id, year, bucket, members, points)
SELECT org_id, year, CASE WHEN total < 0 THEN 0 WHEN total = 0 THEN 1 WHEN total < 10 THEN 2 WHEN total < 20 THEN 3
	WHEN total < 30 THEN 4 WHEN total < 50 THEN 5 ELSE 6 END, COUNT(*), SUM(total)
FROM up WHERE org_id <> '' GROUP BY 1, 2, 3;
`
}
