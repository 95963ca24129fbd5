package notices

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/notify"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/outbox"
)

// edits are the fields a publisher sets on a notice (absent = unchanged).
type edits struct {
	Title             *string   `json:"title"`
	BodyHTML          *string   `json:"body_html"`
	AttachmentIDs     *[]string `json:"attachment_ids"`
	Audience          *Audience `json:"audience"`
	IncludeFutureOrgs *bool     `json:"include_future_orgs"`
	AckRequired       *bool     `json:"ack_required"`
	SMS               *bool     `json:"sms"`
	PublishAt         *string   `json:"publish_at"`
	ExpiresAt         *string   `json:"expires_at"`
	Pinned            *bool     `json:"pinned"`
}

// NewNotice is the body of POST /api/v1/notices.
type NewNotice struct {
	OrgID string `json:"org_id"`
	Draft bool   `json:"draft"` // save without publishing
	edits
}

// Patch is the body of PATCH /api/v1/notices/{id}. org_id and draft are
// accepted so a client may send its whole form back: the org cannot change,
// and publishing is POST .../publish.
type Patch struct {
	Version int     `json:"version"`
	OrgID   *string `json:"org_id"`
	Draft   *bool   `json:"draft"`
	edits
}

var (
	errVersion   = httpx.Conflict("version_conflict", "通知已被他人修改，请刷新后重试")
	errWithdrawn = httpx.Conflict("notice_withdrawn", "该通知已撤回")
	errPublished = httpx.Conflict("notice_published", "通知已发布，不能修改内容（可置顶、调整截止时间或撤回）")
)

// apply copies the edits onto n, checking each field, and returns the
// labels of the content fields that changed (pinning and the end time are
// not content: they may change after publication).
func (s *Service) apply(n *notice, e edits, fe *httpx.Fields) []string {
	var changed []string
	if e.Title != nil {
		t := strings.TrimSpace(*e.Title)
		switch {
		case t == "":
			fe.Add("title", "required", "请填写标题")
		case utf8.RuneCountInString(t) > maxTitleRunes:
			fe.Add("title", "too_long", fmt.Sprintf("标题不能超过 %d 字", maxTitleRunes))
		}
		if t != n.Title {
			n.Title, changed = t, append(changed, "标题")
		}
	}
	if e.BodyHTML != nil {
		body := ""
		if len(*e.BodyHTML) > maxBodyBytes {
			fe.Add("body_html", "too_long", "正文不能超过 200 KB（图片请作为附件上传）")
		} else {
			body = strings.TrimSpace(s.Sanitize(*e.BodyHTML))
		}
		if body != n.BodyHTML {
			n.BodyHTML, changed = body, append(changed, "正文")
		}
	}
	if e.AttachmentIDs != nil {
		list := uniq(*e.AttachmentIDs)
		if len(list) > maxAttachments {
			fe.Add("attachment_ids", "too_many", fmt.Sprintf("附件不能超过 %d 个", maxAttachments))
		}
		if !slices.Equal(list, n.Attachments) {
			n.Attachments, changed = list, append(changed, "附件")
		}
	}
	if e.Audience != nil {
		a := e.Audience.normalized()
		for i, p := range a.Positions {
			if t := positionTitle(p); t != "" {
				a.Positions[i] = t // codes and titles compare alike
			}
		}
		a.Positions = uniq(a.Positions)
		if !a.equal(n.Audience) {
			n.Audience, changed = a, append(changed, "发送范围")
		}
	}
	flag := func(p *bool, dst *bool, label string) {
		if p != nil && *p != *dst {
			*dst, changed = *p, append(changed, label)
		}
	}
	flag(e.IncludeFutureOrgs, &n.IncludeFutureOrgs, "含今后新建的下级组织")
	flag(e.AckRequired, &n.AckRequired, "回执")
	flag(e.SMS, &n.SMS, "短信通知")
	if e.PublishAt != nil {
		at, ok := clock.ParseMillis(*e.PublishAt)
		if !ok {
			fe.Add("publish_at", "invalid", "发布时间格式不正确")
		}
		if at != n.PublishAt {
			n.PublishAt, changed = at, append(changed, "发布时间")
		}
	}
	if e.ExpiresAt != nil {
		at, ok := clock.ParseMillis(*e.ExpiresAt)
		if !ok {
			fe.Add("expires_at", "invalid", "截止时间格式不正确")
		}
		n.ExpiresAt = at
	}
	if e.Pinned != nil {
		n.Pinned = *e.Pinned
	}
	return changed
}

