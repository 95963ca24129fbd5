package elections

import (
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// Migrations create the elections tables. An election is one row in
// elections with its candidates, its voting rounds and each candidate's
// votes per round (election_tallies: who was elected in which round is a
// query, not a JSON column), the officers chosen and a log of the
// decisions, one line per version of the election. org_terms is the term history (第N届) and term_notices the
// written notices an upper organization sent to an org whose term is
// overdue. At most one election per org is open at a time.
var Migrations = []db.Migration{{
	ID: "elections.0001_elections",
	SQL: settings.Migration("election_settings") + `
CREATE TABLE elections (
	id              TEXT PRIMARY KEY,
	org_id          TEXT NOT NULL,
	org_path        TEXT {{collate_c}} NOT NULL,
	state           TEXT NOT NULL,
	planned_on      TEXT NOT NULL,
	seats_committee INTEGER NOT NULL,
	seats_secretary INTEGER NOT NULL,
	seats_deputy    INTEGER NOT NULL,
	term_years      INTEGER NOT NULL,
	method          TEXT NOT NULL,
	note            TEXT NOT NULL DEFAULT '',
	approved_on     TEXT NOT NULL DEFAULT '',
	officers_approved_on TEXT NOT NULL DEFAULT '',
	return_reason   TEXT NOT NULL DEFAULT '',
	cancel_reason   TEXT NOT NULL DEFAULT '',
	completed_on    TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL,
	created_at      BIGINT NOT NULL,
	updated_at      BIGINT NOT NULL
);
CREATE INDEX elections_org ON elections (org_id, created_at);
CREATE INDEX elections_scope ON elections (org_path, state);
CREATE UNIQUE INDEX elections_open ON elections (org_id) WHERE state NOT IN ('completed', 'cancelled');

CREATE TABLE election_candidates (
	election_id TEXT NOT NULL,
	member_id   TEXT NOT NULL,
	member_name TEXT NOT NULL,
	post        TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	PRIMARY KEY (election_id, member_id)
);

CREATE TABLE election_rounds (
	id               TEXT PRIMARY KEY,
	election_id      TEXT NOT NULL,
	seq              INTEGER NOT NULL,
	post             TEXT NOT NULL,
	kind             TEXT NOT NULL,
	seats            INTEGER NOT NULL,
	held_on          TEXT NOT NULL,
	expected         INTEGER NOT NULL,
	present          INTEGER NOT NULL,
	ballots_issued   INTEGER NOT NULL,
	ballots_returned INTEGER NOT NULL,
	invalid_ballots  INTEGER NOT NULL,
	excluded         TEXT NOT NULL,
	revote_seats     INTEGER NOT NULL,
	unfilled         INTEGER NOT NULL,
	explanation      TEXT NOT NULL,
	actor_name       TEXT NOT NULL,
	at               BIGINT NOT NULL,
	UNIQUE (election_id, seq)
);

CREATE TABLE election_tallies (
	round_id    TEXT NOT NULL,
	election_id TEXT NOT NULL,
	member_id   TEXT NOT NULL,
	votes       INTEGER NOT NULL,
	outcome     TEXT NOT NULL,
	PRIMARY KEY (round_id, member_id)
);
CREATE INDEX election_tallies_election ON election_tallies (election_id, outcome);
CREATE INDEX election_tallies_member ON election_tallies (member_id);

CREATE TABLE election_officers (
	election_id TEXT NOT NULL,
	member_id   TEXT NOT NULL,
	member_name TEXT NOT NULL,
	title       TEXT NOT NULL,
	PRIMARY KEY (election_id, member_id)
);

CREATE TABLE election_log (
	election_id TEXT NOT NULL,
	version     INTEGER NOT NULL,
	action      TEXT NOT NULL,
	note        TEXT NOT NULL,
	actor_name  TEXT NOT NULL,
	at          BIGINT NOT NULL,
	PRIMARY KEY (election_id, version)
);

CREATE TABLE org_terms (
	id          TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL,
	org_path    TEXT {{collate_c}} NOT NULL,
	number      INTEGER NOT NULL,
	start_on    TEXT NOT NULL,
	end_on      TEXT NOT NULL,
	election_id TEXT NOT NULL DEFAULT '',
	created_at  BIGINT NOT NULL,
	UNIQUE (org_id, number)
);

CREATE TABLE term_notices (
	id          TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL,
	org_path    TEXT {{collate_c}} NOT NULL,
	from_org_id TEXT NOT NULL,
	doc_no      TEXT NOT NULL,
	sent_on     TEXT NOT NULL,
	body        TEXT NOT NULL,
	actor_name  TEXT NOT NULL,
	at          BIGINT NOT NULL
);
CREATE INDEX term_notices_org ON term_notices (org_id, sent_on);
CREATE INDEX term_notices_scope ON term_notices (org_path, sent_on);
`,
}}
