package dues

import (
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// Migrations create the dues tables. Months are rules.Month indexes
// (year*12 + month-1). The ledger (dues_entries) is append-only and
// hash-chained per organization; dues_member_months and dues_org_months are
// its running sums, written in the same transaction as every entry, so a
// balance or a report never counts the ledger row by row. dues_tree_months
// holds the sums of every organization's whole subtree (each entry adds to
// its branch and to every ancestor), so a report of any subtree reads a few
// rows however many members are under it.
var Migrations = []db.Migration{{
	ID: "dues.0001_ledger",
	SQL: settings.Migration("dues_settings") + `
CREATE TABLE dues_bases (
	id              TEXT PRIMARY KEY,
	member_id       TEXT NOT NULL,
	member_name     TEXT NOT NULL,
	org_id          TEXT NOT NULL,
	org_path        TEXT {{collate_c}} NOT NULL,
	year            INTEGER NOT NULL,
	effective_month INTEGER NOT NULL,
	category        TEXT NOT NULL,
	base_fen        BIGINT NOT NULL,
	source          TEXT NOT NULL,
	state           TEXT NOT NULL,
	note            TEXT NOT NULL DEFAULT '',
	declared_by     TEXT NOT NULL,
	declared_at     BIGINT NOT NULL,
	decided_by      TEXT NOT NULL DEFAULT '',
	decided_at      BIGINT NOT NULL DEFAULT 0,
	reason          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dues_bases_member ON dues_bases (member_id, state, effective_month);
CREATE INDEX dues_bases_scope ON dues_bases (org_path, year);

CREATE TABLE dues_hardships (
	id           TEXT PRIMARY KEY,
	member_id    TEXT NOT NULL,
	member_name  TEXT NOT NULL,
	org_id       TEXT NOT NULL,
	org_path     TEXT {{collate_c}} NOT NULL,
	kind         TEXT NOT NULL,
	reduced_fen  BIGINT NOT NULL DEFAULT 0,
	from_month   INTEGER NOT NULL,
	to_month     INTEGER NOT NULL,
	discussed_on TEXT NOT NULL,
	discussion   TEXT NOT NULL,
	state        TEXT NOT NULL,
	proposed_by  TEXT NOT NULL,
	proposed_at  BIGINT NOT NULL,
	decided_by   TEXT NOT NULL DEFAULT '',
	decided_at   BIGINT NOT NULL DEFAULT 0,
	reason       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dues_hardships_member ON dues_hardships (member_id, state);
CREATE INDEX dues_hardships_scope ON dues_hardships (org_path, state);

CREATE TABLE dues_entries (
	id          TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL,
	org_path    TEXT {{collate_c}} NOT NULL,
	seq         BIGINT NOT NULL,
	member_id   TEXT NOT NULL,
	month       INTEGER NOT NULL,
	period      INTEGER NOT NULL,
	kind        TEXT NOT NULL,
	due_fen     BIGINT NOT NULL,
	paid_fen    BIGINT NOT NULL,
	category    TEXT NOT NULL,
	base_fen    BIGINT NOT NULL,
	rule        TEXT NOT NULL,
	method      TEXT NOT NULL DEFAULT '',
	reference   TEXT NOT NULL DEFAULT '',
	receipt_id  TEXT NOT NULL DEFAULT '',
	reverses_id TEXT NOT NULL DEFAULT '',
	to_centre   INTEGER NOT NULL DEFAULT 0,
	note        TEXT NOT NULL DEFAULT '',
	actor_id    TEXT NOT NULL,
	actor_name  TEXT NOT NULL,
	at          BIGINT NOT NULL,
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL,
	UNIQUE (org_id, seq)
);
CREATE INDEX dues_entries_member ON dues_entries (member_id, month);
CREATE INDEX dues_entries_period ON dues_entries (org_id, period);
CREATE UNIQUE INDEX dues_entries_reversed_once ON dues_entries (reverses_id) WHERE reverses_id <> '';

CREATE TABLE dues_chain (
	org_id TEXT PRIMARY KEY,
	seq    BIGINT NOT NULL,
	hash   TEXT NOT NULL
);

CREATE TABLE dues_member_months (
	member_id TEXT NOT NULL,
	month     INTEGER NOT NULL,
	org_id    TEXT NOT NULL,
	org_path  TEXT {{collate_c}} NOT NULL,
	category  TEXT NOT NULL,
	due_fen   BIGINT NOT NULL,
	paid_fen  BIGINT NOT NULL,
	PRIMARY KEY (member_id, month)
);
CREATE INDEX dues_member_months_org ON dues_member_months (org_id, month);
CREATE INDEX dues_member_months_scope ON dues_member_months (org_path, month);

CREATE TABLE dues_tree_months (
	org_id   TEXT NOT NULL,
	month    INTEGER NOT NULL,
	category TEXT NOT NULL,
	due_fen  BIGINT NOT NULL,
	paid_fen BIGINT NOT NULL,
	PRIMARY KEY (org_id, month, category)
);

CREATE TABLE dues_periods (
	org_id        TEXT NOT NULL,
	period        INTEGER NOT NULL,
	org_path      TEXT {{collate_c}} NOT NULL,
	collected_fen BIGINT NOT NULL,
	received_fen  BIGINT NOT NULL,
	retain_bp     INTEGER NOT NULL,
	retained_fen  BIGINT NOT NULL,
	remitted_fen  BIGINT NOT NULL,
	centre_fen    BIGINT NOT NULL,
	closed_at     BIGINT NOT NULL,
	closed_by     TEXT NOT NULL,
	PRIMARY KEY (org_id, period)
);

CREATE TABLE dues_remittances (
	id             TEXT PRIMARY KEY,
	from_org_id    TEXT NOT NULL,
	from_org_path  TEXT {{collate_c}} NOT NULL,
	to_org_id      TEXT NOT NULL,
	period         INTEGER NOT NULL,
	collected_fen  BIGINT NOT NULL,
	received_fen   BIGINT NOT NULL,
	retain_bp      INTEGER NOT NULL,
	retained_fen   BIGINT NOT NULL,
	remitted_fen   BIGINT NOT NULL,
	centre_fen     BIGINT NOT NULL,
	state          TEXT NOT NULL,
	sent_at        BIGINT NOT NULL,
	sent_by        TEXT NOT NULL,
	counted_period INTEGER NOT NULL DEFAULT 0,
	confirmed_at   BIGINT NOT NULL DEFAULT 0,
	confirmed_by   TEXT NOT NULL DEFAULT '',
	note           TEXT NOT NULL DEFAULT '',
	UNIQUE (from_org_id, period)
);
CREATE INDEX dues_remittances_to ON dues_remittances (to_org_id, period);

CREATE TABLE dues_receipts (
	id          TEXT PRIMARY KEY,
	org_id      TEXT NOT NULL,
	org_path    TEXT {{collate_c}} NOT NULL,
	year        INTEGER NOT NULL,
	seq         BIGINT NOT NULL,
	number      TEXT NOT NULL,
	member_id   TEXT NOT NULL,
	member_name TEXT NOT NULL,
	kind        TEXT NOT NULL,
	total_fen   BIGINT NOT NULL,
	method      TEXT NOT NULL,
	reference   TEXT NOT NULL DEFAULT '',
	months      TEXT NOT NULL,
	issued_at   BIGINT NOT NULL,
	issued_by   TEXT NOT NULL,
	UNIQUE (org_id, year, seq)
);
CREATE INDEX dues_receipts_member ON dues_receipts (member_id, issued_at);

CREATE TABLE dues_receipt_counters (
	org_id TEXT NOT NULL,
	year   INTEGER NOT NULL,
	next   BIGINT NOT NULL,
	PRIMARY KEY (org_id, year)
);

CREATE TABLE dues_arrears_warnings (
	member_id   TEXT NOT NULL,
	since_month INTEGER NOT NULL,
	level       INTEGER NOT NULL,
	org_id      TEXT NOT NULL,
	warned_at   BIGINT NOT NULL,
	PRIMARY KEY (member_id, since_month, level)
);
`,
}, {
	// The database itself refuses to edit or remove a ledger entry, as it
	// does for the audit log: a correction is a new, reversing entry.
	ID: "dues.0002_append_only",
	SQL: `
CREATE TRIGGER dues_entries_no_update BEFORE UPDATE ON dues_entries
BEGIN SELECT RAISE(ABORT, 'dues_entries is append-only'); END;
CREATE TRIGGER dues_entries_no_delete BEFORE DELETE ON dues_entries
BEGIN SELECT RAISE(ABORT, 'dues_entries is append-only'); END;
`,
	Postgres: `
CREATE FUNCTION dues_entries_refuse() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'dues_entries is append-only'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER dues_entries_no_change BEFORE UPDATE OR DELETE ON dues_entries
FOR EACH ROW EXECUTE FUNCTION dues_entries_refuse();
CREATE TRIGGER dues_entries_no_truncate BEFORE TRUNCATE ON dues_entries
FOR EACH STATEMENT EXECUTE FUNCTION dues_entries_refuse();
`,
}}
