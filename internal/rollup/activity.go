package rollup

import (
	"context"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/settings"
)

// ActivityMigrations create the activity and health tables. Their IDs sort
// after the engine's (Migrations).
//
// The activity counters (meetings.*, attendance.*, dues.*, development.*)
// stay at the org where the activity happened; these projections keep what
// each counted fact was counted with, so a correction, a reversal or a
// stage move changes exactly that, and an unknown original changes nothing:
//   - rollup_meetings: each finalized meeting with its attendance as counted;
//     held_on is the day (Shanghai) it started, month its bucket.
//   - rollup_dues_entries: each dues payment entry as counted (members and
//     on_time are 0 or 1).
//   - rollup_applicants: each development file's stage and state.
//   - rollup_activity: the day (Shanghai) of the latest event located at
//     each org or below it, and the day the latest finalized meeting there
//     started (no path: it is keyed by the org alone).
//
// seq is the delivery number of the last event applied to the row.
var ActivityMigrations = []db.Migration{{
	ID: "rollup.0101_activity",
	SQL: `
CREATE TABLE rollup_meetings (
	meeting_id TEXT PRIMARY KEY,
	org_id     TEXT NOT NULL,
	org_path   TEXT {{collate_c}} NOT NULL,
	kind       TEXT NOT NULL,
	held_on    TEXT NOT NULL,
	month      TEXT NOT NULL,
	present    INTEGER NOT NULL,
	leave      INTEGER NOT NULL,
	absent     INTEGER NOT NULL,
	seq        BIGINT NOT NULL
);
CREATE INDEX rollup_meetings_held ON rollup_meetings (held_on);
CREATE INDEX rollup_meetings_path ON rollup_meetings (org_path, held_on);

CREATE TABLE rollup_dues_entries (
	entry_id   TEXT PRIMARY KEY,
	org_id     TEXT NOT NULL,
	org_path   TEXT {{collate_c}} NOT NULL,
	month      TEXT NOT NULL,
	members    INTEGER NOT NULL,
	amount_fen BIGINT NOT NULL,
	on_time    INTEGER NOT NULL
);
CREATE INDEX rollup_dues_entries_path ON rollup_dues_entries (org_path);

CREATE TABLE rollup_applicants (
	file_id  TEXT PRIMARY KEY,
	org_id   TEXT NOT NULL,
	org_path TEXT {{collate_c}} NOT NULL,
	stage    TEXT NOT NULL,
	state    TEXT NOT NULL,
	seq      BIGINT NOT NULL
);
CREATE INDEX rollup_applicants_path ON rollup_applicants (org_path);

CREATE TABLE rollup_activity (
	org_id          TEXT PRIMARY KEY,
	last_on         TEXT NOT NULL DEFAULT '',
	last_meeting_on TEXT NOT NULL DEFAULT ''
);
`,
}, healthMigration}

// activityHandlers are the handlers of meetings, dues and development
// events, and (under "") the one that notes every event's day as its
// orgs' latest activity.
func (s *Store) activityHandlers() map[string]handler {
	return map[string]handler{
		"meeting.held":                   s.onMeetingHeld,
		"meeting.attendance_corrected":   s.onAttendanceCorrected,
		"dues.paid":                      s.onDuesPaid,
		"dues.payment_reversed":          s.onDuesReversed,
		"development.step_recorded":      s.onDevelopment,
		"development.admitted":           s.onDevelopment,
		"development.became_full":        s.onDevelopment,
		"development.stopped":            s.onDevelopment,
		"development.probation_extended": s.onDevelopment,
		"":                               s.touch,
	}
}

// passiveEvents are located at an org but are not its own doing: a system
// warning about it or an upper org's action on it. They must not make a
// 软弱涣散 branch look active.
var passiveEvents = map[string]bool{"dues.arrears": true, "term.notice_sent": true}

// touch records the event's day (Shanghai) as the latest activity of every
// org on its path, so a branch's row holds the latest event at it or below.
func (s *Store) touch(ctx context.Context, tx *db.Tx, e outbox.Delivered) error {
	if passiveEvents[e.Type] {
		return nil
	}
	return noteLatest(ctx, tx, "last_on", e.OrgPath, e.At.In(clock.Shanghai).Format(clock.DateLayout))
}

// noteLatest raises column (a rollup_activity date column, never user
// input) to day at every org on path.
func noteLatest(ctx context.Context, q db.Querier, column, path, day string) error {
	ids := settings.PathIDs(path)
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(ids))
	for _, id := range ids {
		args = append(args, id, day)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO rollup_activity (org_id, `+column+`) VALUES `+db.Rows(len(ids), 2)+`
		ON CONFLICT (org_id) DO UPDATE SET `+column+` = excluded.`+column+` WHERE rollup_activity.`+column+` < excluded.`+column, args...)
	return err
}

// localDay reads an RFC 3339 time (an event's starts_at) as its day and
// month in Shanghai.
func localDay(stamp string) (day, month string, ok bool) {
	t, err := time.Parse(time.RFC3339, stamp)
	if err != nil {
		return "", "", false
	}
	t = t.In(clock.Shanghai)
	return t.Format(clock.DateLayout), t.Format("2006-01"), true
}
