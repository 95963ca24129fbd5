package assessment

import (
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// Migrations create the assessment tables: the grade-proposal settings,
// the current confirmed grade per member and year (assessment_results),
// and every confirmation ever made (assessment_results_history).
var Migrations = []db.Migration{{
	ID: "assessment.0001_results",
	SQL: settings.Migration("assessment_settings") + `
CREATE TABLE assessment_results (
	member_id      TEXT NOT NULL,
	year           INTEGER NOT NULL,
	org_id         TEXT NOT NULL,
	grade          TEXT NOT NULL,
	proposed_grade TEXT NOT NULL,
	note           TEXT NOT NULL,
	confirmed_by   TEXT NOT NULL,
	confirmed_at   BIGINT NOT NULL,
	PRIMARY KEY (member_id, year)
);
CREATE INDEX assessment_results_org ON assessment_results (org_id, year);

CREATE TABLE assessment_results_history (
	id             TEXT PRIMARY KEY,
	member_id      TEXT NOT NULL,
	year           INTEGER NOT NULL,
	org_id         TEXT NOT NULL,
	grade          TEXT NOT NULL,
	proposed_grade TEXT NOT NULL,
	reasons        TEXT NOT NULL,
	note           TEXT NOT NULL,
	actor_id       TEXT NOT NULL,
	actor_name     TEXT NOT NULL,
	at             BIGINT NOT NULL
);
CREATE INDEX assessment_results_history_member ON assessment_results_history (member_id, year, at);
`,
}, {
	// The database itself refuses to edit or remove a past confirmation: a
	// re-confirmation is a new history row.
	ID: "assessment.0002_history_append_only",
	SQL: `
CREATE TRIGGER assessment_results_history_no_update BEFORE UPDATE ON assessment_results_history
BEGIN SELECT RAISE(ABORT, 'assessment_results_history is append-only'); END;
CREATE TRIGGER assessment_results_history_no_delete BEFORE DELETE ON assessment_results_history
BEGIN SELECT RAISE(ABORT, 'assessment_results_history is append-only'); END;
`,
	Postgres: `
CREATE FUNCTION assessment_results_history_refuse() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'assessment_results_history is append-only'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER assessment_results_history_no_change BEFORE UPDATE OR DELETE ON assessment_results_history
FOR EACH ROW EXECUTE FUNCTION assessment_results_history_refuse();
CREATE TRIGGER assessment_results_history_no_truncate BEFORE TRUNCATE ON assessment_results_history
FOR EACH STATEMENT EXECUTE FUNCTION assessment_results_history_refuse();
`,
}}
