package archive

import "dangjian/internal/platform/db"

// Migrations create archive_entries: one row per thing the outbox told
// about a member, keyed by (member, source, ref) so a redelivered event
// lands on its own row again. source is meeting (ref: the meeting, so a
// correction replaces the member's line), dues (ref: the payment entry; a
// reversal sets undone_on), arrears (ref: since month and level, as dues
// keeps its warnings), appraisal (ref: the round), assessment (ref: the
// year) or commendation (ref: round and kind). year is the year the row
// counts for in the year figures, on_date the date shown on the timeline.
// version is the delivery sequence of the event the row was last written
// from: a row only ever takes a later event, so replays and events arriving
// out of order leave it as the latest event made it.
var Migrations = []db.Migration{{
	ID: "archive.0001_entries",
	SQL: `
CREATE TABLE archive_entries (
	member_id  TEXT NOT NULL,
	source     TEXT NOT NULL,
	ref        TEXT NOT NULL,
	year       INTEGER NOT NULL,
	on_date    TEXT NOT NULL,
	code       TEXT NOT NULL DEFAULT '',
	label      TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL DEFAULT '',
	month      TEXT NOT NULL DEFAULT '',
	amount_fen BIGINT NOT NULL DEFAULT 0,
	months     INTEGER NOT NULL DEFAULT 0,
	on_time    INTEGER NOT NULL DEFAULT 0,
	note       TEXT NOT NULL DEFAULT '',
	undone_on  TEXT NOT NULL DEFAULT '',
	version    BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (member_id, source, ref)
);
CREATE INDEX archive_entries_year ON archive_entries (member_id, year);
`,
}}
