package orglife

import (
	"context"
	"strconv"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Geofence results kept for a check-in: never the coordinates themselves.
const (
	geoIn      = "in"
	geoRefused = "refused" // no location (refused, or no consent): the secretary confirms
)

// CheckinRequest is what a member's phone sends to check in.
type CheckinRequest struct {
	Token           string   `json:"token"`
	Lat             *float64 `json:"lat"`
	Lng             *float64 `json:"lng"`
	LocationRefused bool     `json:"location_refused"`
	Remote          bool     `json:"remote"`
	PhotoFileID     string   `json:"photo_file_id"`
}

// CheckinResult is the member's attendance after a check-in.
type CheckinResult struct {
	Status            string `json:"status"`
	StatusLabel       string `json:"status_label"`
	Method            string `json:"method"`
	CheckedInAt       string `json:"checked_in_at"`
	DistanceM         *int   `json:"distance_m"`
	Geo               string `json:"geo"`
	NeedsConfirmation bool   `json:"needs_confirmation"`
	Message           string `json:"message"`
}

func resultOf(a attendee) CheckinResult {
	v := a.view(false)
	out := CheckinResult{Status: a.Status, StatusLabel: v.StatusLabel, Method: a.Method, CheckedInAt: v.CheckedInAt,
		DistanceM: v.DistanceM, Geo: a.Geo, NeedsConfirmation: a.NeedsConfirmation, Message: "签到成功"}
	switch {
	case a.NeedsConfirmation:
		out.StatusLabel, out.Message = "待确认", "已签到。未获取位置，需书记确认后计入到会人数"
	case a.Method == MethodRemote:
		out.Message = "线上参会签到成功"
	case a.Method == MethodManual:
		out.Message = "书记已为您登记到会"
	}
	return out
}

// Checkin checks the signed-in member in to a meeting they are listed at.
// It does not go through mutate: check-ins of one meeting arrive by the
// thousand within minutes, so instead of locking the meeting row for
// update (and writing it) it takes a share lock — enough to keep a
// finalize or cancel from slipping in between — and locks only the
// member's own attendee row. A check-in of someone already at the meeting
// answers with what was recorded and writes nothing.
func (s *Service) Checkin(ctx context.Context, meetingID string, req CheckinRequest) (CheckinResult, error) {
	memberID, err := memberOf(ctx)
	if err != nil {
		return CheckinResult{}, err
	}
	if req.PhotoFileID != "" {
		if err := s.ownPhotoUpload(ctx, req.PhotoFileID); err != nil {
			return CheckinResult{}, err
		}
	}
	now := s.clk.Now()
	var out CheckinResult
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		m, a, err := lockForCheckin(ctx, tx, meetingID, memberID)
		if db.IsNoRows(err) || (err == nil && a.Role == RoleGuest) {
			return httpx.NotFound()
		}
		if err != nil {
			return err
		}
		if err := stateAllows(m, open); err != nil {
			return err
		}
		if a.present() {
			out = resultOf(a)
			return nil
		}
		if !m.windowOpen(now) {
			return unprocessable("window_closed", m.windowText())
		}
		consents, err := s.neededConsents(ctx, tx, m, memberID, req)
		if err != nil {
			return err
		}
		b, err := assess(m, a, req, consents, now)
		if err != nil || (b.NeedsConfirmation && a.NeedsConfirmation) {
			out = resultOf(a) // still without location: the pending check-in stands
			return err
		}
		out = resultOf(b)
		return s.recordCheckin(ctx, tx, m, a, b, req.PhotoFileID)
	})
	return out, err
}

// lockForCheckin loads the meeting under a share lock (many check-ins at
// once, but no finalize meanwhile) and the attendee under a row lock (a
// double tap waits and then sees the first check-in). The meeting is
// locked first, in the order every mutate takes, so they cannot deadlock.
func lockForCheckin(ctx context.Context, tx *db.Tx, meetingID, memberID string) (meeting, attendee, error) {
	share := ""
	if tx.Dialect() == db.Postgres {
		share = " FOR SHARE"
	}
	m, err := scanMeeting(tx.QueryRowContext(ctx, "SELECT "+meetingColumns+" FROM meetings WHERE id = ?"+share, meetingID))
	if err != nil {
		return m, attendee{}, err
	}
	a, err := scanAttendee(tx.QueryRowContext(ctx, "SELECT "+attendeeColumns+
		" FROM meeting_attendees WHERE meeting_id = ? AND member_id = ?"+tx.ForUpdate(), meetingID, memberID))
	return m, a, err
}