// checkExpiry checks the end time comes after the publication (the actual
// one once published, else the planned one or now).
func checkExpiry(n notice, now int64, fe *httpx.Fields) {
	if n.ExpiresAt == 0 {
		return
	}
	base := n.PublishedAt
	if base == 0 {
		base = max(n.PublishAt, now)
	}
	if n.ExpiresAt <= base {
		fe.Add("expires_at", "before_publish", "截止时间须晚于发布时间")
	}
}

// plan decides what publishing n now does: schedule it for its publish_at,
// or publish it at once (a publish_at in the past means now).
func plan(n *notice, now int64) {
	if n.PublishAt > now {
		n.State = StateScheduled
		return
	}
	n.State, n.PublishAt, n.PublishedAt = StatePublished, now, now
}

// enter does what entering n's state needs, inside tx: a scheduled notice
// gets its publication job, a published one its fan-out.
func (s *Service) enter(ctx context.Context, tx *db.Tx, n notice, orgName string) error {
	switch n.State {
	case StateScheduled:
		if err := jobs.Cancel(ctx, tx, publishJob, n.ID); err != nil {
			return err
		}
		if _, err := jobs.Enqueue(ctx, tx, publishJob, n.ID, map[string]string{"notice": n.ID}, time.UnixMilli(n.PublishAt)); err != nil {
			return err
		}
		return s.record(ctx, tx, n, "scheduled", "定时于 "+clock.LocalMinute(n.PublishAt)+" 发布", nil, auditView(n))
	case StatePublished:
		if err := jobs.Cancel(ctx, tx, publishJob, n.ID); err != nil {
			return err
		}
		if err := s.startFanout(ctx, tx, n, orgName); err != nil {
			return err
		}
		return s.record(ctx, tx, n, "published", "发布通知《"+n.Title+"》", nil, auditView(n))
	}
	return nil
}

// message is the copy of n every recipient gets.
func message(n notice, orgName string) notify.Message {
	m := notify.Message{Key: "notice:" + n.ID, Kind: kindNotice, SubjectID: n.ID, SenderOrgID: n.OrgID,
		Title: n.Title, Link: "/notices/" + n.ID, AckRequired: n.AckRequired, Tally: true,
		Params: map[string]string{"title": n.Title, "org": orgName}}
	if n.SMS {
		m.Channels = []string{notify.SMS}
	}
	return m
}

// startFanout sends n to its audience through the message center, in tx.
func (s *Service) startFanout(ctx context.Context, tx *db.Tx, n notice, orgName string) error {
	a := notify.Audience{Subtrees: n.Audience.Subtrees, Positions: n.Audience.Positions, Members: n.Audience.Members}
	if len(a.Positions) > 0 {
		a.Within = n.OrgID
	}
	_, err := s.notify.StartFanout(ctx, tx, notify.Fanout{Message: message(n, orgName), Audience: a})
	if errors.Is(err, notify.ErrFanoutExists) {
		return nil // already under way (a retried publication)
	}
	return err
}

// record appends to the notice's history, the audit log and the outbox, all
// in the caller's transaction.
func (s *Service) record(ctx context.Context, tx *db.Tx, n notice, kind, detail string, before, after any) error {
	now := s.clk.Now()
	// seq orders the entries of one transaction (created, then published).
	if _, err := tx.ExecContext(ctx, `INSERT INTO notice_events (id, notice_id, kind, at, actor_name, detail, seq)
		VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(e.seq), 0) + 1 FROM notice_events e WHERE e.notice_id = ?))`,
		ids.At(now), n.ID, kind, ms(now), authz.ActorName(ctx, systemActorName), detail, n.ID); err != nil {
		return err
	}
	if err := audit.RecordAt(ctx, tx, now, audit.Entry{Action: "notice." + kind, TargetType: "notice",
		TargetID: n.ID, Before: before, After: after, ActorName: auditActor(ctx)}); err != nil {
		return err
	}
	return outbox.EmitAt(ctx, tx, now, outbox.Event{Type: "notice." + kind, SubjectID: n.ID, OrgPath: n.OrgPath,
		Payload: map[string]any{"org_id": n.OrgID, "title": n.Title, "state": n.State, "detail": detail}})
}

