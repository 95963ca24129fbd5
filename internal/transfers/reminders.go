package transfers

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// lapseKind is the reminder before a 介绍信 runs out while the transfer is
// still open (the member has not reported, or the 回执 has not come back).
const lapseKind = "transfer_lapse"

// remindHour is when reminders fire (Asia/Shanghai): working hours.
const remindHour = 9

type lapsePayload struct {
	ValidUntil string `json:"valid_until"`
}

// scheduleLapse reminds the officers 7 days before the letter's last valid
// day; closing the transfer forgets it (decide).
func (s *Service) scheduleLapse(ctx context.Context, q db.Querier, t *Transfer) error {
	end, err := time.ParseInLocation(clock.DateLayout, t.ValidUntil, clock.Shanghai)
	if err != nil {
		return err
	}
	at := end.AddDate(0, 0, -lapseWarnDays).Add(remindHour * time.Hour)
	return s.notify.Remind(ctx, q, lapseKind, t.ID, at, lapsePayload{ValidUntil: t.ValidUntil})
}

// composeLapse writes the reminder from the transfer as it is when it
// fires: one closed meanwhile gets nothing. The sending org's officers
// hear of it, and the receiving branch's too for an internal transfer.
func (s *Service) composeLapse(ctx context.Context, id string, raw json.RawMessage) ([]notify.Message, error) {
	var p lapsePayload
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	t, err := loadTransfer(ctx, s.db, id, "")
	if db.IsNoRows(err) || (err == nil && (!t.open() || t.ValidUntil != p.ValidUntil)) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	to := []string{t.FromOrgID}
	waiting := "党员尚未到接收党组织报到"
	if t.Kind == KindInternal {
		to = append(to, t.ToOrgID)
	} else {
		waiting = "尚未收到回执"
	}
	days := daysBetween(s.today(), t.ValidUntil)
	body := fmt.Sprintf("%s同志的组织关系介绍信（%s，转往「%s」）有效期至%s（还有 %d 天），%s。请督促党员按期报到，逾期须重新开具。",
		t.MemberName, t.LetterNo, t.ToOrgName, clock.ChineseDate(t.ValidUntil), days, waiting)
	title := "组织关系介绍信即将到期：" + t.MemberName
	if days < 0 {
		title = "组织关系介绍信已过期：" + t.MemberName
		body = fmt.Sprintf("%s同志的组织关系介绍信（%s，转往「%s」）已于%s过期，%s。过期的介绍信不能再办理接收或回执，请与党员联系，撤销后重新开具。",
			t.MemberName, t.LetterNo, t.ToOrgName, clock.ChineseDate(t.ValidUntil), waiting)
	}
	return []notify.Message{{
		Key: lapseKind + ":" + t.ID + ":" + t.ValidUntil, Kind: lapseKind, SubjectID: t.ID, SenderOrgID: t.FromOrgID,
		Title: title, Body: body, Link: "/transfers/" + t.ID,
		Params: map[string]string{"member": t.MemberName, "date": t.ValidUntil}, ToOfficersOf: to,
	}}, nil
}

func daysBetween(from, to string) int {
	a, _ := time.Parse(clock.DateLayout, from)
	b, _ := time.Parse(clock.DateLayout, to)
	return int(b.Sub(a).Hours() / 24)
}
