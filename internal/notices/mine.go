package notices

import (
	"context"
	"net/http"

	"dangjian/internal/notify"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
)

// MyNotice is a notice as its recipient reads it.
type MyNotice struct {
	ID          string       `json:"id"`
	OrgName     string       `json:"org_name"`
	Title       string       `json:"title"`
	BodyHTML    string       `json:"body_html"`
	Attachments []files.Info `json:"attachments"`
	PublishAt   string       `json:"publish_at"`
	ExpiresAt   string       `json:"expires_at"`
	Expired     bool         `json:"expired"`
	AckRequired bool         `json:"ack_required"`
	ReadAt      string       `json:"read_at"`
	AckedAt     string       `json:"acked_at"`
	MessageID   string       `json:"message_id"`
}

func errGone() error {
	return &httpx.Error{Status: http.StatusGone, Code: "notice_withdrawn", Detail: "该通知已撤回"}
}

// received loads a notice for its recipient: the caller may open it exactly
// when the message center holds their copy. A notice withdrawn after it
// went out answers 410 (its copies are hidden; nothing of it is shown);
// anything else the caller did not receive is not found.
func (s *Service) received(r *http.Request) (notice, notify.InboxItem, error) {
	ctx := r.Context()
	n, err := loadNotice(ctx, s.db, r.PathValue("id"))
	if db.IsNoRows(err) {
		return n, notify.InboxItem{}, httpx.NotFound()
	}
	if err != nil {
		return n, notify.InboxItem{}, err
	}
	if n.State == StateWithdrawn && n.PublishedAt > 0 {
		return n, notify.InboxItem{}, errGone()
	}
	it, err := s.notify.Received(ctx, notify.Addressee(authz.From(ctx)), kindNotice, n.ID)
	if db.IsNoRows(err) {
		return n, it, httpx.NotFound()
	}
	return n, it, err
}

func (s *Service) handleMine(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	n, it, err := s.received(r)
	if err != nil {
		return err
	}
	if it.ReadAt == "" {
		now := s.clk.Now()
		if err := s.notify.MarkRead(ctx, notify.Addressee(authz.From(ctx)), it.ID); err != nil {
			return err
		}
		it.ReadAt = clock.Stamp(ms(now))
	}
	v, err := s.myView(ctx, n, it)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}

func (s *Service) myView(ctx context.Context, n notice, it notify.InboxItem) (MyNotice, error) {
	names, err := s.orgs.Names(ctx, []string{n.OrgID})
	if err != nil {
		return MyNotice{}, err
	}
	atts, err := s.attachmentInfos(ctx, n)
	if err != nil {
		return MyNotice{}, err
	}
	return MyNotice{ID: n.ID, OrgName: names[n.OrgID], Title: n.Title, BodyHTML: n.BodyHTML, Attachments: atts,
		PublishAt: clock.Stamp(n.PublishedAt), ExpiresAt: clock.Stamp(n.ExpiresAt), Expired: n.expired(ms(s.clk.Now())),
		AckRequired: it.AckRequired, ReadAt: it.ReadAt, AckedAt: it.AckedAt, MessageID: it.ID}, nil
}

func (s *Service) handleAck(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	_, it, err := s.received(r)
	if err != nil {
		return err
	}
	if !it.AckRequired {
		return httpx.Conflict("ack_not_required", "该通知不需要回执")
	}
	if err := s.notify.Ack(ctx, notify.Addressee(authz.From(ctx)), it.ID); err != nil {
		return err
	}
	return httpx.NoContent(w)
}