// auditView is a notice as the audit log keeps it: everything but the body,
// which is fingerprinted (the log must not grow by 200 KB per edit).
func auditView(n notice) map[string]any {
	sum := sha256.Sum256([]byte(n.BodyHTML))
	return map[string]any{"org_id": n.OrgID, "title": n.Title, "state": n.State, "audience": n.Audience,
		"include_future_orgs": n.IncludeFutureOrgs, "ack_required": n.AckRequired, "sms": n.SMS,
		"publish_at": n.PublishAt, "expires_at": n.ExpiresAt, "pinned": n.Pinned, "attachments": n.Attachments,
		"body_sha256": hex.EncodeToString(sum[:]), "body_bytes": len(n.BodyHTML),
		"withdraw_reason": n.WithdrawReason, "version": n.Version}
}

// Create saves a new notice of org and, unless it is a draft, publishes or
// schedules it. The caller checked NoticePublish at org.
func (s *Service) Create(ctx context.Context, org OrgRef, req NewNotice, createdBy string) (notice, error) {
	now := s.clk.Now()
	n := notice{ID: ids.At(now), OrgID: org.ID, OrgPath: org.Path, State: StateDraft, CreatedBy: createdBy,
		CreatedByName: authz.ActorName(ctx, systemActorName), CreatedAt: ms(now), UpdatedAt: ms(now), Version: 1,
		Audience: Audience{}.normalized(), Attachments: []string{}}
	var fe httpx.Fields
	if req.Title == nil {
		fe.Add("title", "required", "请填写标题")
	}
	s.apply(&n, req.edits, &fe)
	aud, err := s.checkAudience(ctx, org, n.Audience, !req.Draft, &fe)
	if err != nil {
		return n, err
	}
	n.Audience = aud
	checkExpiry(n, ms(now), &fe)
	if err := fe.Err(); err != nil {
		return n, err
	}
	if !req.Draft {
		plan(&n, ms(now))
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := insertNotice(ctx, tx, n); err != nil {
			return err
		}
		if err := s.setAttachments(ctx, tx, n); err != nil {
			return files.AttachErr(err, "attachment_ids")
		}
		if err := setTargets(ctx, tx, n); err != nil {
			return err
		}
		if err := s.record(ctx, tx, n, "created", "起草通知《"+n.Title+"》", nil, auditView(n)); err != nil {
			return err
		}
		return s.enter(ctx, tx, n, org.Name)
	})
	return n, err
}

