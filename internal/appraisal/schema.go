package appraisal

import "dangjian/internal/platform/db"

// Migrations create the rounds, their participants, peer comments, the
// anonymous rating, handling records and history. Append-only: a change to
// the schema is a new step.
//
// Anonymity lives in the shape of two tables: appraisal_tallies holds one
// counter per (round, ratee, grade), created with the round, with no rater,
// time or sequence column; appraisal_raters records who has rated, with no
// grade and no time. Neither grows by a row per ballot.
//
// A round keeps its org's ID only: the org's path is asked of the directory
// on each request, so a branch moved in the tree is scoped by where it is.
var Migrations = []db.Migration{{
	ID: "appraisal.0001_rounds",
	SQL: `
CREATE TABLE appraisals (
	id               TEXT PRIMARY KEY,
	org_id           TEXT NOT NULL,
	year             INTEGER NOT NULL,
	stage            TEXT NOT NULL,
	excellent_cap    TEXT NOT NULL DEFAULT '',
	meeting_id       TEXT NOT NULL DEFAULT '',
	meeting_topic    TEXT NOT NULL DEFAULT '',
	meeting_at       BIGINT NOT NULL DEFAULT 0,
	opened_at        BIGINT NOT NULL,
	opened_by_name   TEXT NOT NULL,
	rating_closed_at BIGINT NOT NULL DEFAULT 0,
	proposed_at      BIGINT NOT NULL DEFAULT 0,
	confirmed_at     BIGINT NOT NULL DEFAULT 0,
	updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX appraisals_org_year ON appraisals (org_id, year);

CREATE TABLE appraisal_participants (
	appraisal_id    TEXT NOT NULL REFERENCES appraisals (id),
	member_id       TEXT NOT NULL,
	name            TEXT NOT NULL,
	status          TEXT NOT NULL,
	position        INTEGER NOT NULL,
	self_text       TEXT NOT NULL DEFAULT '',
	self_updated_at BIGINT NOT NULL DEFAULT 0,
	proposed_grade  TEXT NOT NULL DEFAULT '',
	final_grade     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (appraisal_id, member_id)
);
CREATE INDEX appraisal_participants_member ON appraisal_participants (member_id);

CREATE TABLE appraisal_peer_reviews (
	appraisal_id TEXT NOT NULL REFERENCES appraisals (id),
	author_id    TEXT NOT NULL,
	subject_id   TEXT NOT NULL,
	author_name  TEXT NOT NULL,
	comment      TEXT NOT NULL,
	updated_at   BIGINT NOT NULL,
	PRIMARY KEY (appraisal_id, author_id, subject_id)
);

CREATE TABLE appraisal_tallies (
	appraisal_id TEXT NOT NULL REFERENCES appraisals (id),
	member_id    TEXT NOT NULL,
	grade        TEXT NOT NULL,
	votes        INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (appraisal_id, member_id, grade)
);

CREATE TABLE appraisal_raters (
	appraisal_id TEXT NOT NULL REFERENCES appraisals (id),
	member_id    TEXT NOT NULL,
	PRIMARY KEY (appraisal_id, member_id)
);

CREATE TABLE appraisal_handlings (
	id           TEXT PRIMARY KEY,
	appraisal_id TEXT NOT NULL REFERENCES appraisals (id),
	member_id    TEXT NOT NULL,
	measure      TEXT NOT NULL DEFAULT '',
	deadline     TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	state        TEXT NOT NULL,
	outcome      TEXT NOT NULL DEFAULT '',
	opened_at    BIGINT NOT NULL,
	decided_at   BIGINT NOT NULL DEFAULT 0,
	closed_at    BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX appraisal_handlings_member ON appraisal_handlings (appraisal_id, member_id);

CREATE TABLE appraisal_events (
	id           TEXT PRIMARY KEY,
	appraisal_id TEXT NOT NULL REFERENCES appraisals (id),
	kind         TEXT NOT NULL,
	at           BIGINT NOT NULL,
	actor_name   TEXT NOT NULL,
	detail       TEXT NOT NULL DEFAULT '',
	seq          INTEGER NOT NULL
);
CREATE UNIQUE INDEX appraisal_events_round ON appraisal_events (appraisal_id, seq);
`,
}}
