package notify

import (
	"context"
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Routes registers the message center's API: every account's inbox, its
// channel preferences, and the senders' delivery log and SMS budget.
func (s *Service) Routes(rt *httpx.Router) {
	rt.Handle("GET /api/v1/inbox", authz.SignedIn, "我的消息", s.handleInbox)
	rt.Handle("GET /api/v1/inbox/unread-count", authz.SignedIn, "未读消息数", s.handleUnread)
	rt.Handle("POST /api/v1/inbox/{id}/read", authz.SignedIn, "标为已读", s.handleRead)
	rt.Handle("POST /api/v1/inbox/{id}/ack", authz.SignedIn, "确认收到（回执）", s.handleAck)
	rt.Handle("POST /api/v1/inbox/read-all", authz.SignedIn, "全部标为已读", s.handleReadAll)
	s.channelRoutes(rt)
}

func me(r *http.Request) string { return Addressee(authz.From(r.Context())) }

func (s *Service) handleInbox(w http.ResponseWriter, r *http.Request) error {
	pg, err := httpx.PageOf(r)
	if err != nil {
		return err
	}
	items, total, err := s.Inbox(r.Context(), me(r), r.URL.Query().Get("unread") == "1", pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, httpx.List[InboxItem]{Items: items, Total: total, Page: pg.Page, PageSize: pg.Size})
}

func (s *Service) handleUnread(w http.ResponseWriter, r *http.Request) error {
	n, err := s.Unread(r.Context(), me(r))
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]int{"count": n})
}

func (s *Service) handleRead(w http.ResponseWriter, r *http.Request) error {
	return s.markOwn(w, r, s.MarkRead)
}

func (s *Service) handleAck(w http.ResponseWriter, r *http.Request) error {
	it, err := s.Item(r.Context(), me(r), r.PathValue("id"))
	if err == nil && !it.AckRequired {
		return httpx.Conflict("ack_not_required", "该消息不需要回执")
	}
	return s.markOwn(w, r, s.Ack)
}

// markOwn applies mark to one of the caller's messages; anyone else's is
// not found.
func (s *Service) markOwn(w http.ResponseWriter, r *http.Request, mark func(ctx context.Context, addressee, id string) error) error {
	id := r.PathValue("id")
	if _, err := s.Item(r.Context(), me(r), id); db.IsNoRows(err) {
		return httpx.NotFound()
	} else if err != nil {
		return err
	}
	if err := mark(r.Context(), me(r), id); err != nil {
		return err
	}
	return httpx.NoContent(w)
}

func (s *Service) handleReadAll(w http.ResponseWriter, r *http.Request) error {
	n, err := s.MarkAllRead(r.Context(), me(r))
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]int{"count": n})
}
