package orglife

import (
	"context"
	"strings"
	"unicode/utf8"

	"dangjian/internal/notify"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Update changes a meeting not yet finalized. Its kind and attendee list
// stay; moving the time or place tells the attendees again.
func (s *Service) Update(ctx context.Context, id string, d Draft) error {
	return s.mutate(ctx, id, authz.OrgLifeManage, open, func(tx *db.Tx, m *meeting) (change, error) {
		if d.Version != m.Version {
			return change{}, httpx.Conflict("version_conflict", "会议已被他人修改，请刷新后重试")
		}
		org, err := s.dir.Org(ctx, m.OrgID)
		if err != nil {
			return change{}, err
		}
		vals, err := catalog.Resolve(ctx, tx, m.OrgPath)
		if err != nil {
			return change{}, err
		}
		before := *m
		var fe httpx.Fields
		group := m.GroupID
		if err := s.applyDraft(ctx, m, org, d, vals, &fe); err != nil {
			return change{}, err
		}
		if m.GroupID != group {
			fe.Add("group_id", "fixed", "党小组会的党小组不能更改，请取消后重新发起")
		}
		if err := fe.Err(); err != nil {
			return change{}, err
		}
		m.Version++
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET topic = ?, starts_at = ?, ends_at = ?, place = ?,
			has_location = ?, lat = ?, lng = ?, radius_m = ?, geofence = ?, online = ?, photo = ?, version = ? WHERE id = ?`,
			m.Topic, m.StartsAt, m.EndsAt, m.Place, boolInt(m.HasLocation), m.Lat, m.Lng, m.RadiusM, boolInt(m.Geofence),
			boolInt(m.Online), boolInt(m.Photo), m.Version, m.ID); err != nil {
			return change{}, err
		}
		moved := before.StartsAt != m.StartsAt || before.Place != m.Place
		if moved && before.NotifiedAt > 0 {
			if err := s.sendNotice(ctx, tx, m, d.SMS, true); err != nil {
				return change{}, err
			}
		}
		if err := s.scheduleTomorrow(ctx, tx, *m); err != nil {
			return change{}, err
		}
		return change{Action: "meeting.update", Event: "updated", Detail: "修改会议：" + m.title() + "，" + m.when(),
			Before: auditView(before), After: auditView(*m)}, nil
	})
}

// Notify sends the notice of a meeting called without one (or again).
func (s *Service) Notify(ctx context.Context, id string, sms bool) error {
	return s.mutate(ctx, id, authz.OrgLifeManage, open, func(tx *db.Tx, m *meeting) (change, error) {
		if err := s.sendNotice(ctx, tx, m, sms, false); err != nil {
			return change{}, err
		}
		return change{Action: "meeting.notify", Event: "notified", Detail: "发送会议通知"}, nil
	})
}

// Cancel calls a meeting off with a reason; those told about it are told
// it is cancelled.
func (s *Service) Cancel(ctx context.Context, id, reason string) error {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return fieldErr("reason", "required", "取消会议须说明理由")
	case utf8.RuneCountInString(reason) > maxReasonRunes:
		return fieldErr("reason", "too_long", "理由不超过 500 个字")
	}
	return s.mutate(ctx, id, authz.OrgLifeManage, open, func(tx *db.Tx, m *meeting) (change, error) {
		if _, err := tx.ExecContext(ctx, "UPDATE meetings SET state = ?, cancel_reason = ?, version = version + 1 WHERE id = ?",
			StateCancelled, reason, m.ID); err != nil {
			return change{}, err
		}
		if err := s.notify.Forget(ctx, tx, kindMeetingTomorrow, m.ID); err != nil {
			return change{}, err
		}
		if m.NotifiedAt > 0 {
			list, err := attendees(ctx, tx, m.ID)
			if err != nil {
				return change{}, err
			}
			if _, err := s.notify.Send(ctx, tx, notify.Message{Key: "meeting:" + m.ID + ":cancelled",
				Kind: kindMeetingChanged, SubjectID: m.ID, SenderOrgID: m.OrgID, Title: "会议取消：" + m.title(),
				Body: "原定于 " + m.when() + " 召开的会议已取消。原因：" + reason, Link: link(m.ID),
				To: recipients(*m, list, nil)}); err != nil {
				return change{}, err
			}
		}
		return change{Action: "meeting.cancel", Event: "cancelled", Detail: "取消会议：" + reason,
			Before: auditView(*m), After: map[string]string{"state": StateCancelled, "reason": reason}}, nil
	})
}
