package notices

import (
	"context"
	"encoding/json"
	"slices"

	"dangjian/internal/platform/db"
)

// Audience is who a notice goes to: the union of whole subtrees (org IDs),
// holders of positions inside the publishing org's subtree (titles such as
// 书记), and chosen members.
type Audience struct {
	Subtrees  []string `json:"subtrees"`
	Positions []string `json:"positions"`
	Members   []string `json:"members"`
}

// Empty reports whether the audience names nobody.
func (a Audience) Empty() bool {
	return len(a.Subtrees) == 0 && len(a.Positions) == 0 && len(a.Members) == 0
}

// normalized has no nil lists (so JSON shows []) and no repeats.
func (a Audience) normalized() Audience {
	return Audience{Subtrees: uniq(a.Subtrees), Positions: uniq(a.Positions), Members: uniq(a.Members)}
}

func (a Audience) equal(b Audience) bool {
	return slices.Equal(a.Subtrees, b.Subtrees) && slices.Equal(a.Positions, b.Positions) &&
		slices.Equal(a.Members, b.Members)
}

func uniq(list []string) []string {
	out := []string{}
	for _, s := range list {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// notice is a stored notice. Times are Unix milliseconds, 0 for none.
type notice struct {
	ID                string
	OrgID             string
	OrgPath           string
	Title             string
	BodyHTML          string
	Audience          Audience
	IncludeFutureOrgs bool
	AckRequired       bool
	SMS               bool
	PublishAt         int64 // planned (draft, scheduled) or actual publication
	PublishedAt       int64 // when it went out; 0 if it never did
	ExpiresAt         int64
	Pinned            bool
	State             string
	WithdrawnAt       int64
	WithdrawReason    string
	RemindedAt        int64
	CreatedBy         string
	CreatedByName     string
	CreatedAt         int64
	UpdatedAt         int64
	Version           int
	Attachments       []string // file IDs, in order
}

// expired reports whether a published notice is past its end.
func (n notice) expired(now int64) bool {
	return n.State == StatePublished && n.ExpiresAt > 0 && n.ExpiresAt <= now
}

// displayState is the state shown: stored, or "expired".
func (n notice) displayState(now int64) string {
	if n.expired(now) {
		return StateExpired
	}
	return n.State
}

// clone copies n with its own slices.
func (n notice) clone() notice {
	c := n
	c.Audience = Audience{Subtrees: slices.Clone(n.Audience.Subtrees), Positions: slices.Clone(n.Audience.Positions),
		Members: slices.Clone(n.Audience.Members)}
	c.Attachments = slices.Clone(n.Attachments)
	return c
}

const noticeColumns = `id, org_id, org_path, title, body_html, audience, include_future_orgs, ack_required, sms,
	publish_at, published_at, expires_at, pinned, state, withdrawn_at, withdraw_reason, reminded_at,
	created_by, created_by_name, created_at, updated_at, version`

func scanNotice(sc interface{ Scan(...any) error }) (notice, error) {
	var n notice
	var aud string
	var future, ack, sms, pinned int
	err := sc.Scan(&n.ID, &n.OrgID, &n.OrgPath, &n.Title, &n.BodyHTML, &aud, &future, &ack, &sms,
		&n.PublishAt, &n.PublishedAt, &n.ExpiresAt, &pinned, &n.State, &n.WithdrawnAt, &n.WithdrawReason,
		&n.RemindedAt, &n.CreatedBy, &n.CreatedByName, &n.CreatedAt, &n.UpdatedAt, &n.Version)
	if err != nil {
		return n, err
	}
	n.IncludeFutureOrgs, n.AckRequired, n.SMS, n.Pinned = future == 1, ack == 1, sms == 1, pinned == 1
	if err := json.Unmarshal([]byte(aud), &n.Audience); err != nil {
		return n, err
	}
	n.Audience = n.Audience.normalized()
	return n, nil
}

// loadNotice reads a notice with its attachments (db.ErrNoRows when
// unknown).
func loadNotice(ctx context.Context, q db.Querier, id string) (notice, error) {
	n, err := scanNotice(q.QueryRowContext(ctx, "SELECT "+noticeColumns+" FROM notices WHERE id = ?", id))
	if err != nil {
		return n, err
	}
	rows, err := q.QueryContext(ctx, "SELECT file_id FROM notice_attachments WHERE notice_id = ? ORDER BY position", id)
	if err != nil {
		return n, err
	}
	defer rows.Close()
	n.Attachments = []string{}
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return n, err
		}
		n.Attachments = append(n.Attachments, f)
	}
	return n, rows.Err()
}

