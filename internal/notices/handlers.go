package notices

import (
	"context"
	"net/http"
	"strings"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/timeline"
)

// Routes registers the notices API.
func (s *Service) Routes(rt *httpx.Router) {
	rt.Handle("GET /api/v1/notices", authz.NoticeRead, "通知公告列表", s.handleList)
	rt.Handle("POST /api/v1/notices", authz.NoticePublish, "新建通知（存草稿、定时或立即发布）", s.handleCreate)
	rt.Handle("POST /api/v1/notices/attachments", authz.NoticePublish, "上传通知附件", s.handleUpload)
	rt.Handle("GET /api/v1/notices/{id}", authz.NoticeRead, "通知详情", s.handleGet)
	rt.Handle("PATCH /api/v1/notices/{id}", authz.NoticePublish, "修改通知", s.handleUpdate)
	rt.Handle("POST /api/v1/notices/{id}/publish", authz.NoticePublish, "发布通知", s.handlePublish)
	rt.Handle("POST /api/v1/notices/{id}/withdraw", authz.NoticePublish, "撤回通知", s.handleWithdraw)
	rt.Handle("POST /api/v1/notices/{id}/remind", authz.NoticePublish, "提醒未读人员（每条通知一次）", s.handleRemind)
	rt.Handle("GET /api/v1/notices/{id}/receipts", authz.NoticeRead, "通知阅读与回执统计", s.handleReceipts)
	rt.Handle("GET /api/v1/notices/{id}/receipts/people", authz.NoticeRead, "通知阅读与回执名单", s.handleReceiptPeople)
	rt.Handle("GET /api/v1/notices/{id}/history", authz.NoticeRead, "通知操作记录", s.handleHistory)
	rt.Handle("GET /api/v1/notices/{id}/attachments/{file_id}", authz.SignedIn, "下载通知附件", s.handleDownload)
	rt.Handle("GET /api/v1/my/notices/{id}", authz.SignedIn, "阅读发给我的通知", s.handleMine)
	rt.Handle("POST /api/v1/my/notices/{id}/ack", authz.SignedIn, "确认收到通知（回执）", s.handleAck)
}

// scoped loads the notice named by the path and checks perm at its org;
// anything outside the caller's scope is not found.
func (s *Service) scoped(r *http.Request, perm authz.Perm) (notice, error) {
	n, err := loadNotice(r.Context(), s.db, r.PathValue("id"))
	if db.IsNoRows(err) || (err == nil && !authz.From(r.Context()).Can(perm, n.OrgPath)) {
		return notice{}, httpx.NotFound()
	}
	return n, err
}

// orgOf is the publishing org of n as it is now.
func (s *Service) orgOf(ctx context.Context, n notice) (OrgRef, error) {
	org, err := s.orgs.Get(ctx, n.OrgID)
	if db.IsNoRows(err) {
		return OrgRef{ID: n.OrgID, Path: n.OrgPath}, nil
	}
	return org, err
}

// scopedOrg loads an org given in a request and checks perm there.
func (s *Service) scopedOrg(r *http.Request, perm authz.Perm, id string) (OrgRef, error) {
	org, err := s.orgs.Get(r.Context(), id)
	if db.IsNoRows(err) || (err == nil && !authz.From(r.Context()).Can(perm, org.Path)) {
		return OrgRef{}, httpx.NotFound()
	}
	return org, err
}

func (s *Service) writeView(w http.ResponseWriter, r *http.Request, n notice, status int) error {
	v, err := s.view(r.Context(), n)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, status, v)
}

