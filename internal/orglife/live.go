package orglife

import (
	"context"
	"time"

	"dangjian/internal/platform/db"
)

// LiveMeeting is a meeting under way, as the big screen counts it:
// Expected and CheckedIn are the meeting's 应到 and 实到 so far (guests
// left out, online attendance counted as present).
type LiveMeeting struct {
	ID, OrgID, Topic    string
	Kind                Kind
	StartsAt, EndsAt    time.Time
	Expected, CheckedIn int
}

// liveLookback bounds how long before now a meeting still under way may
// have started: no meeting lasts a day.
const liveLookback = 24 * time.Hour

// Live lists the meetings under path in progress at now — check-in open,
// or started and not yet ended — earliest first, at most limit. Trusted:
// the caller has checked scope. The starts_at window keeps the read to the
// meetings of one day in the subtree.
func (s *Service) Live(ctx context.Context, path string, now time.Time, limit int) ([]LiveMeeting, error) {
	at := now.UnixMilli()
	rows, err := s.db.QueryContext(ctx, `SELECT m.id, m.org_id, m.kind, m.topic, m.starts_at, m.ends_at,
		COALESCE(SUM(CASE WHEN a.role <> ? AND a.should_attend = 1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.role <> ? AND a.status IN (?, ?) THEN 1 ELSE 0 END), 0)
		FROM meetings m LEFT JOIN meeting_attendees a ON a.meeting_id = m.id
		WHERE m.org_path >= ? AND m.org_path < ? AND m.state = ? AND m.starts_at >= ?
		AND m.starts_at - m.checkin_before_min * 60000 <= ?
		AND (m.ends_at >= ? OR m.starts_at + m.checkin_after_min * 60000 >= ?)
		GROUP BY m.id, m.org_id, m.kind, m.topic, m.starts_at, m.ends_at
		ORDER BY m.starts_at, m.id LIMIT ?`,
		RoleGuest, RoleGuest, StatusPresent, StatusRemote, path, db.PrefixEnd(path), StateScheduled,
		now.Add(-liveLookback).UnixMilli(), at, at, at, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LiveMeeting
	for rows.Next() {
		var m LiveMeeting
		var starts, ends int64
		if err := rows.Scan(&m.ID, &m.OrgID, &m.Kind, &m.Topic, &starts, &ends, &m.Expected, &m.CheckedIn); err != nil {
			return nil, err
		}
		m.StartsAt, m.EndsAt = time.UnixMilli(starts), time.UnixMilli(ends)
		out = append(out, m)
	}
	return out, rows.Err()
}
