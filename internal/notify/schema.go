package notify

import "dangjian/internal/platform/db"

// Migrations create the message center. Append-only: a change to the schema
// is a new step.
//
// messages is every in-app message (站内信), one row per recipient. The
// recipient is an addressee: a member ID, or an account ID for accounts that
// belong to no member. idem_key makes every send exactly-once: sending the
// same key twice (a retried job, a second server) adds nothing. org_path is
// the recipient's organization when the message was delivered, so a sender
// can count and drill down by organization without asking another
// capability. Times are Unix milliseconds, 0 meaning "not yet".
//
// message_tallies keeps read / acknowledged counts per subject for every
// organization on a recipient's path (its own org and each ancestor, each
// counting its whole subtree), updated in the transaction that changes a
// message: a publisher's receipt view reads one row per child organization
// instead of counting a million messages or summing every branch.
//
// message_subjects lists withdrawn subjects: their messages (of every kind)
// disappear from every inbox without touching each message.
//
// fanouts is the checkpoint of a large send, so it resumes where it stopped
// after a restart. deliveries is the log of every SMS and e-mail, one row per
// message and channel. sms_usage counts an organization's SMS per day
// (Asia/Shanghai) against its budget, which sms_budgets sets per organization
// (the configured default otherwise). notify_prefs holds each addressee's
// channel choices, e-mail address (sealed) and quiet hours.
var Migrations = []db.Migration{{
	ID: "notify.0001_messages",
	SQL: `
CREATE TABLE messages (
	id            TEXT PRIMARY KEY,
	idem_key      TEXT NOT NULL UNIQUE,
	recipient     TEXT NOT NULL,
	org_id        TEXT NOT NULL DEFAULT '',
	org_path      TEXT {{collate_c}} NOT NULL DEFAULT '',
	sender_org_id TEXT NOT NULL DEFAULT '',
	kind          TEXT NOT NULL,
	subject_id    TEXT NOT NULL DEFAULT '',
	title         TEXT NOT NULL,
	body          TEXT NOT NULL DEFAULT '',
	link          TEXT NOT NULL DEFAULT '',
	ack_required  INTEGER NOT NULL DEFAULT 0,
	created_at    BIGINT NOT NULL,
	read_at       BIGINT NOT NULL DEFAULT 0,
	acked_at      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX messages_inbox ON messages (recipient, created_at, id);
CREATE INDEX messages_subject ON messages (subject_id, kind, org_path, recipient);

CREATE TABLE message_tallies (
	subject_id  TEXT NOT NULL,
	kind        TEXT NOT NULL,
	org_path    TEXT {{collate_c}} NOT NULL,
	parent_path TEXT {{collate_c}} NOT NULL,
	total       BIGINT NOT NULL DEFAULT 0,
	read_count  BIGINT NOT NULL DEFAULT 0,
	ack_count   BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (subject_id, kind, org_path)
);
CREATE INDEX message_tallies_children ON message_tallies (subject_id, kind, parent_path);

CREATE TABLE message_subjects (
	subject_id   TEXT PRIMARY KEY,
	withdrawn_at BIGINT NOT NULL
);

CREATE TABLE fanouts (
	id          TEXT PRIMARY KEY,
	kind        TEXT NOT NULL,
	subject_id  TEXT NOT NULL,
	spec        TEXT NOT NULL,
	part        INTEGER NOT NULL DEFAULT 0,
	cursor      TEXT NOT NULL DEFAULT '',
	sent        BIGINT NOT NULL DEFAULT 0,
	created_at  BIGINT NOT NULL,
	finished_at BIGINT NOT NULL DEFAULT 0,
	UNIQUE (kind, subject_id)
);

CREATE TABLE deliveries (
	id            TEXT PRIMARY KEY,
	message_id    TEXT NOT NULL,
	subject_id    TEXT NOT NULL DEFAULT '',
	channel       TEXT NOT NULL,
	params        TEXT NOT NULL DEFAULT '',
	sender_org_id TEXT NOT NULL DEFAULT '',
	state         TEXT NOT NULL,
	reason        TEXT NOT NULL DEFAULT '',
	detail        TEXT NOT NULL DEFAULT '',
	provider_id   TEXT NOT NULL DEFAULT '',
	attempts      INTEGER NOT NULL DEFAULT 0,
	next_at       BIGINT NOT NULL DEFAULT 0,
	created_at    BIGINT NOT NULL,
	updated_at    BIGINT NOT NULL,
	UNIQUE (message_id, channel)
);
CREATE INDEX deliveries_sender ON deliveries (sender_org_id, created_at);
CREATE INDEX deliveries_subject ON deliveries (subject_id, state);

CREATE TABLE sms_usage (
	org_id TEXT NOT NULL,
	day    TEXT NOT NULL,
	used   BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (org_id, day)
);

CREATE TABLE sms_budgets (
	org_id     TEXT PRIMARY KEY,
	daily      BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);

CREATE TABLE notify_prefs (
	addressee    TEXT PRIMARY KEY,
	sms          INTEGER NOT NULL DEFAULT 1,
	email        INTEGER NOT NULL DEFAULT 1,
	email_sealed TEXT NOT NULL DEFAULT '',
	email_masked TEXT NOT NULL DEFAULT '',
	quiet_start  INTEGER NOT NULL DEFAULT 1320,
	quiet_end    INTEGER NOT NULL DEFAULT 480,
	updated_at   BIGINT NOT NULL
);
`,
}}