// Update applies a publisher's edit at version. Content may change only
// before publication; pinning and the end time until withdrawal.
func (s *Service) Update(ctx context.Context, org OrgRef, id string, req Patch) (notice, error) {
	if req.Version <= 0 {
		var fe httpx.Fields
		fe.Add("version", "required", "缺少版本号，请刷新后重试")
		return notice{}, fe.Err()
	}
	var out notice
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := ms(s.clk.Now())
		cur, err := loadNotice(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Version != req.Version {
			return errVersion
		}
		next := cur.clone()
		var fe httpx.Fields
		if req.OrgID != nil && *req.OrgID != cur.OrgID {
			fe.Add("org_id", "immutable", "不能更改发布通知的组织")
		}
		changed := s.apply(&next, req.edits, &fe)
		pinChanged, expChanged := next.Pinned != cur.Pinned, next.ExpiresAt != cur.ExpiresAt
		out = cur
		if len(changed) == 0 && !pinChanged && !expChanged {
			return fe.Err()
		}
		switch {
		case cur.State == StateWithdrawn:
			return httpx.Conflict("notice_withdrawn", "该通知已撤回，不能修改")
		case cur.State == StatePublished && len(changed) > 0:
			return errPublished
		}
		if slices.Contains(changed, "发送范围") || cur.State == StateScheduled {
			if next.Audience, err = s.checkAudience(ctx, org, next.Audience, cur.State == StateScheduled, &fe); err != nil {
				return err
			}
		}
		if cur.State == StateScheduled && next.PublishAt <= now {
			fe.Add("publish_at", "past", "定时发布时间须晚于当前时间（立即发布请点“发布”）")
		}
		if expChanged || slices.Contains(changed, "发布时间") {
			checkExpiry(next, now, &fe)
		}
		if err := fe.Err(); err != nil {
			return err
		}
		next.Version, next.UpdatedAt = cur.Version+1, now
		if err := updated(updateNotice(ctx, tx, next, cur.Version)); err != nil {
			return err
		}
		if slices.Contains(changed, "附件") {
			if err := s.setAttachments(ctx, tx, next); err != nil {
				return files.AttachErr(err, "attachment_ids")
			}
		}
		if slices.Contains(changed, "发送范围") {
			if err := setTargets(ctx, tx, next); err != nil {
				return err
			}
		}
		if cur.State == StateScheduled && next.PublishAt != cur.PublishAt {
			if err := jobs.Reschedule(ctx, tx, publishJob, next.ID, time.UnixMilli(next.PublishAt)); errors.Is(err, jobs.ErrNotFound) {
				_, err = jobs.Enqueue(ctx, tx, publishJob, next.ID, map[string]string{"notice": next.ID}, time.UnixMilli(next.PublishAt))
				if err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
		}
		if len(changed) > 0 {
			if err := s.record(ctx, tx, next, "edited", "修改了"+strings.Join(changed, "、"), auditView(cur), auditView(next)); err != nil {
				return err
			}
		}
		if pinChanged {
			kind, detail := "pinned", "置顶"
			if !next.Pinned {
				kind, detail = "unpinned", "取消置顶"
			}
			if err := s.record(ctx, tx, next, kind, detail, map[string]any{"pinned": cur.Pinned}, map[string]any{"pinned": next.Pinned}); err != nil {
				return err
			}
		}
		if expChanged {
			detail := "取消截止时间"
			if next.ExpiresAt > 0 {
				detail = "截止时间改为 " + clock.LocalMinute(next.ExpiresAt)
			}
			if err := s.record(ctx, tx, next, "expiry_changed", detail, map[string]any{"expires_at": cur.ExpiresAt},
				map[string]any{"expires_at": next.ExpiresAt}); err != nil {
				return err
			}
		}
		out = next
		return nil
	})
	return out, err
}

// updated turns a lost optimistic update into the version conflict.
func updated(ok bool, err error) error {
	if err == nil && !ok {
		return errVersion
	}
	return err
}

// Publish sends a draft (or schedules it, when its publish_at is ahead), or
// publishes a scheduled notice at once.
func (s *Service) Publish(ctx context.Context, org OrgRef, id string) (notice, error) {
	var out notice
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := ms(s.clk.Now())
		cur, err := loadNotice(ctx, tx, id)
		if err != nil {
			return err
		}
		switch cur.State {
		case StatePublished:
			return httpx.Conflict("already_published", "该通知已发布")
		case StateWithdrawn:
			return errWithdrawn
		}
		next := cur.clone()
		if cur.State == StateScheduled {
			next.PublishAt = 0 // 立即发布
		}
		var fe httpx.Fields
		if next.Audience, err = s.checkAudience(ctx, org, next.Audience, true, &fe); err != nil {
			return err
		}
		if strings.TrimSpace(next.Title) == "" {
			fe.Add("title", "required", "请填写标题")
		}
		checkExpiry(next, now, &fe)
		if err := fe.Err(); err != nil {
			return err
		}
		plan(&next, now)
		next.Version, next.UpdatedAt = cur.Version+1, now
		if err := updated(updateNotice(ctx, tx, next, cur.Version)); err != nil {
			return err
		}
		out = next
		return s.enter(ctx, tx, next, org.Name)
	})
	return out, err
}

