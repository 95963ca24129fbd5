package orglife

import "dangjian/internal/platform/db"

// Migrations create the tables of organizational life. Append-only: a
// change to the schema is a new step.
//
// meeting_period_counts holds, per branch and period key (month, quarter,
// year), how many meetings of each kind were finalized in it; compliance
// reads these rows instead of counting meetings. A 党小组会 counts the
// groups that met (meeting_group_periods makes each group count once).
var Migrations = []db.Migration{{
	ID: "orglife.0001_meetings",
	SQL: `
CREATE TABLE orglife_settings (
	org_id      TEXT NOT NULL,
	key         TEXT NOT NULL,
	value       TEXT NOT NULL,
	set_by_name TEXT NOT NULL DEFAULT '',
	set_at      BIGINT NOT NULL,
	PRIMARY KEY (org_id, key)
);

CREATE TABLE orglife_group_members (
	group_id  TEXT NOT NULL,
	member_id TEXT NOT NULL,
	PRIMARY KEY (group_id, member_id)
);

CREATE TABLE meetings (
	id                 TEXT PRIMARY KEY,
	org_id             TEXT NOT NULL,
	org_path           TEXT {{collate_c}} NOT NULL,
	kind               TEXT NOT NULL,
	topic              TEXT NOT NULL,
	starts_at          BIGINT NOT NULL,
	ends_at            BIGINT NOT NULL,
	place              TEXT NOT NULL DEFAULT '',
	has_location       INTEGER NOT NULL DEFAULT 0,
	lat                DOUBLE PRECISION NOT NULL DEFAULT 0,
	lng                DOUBLE PRECISION NOT NULL DEFAULT 0,
	radius_m           INTEGER NOT NULL DEFAULT 0,
	geofence           INTEGER NOT NULL DEFAULT 0,
	online             INTEGER NOT NULL DEFAULT 0,
	photo              INTEGER NOT NULL DEFAULT 0,
	group_id           TEXT NOT NULL DEFAULT '',
	checkin_before_min INTEGER NOT NULL,
	checkin_after_min  INTEGER NOT NULL,
	qr_secret          TEXT NOT NULL,
	state              TEXT NOT NULL,
	cancel_reason      TEXT NOT NULL DEFAULT '',
	notified_at        BIGINT NOT NULL DEFAULT 0,
	recorder           TEXT NOT NULL DEFAULT '',
	content            TEXT NOT NULL DEFAULT '',
	decisions          TEXT NOT NULL DEFAULT '',
	minutes_at         BIGINT NOT NULL DEFAULT 0,
	finalized_at       BIGINT NOT NULL DEFAULT 0,
	created_by_name    TEXT NOT NULL DEFAULT '',
	created_at         BIGINT NOT NULL,
	updated_at         BIGINT NOT NULL,
	version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_scope ON meetings (org_path, starts_at);

CREATE TABLE meeting_attendees (
	meeting_id         TEXT NOT NULL REFERENCES meetings (id),
	member_id          TEXT NOT NULL,
	name               TEXT NOT NULL,
	role               TEXT NOT NULL,
	note               TEXT NOT NULL DEFAULT '',
	has_vote           INTEGER NOT NULL DEFAULT 0,
	vote_note          TEXT NOT NULL DEFAULT '',
	should_attend      INTEGER NOT NULL DEFAULT 1,
	excluded_reason    TEXT NOT NULL DEFAULT '',
	answer             TEXT NOT NULL DEFAULT 'none',
	leave_reason       TEXT NOT NULL DEFAULT '',
	leave_state        TEXT NOT NULL DEFAULT '',
	status             TEXT NOT NULL DEFAULT 'absent',
	method             TEXT NOT NULL DEFAULT '',
	checked_in_at      BIGINT NOT NULL DEFAULT 0,
	distance_m         INTEGER NOT NULL DEFAULT -1,
	geo                TEXT NOT NULL DEFAULT '',
	needs_confirmation INTEGER NOT NULL DEFAULT 0,
	manual_reason      TEXT NOT NULL DEFAULT '',
	position           INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX meeting_attendees_member ON meeting_attendees (member_id, meeting_id);

CREATE TABLE meeting_votes (
	id              TEXT PRIMARY KEY,
	meeting_id      TEXT NOT NULL REFERENCES meetings (id),
	subject         TEXT NOT NULL,
	kind            TEXT NOT NULL,
	yes             INTEGER NOT NULL,
	no              INTEGER NOT NULL,
	abstain         INTEGER NOT NULL,
	written         TEXT NOT NULL DEFAULT '[]',
	written_yes     INTEGER NOT NULL DEFAULT 0,
	written_no      INTEGER NOT NULL DEFAULT 0,
	written_abstain INTEGER NOT NULL DEFAULT 0,
	voters_expected INTEGER NOT NULL,
	voters_present  INTEGER NOT NULL,
	passed          INTEGER NOT NULL,
	explanation     TEXT NOT NULL,
	recorded_at     BIGINT NOT NULL,
	recorded_by     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_votes_meeting ON meeting_votes (meeting_id, recorded_at);

CREATE TABLE meeting_attachments (
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	file_id    TEXT NOT NULL,
	position   INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, file_id)
);

CREATE TABLE meeting_corrections (
	id         TEXT PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	field      TEXT NOT NULL,
	member_id  TEXT NOT NULL DEFAULT '',
	before     TEXT NOT NULL,
	after      TEXT NOT NULL,
	reason     TEXT NOT NULL,
	actor_name TEXT NOT NULL,
	at         BIGINT NOT NULL
);
CREATE INDEX meeting_corrections_meeting ON meeting_corrections (meeting_id, at);

CREATE TABLE meeting_events (
	id         TEXT PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	kind       TEXT NOT NULL,
	at         BIGINT NOT NULL,
	actor_name TEXT NOT NULL,
	detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_events_meeting ON meeting_events (meeting_id, at);

CREATE TABLE meeting_period_counts (
	org_id          TEXT NOT NULL,
	org_path        TEXT {{collate_c}} NOT NULL,
	period_key      TEXT NOT NULL,
	member_assembly INTEGER NOT NULL DEFAULT 0,
	committee       INTEGER NOT NULL DEFAULT 0,
	grp             INTEGER NOT NULL DEFAULT 0,
	lecture         INTEGER NOT NULL DEFAULT 0,
	theme_day       INTEGER NOT NULL DEFAULT 0,
	life_meeting    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (org_id, period_key)
);
CREATE INDEX meeting_period_counts_scope ON meeting_period_counts (period_key, org_path);

CREATE TABLE meeting_group_periods (
	group_id   TEXT NOT NULL,
	period_key TEXT NOT NULL,
	PRIMARY KEY (group_id, period_key)
);

CREATE TABLE orglife_plan_items (
	id       TEXT PRIMARY KEY,
	org_id   TEXT NOT NULL,
	year     INTEGER NOT NULL,
	kind     TEXT NOT NULL,
	on_date  TEXT NOT NULL,
	topic    TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL
);
CREATE INDEX orglife_plan_items_org ON orglife_plan_items (org_id, year, position);

CREATE TABLE orglife_plans (
	org_id        TEXT NOT NULL,
	year          INTEGER NOT NULL,
	saved_at      BIGINT NOT NULL,
	saved_by_name TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (org_id, year)
);

CREATE TABLE orglife_consents (
	member_id TEXT NOT NULL,
	kind      TEXT NOT NULL,
	given_at  BIGINT NOT NULL,
	PRIMARY KEY (member_id, kind)
);

CREATE TABLE checkin_photos (
	meeting_id TEXT NOT NULL,
	member_id  TEXT NOT NULL,
	file_id    TEXT NOT NULL,
	expires_at BIGINT NOT NULL,
	PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX checkin_photos_member ON checkin_photos (member_id);
CREATE INDEX checkin_photos_expiry ON checkin_photos (expires_at);
`,
}, {
	// A compliance view reads the counts of a whole subtree for a few period
	// keys: covering them makes that an index-only scan (50,000 branches: a
	// third of the pages of a table scan).
	ID: "orglife.0002_counts_cover",
	SQL: `
CREATE INDEX meeting_period_counts_cover ON meeting_period_counts
	(period_key, org_path, org_id, member_assembly, committee, grp, lecture, theme_day, life_meeting);
DROP INDEX meeting_period_counts_scope;
`,
}}
