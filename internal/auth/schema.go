package auth

import "dangjian/internal/platform/db"

// Migrations create accounts, role grants, server-side sessions and personal
// API tokens. Append-only: a change to the schema is a new step.
//
// Conventions: times are BIGINT Unix milliseconds (like the audit log), 0
// meaning "never"; booleans are INTEGER 0/1; org IDs are stored but never org
// paths, because orgs move and a grant must follow its org.
//
// The username is personal data (usually a member's phone number), so the
// table holds it sealed, a blind index for lookups and a masked copy for
// lists — a raw SELECT shows no phone number.
var Migrations = []db.Migration{{
	ID: "auth.0001_accounts",
	SQL: `
CREATE TABLE accounts (
	id                  TEXT PRIMARY KEY,
	username_sealed     TEXT NOT NULL,
	username_index      TEXT NOT NULL UNIQUE,
	username_display    TEXT NOT NULL,
	display_name        TEXT {{collate_c}} NOT NULL,
	member_id           TEXT NOT NULL DEFAULT '',
	password_hash       TEXT NOT NULL,
	password_changed_at BIGINT NOT NULL,
	must_change         INTEGER NOT NULL DEFAULT 0,
	disabled            INTEGER NOT NULL DEFAULT 0,
	totp_secret         TEXT NOT NULL DEFAULT '',
	totp_pending        TEXT NOT NULL DEFAULT '',
	totp_enabled        INTEGER NOT NULL DEFAULT 0,
	totp_last_step      BIGINT NOT NULL DEFAULT 0,
	failed_count        INTEGER NOT NULL DEFAULT 0,
	locked_until        BIGINT NOT NULL DEFAULT 0,
	last_login_at       BIGINT NOT NULL DEFAULT 0,
	last_active_at      BIGINT NOT NULL,
	created_at          BIGINT NOT NULL,
	created_by          TEXT NOT NULL DEFAULT '',
	updated_at          BIGINT NOT NULL
);
CREATE INDEX accounts_display_name ON accounts (display_name, id);
CREATE UNIQUE INDEX accounts_member ON accounts (member_id) WHERE member_id <> '';

CREATE TABLE role_grants (
	id         TEXT PRIMARY KEY,
	account_id TEXT NOT NULL REFERENCES accounts (id),
	role       TEXT NOT NULL,
	org_id     TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	UNIQUE (account_id, role, org_id)
);
CREATE INDEX role_grants_org ON role_grants (org_id);
-- 三员分立 in the database too: an account holds at most one global role
-- (global roles are exactly the grants without an org).
CREATE UNIQUE INDEX role_grants_one_global ON role_grants (account_id) WHERE org_id = '';

CREATE TABLE sessions (
	id           TEXT PRIMARY KEY,
	token_hash   TEXT NOT NULL UNIQUE,
	account_id   TEXT NOT NULL REFERENCES accounts (id),
	csrf_token   TEXT NOT NULL,
	ip           TEXT NOT NULL DEFAULT '',
	created_at   BIGINT NOT NULL,
	last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE api_tokens (
	id           TEXT PRIMARY KEY,
	token_hash   TEXT NOT NULL UNIQUE,
	account_id   TEXT NOT NULL REFERENCES accounts (id),
	name         TEXT NOT NULL,
	created_at   BIGINT NOT NULL,
	expires_at   BIGINT NOT NULL,
	last_used_at BIGINT NOT NULL DEFAULT 0,
	revoked_at   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_account ON api_tokens (account_id, created_at);
`,
}}
