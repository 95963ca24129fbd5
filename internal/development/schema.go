package development

import (
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// Migrations create the development tables.
//
// dev_files is one applicant's file with its current position (stage,
// last_step) and the earliest running time limit (next_due, ” when none);
// personal data is sealed, blind-indexed and masked as in the member
// register. An ID number may have one file in progress at a time (the
// partial unique index). dev_files_due serves the pipeline's overdue counts
// of a subtree from the index alone (only files with a running limit are in
// it); dev_files_due_order lets the overdue list of a large subtree read the
// longest overdue first and stop at a page.
//
// dev_steps are the recorded steps, append-only apart from the superseded
// flag an extension of probation sets on the 转正 application and vote.
//
// dev_stage_counts holds, for every organization, how many files in
// progress of its whole subtree are at each stage (a file adds to its
// branch and every ancestor), written in the same transaction as every
// stage change; the pipeline reads it instead of counting files.
// dev_admitted is the same for admissions approved per year (plans).
var Migrations = []db.Migration{{
	ID: "development.0001_files",
	SQL: settings.Migration("dev_settings") + `
CREATE TABLE dev_files (
	id               TEXT PRIMARY KEY,
	org_id           TEXT NOT NULL,
	org_path         TEXT {{collate_c}} NOT NULL,
	name             TEXT NOT NULL,
	gender           TEXT NOT NULL,
	ethnicity        TEXT NOT NULL,
	birth_date       TEXT NOT NULL,
	id_sealed        TEXT NOT NULL,
	id_index         TEXT NOT NULL,
	id_masked        TEXT NOT NULL,
	phone_sealed     TEXT NOT NULL,
	phone_masked     TEXT NOT NULL,
	education        TEXT NOT NULL,
	category         TEXT NOT NULL,
	applied_on       TEXT NOT NULL,
	stage            INTEGER NOT NULL,
	last_step        INTEGER NOT NULL,
	next_due         TEXT NOT NULL DEFAULT '',
	next_due_what    TEXT NOT NULL DEFAULT '',
	due_step         INTEGER NOT NULL DEFAULT 0,
	state            TEXT NOT NULL,
	member_id        TEXT NOT NULL DEFAULT '',
	joined_on        TEXT NOT NULL DEFAULT '',
	probation_end    TEXT NOT NULL DEFAULT '',
	extension_months INTEGER NOT NULL DEFAULT 0,
	extension_reason TEXT NOT NULL DEFAULT '',
	stopped_on       TEXT NOT NULL DEFAULT '',
	stop_reason      TEXT NOT NULL DEFAULT '',
	version          INTEGER NOT NULL,
	created_at       BIGINT NOT NULL,
	updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX dev_files_id_number ON dev_files (id_index) WHERE state IN ('active', 'admitted');
CREATE INDEX dev_files_scope ON dev_files (org_path, id);
CREATE INDEX dev_files_due ON dev_files (org_path, next_due, stage, id) WHERE next_due <> '';
CREATE INDEX dev_files_due_order ON dev_files (next_due, id, org_path) WHERE next_due <> '';

CREATE TABLE dev_steps (
	id              TEXT PRIMARY KEY,
	file_id         TEXT NOT NULL REFERENCES dev_files (id),
	seq             INTEGER NOT NULL,
	step_no         INTEGER NOT NULL,
	on_date         TEXT NOT NULL,
	people          TEXT NOT NULL DEFAULT '[]',
	hours           INTEGER NOT NULL DEFAULT 0,
	days            INTEGER NOT NULL DEFAULT 0,
	file_ids        TEXT NOT NULL DEFAULT '[]',
	note            TEXT NOT NULL DEFAULT '',
	publicity_start TEXT NOT NULL DEFAULT '',
	publicity_end   TEXT NOT NULL DEFAULT '',
	extended        INTEGER NOT NULL DEFAULT 0,
	vote            TEXT NOT NULL DEFAULT '',
	failed          INTEGER NOT NULL DEFAULT 0,
	superseded      INTEGER NOT NULL DEFAULT 0,
	actor_name      TEXT NOT NULL,
	at              BIGINT NOT NULL,
	UNIQUE (file_id, seq)
);

CREATE TABLE dev_stage_counts (
	org_id TEXT NOT NULL,
	stage  INTEGER NOT NULL,
	n      BIGINT NOT NULL,
	PRIMARY KEY (org_id, stage)
);

CREATE TABLE dev_admitted (
	org_id TEXT NOT NULL,
	year   INTEGER NOT NULL,
	n      BIGINT NOT NULL,
	PRIMARY KEY (org_id, year)
);

CREATE TABLE dev_plans (
	org_id TEXT NOT NULL,
	year   INTEGER NOT NULL,
	quota  INTEGER NOT NULL,
	note   TEXT NOT NULL DEFAULT '',
	set_by TEXT NOT NULL,
	at     BIGINT NOT NULL,
	PRIMARY KEY (org_id, year)
);
`,
}, {
	// The pipeline's overdue count per stage at a large subtree reads only
	// the overdue index entries when stage is in the index too: 38–128 ms
	// of sequential scan → 2–17 ms over 50,000 files (docs/benchmarks.md).
	ID: "development.0002_due_stage",
	SQL: `DROP INDEX dev_files_due_order;
CREATE INDEX dev_files_due_order ON dev_files (next_due, id, org_path, stage) WHERE next_due <> '';`,
}}
