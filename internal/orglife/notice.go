package orglife

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/platform/db"
)

// Message kinds organizational life sends.
const (
	kindMeetingNotice   = "meeting"          // 会议通知
	kindMeetingTomorrow = "meeting.tomorrow" // 会前提醒
	kindMeetingChanged  = "meeting.changed"  // 时间地点变更或取消
	kindLeaveDecided    = "meeting.leave"    // 请假审批结果
	kindComplianceDue   = "orglife.due"      // 期末未开会提醒
)

// link is where a member opens a meeting (the phone portal).
func link(meetingID string) string { return "/m/meetings/" + meetingID }

// recipients are the listed members (not guests) a message about m goes to.
func recipients(m meeting, list []attendee, keep func(attendee) bool) []notify.Recipient {
	var out []notify.Recipient
	for _, a := range list {
		if a.Role != RoleGuest && (keep == nil || keep(a)) {
			out = append(out, notify.Recipient{ID: a.MemberID, OrgID: m.OrgID, OrgPath: m.OrgPath})
		}
	}
	return out
}

// sendNotice tells the expected attendees about the meeting (changed: its
// time or place moved, so the notice says so). Keyed by the meeting's
// version, so a retry adds nothing and a later change notifies again.
func (s *Service) sendNotice(ctx context.Context, tx *db.Tx, m *meeting, sms, changed bool) error {
	list, err := attendees(ctx, tx, m.ID)
	if err != nil {
		return err
	}
	title, kind := "会议通知："+m.title(), kindMeetingNotice
	if changed {
		title, kind = "会议变更："+m.title(), kindMeetingChanged
	}
	body := "时间：" + m.when() + "\n地点：" + orDash(m.Place) + "\n请在手机上确认参加；不能参加的请说明理由请假。"
	var channels []string
	if sms {
		channels = []string{notify.SMS}
	}
	_, err = s.notify.Send(ctx, tx, notify.Message{Key: "meeting:" + m.ID + ":notice:" + strconv.Itoa(m.Version),
		Kind: kind, SubjectID: m.ID, SenderOrgID: m.OrgID, Title: title, Body: body, Link: link(m.ID), Channels: channels,
		Params: map[string]string{"topic": m.Topic, "time": m.when()},
		To:     recipients(*m, list, func(a attendee) bool { return a.Status != StatusLeave })})
	if err != nil {
		return err
	}
	m.NotifiedAt = ms(s.clk.Now())
	_, err = tx.ExecContext(ctx, "UPDATE meetings SET notified_at = ? WHERE id = ?", m.NotifiedAt, m.ID)
	return err
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

type tomorrowPayload struct {
	StartsAt int64 `json:"starts_at"`
}

// scheduleTomorrow keeps the 会前提醒 — 24 hours before the start — in step
// with the meeting: moved with it, dropped when it is cancelled or over.
func (s *Service) scheduleTomorrow(ctx context.Context, q db.Querier, m meeting) error {
	at := time.UnixMilli(m.StartsAt).Add(-24 * time.Hour)
	if m.State != StateScheduled || !at.After(s.clk.Now()) {
		return s.notify.Forget(ctx, q, kindMeetingTomorrow, m.ID)
	}
	return s.notify.Remind(ctx, q, kindMeetingTomorrow, m.ID, at, tomorrowPayload{StartsAt: m.StartsAt})
}

// composeTomorrow writes the reminder from the meeting as it is when it
// fires: to everyone listed except those on leave.
func (s *Service) composeTomorrow(ctx context.Context, id string, raw json.RawMessage) ([]notify.Message, error) {
	var p tomorrowPayload
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	m, err := loadMeeting(ctx, s.db, id)
	if db.IsNoRows(err) || (err == nil && (m.State != StateScheduled || m.StartsAt != p.StartsAt)) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	list, err := attendees(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	return []notify.Message{{Key: "meeting:" + m.ID + ":tomorrow:" + strconv.FormatInt(m.StartsAt, 10),
		Kind: kindMeetingTomorrow, SubjectID: m.ID, SenderOrgID: m.OrgID, Title: "明天开会：" + m.title(),
		Body: "时间：" + m.when() + "\n地点：" + orDash(m.Place) + "\n请准时参加，到场后扫码签到。", Link: link(m.ID),
		To: recipients(m, list, func(a attendee) bool { return a.Status != StatusLeave })}}, nil
}