func insertNotice(ctx context.Context, q db.Querier, n notice) error {
	aud, err := json.Marshal(n.Audience.normalized())
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO notices (`+noticeColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.ID, n.OrgID, n.OrgPath, n.Title, n.BodyHTML, string(aud), boolInt(n.IncludeFutureOrgs),
		boolInt(n.AckRequired), boolInt(n.SMS), n.PublishAt, n.PublishedAt, n.ExpiresAt, boolInt(n.Pinned),
		n.State, n.WithdrawnAt, n.WithdrawReason, n.RemindedAt, n.CreatedBy, n.CreatedByName, n.CreatedAt,
		n.UpdatedAt, n.Version)
	return err
}

// updateNotice writes n over the stored row if it is still at version;
// ok is false when someone else changed it meanwhile. n.Version must
// already be the new version.
func updateNotice(ctx context.Context, q db.Querier, n notice, version int) (ok bool, err error) {
	aud, err := json.Marshal(n.Audience.normalized())
	if err != nil {
		return false, err
	}
	res, err := q.ExecContext(ctx, `UPDATE notices SET title = ?, body_html = ?, audience = ?, include_future_orgs = ?,
		ack_required = ?, sms = ?, publish_at = ?, published_at = ?, expires_at = ?, pinned = ?, state = ?,
		withdrawn_at = ?, withdraw_reason = ?, reminded_at = ?, updated_at = ?, version = ?
		WHERE id = ? AND version = ?`,
		n.Title, n.BodyHTML, string(aud), boolInt(n.IncludeFutureOrgs), boolInt(n.AckRequired), boolInt(n.SMS),
		n.PublishAt, n.PublishedAt, n.ExpiresAt, boolInt(n.Pinned), n.State, n.WithdrawnAt, n.WithdrawReason,
		n.RemindedAt, n.UpdatedAt, n.Version, n.ID, version)
	if err != nil {
		return false, err
	}
	k, err := res.RowsAffected()
	return k == 1, err
}

// setAttachments makes the notice's attachment list n.Attachments: the
// files are attached to it, and files dropped from the list become
// temporary again (purged later).
func (s *Service) setAttachments(ctx context.Context, tx *db.Tx, n notice) error {
	if err := s.files.Attach(ctx, tx, n.Attachments, fileOwner, n.ID); err != nil {
		return err
	}
	if err := s.files.Release(ctx, tx, fileOwner, n.ID, n.Attachments); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM notice_attachments WHERE notice_id = ?", n.ID); err != nil {
		return err
	}
	if len(n.Attachments) == 0 {
		return nil
	}
	args := make([]any, 0, 3*len(n.Attachments))
	for i, f := range n.Attachments {
		args = append(args, n.ID, f, i)
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO notice_attachments (notice_id, file_id, position) VALUES "+
		db.Rows(len(n.Attachments), 3), args...)
	return err
}

// setTargets indexes the notice's audience subtrees for late joiners.
func setTargets(ctx context.Context, q db.Querier, n notice) error {
	if _, err := q.ExecContext(ctx, "DELETE FROM notice_targets WHERE notice_id = ?", n.ID); err != nil {
		return err
	}
	if len(n.Audience.Subtrees) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(n.Audience.Subtrees))
	for _, org := range n.Audience.Subtrees {
		args = append(args, org, n.ID)
	}
	_, err := q.ExecContext(ctx, "INSERT INTO notice_targets (org_id, notice_id) VALUES "+
		db.Rows(len(n.Audience.Subtrees), 2), args...)
	return err
}
