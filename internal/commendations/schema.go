package commendations

import "dangjian/internal/platform/db"

// Migrations create the commendations tables. A round keeps its quotas per
// kind in commendation_quotas and its chosen disqualifiers as a list of
// catalogue keys. A nomination names its nominee once per round and kind
// (a withdrawn one frees the place); org_path is the nominee's org and
// by_org_path the nominating org, both copies that follow the tree. A mark
// (诫勉, 党纪处分, ...) is never deleted: revoking it records who, when and
// why, so its history stays.
var Migrations = []db.Migration{{
	ID: "commendations.0001_commendations",
	SQL: `
CREATE TABLE commendation_rounds (
	id             TEXT PRIMARY KEY,
	org_id         TEXT NOT NULL,
	org_path       TEXT {{collate_c}} NOT NULL,
	org_name       TEXT NOT NULL,
	year           INTEGER NOT NULL,
	title          TEXT NOT NULL,
	disqualifiers  TEXT NOT NULL,
	nominate_until TEXT NOT NULL,
	state          TEXT NOT NULL,
	created_by     TEXT NOT NULL,
	created_at     BIGINT NOT NULL,
	published_by   TEXT NOT NULL DEFAULT '',
	published_at   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX commendation_rounds_scope ON commendation_rounds (org_path, year);

CREATE TABLE commendation_quotas (
	round_id TEXT NOT NULL,
	kind     TEXT NOT NULL,
	quota    INTEGER NOT NULL,
	PRIMARY KEY (round_id, kind)
);

CREATE TABLE commendation_nominations (
	id            TEXT PRIMARY KEY,
	round_id      TEXT NOT NULL,
	kind          TEXT NOT NULL,
	nominee_id    TEXT NOT NULL,
	member_id     TEXT NOT NULL,
	org_id        TEXT NOT NULL,
	org_path      TEXT {{collate_c}} NOT NULL,
	name          TEXT NOT NULL,
	deeds         TEXT NOT NULL,
	state         TEXT NOT NULL,
	by_org_id     TEXT NOT NULL,
	by_org_path   TEXT {{collate_c}} NOT NULL,
	by_org_name   TEXT NOT NULL,
	nominated_by  TEXT NOT NULL,
	nominated_at  BIGINT NOT NULL,
	decided_by    TEXT NOT NULL DEFAULT '',
	decided_at    BIGINT NOT NULL DEFAULT 0,
	decision_note TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX commendation_nominations_once ON commendation_nominations (round_id, kind, nominee_id)
	WHERE state <> 'withdrawn';
CREATE INDEX commendation_nominations_round ON commendation_nominations (round_id, kind, state);
CREATE INDEX commendation_nominations_member ON commendation_nominations (member_id, state);
CREATE INDEX commendation_nominations_path ON commendation_nominations (org_path);
CREATE INDEX commendation_nominations_by_path ON commendation_nominations (by_org_path);

CREATE TABLE commendation_marks (
	id            TEXT PRIMARY KEY,
	member_id     TEXT NOT NULL,
	member_name   TEXT NOT NULL,
	member_org_id TEXT NOT NULL,
	member_path   TEXT {{collate_c}} NOT NULL,
	year          INTEGER NOT NULL,
	kind          TEXT NOT NULL,
	reason        TEXT NOT NULL,
	on_date       TEXT NOT NULL,
	org_id        TEXT NOT NULL,
	org_path      TEXT {{collate_c}} NOT NULL,
	org_name      TEXT NOT NULL,
	recorded_by   TEXT NOT NULL,
	at            BIGINT NOT NULL,
	revoked_by    TEXT NOT NULL DEFAULT '',
	revoked_at    BIGINT NOT NULL DEFAULT 0,
	revoke_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX commendation_marks_member ON commendation_marks (member_id, year);
CREATE INDEX commendation_marks_scope ON commendation_marks (member_path, year);
CREATE INDEX commendation_marks_org ON commendation_marks (org_path);
`,
}}
