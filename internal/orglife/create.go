package orglife

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/settings"
)

// Guest is someone invited who is not an expected attendee: a guest from
// outside the branch (no member record needed).
type Guest struct {
	Name string `json:"name"`
	Note string `json:"note"`
}

// Draft is what a secretary enters to call a meeting (and, with Version,
// to change one).
type Draft struct {
	OrgID    string   `json:"org_id"`
	Kind     string   `json:"kind"`
	Topic    string   `json:"topic"`
	StartsAt string   `json:"starts_at"`
	EndsAt   string   `json:"ends_at"`
	Place    string   `json:"place"`
	Lat      *float64 `json:"lat"`
	Lng      *float64 `json:"lng"`
	RadiusM  int      `json:"radius_m"`
	Geofence bool     `json:"geofence"`
	Online   bool     `json:"online"`
	Photo    bool     `json:"photo"`
	GroupID  string   `json:"group_id"`
	Guests   []Guest  `json:"guests"`
	CadreIDs []string `json:"cadre_ids"` // 双重组织生活: leading cadres attending as members
	Notify   *bool    `json:"notify"`
	SMS      bool     `json:"sms"`
	Version  int      `json:"version"`
}

// Limits on what a meeting holds.
const (
	maxTopicRunes  = 100
	maxPlaceRunes  = 200
	maxTextRunes   = 20000
	maxReasonRunes = 500
	maxGuests      = 200
	defaultRadiusM = 300
	maxRadiusM     = 5000
)

// Create calls a meeting at the branch d.OrgID: its expected attendees
// follow from the kind, and unless d.Notify is false they are told through
// the message center.
func (s *Service) Create(ctx context.Context, d Draft) (Meeting, error) {
	org, err := s.dir.Org(ctx, d.OrgID)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(authz.OrgLifeManage, org.Path)) {
		return Meeting{}, httpx.NotFound()
	}
	if err != nil {
		return Meeting{}, err
	}
	if org.Kind != orgBranch {
		return Meeting{}, httpx.Conflict("not_a_branch", "组织生活会议由党支部召开，请选择党支部")
	}
	vals, err := catalog.Resolve(ctx, s.db, org.Path)
	if err != nil {
		return Meeting{}, err
	}
	m, err := s.fromDraft(ctx, org, d, vals)
	if err != nil {
		return Meeting{}, err
	}
	people, err := s.expected(ctx, m, d)
	if err != nil {
		return Meeting{}, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := insertMeeting(ctx, tx, m); err != nil {
			return err
		}
		if err := insertAttendees(ctx, tx, m.ID, people, 0); err != nil {
			return err
		}
		if err := s.event(ctx, tx, m.ID, "created", m.title()+"，"+m.when()); err != nil {
			return err
		}
		if d.Notify == nil || *d.Notify {
			if err := s.sendNotice(ctx, tx, &m, d.SMS, false); err != nil {
				return err
			}
		}
		if err := s.scheduleTomorrow(ctx, tx, m); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "meeting.create", TargetType: "meeting",
			TargetID: m.ID, After: auditView(m)})
	})
	if err != nil {
		return Meeting{}, err
	}
	return s.View(ctx, m.ID)
}

// fromDraft validates d into a new meeting row.
func (s *Service) fromDraft(ctx context.Context, org OrgRef, d Draft, vals settings.Values) (meeting, error) {
	now := ms(s.clk.Now())
	m := meeting{ID: ids.New(), OrgID: org.ID, OrgPath: org.Path, State: StateScheduled,
		BeforeMin: vals.Int("checkin.before_minutes"), AfterMin: vals.Int("checkin.after_minutes"),
		QRSecret: newSecret(), CreatedByName: authz.ActorName(ctx, systemActorName), CreatedAt: now, UpdatedAt: now, Version: 1}
	var fe httpx.Fields
	if !Kind(d.Kind).Valid() {
		fe.Add("kind", "invalid", "请选择会议类型：支部党员大会、支委会、党小组会、党课、主题党日或组织生活会")
	}
	m.Kind = d.Kind
	if err := s.applyDraft(ctx, &m, org, d, vals, &fe); err != nil {
		return m, err
	}
	return m, fe.Err()
}

