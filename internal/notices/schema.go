package notices

import "dangjian/internal/platform/db"

// Migrations create the notices, their history, attachments and the index
// of audience subtrees. Append-only: a change to the schema is a new step.
//
// notice_targets lists each notice's audience subtree org IDs, so the
// notices a newly arrived member should get are found from the member's
// ancestor org IDs by an index lookup, never by scanning every notice.
var Migrations = []db.Migration{{
	ID: "notices.0001_notices",
	SQL: `
CREATE TABLE notices (
	id                  TEXT PRIMARY KEY,
	org_id              TEXT NOT NULL,
	org_path            TEXT {{collate_c}} NOT NULL,
	title               TEXT NOT NULL,
	body_html           TEXT NOT NULL DEFAULT '',
	audience            TEXT NOT NULL DEFAULT '{}',
	include_future_orgs INTEGER NOT NULL DEFAULT 0,
	ack_required        INTEGER NOT NULL DEFAULT 0,
	sms                 INTEGER NOT NULL DEFAULT 0,
	publish_at          BIGINT NOT NULL DEFAULT 0,
	published_at        BIGINT NOT NULL DEFAULT 0,
	expires_at          BIGINT NOT NULL DEFAULT 0,
	pinned              INTEGER NOT NULL DEFAULT 0,
	state               TEXT NOT NULL,
	withdrawn_at        BIGINT NOT NULL DEFAULT 0,
	withdraw_reason     TEXT NOT NULL DEFAULT '',
	reminded_at         BIGINT NOT NULL DEFAULT 0,
	created_by          TEXT NOT NULL DEFAULT '',
	created_by_name     TEXT NOT NULL DEFAULT '',
	created_at          BIGINT NOT NULL,
	updated_at          BIGINT NOT NULL,
	version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX notices_scope ON notices (org_path, pinned, publish_at);

CREATE TABLE notice_events (
	id         TEXT PRIMARY KEY,
	notice_id  TEXT NOT NULL REFERENCES notices (id),
	kind       TEXT NOT NULL,
	at         BIGINT NOT NULL,
	actor_name TEXT NOT NULL,
	detail     TEXT NOT NULL DEFAULT '',
	seq        INTEGER NOT NULL
);
CREATE UNIQUE INDEX notice_events_notice ON notice_events (notice_id, seq);

CREATE TABLE notice_attachments (
	notice_id TEXT NOT NULL REFERENCES notices (id),
	file_id   TEXT NOT NULL,
	position  INTEGER NOT NULL,
	PRIMARY KEY (notice_id, file_id)
);

CREATE TABLE notice_targets (
	org_id    TEXT NOT NULL,
	notice_id TEXT NOT NULL REFERENCES notices (id),
	PRIMARY KEY (org_id, notice_id)
);
CREATE INDEX notice_targets_notice ON notice_targets (notice_id);
`,
}}
