package notify

import (
	"context"
	"net/http"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// channelRoutes registers the external-channel API: a member's own
// preferences, an organization's delivery log and its SMS budget.
func (s *Service) channelRoutes(rt *httpx.Router) {
	rt.Handle("GET /api/v1/me/notify-prefs", authz.SignedIn, "本人的通知偏好（短信、邮件、免打扰）", s.handleGetPrefs)
	rt.Handle("PUT /api/v1/me/notify-prefs", authz.SignedIn, "修改本人的通知偏好", s.handlePutPrefs)
	rt.Handle("GET /api/v1/orgs/{id}/deliveries", authz.NoticeRead, "本组织发出的短信与邮件记录", s.handleDeliveries)
	rt.Handle("GET /api/v1/orgs/{id}/sms-budget", authz.NoticeRead, "本组织每日短信额度与今日用量", s.handleGetBudget)
	rt.Handle("PUT /api/v1/orgs/{id}/sms-budget", authz.NoticePublish, "设置本组织每日短信额度", s.handlePutBudget)
}

func (s *Service) handleGetPrefs(w http.ResponseWriter, r *http.Request) error {
	p, err := loadPrefs(r.Context(), s.db, Addressee(authz.From(r.Context())))
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, s.view(p))
}

func (s *Service) handlePutPrefs(w http.ResponseWriter, r *http.Request) error {
	var in prefsInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	who := Addressee(authz.From(ctx))
	var next prefs
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		cur, err := loadPrefs(ctx, tx, who)
		if err != nil {
			return err
		}
		if next, err = s.apply(in, cur); err != nil {
			return err
		}
		now := s.clk.Now()
		if err := savePrefs(ctx, tx, who, next, ms(now)); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "notify.prefs", TargetType: "notify_prefs",
			TargetID: who, Before: auditView(cur), After: auditView(next)})
	})
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, s.view(next))
}

// scopedOrg checks perm at the organization named by the path; an unknown
// organization and one outside the caller's scope are both not found.
func (s *Service) scopedOrg(r *http.Request, perm authz.Perm) (string, error) {
	id := r.PathValue("id")
	path, err := s.dir.OrgPath(r.Context(), id)
	if db.IsNoRows(err) || (err == nil && !authz.From(r.Context()).Can(perm, path)) {
		return "", httpx.NotFound()
	}
	return id, err
}

// DeliveryItem is one line of an organization's delivery log.
type DeliveryItem struct {
	ID            string `json:"id"`
	MessageID     string `json:"message_id"`
	SubjectID     string `json:"subject_id"`
	Channel       string `json:"channel"`
	RecipientID   string `json:"-"`
	RecipientName string `json:"recipient_name"`
	Title         string `json:"title"`
	State         string `json:"state"`
	StateLabel    string `json:"state_label"`
	Reason        string `json:"reason"`
	Detail        string `json:"detail"`
	Attempts      int    `json:"attempts"`
	CreatedAt     string `json:"created_at"`
	UpdatedAt     string `json:"updated_at"`
}

func (s *Service) handleDeliveries(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r, authz.NoticeRead)
	if err != nil {
		return err
	}
	pg, err := httpx.PageOf(r)
	if err != nil {
		return err
	}
	var fe httpx.Fields
	state, ch := r.URL.Query().Get("state"), r.URL.Query().Get("channel")
	if _, ok := stateLabels[state]; state != "" && !ok {
		fe.Add("state", "invalid", "状态应为 queued、sending、sent、deferred、failed 或 not_sent")
	}
	if ch != "" && ch != SMS && ch != Email {
		fe.Add("channel", "invalid", "渠道应为 sms 或 email")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	items, total, err := s.deliveries(r.Context(), org, state, ch, pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, httpx.List[DeliveryItem]{Items: items, Total: total, Page: pg.Page, PageSize: pg.Size})
}

// deliveries pages through the log of what orgID sent, newest first, with
// the recipients' names.
func (s *Service) deliveries(ctx context.Context, orgID, state, ch string, limit, offset int) ([]DeliveryItem, int, error) {
	var a db.Args
	a.Add("d.sender_org_id = ?", orgID)
	if state != "" {
		a.Add("d.state = ?", state)
	}
	if ch != "" {
		a.Add("d.channel = ?", ch)
	}
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM deliveries d"+a.Where(), a.Values()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT d.id, d.message_id, d.subject_id, d.channel, m.recipient, m.title,
		d.state, d.reason, d.detail, d.attempts, d.created_at, d.updated_at
		FROM deliveries d JOIN messages m ON m.id = d.message_id`+a.Where()+
		" ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?", append(a.Values(), limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	items := []DeliveryItem{}
	var who []string
	for rows.Next() {
		var it DeliveryItem
		var created, updated int64
		if err := rows.Scan(&it.ID, &it.MessageID, &it.SubjectID, &it.Channel, &it.RecipientID, &it.Title,
			&it.State, &it.Reason, &it.Detail, &it.Attempts, &created, &updated); err != nil {
			return nil, 0, err
		}
		it.StateLabel, it.CreatedAt, it.UpdatedAt = stateLabels[it.State], clock.Stamp(created), clock.Stamp(updated)
		items = append(items, it)
		who = append(who, it.RecipientID)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	names, err := s.dir.Names(ctx, who)
	for i := range items {
		items[i].RecipientName = names[items[i].RecipientID]
	}
	return items, total, err
}

func (s *Service) handleGetBudget(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r, authz.NoticeRead)
	if err != nil {
		return err
	}
	b, err := s.budget(r.Context(), s.db, org)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, b)
}

// handlePutBudget sets the organization's own daily figure; null or an
// absent "daily" returns it to the configured default.
func (s *Service) handlePutBudget(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r, authz.NoticePublish)
	if err != nil {
		return err
	}
	var in struct {
		Daily *int `json:"daily"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Daily != nil && (*in.Daily < 0 || *in.Daily > maxDailyBudget) {
		var fe httpx.Fields
		fe.Add("daily", "range", "每日短信额度应为 0 到 100000 之间的整数")
		return fe.Err()
	}
	ctx := r.Context()
	var after Budget
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.budget(ctx, tx, org)
		if err != nil {
			return err
		}
		if err := s.setBudget(ctx, tx, org, in.Daily); err != nil {
			return err
		}
		if after, err = s.budget(ctx, tx, org); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "notify.sms_budget", TargetType: "org",
			TargetID: org, Before: budgetAudit(before), After: budgetAudit(after)})
	})
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, after)
}

func budgetAudit(b Budget) map[string]any {
	return map[string]any{"daily": b.Daily, "inherited": b.Inherited}
}