// neededConsents reads the member's consents when this check-in depends
// on them: a geofence (location) or a photo.
func (s *Service) neededConsents(ctx context.Context, q db.Querier, m meeting, memberID string, req CheckinRequest) (map[string]int64, error) {
	if req.PhotoFileID != "" && !m.Photo {
		return nil, unprocessable("photo_disabled", "本次会议未开启签到拍照，无需上传照片")
	}
	if req.PhotoFileID == "" && (req.Remote || !m.Geofence) {
		return nil, nil
	}
	given, err := consentsOf(ctx, q, memberID)
	if err == nil && req.PhotoFileID != "" && given[consentPhoto] == 0 {
		return nil, unprocessable("no_consent", "拍照签到需先在“隐私与授权”中同意")
	}
	return given, err
}

// assess decides what the check-in records, or why it is refused.
func assess(m meeting, a attendee, req CheckinRequest, consents map[string]int64, now time.Time) (attendee, error) {
	b := a
	b.CheckedInAt, b.NeedsConfirmation, b.DistanceM, b.Geo = ms(now), false, -1, ""
	if req.Remote {
		if !m.Online {
			return a, unprocessable("not_online", "本次会议未开通线上参会，请到会场扫码签到")
		}
		b.Status, b.Method = StatusRemote, MethodRemote
		return attended(b), nil
	}
	if err := verifyToken(m, req.Token, now); err != nil {
		return a, err
	}
	b.Status, b.Method = StatusPresent, MethodQR
	if !m.Geofence {
		return attended(b), nil
	}
	if consents[consentLocation] == 0 || req.LocationRefused || req.Lat == nil || req.Lng == nil {
		// Without location the scan stands, but it counts only once the
		// secretary confirms it (MarkAttendance): until then the status
		// stays what it was, so no quorum includes it.
		b.Status, b.Geo, b.NeedsConfirmation = a.Status, geoRefused, true
		return b, nil
	}
	if !validPoint(*req.Lat, *req.Lng) {
		return a, fieldErr("lat", "invalid", "位置坐标不正确")
	}
	d := distanceM(m.Lat, m.Lng, *req.Lat, *req.Lng)
	if d > m.RadiusM {
		return a, unprocessable("outside_fence", "您距会场约 "+strconv.Itoa(d)+" 米，超出 "+strconv.Itoa(m.RadiusM)+" 米签到范围")
	}
	b.Geo, b.DistanceM = geoIn, d
	return attended(b), nil
}

// attended withdraws any leave request of someone who came after all:
// being at the meeting wins over a leave, approved or not.
func attended(b attendee) attendee {
	if b.LeaveState != "" {
		b.Answer, b.LeaveState, b.LeaveReason = AnswerAttend, "", ""
	}
	return b
}

// recordCheckin writes the check-in, its photo, history line and audit
// record (the geofence result only: no coordinates, no distance).
func (s *Service) recordCheckin(ctx context.Context, tx *db.Tx, m meeting, a, b attendee, photoID string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE meeting_attendees SET status = ?, method = ?, checked_in_at = ?, distance_m = ?,
		geo = ?, needs_confirmation = ?, answer = ?, leave_state = ?, leave_reason = ? WHERE meeting_id = ? AND member_id = ?`,
		b.Status, b.Method, b.CheckedInAt, b.DistanceM, b.Geo, boolInt(b.NeedsConfirmation), b.Answer, b.LeaveState,
		b.LeaveReason, m.ID, b.MemberID); err != nil {
		return err
	}
	if photoID != "" {
		if err := s.savePhoto(ctx, tx, m, b.MemberID, photoID); err != nil {
			return err
		}
	}
	if err := s.event(ctx, tx, m.ID, "checkin", checkinDetail(a, b)); err != nil {
		return err
	}
	return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "meeting.checkin", TargetType: "meeting", TargetID: m.ID,
		Before: map[string]any{"member_id": a.MemberID, "status": a.Status, "leave_state": a.LeaveState},
		After: map[string]any{"member_id": b.MemberID, "status": b.Status, "method": b.Method, "geo": b.Geo,
			"needs_confirmation": b.NeedsConfirmation, "photo": photoID != "", "at": clock.Stamp(b.CheckedInAt)}})
}

// checkinDetail is the history line: "丁 扫码签到（在会场范围内）".
func checkinDetail(a, b attendee) string {
	d := b.Name + " 扫码签到"
	switch {
	case b.Method == MethodRemote:
		d = b.Name + " 线上参会签到"
	case b.NeedsConfirmation:
		d += "（未提供位置，待书记确认）"
	case b.Geo == geoIn:
		d += "（在会场范围内）"
	}
	if a.LeaveState != "" && b.LeaveState == "" {
		d += "，请假自动撤销"
	}
	return d
}
