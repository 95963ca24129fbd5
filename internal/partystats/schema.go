package partystats

import "dangjian/internal/platform/db"

// Migrations create stats_reports: each generated report with its tables
// as JSON (tables_json), exactly as they were counted. org_path is where
// the org stood when the report was made; access is checked against where
// it stands now.
var Migrations = []db.Migration{{
	ID: "partystats.0001_reports",
	SQL: `
CREATE TABLE stats_reports (
	id          TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL,
	org_path    TEXT {{collate_c}} NOT NULL,
	org_name    TEXT NOT NULL,
	as_of       TEXT NOT NULL,
	created_at  BIGINT NOT NULL,
	actor_name  TEXT NOT NULL,
	tables_json TEXT NOT NULL
);
CREATE INDEX stats_reports_org ON stats_reports (org_id, created_at);
`,
}}
