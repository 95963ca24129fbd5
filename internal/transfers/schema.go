package transfers

import (
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// Migrations create the transfer tables. Org paths are copied onto the rows
// so the lists of an org's subtree (out by from_org_path, in by
// to_org_path) are index ranges. The partial unique indexes hold the
// invariants even against two requests at once: at most one open transfer
// (pending or issued) and at most one active mobile record per member, and
// no letter number issued twice.
var Migrations = []db.Migration{{
	ID: "transfers.0001_transfers",
	SQL: settings.Migration("transfers_settings") + `
CREATE TABLE transfers (
	id              TEXT PRIMARY KEY,
	kind            TEXT NOT NULL,
	state           TEXT NOT NULL,
	member_id       TEXT NOT NULL,
	member_name     TEXT NOT NULL,
	member_status   TEXT NOT NULL,
	id_masked       TEXT NOT NULL DEFAULT '',
	from_org_id     TEXT NOT NULL DEFAULT '',
	from_org_name   TEXT NOT NULL,
	from_org_path   TEXT {{collate_c}} NOT NULL DEFAULT '',
	to_org_id       TEXT NOT NULL DEFAULT '',
	to_org_name     TEXT NOT NULL,
	to_org_path     TEXT {{collate_c}} NOT NULL DEFAULT '',
	issuer_org_id   TEXT NOT NULL DEFAULT '',
	issuer_name     TEXT NOT NULL DEFAULT '',
	letter_year     INTEGER NOT NULL DEFAULT 0,
	letter_seq      INTEGER NOT NULL DEFAULT 0,
	letter_no       TEXT NOT NULL,
	issued_on       TEXT NOT NULL,
	valid_until     TEXT NOT NULL DEFAULT '',
	reason          TEXT NOT NULL DEFAULT '',
	dues_paid_until TEXT NOT NULL DEFAULT '',
	return_reason   TEXT NOT NULL DEFAULT '',
	created_by      TEXT NOT NULL,
	created_at      BIGINT NOT NULL,
	decided_by      TEXT NOT NULL DEFAULT '',
	decided_at      BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX transfers_one_open ON transfers (member_id) WHERE state IN ('pending', 'issued');
CREATE UNIQUE INDEX transfers_letter ON transfers (issuer_org_id, letter_year, letter_seq) WHERE letter_seq > 0;
CREATE INDEX transfers_out ON transfers (from_org_path, state);
CREATE INDEX transfers_in ON transfers (to_org_path, state);

CREATE TABLE transfer_steps (
	id          TEXT PRIMARY KEY,
	transfer_id TEXT NOT NULL,
	action      TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	actor_name  TEXT NOT NULL,
	at          BIGINT NOT NULL
);
CREATE INDEX transfer_steps_transfer ON transfer_steps (transfer_id, at);

CREATE TABLE transfer_letter_counters (
	org_id TEXT NOT NULL,
	year   INTEGER NOT NULL,
	next   BIGINT NOT NULL,
	PRIMARY KEY (org_id, year)
);

CREATE TABLE mobile_members (
	id             TEXT PRIMARY KEY,
	member_id      TEXT NOT NULL,
	member_name    TEXT NOT NULL,
	org_id         TEXT NOT NULL,
	org_path       TEXT {{collate_c}} NOT NULL,
	whereabouts    TEXT NOT NULL,
	reason         TEXT NOT NULL DEFAULT '',
	certificate_no TEXT NOT NULL DEFAULT '',
	local_org_id   TEXT NOT NULL DEFAULT '',
	local_org_name TEXT NOT NULL DEFAULT '',
	local_org_path TEXT {{collate_c}} NOT NULL DEFAULT '',
	contact_sealed TEXT NOT NULL DEFAULT '',
	contact_masked TEXT NOT NULL DEFAULT '',
	since_on       TEXT NOT NULL,
	until_on       TEXT NOT NULL DEFAULT '',
	ended_on       TEXT NOT NULL DEFAULT '',
	end_note       TEXT NOT NULL DEFAULT '',
	state          TEXT NOT NULL,
	created_by     TEXT NOT NULL,
	created_at     BIGINT NOT NULL,
	ended_by       TEXT NOT NULL DEFAULT '',
	ended_at       BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX mobile_members_one_active ON mobile_members (member_id) WHERE state = 'active';
CREATE INDEX mobile_members_out ON mobile_members (org_path, state);
CREATE INDEX mobile_members_in ON mobile_members (local_org_path, state);
`,
}}
