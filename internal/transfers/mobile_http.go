package transfers

import (
	"context"
	"net/http"
	"strings"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

func (s *Service) mobileRoutes(rt *httpx.Router) {
	rt.Handle("GET /api/v1/orgs/{id}/mobile-members", authz.TransferRead, "流动党员（流出/流入本组织）", s.handleMobileList)
	rt.Handle("POST /api/v1/orgs/{id}/mobile-members", authz.TransferManage, "登记流动党员", s.handleMobileRegister)
	rt.Handle("POST /api/v1/mobile-members/{mid}/end", authz.TransferManage, "结束流动", s.handleMobileEnd)
	rt.Handle("GET /api/v1/my/mobile", authz.SignedIn, "本人的流动党员登记", s.handleMyMobile)
}

func (s *Service) handleMobileRegister(w http.ResponseWriter, r *http.Request) error {
	var req MobileRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	mb, err := s.registerMobile(r.Context(), r.PathValue("id"), req)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, mb)
}

// handleMobileList lists the mobile members of the org's subtree
// (direction=out, the default) or those registered to it as their local
// organization (direction=in); state=active (default), ended or all.
func (s *Service) handleMobileList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, s.db, r.PathValue("id"), authz.TransferRead)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var fe httpx.Fields
	col := "org_path"
	switch q.Get("direction") {
	case "", "out":
	case "in":
		col = "local_org_path"
	default:
		fe.Add("direction", "invalid", "方向应为 out（流出）或 in（流入）")
	}
	var a db.Args
	a.Add(col+" >= ? AND "+col+" < ?", org.Path, db.PrefixEnd(org.Path))
	switch st := q.Get("state"); st {
	case "", mobileActive:
		a.Add("state = ?", mobileActive)
	case mobileEnded:
		a.Add("state = ?", mobileEnded)
	case "all":
	default:
		fe.Add("state", "invalid", "状态应为 active（流动中）、ended（已结束）或 all")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	list, err := mobiles(ctx, s.db, a.Where(), a.Values()...)
	if err != nil {
		return err
	}
	if err := s.showAll(ctx, list); err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
}

// showAll names the home branches and fills the labels.
func (s *Service) showAll(ctx context.Context, list []*Mobile) error {
	orgIDs := make([]string, len(list))
	for i, mb := range list {
		orgIDs[i] = mb.OrgID
	}
	names, err := s.dir.Names(ctx, s.db, orgIDs)
	if err != nil {
		return err
	}
	for _, mb := range list {
		mb.OrgName = names[mb.OrgID]
		shownMobile(mb)
	}
	return nil
}

// handleMobileEnd ends a mobile record: the home organization's business
// (the local one sees it, but 403); 404 for anyone who cannot see it.
func (s *Service) handleMobileEnd(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var b struct {
		On   string `json:"on"`
		Note string `json:"note"`
	}
	if err := httpx.DecodeOptionalJSON(r, &b); err != nil {
		return err
	}
	var mb *Mobile
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		mb, err = loadMobile(ctx, tx, r.PathValue("mid"), tx.ForUpdate())
		if db.IsNoRows(err) || (err == nil && !may(ctx, authz.TransferRead, mb.orgPath) && !may(ctx, authz.TransferRead, mb.localPath)) {
			return httpx.NotFound()
		}
		if err != nil {
			return err
		}
		if !may(ctx, authz.TransferManage, mb.orgPath) {
			return httpx.Forbidden("须由党员所在党组织办理")
		}
		if mb.State != mobileActive {
			return httpx.Conflict("mobile_ended", "该流动党员登记已结束")
		}
		return s.endMobile(ctx, tx, mb, b.On, strings.TrimSpace(b.Note))
	})
	if err != nil {
		return err
	}
	if err := s.showAll(ctx, []*Mobile{mb}); err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, mb)
}

// endMobile validates the end date (today when left out) and note, then ends mb.
func (s *Service) endMobile(ctx context.Context, tx *db.Tx, mb *Mobile, on, note string) error {
	if on == "" {
		on = s.today()
	}
	var fe httpx.Fields
	checkDate(&fe, "on", "结束日期", on, s.today(), mb.Since)
	checkText(&fe, "note", "备注", note, 200, false)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.finishMobile(ctx, tx, mb, on, note)
}

// handleMyMobile answers the signed-in member's active record, or null,
// with their own contact number in full (the only place it is); an account
// that is no member has no such record (404, as /me/member).
func (s *Service) handleMyMobile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := authz.From(ctx)
	if p == nil || p.MemberID == "" {
		return httpx.NotFound()
	}
	mb, err := activeMobileOf(ctx, s.db, p.MemberID)
	if err != nil || mb == nil {
		if err != nil {
			return err
		}
		return httpx.WriteJSON(w, http.StatusOK, nil)
	}
	if err := s.showAll(ctx, []*Mobile{mb}); err != nil {
		return err
	}
	if err := s.ownContact(mb); err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, mb)
}
