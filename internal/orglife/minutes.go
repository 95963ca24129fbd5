package orglife

import (
	"context"
	"strings"
	"unicode/utf8"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
)

// fileOwner is the owner kind of files attached to minutes.
const fileOwner = "meeting"

// maxAttachments bounds the photos and documents of one meeting.
const maxAttachments = 30

// MinutesDraft is what the recorder writes.
type MinutesDraft struct {
	Recorder      string   `json:"recorder"`
	Content       string   `json:"content"`
	Decisions     string   `json:"decisions"`
	AttachmentIDs []string `json:"attachment_ids"`
	Version       int      `json:"version"`
}

// SaveMinutes writes the minutes of a meeting not yet finalized.
func (s *Service) SaveMinutes(ctx context.Context, meetingID string, d MinutesDraft) error {
	d.Recorder, d.Content, d.Decisions = strings.TrimSpace(d.Recorder), strings.TrimSpace(d.Content), strings.TrimSpace(d.Decisions)
	var fe httpx.Fields
	if utf8.RuneCountInString(d.Recorder) > 50 {
		fe.Add("recorder", "too_long", "记录人不超过 50 个字")
	}
	for field, text := range map[string]string{"content": d.Content, "decisions": d.Decisions} {
		if utf8.RuneCountInString(text) > maxTextRunes {
			fe.Add(field, "too_long", "会议记录每项不超过 20000 个字")
		}
	}
	if len(d.AttachmentIDs) > maxAttachments {
		fe.Add("attachment_ids", "too_many", "附件不超过 30 个")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.mutate(ctx, meetingID, authz.OrgLifeManage, open, func(tx *db.Tx, m *meeting) (change, error) {
		if d.Version != 0 && d.Version != m.Version {
			return change{}, httpx.Conflict("version_conflict", "会议记录已被他人修改，请刷新后重试")
		}
		if err := s.attach(ctx, tx, m.ID, d.AttachmentIDs); err != nil {
			return change{}, files.AttachErr(err, "attachment_ids")
		}
		_, err := tx.ExecContext(ctx, `UPDATE meetings SET recorder = ?, content = ?, decisions = ?, minutes_at = ?,
			version = version + 1 WHERE id = ?`, d.Recorder, d.Content, d.Decisions, ms(s.clk.Now()), m.ID)
		return change{Action: "meeting.minutes", Event: "minutes", Detail: "保存会议记录",
			Before: map[string]int{"content_chars": utf8.RuneCountInString(m.Content)},
			After:  map[string]any{"content_chars": utf8.RuneCountInString(d.Content), "attachments": len(d.AttachmentIDs)}}, err
	})
}

// attach makes exactly list the meeting's attachments, in that order.
func (s *Service) attach(ctx context.Context, tx *db.Tx, meetingID string, list []string) error {
	if err := s.files.Attach(ctx, tx, list, fileOwner, meetingID); err != nil {
		return err
	}
	if err := s.files.Release(ctx, tx, fileOwner, meetingID, list); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM meeting_attachments WHERE meeting_id = ?", meetingID); err != nil {
		return err
	}
	for i, id := range list {
		if _, err := tx.ExecContext(ctx, "INSERT INTO meeting_attachments (meeting_id, file_id, position) VALUES (?, ?, ?)",
			meetingID, id, i); err != nil {
			return err
		}
	}
	return nil
}

func attachmentIDs(ctx context.Context, q db.Querier, meetingID string) ([]string, error) {
	return db.StringColumn(ctx, q, "SELECT file_id FROM meeting_attachments WHERE meeting_id = ? ORDER BY position", meetingID)
}