// applyDraft sets the editable fields of m from d, collecting field errors.
func (s *Service) applyDraft(ctx context.Context, m *meeting, org OrgRef, d Draft, vals settings.Values, fe *httpx.Fields) error {
	m.Topic, m.Place = strings.TrimSpace(d.Topic), strings.TrimSpace(d.Place)
	switch n := utf8.RuneCountInString(m.Topic); {
	case n == 0:
		fe.Add("topic", "required", "请填写会议主题")
	case n > maxTopicRunes:
		fe.Add("topic", "too_long", "会议主题不超过 100 个字")
	}
	if utf8.RuneCountInString(m.Place) > maxPlaceRunes {
		fe.Add("place", "too_long", "会议地点不超过 200 个字")
	}
	starts, ok := clock.ParseMillis(d.StartsAt)
	if !ok || starts == 0 {
		fe.Add("starts_at", "invalid", "请填写会议开始时间")
	}
	ends, ok := clock.ParseMillis(d.EndsAt)
	if !ok {
		fe.Add("ends_at", "invalid", "结束时间格式不正确")
	} else if ends == 0 {
		ends = starts + 2*3600_000
	} else if ends <= starts {
		fe.Add("ends_at", "before_start", "结束时间应晚于开始时间")
	}
	m.StartsAt, m.EndsAt = starts, ends
	m.Online, m.Photo = d.Online, d.Photo && vals.On("checkin.photo")
	if d.Photo && !vals.On("checkin.photo") {
		fe.Add("photo", "disabled", "本组织未开启签到拍照（需上级在组织生活设置中开启）")
	}
	s.applyPlace(m, d, vals, fe)
	m.GroupID = ""
	if Kind(m.Kind) == KindGroup {
		return s.applyGroup(ctx, m, org, d.GroupID, fe)
	}
	return nil
}

// applyPlace sets the coordinates, radius and geofence.
func (s *Service) applyPlace(m *meeting, d Draft, vals settings.Values, fe *httpx.Fields) {
	m.HasLocation = d.Lat != nil && d.Lng != nil
	m.Lat, m.Lng, m.RadiusM, m.Geofence = 0, 0, 0, false
	if m.HasLocation {
		m.Lat, m.Lng = *d.Lat, *d.Lng
		if m.Lat < -90 || m.Lat > 90 || m.Lng < -180 || m.Lng > 180 {
			fe.Add("lat", "invalid", "会场坐标不正确（纬度 -90～90，经度 -180～180）")
		}
		m.RadiusM = d.RadiusM
		if m.RadiusM == 0 {
			m.RadiusM = defaultRadiusM
		}
		if m.RadiusM < 10 || m.RadiusM > maxRadiusM {
			fe.Add("radius_m", "invalid", "签到范围应为 10–5000 米")
		}
	}
	if d.Geofence {
		switch {
		case !vals.On("checkin.location"):
			fe.Add("geofence", "disabled", "本组织未开启定位签到（需上级在组织生活设置中开启）")
		case !m.HasLocation:
			fe.Add("geofence", "no_location", "开启电子围栏需先填写会场坐标")
		default:
			m.Geofence = true
		}
	}
}

// applyGroup checks the party group of a 党小组会: one of the branch's own.
func (s *Service) applyGroup(ctx context.Context, m *meeting, org OrgRef, groupID string, fe *httpx.Fields) error {
	if groupID == "" {
		fe.Add("group_id", "required", "党小组会请选择党小组")
		return nil
	}
	g, err := s.dir.Org(ctx, groupID)
	if db.IsNoRows(err) || (err == nil && (g.Kind != orgGroup || g.ParentID != org.ID)) {
		fe.Add("group_id", "invalid", "所选党小组不属于本支部")
		return nil
	}
	m.GroupID = g.ID
	return err
}

func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func insertMeeting(ctx context.Context, tx *db.Tx, m meeting) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meetings (`+meetingColumns+`) VALUES (`+db.Placeholders(31)+`)`,
		m.ID, m.OrgID, m.OrgPath, m.Kind, m.Topic, m.StartsAt, m.EndsAt, m.Place, boolInt(m.HasLocation), m.Lat, m.Lng,
		m.RadiusM, boolInt(m.Geofence), boolInt(m.Online), boolInt(m.Photo), m.GroupID, m.BeforeMin, m.AfterMin,
		m.QRSecret, m.State, m.CancelReason, m.NotifiedAt, m.Recorder, m.Content, m.Decisions, m.MinutesAt,
		m.FinalizedAt, m.CreatedByName, m.CreatedAt, m.UpdatedAt, m.Version)
	return err
}

// event appends to the meeting's history.
func (s *Service) event(ctx context.Context, q db.Querier, meetingID, kind, detail string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO meeting_events (id, meeting_id, kind, at, actor_name, detail)
		VALUES (?, ?, ?, ?, ?, ?)`, ids.New(), meetingID, kind, ms(s.clk.Now()), authz.ActorName(ctx, systemActorName), detail)
	return err
}
