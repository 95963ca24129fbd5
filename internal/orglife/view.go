package orglife

import (
	"context"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
)

// MeetingSummary is a meeting in a list.
type MeetingSummary struct {
	ID         string `json:"id"`
	OrgID      string `json:"org_id"`
	OrgName    string `json:"org_name"`
	Kind       string `json:"kind"`
	KindLabel  string `json:"kind_label"`
	Topic      string `json:"topic"`
	StartsAt   string `json:"starts_at"`
	EndsAt     string `json:"ends_at"`
	Place      string `json:"place"`
	State      string `json:"state"`
	StateLabel string `json:"state_label"`
	Summary
}

// Minutes are a meeting's record (会议记录).
type Minutes struct {
	Recorder    string       `json:"recorder"`
	Content     string       `json:"content"`
	Decisions   string       `json:"decisions"`
	Attachments []files.Info `json:"attachments"`
	UpdatedAt   string       `json:"updated_at"`
}

// Meeting is one meeting with its minutes, votes and corrections.
type Meeting struct {
	MeetingSummary
	HasLocation     bool         `json:"has_location"`
	Lat             float64      `json:"lat"`
	Lng             float64      `json:"lng"`
	RadiusM         int          `json:"radius_m"`
	Geofence        bool         `json:"geofence"`
	Online          bool         `json:"online"`
	Photo           bool         `json:"photo"`
	GroupID         string       `json:"group_id"`
	GroupName       string       `json:"group_name"`
	CheckinOpensAt  string       `json:"checkin_opens_at"`
	CheckinClosesAt string       `json:"checkin_closes_at"`
	NotifiedAt      string       `json:"notified_at"`
	FinalizedAt     string       `json:"finalized_at"`
	CancelReason    string       `json:"cancelled_reason"`
	CreatedByName   string       `json:"created_by_name"`
	Version         int          `json:"version"`
	CanManage       bool         `json:"can_manage"`
	Minutes         *Minutes     `json:"minutes"`
	Votes           []Vote       `json:"votes"`
	Corrections     []Correction `json:"corrections"`
}

func (m meeting) summary(orgName string, sum Summary) MeetingSummary {
	return MeetingSummary{ID: m.ID, OrgID: m.OrgID, OrgName: orgName, Kind: m.Kind, KindLabel: m.kindLabel(),
		Topic: m.Topic, StartsAt: clock.Stamp(m.StartsAt), EndsAt: clock.Stamp(m.EndsAt), Place: m.Place,
		State: m.State, StateLabel: stateLabels[m.State], Summary: sum}
}

// View is a meeting as its readers see it.
func (s *Service) View(ctx context.Context, id string) (Meeting, error) {
	m, err := loadMeeting(ctx, s.db, id)
	if err != nil {
		return Meeting{}, err
	}
	list, err := attendees(ctx, s.db, id)
	if err != nil {
		return Meeting{}, err
	}
	names, err := s.dir.Names(ctx, []string{m.OrgID, m.GroupID})
	if err != nil {
		return Meeting{}, err
	}
	opens, closes := m.window()
	v := Meeting{MeetingSummary: m.summary(names[m.OrgID], summarize(list)), HasLocation: m.HasLocation,
		Lat: m.Lat, Lng: m.Lng, RadiusM: m.RadiusM, Geofence: m.Geofence, Online: m.Online, Photo: m.Photo,
		GroupID: m.GroupID, GroupName: names[m.GroupID], CheckinOpensAt: clock.Stamp(opens),
		CheckinClosesAt: clock.Stamp(closes), NotifiedAt: clock.Stamp(m.NotifiedAt),
		FinalizedAt: clock.Stamp(m.FinalizedAt), CancelReason: m.CancelReason, CreatedByName: m.CreatedByName,
		Version: m.Version, CanManage: authz.From(ctx).Can(authz.OrgLifeManage, m.OrgPath)}
	if v.Minutes, err = s.minutes(ctx, m); err != nil {
		return v, err
	}
	if v.Votes, err = votes(ctx, s.db, id); err != nil {
		return v, err
	}
	v.Corrections, err = corrections(ctx, s.db, id)
	return v, err
}

// minutes is the meeting's record, nil before anything was written.
func (s *Service) minutes(ctx context.Context, m meeting) (*Minutes, error) {
	fileIDs, err := attachmentIDs(ctx, s.db, m.ID)
	if err != nil || (m.MinutesAt == 0 && len(fileIDs) == 0) {
		return nil, err
	}
	infos, err := s.files.Infos(ctx, s.db, fileIDs)
	if err != nil {
		return nil, err
	}
	out := &Minutes{Recorder: m.Recorder, Content: m.Content, Decisions: m.Decisions,
		Attachments: []files.Info{}, UpdatedAt: clock.Stamp(m.MinutesAt)}
	for _, id := range fileIDs {
		if info, ok := infos[id]; ok {
			out.Attachments = append(out.Attachments, info)
		}
	}
	return out, nil
}

// scoped loads the meeting named by id and checks perm at its org;
// anything outside the caller's scope is not found.
func (s *Service) scoped(ctx context.Context, id string, perm authz.Perm) (meeting, error) {
	m, err := loadMeeting(ctx, s.db, id)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(perm, m.OrgPath)) {
		return meeting{}, httpx.NotFound()
	}
	return m, err
}

// scopedOrg loads an org given in a request and checks perm there.
func (s *Service) scopedOrg(ctx context.Context, id string, perm authz.Perm) (OrgRef, error) {
	org, err := s.dir.Org(ctx, id)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(perm, org.Path)) {
		return OrgRef{}, httpx.NotFound()
	}
	return org, err
}

// auditView is what the audit log keeps of a meeting (no personal data).
func auditView(m meeting) map[string]any {
	return map[string]any{"org_id": m.OrgID, "kind": m.Kind, "topic": m.Topic, "starts_at": clock.Stamp(m.StartsAt),
		"place": m.Place, "state": m.State, "geofence": m.Geofence, "photo": m.Photo, "version": m.Version}
}
