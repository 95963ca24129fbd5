package orgs

import "dangjian/internal/platform/db"

// Migrations create the organization tree, its history and positions.
// Append-only: a change to the schema is a new step.
var Migrations = []db.Migration{{
	ID: "orgs.0001_tree",
	SQL: `
CREATE TABLE orgs (
	id              TEXT PRIMARY KEY,
	parent_id       TEXT REFERENCES orgs (id),
	path            TEXT {{collate_c}} NOT NULL UNIQUE,
	depth           INTEGER NOT NULL,
	name            TEXT NOT NULL,
	code            TEXT UNIQUE,
	kind            TEXT NOT NULL,
	unit_type       TEXT NOT NULL DEFAULT '',
	joint           INTEGER NOT NULL DEFAULT 0,
	temporary       INTEGER NOT NULL DEFAULT 0,
	end_date        TEXT NOT NULL DEFAULT '',
	term_start      TEXT NOT NULL DEFAULT '',
	term_end        TEXT NOT NULL DEFAULT '',
	established_on  TEXT NOT NULL DEFAULT '',
	address         TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL DEFAULT 'active',
	dissolved_on    TEXT NOT NULL DEFAULT '',
	dissolve_reason TEXT NOT NULL DEFAULT '',
	child_count     INTEGER NOT NULL DEFAULT 0,
	created_at      BIGINT NOT NULL,
	updated_at      BIGINT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX orgs_children ON orgs (parent_id, status, name, id);
CREATE INDEX orgs_level ON orgs (depth, path);

CREATE TABLE org_events (
	id         TEXT PRIMARY KEY,
	org_id     TEXT NOT NULL REFERENCES orgs (id),
	kind       TEXT NOT NULL,
	at         BIGINT NOT NULL,
	actor_name TEXT NOT NULL,
	detail     TEXT NOT NULL
);
CREATE INDEX org_events_org ON org_events (org_id, at);

CREATE TABLE positions (
	id          TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL REFERENCES orgs (id),
	member_id   TEXT NOT NULL,
	member_name TEXT NOT NULL,
	title       TEXT NOT NULL,
	start_on    TEXT NOT NULL,
	end_on      TEXT NOT NULL DEFAULT '',
	created_at  BIGINT NOT NULL
);
CREATE INDEX positions_org ON positions (org_id, end_on, title);
CREATE INDEX positions_member ON positions (member_id);
`,
}, {
	// Finding an org by name inside a subtree (the 所在组织 import column).
	ID:  "orgs.0002_by_name",
	SQL: `CREATE INDEX orgs_by_name ON orgs (name, path);`,
}, {
	// The upper organization's list of terms run out (到期未换届), earliest
	// first, inside its subtree.
	ID:  "orgs.0003_term_end",
	SQL: `CREATE INDEX orgs_term_end ON orgs (status, term_end, path, id);`,
}, {
	// Where the org is, for the big screen's map: both or neither (the
	// service checks). One column per statement: SQLite adds one at a time.
	ID: "orgs.0004_location",
	SQL: `
ALTER TABLE orgs ADD COLUMN longitude DOUBLE PRECISION;
ALTER TABLE orgs ADD COLUMN latitude DOUBLE PRECISION;
`,
}}
