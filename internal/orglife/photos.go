package orglife

import (
	"context"
	"strings"
	"sync"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
)

// photoOwner is the file owner kind of a check-in photo; its owner ID is
// "<meeting>:<member>".
const photoOwner = "checkin_photo"

// photoPurgeEvery is how often the runner's tick looks for expired photos.
const photoPurgeEvery = time.Hour

// photoHolders reports which attendees of a meeting have a check-in photo.
func photoHolders(ctx context.Context, q db.Querier, meetingID string) (map[string]bool, error) {
	ids, err := db.StringColumn(ctx, q, "SELECT member_id FROM checkin_photos WHERE meeting_id = ?", meetingID)
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// ownPhotoUpload checks that fileID is an image the caller uploaded.
func (s *Service) ownPhotoUpload(ctx context.Context, fileID string) error {
	f, err := s.files.Get(ctx, fileID)
	p := authz.From(ctx)
	if db.IsNoRows(err) || (err == nil && (p == nil || f.CreatedBy != p.AccountID || !strings.HasPrefix(f.ContentType, "image/"))) {
		return fieldErr("photo_file_id", "not_found", "照片不存在或已过期，请重新拍照")
	}
	return err
}

// savePhoto attaches the uploaded photo to the member's check-in, kept for
// the days the meeting's organization set (checkin.photo_days).
func (s *Service) savePhoto(ctx context.Context, tx *db.Tx, m meeting, memberID, fileID string) error {
	if err := s.files.Attach(ctx, tx, []string{fileID}, photoOwner, m.ID+":"+memberID); err != nil {
		return fieldErr("photo_file_id", "not_found", "照片不存在或已过期，请重新拍照")
	}
	vals, err := catalog.Resolve(ctx, tx, m.OrgPath)
	if err != nil {
		return err
	}
	expires := s.clk.Now().Add(time.Duration(vals.Int("checkin.photo_days")) * 24 * time.Hour)
	// A new photo replaces the one of an earlier, unconfirmed check-in.
	if _, err := deletePhotos(ctx, tx, "meeting_id = ? AND member_id = ? AND file_id <> ?", m.ID, memberID, fileID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO checkin_photos (meeting_id, member_id, file_id, expires_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (meeting_id, member_id) DO UPDATE SET expires_at = excluded.expires_at`, m.ID, memberID, fileID, ms(expires))
	return err
}

// deletePhotos removes the check-in photos matching cond (a fixed
// condition on checkin_photos), their files first, and says how many went.
// The files go for good, not back to temporary uploads: a photo is
// sensitive personal information (SECURITY.md), deleted when its period
// ends or its consent is withdrawn.
func deletePhotos(ctx context.Context, tx *db.Tx, cond string, args ...any) (int64, error) {
	fileIDs, err := db.StringColumn(ctx, tx, "SELECT file_id FROM checkin_photos WHERE "+cond, args...)
	if err != nil {
		return 0, err
	}
	if err := files.Delete(ctx, tx, fileIDs); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, "DELETE FROM checkin_photos WHERE "+cond, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// PurgeExpiredPhotos deletes the check-in photos whose retention period
// has ended, and audits how many went.
func (s *Service) PurgeExpiredPhotos(ctx context.Context) (int, error) {
	now := s.clk.Now()
	var n int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if n, err = deletePhotos(ctx, tx, "expires_at <= ?", ms(now)); err != nil || n == 0 {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "meeting.photo_purge", TargetType: "checkin_photo",
			After: map[string]any{"removed": n}, ActorName: systemActorName})
	})
	return int(n), err
}

// photoPurgeTick is the runner's tick that purges expired photos, at most
// once an hour per process (the DELETE is idempotent, so several instances
// may each run it).
func (s *Service) photoPurgeTick() func(ctx context.Context) error {
	var mu sync.Mutex
	var last time.Time
	return func(ctx context.Context) error {
		now := s.clk.Now()
		mu.Lock()
		due := last.IsZero() || now.Sub(last) >= photoPurgeEvery
		if due {
			last = now
		}
		mu.Unlock()
		if !due {
			return nil
		}
		_, err := s.PurgeExpiredPhotos(ctx)
		return err
	}
}