// runPublish publishes a scheduled notice when its time comes. A notice
// that was published, withdrawn or moved meanwhile is left alone (its job
// was cancelled or moved in the same transaction anyway).
func (s *Service) runPublish(ctx context.Context, j jobs.Job) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		now := ms(s.clk.Now())
		cur, err := loadNotice(ctx, tx, j.Key)
		if db.IsNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if cur.State != StateScheduled {
			return nil
		}
		if cur.PublishAt > now {
			return fmt.Errorf("notices: %s is not due until %s", cur.ID, clock.LocalMinute(cur.PublishAt))
		}
		org, err := s.orgOf(ctx, cur)
		if err != nil {
			return err
		}
		next := cur.clone()
		plan(&next, now)
		next.Version, next.UpdatedAt = cur.Version+1, now
		if err := updated(updateNotice(ctx, tx, next, cur.Version)); err != nil {
			return err
		}
		return s.enter(ctx, tx, next, org.Name)
	})
}

// Withdraw takes a notice back (撤回): it leaves every inbox, a pending
// publication or fan-out stops, and the notice stays, marked, in the
// publisher's list and history.
func (s *Service) Withdraw(ctx context.Context, id, reason string) (notice, error) {
	reason = strings.TrimSpace(reason)
	var fe httpx.Fields
	switch {
	case reason == "":
		fe.Add("reason", "required", "请填写撤回原因")
	case utf8.RuneCountInString(reason) > maxReasonRunes:
		fe.Add("reason", "too_long", fmt.Sprintf("撤回原因不能超过 %d 字", maxReasonRunes))
	}
	if err := fe.Err(); err != nil {
		return notice{}, err
	}
	var out notice
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := ms(s.clk.Now())
		cur, err := loadNotice(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.State == StateWithdrawn {
			return httpx.Conflict("already_withdrawn", "该通知已撤回")
		}
		next := cur.clone()
		next.State, next.WithdrawnAt, next.WithdrawReason = StateWithdrawn, now, reason
		next.Version, next.UpdatedAt = cur.Version+1, now
		if err := updated(updateNotice(ctx, tx, next, cur.Version)); err != nil {
			return err
		}
		if err := jobs.Cancel(ctx, tx, publishJob, id); err != nil {
			return err
		}
		if cur.PublishedAt > 0 {
			if err := s.notify.Withdraw(ctx, tx, id); err != nil {
				return err
			}
		}
		out = next
		return s.record(ctx, tx, next, "withdrawn", "撤回："+reason, auditView(cur), auditView(next))
	})
	return out, err
}

// Remind sends the one reminder a notice may have to its recipients who
// have not read it yet.
func (s *Service) Remind(ctx context.Context, org OrgRef, id string) (notice, error) {
	var out notice
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := ms(s.clk.Now())
		cur, err := loadNotice(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case cur.State == StateWithdrawn:
			return errWithdrawn
		case cur.State != StatePublished:
			return httpx.Conflict("notice_not_published", "通知尚未发布，不能提醒")
		case cur.expired(now):
			return httpx.Conflict("notice_expired", "通知已过截止时间，不能提醒")
		case cur.RemindedAt > 0:
			return alreadyReminded(cur.RemindedAt)
		}
		m := notify.Message{Key: "notice-reminder:" + id, Kind: kindReminder, SubjectID: id, SenderOrgID: cur.OrgID,
			Title: "提醒：请阅读《" + cur.Title + "》", Link: "/notices/" + id,
			Params: map[string]string{"title": cur.Title, "org": org.Name}}
		if cur.SMS {
			m.Channels = []string{notify.SMS}
		}
		if _, err := s.notify.StartFanout(ctx, tx, notify.Fanout{Message: m, RemindUnread: kindNotice}); err != nil {
			if errors.Is(err, notify.ErrFanoutExists) {
				return alreadyReminded(0)
			}
			return err
		}
		next := cur.clone()
		next.RemindedAt, next.Version, next.UpdatedAt = now, cur.Version+1, now
		if err := updated(updateNotice(ctx, tx, next, cur.Version)); err != nil {
			return err
		}
		out = next
		return s.record(ctx, tx, next, "reminded", "提醒未读的党员阅读", nil, map[string]any{"reminded_at": now})
	})
	return out, err
}

func alreadyReminded(at int64) error {
	msg := "每条通知只能提醒一次"
	if at > 0 {
		msg += "，已于 " + clock.LocalMinute(at) + " 提醒"
	}
	return httpx.Conflict("already_reminded", msg)
}