// listStates are the states the list can be narrowed to, as conditions.
var listStates = map[string]string{
	StateDraft:     "state = 'draft'",
	StateScheduled: "state = 'scheduled'",
	StatePublished: "state = 'published' AND (expires_at = 0 OR expires_at > ?)",
	StateExpired:   "state = 'published' AND expires_at > 0 AND expires_at <= ?",
	StateWithdrawn: "state = 'withdrawn'",
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := authz.From(ctx)
	q := r.URL.Query()
	pg, err := httpx.PageOf(r)
	if err != nil {
		return err
	}
	var a db.Args
	if orgID := q.Get("org_id"); orgID != "" {
		org, err := s.scopedOrg(r, authz.NoticeRead, orgID)
		if err != nil {
			return err
		}
		a.Add("org_path >= ? AND org_path < ?", org.Path, db.PrefixEnd(org.Path))
	} else {
		scopes := p.Scopes(authz.NoticeRead)
		if len(scopes) == 0 {
			return httpx.WriteJSON(w, http.StatusOK, httpx.List[Summary]{Items: []Summary{}, Page: pg.Page, PageSize: pg.Size})
		}
		conds := make([]string, len(scopes))
		var vals []any
		for i, path := range scopes {
			conds[i] = "(org_path >= ? AND org_path < ?)"
			vals = append(vals, path, db.PrefixEnd(path))
		}
		a.Add("("+strings.Join(conds, " OR ")+")", vals...)
	}
	now := ms(s.clk.Now())
	if st := q.Get("state"); st != "" {
		cond, ok := listStates[st]
		if !ok {
			var fe httpx.Fields
			fe.Add("state", "invalid", "状态应为 draft、scheduled、published、expired 或 withdrawn")
			return fe.Err()
		}
		if strings.Contains(cond, "?") {
			a.Add(cond, now)
		} else {
			a.Add(cond)
		}
	}
	if text := strings.TrimSpace(q.Get("q")); text != "" {
		a.Add(`LOWER(title) LIKE ? ESCAPE '\'`, db.Contains(strings.ToLower(text)))
	}
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM notices"+a.Where(), a.Values()...).Scan(&total); err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+noticeColumns+" FROM notices"+a.Where()+
		" ORDER BY pinned DESC, CASE WHEN publish_at > 0 THEN publish_at ELSE created_at END DESC, id DESC LIMIT ? OFFSET ?",
		append(a.Values(), pg.Size, pg.Offset())...)
	if err != nil {
		return err
	}
	var list []notice
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			rows.Close()
			return err
		}
		list = append(list, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	orgIDs := make([]string, len(list))
	for i, n := range list {
		orgIDs[i] = n.OrgID
	}
	names, err := s.orgs.Names(ctx, uniq(orgIDs))
	if err != nil {
		return err
	}
	items := make([]Summary, 0, len(list))
	for _, n := range list {
		v, err := s.summary(ctx, n, names[n.OrgID], now)
		if err != nil {
			return err
		}
		items = append(items, v)
	}
	return httpx.WriteJSON(w, http.StatusOK, httpx.List[Summary]{Items: items, Total: total, Page: pg.Page, PageSize: pg.Size})
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	n, err := s.scoped(r, authz.NoticeRead)
	if err != nil {
		return err
	}
	return s.writeView(w, r, n, http.StatusOK)
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) error {
	var req NewNotice
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.OrgID == "" {
		var fe httpx.Fields
		fe.Add("org_id", "required", "请选择发布通知的组织")
		return fe.Err()
	}
	org, err := s.scopedOrg(r, authz.NoticePublish, req.OrgID)
	if err != nil {
		return err
	}
	n, err := s.Create(r.Context(), org, req, authz.From(r.Context()).AccountID)
	if err != nil {
		return err
	}
	return s.writeView(w, r, n, http.StatusCreated)
}

// publisherAction runs do, a publisher's change to the notice named by the
// path, and answers with the notice as it is afterwards.
func (s *Service) publisherAction(w http.ResponseWriter, r *http.Request,
	do func(ctx context.Context, org OrgRef, id string) (notice, error)) error {
	n, err := s.scoped(r, authz.NoticePublish)
	if err != nil {
		return err
	}
	org, err := s.orgOf(r.Context(), n)
	if err != nil {
		return err
	}
	if n, err = do(r.Context(), org, n.ID); err != nil {
		return err
	}
	return s.writeView(w, r, n, http.StatusOK)
}

func (s *Service) handleUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.publisherAction(w, r, func(ctx context.Context, org OrgRef, id string) (notice, error) {
		var req Patch
		if err := httpx.DecodeJSON(r, &req); err != nil {
			return notice{}, err
		}
		return s.Update(ctx, org, id, req)
	})
}

func (s *Service) handlePublish(w http.ResponseWriter, r *http.Request) error {
	return s.publisherAction(w, r, s.Publish)
}

func (s *Service) handleWithdraw(w http.ResponseWriter, r *http.Request) error {
	n, err := s.scoped(r, authz.NoticePublish)
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	if n, err = s.Withdraw(r.Context(), n.ID, req.Reason); err != nil {
		return err
	}
	return s.writeView(w, r, n, http.StatusOK)
}

func (s *Service) handleRemind(w http.ResponseWriter, r *http.Request) error {
	return s.publisherAction(w, r, s.Remind)
}

func (s *Service) handleHistory(w http.ResponseWriter, r *http.Request) error {
	n, err := s.scoped(r, authz.NoticeRead)
	if err != nil {
		return err
	}
	items, err := timeline.Read(r.Context(), s.db, `SELECT id, kind, at, actor_name, detail FROM notice_events
		WHERE notice_id = ? ORDER BY seq DESC LIMIT 500`, n.ID)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}
