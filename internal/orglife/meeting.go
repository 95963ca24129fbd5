package orglife

import (
	"context"
	"strings"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// Meeting states.
const (
	StateScheduled = "scheduled" // called; may be under way
	StateFinalized = "finalized" // minutes locked (已归档); counts as held
	StateCancelled = "cancelled"
)

var stateLabels = map[string]string{StateScheduled: "未归档", StateFinalized: "已归档", StateCancelled: "已取消"}

// meeting is a stored meeting row.
type meeting struct {
	ID, OrgID, OrgPath, Kind, Topic string
	StartsAt, EndsAt                int64
	Place                           string
	HasLocation                     bool
	Lat, Lng                        float64
	RadiusM                         int
	Geofence, Online, Photo         bool
	GroupID                         string
	BeforeMin, AfterMin             int
	QRSecret                        string
	State, CancelReason             string
	NotifiedAt                      int64
	Recorder, Content, Decisions    string
	MinutesAt, FinalizedAt          int64
	CreatedByName                   string
	CreatedAt, UpdatedAt            int64
	Version                         int
}

const meetingColumns = `id, org_id, org_path, kind, topic, starts_at, ends_at, place, has_location, lat, lng,
	radius_m, geofence, online, photo, group_id, checkin_before_min, checkin_after_min, qr_secret, state,
	cancel_reason, notified_at, recorder, content, decisions, minutes_at, finalized_at, created_by_name,
	created_at, updated_at, version`

// dest is where a scan of meetingColumns goes, and done converts the
// integer flags once the scan has filled them.
func (m *meeting) dest() (dest []any, done func()) {
	var loc, fence, online, photo int
	return []any{&m.ID, &m.OrgID, &m.OrgPath, &m.Kind, &m.Topic, &m.StartsAt, &m.EndsAt, &m.Place, &loc,
			&m.Lat, &m.Lng, &m.RadiusM, &fence, &online, &photo, &m.GroupID, &m.BeforeMin, &m.AfterMin, &m.QRSecret,
			&m.State, &m.CancelReason, &m.NotifiedAt, &m.Recorder, &m.Content, &m.Decisions, &m.MinutesAt,
			&m.FinalizedAt, &m.CreatedByName, &m.CreatedAt, &m.UpdatedAt, &m.Version},
		func() { m.HasLocation, m.Geofence, m.Online, m.Photo = loc == 1, fence == 1, online == 1, photo == 1 }
}

func scanMeeting(sc interface{ Scan(...any) error }) (meeting, error) {
	var m meeting
	dest, done := m.dest()
	err := sc.Scan(dest...)
	done()
	return m, err
}

func loadMeeting(ctx context.Context, q db.Querier, id string) (meeting, error) {
	return scanMeeting(q.QueryRowContext(ctx, "SELECT "+meetingColumns+" FROM meetings WHERE id = ?", id))
}

// lockMeeting loads the meeting for a change inside tx, taking its row lock
// on PostgreSQL so two changes to one meeting run one after the other.
func lockMeeting(ctx context.Context, tx *db.Tx, id string) (meeting, error) {
	return scanMeeting(tx.QueryRowContext(ctx, "SELECT "+meetingColumns+" FROM meetings WHERE id = ?"+tx.ForUpdate(), id))
}

// window is when check-in is open: from BeforeMin before the start to
// AfterMin after it.
func (m meeting) window() (opens, closes int64) {
	return m.StartsAt - int64(m.BeforeMin)*60_000, m.StartsAt + int64(m.AfterMin)*60_000
}

func (m meeting) kindLabel() string { return Kind(m.Kind).Label() }

// title names the meeting for messages: "支委会：十一月工作安排".
func (m meeting) title() string { return m.kindLabel() + "：" + m.Topic }

func (m meeting) when() string { return clock.LocalMinute(m.StartsAt) }

// prefixed qualifies each column of a column list with a table alias.
func prefixed(alias, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// scanPair reads a meeting row followed by an attendee row.
func scanPair(sc interface{ Scan(...any) error }) (meeting, attendee, error) {
	var m meeting
	var a attendee
	md, mdone := m.dest()
	ad, adone := a.dest()
	err := sc.Scan(append(md, ad...)...)
	mdone()
	adone()
	return m, a, err
}
