package transfers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/pii"
)

// A mobile member (流动党员) is away for a while but keeps their record in
// their home branch, which is never changed here; the local organization,
// when on the platform, sees them as flowing in. Locally they may join
// activities and pay dues, but have no vote there.
const (
	mobileActive = "active"
	mobileEnded  = "ended"

	// localRights is shown with every mobile record (教育管理条例).
	localRights = "无表决权、不能参加选举（在流入地）"

	// fieldContact binds the sealed contact number to its column.
	fieldContact = "transfers.mobile_contact"
)

var mobileStateLabels = map[string]string{mobileActive: "流动中", mobileEnded: "已结束"}

// Mobile is one mobile record as the API shows it.
type Mobile struct {
	ID            string `json:"id"`
	MemberID      string `json:"member_id"`
	MemberName    string `json:"member_name"`
	OrgID         string `json:"org_id"`
	OrgName       string `json:"org_name"`
	Whereabouts   string `json:"whereabouts"`
	Reason        string `json:"reason"`
	CertificateNo string `json:"certificate_no"`
	LocalOrgID    string `json:"local_org_id"`
	LocalOrgName  string `json:"local_org_name"`
	Contact       string `json:"contact"` // masked; in full only on the member's own GET /my/mobile
	Since         string `json:"since"`
	Until         string `json:"until"`
	EndedOn       string `json:"ended_on"`
	EndNote       string `json:"end_note"`
	State         string `json:"state"`
	StateLabel    string `json:"state_label"`
	LocalRights   string `json:"local_rights"`
	CreatedBy     string `json:"created_by"`
	CreatedAt     string `json:"created_at"`

	orgPath, localPath, contactSealed string
	createdAt                         int64
}

// MobileRequest registers a member of the org's subtree as mobile.
type MobileRequest struct {
	MemberID      string `json:"member_id"`
	Whereabouts   string `json:"whereabouts"` // 流入地
	Reason        string `json:"reason"`
	CertificateNo string `json:"certificate_no"` // 流动党员活动证
	LocalOrgID    string `json:"local_org_id"`   // the local organization, on the platform
	LocalOrgName  string `json:"local_org_name"` // or elsewhere
	Contact       string `json:"contact"`        // mobile phone while away
	Since         string `json:"since"`
	Until         string `json:"until"` // expected return
}

// registerMobile records a member of orgID's subtree (TransferManage there)
// as mobile. A member has at most one active record.
func (s *Service) registerMobile(ctx context.Context, orgID string, req MobileRequest) (*Mobile, error) {
	now := s.clk.Now()
	var mb *Mobile
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		org, err := s.scopedOrg(ctx, tx, orgID, authz.TransferManage)
		if err != nil {
			return err
		}
		m, local, err := s.checkMobile(ctx, tx, org, &req)
		if err != nil {
			return err
		}
		if cur, err := activeMobileOf(ctx, tx, m.ID); err != nil || cur != nil {
			return mobileConflict(err, cur)
		}
		names, err := s.dir.Names(ctx, tx, []string{m.OrgID})
		if err != nil {
			return err
		}
		mb = &Mobile{ID: ids.At(now), MemberID: m.ID, MemberName: m.Name, OrgID: m.OrgID, OrgName: names[m.OrgID],
			orgPath: m.OrgPath, Whereabouts: req.Whereabouts, Reason: req.Reason, CertificateNo: req.CertificateNo,
			LocalOrgID: local.ID, LocalOrgName: req.LocalOrgName, localPath: local.Path, Since: req.Since,
			Until: req.Until, State: mobileActive, CreatedBy: authz.ActorName(ctx, "系统"), createdAt: now.UnixMilli()}
		if local.ID != "" {
			mb.LocalOrgName = local.Name
		}
		if err := s.sealContact(mb, req.Contact); err != nil {
			return err
		}
		if err := insertMobile(ctx, tx, mb); err != nil {
			return mobileConflict(err, nil)
		}
		detail := fmt.Sprintf("外出流动至%s（流入地党组织：%s）", mb.Whereabouts, orNone(mb.LocalOrgName))
		if err := s.dir.Note(ctx, tx, m.ID, "mobile_started", mb.Since, detail, mb.Reason); err != nil {
			return err
		}
		return recordMobile(ctx, tx, now, mb, "mobile.start", "mobile.started")
	})
	if err != nil {
		return nil, err
	}
	return shownMobile(mb), nil
}

// checkMobile validates a registration against the org of the request.
func (s *Service) checkMobile(ctx context.Context, q db.Querier, org OrgRef, req *MobileRequest) (MemberRef, OrgRef, error) {
	var fe httpx.Fields
	for _, f := range []*string{&req.Whereabouts, &req.Reason, &req.CertificateNo, &req.LocalOrgName, &req.Contact} {
		*f = strings.TrimSpace(*f)
	}
	m, err := s.dir.Member(ctx, q, req.MemberID)
	switch {
	case db.IsNoRows(err) || (err == nil && (!m.Active || !strings.HasPrefix(m.OrgPath, org.Path))):
		fe.Add("member_id", "not_in_scope", "该党员不在本组织（含下级组织）中")
	case err != nil:
		return m, OrgRef{}, err
	}
	checkText(&fe, "whereabouts", "流入地", req.Whereabouts, 100, true)
	checkText(&fe, "reason", "外出原因", req.Reason, 200, false)
	checkText(&fe, "certificate_no", "流动党员活动证编号", req.CertificateNo, 50, false)
	checkText(&fe, "local_org_name", "流入地党组织名称", req.LocalOrgName, 100, false)
	today := s.today()
	checkDate(&fe, "since", "外出日期", req.Since, today, "")
	if _, err := time.Parse(clock.DateLayout, req.Until); req.Until != "" && (err != nil || req.Until < req.Since) {
		fe.Add("until", "invalid", "预计返回日期格式应为 YYYY-MM-DD，且不早于外出日期")
	}
	if req.Contact != "" {
		if err := pii.ValidatePhone(pii.NormalizePhone(req.Contact)); err != nil {
			fe.Add("contact", "invalid", "联系电话应为 11 位手机号")
		}
	}
	local, err := s.checkLocal(ctx, q, req, m, &fe)
	if err != nil {
		return m, local, err
	}
	return m, local, fe.Err()
}

// checkLocal checks the local organization: on the platform (active, not
// the member's own branch) or named, not both.
func (s *Service) checkLocal(ctx context.Context, q db.Querier, req *MobileRequest, m MemberRef, fe *httpx.Fields) (OrgRef, error) {
	if req.LocalOrgID == "" {
		return OrgRef{}, nil
	}
	if req.LocalOrgName != "" {
		fe.Add("local_org_name", "not_allowed", "已选择系统内的流入地党组织，无需再填写名称")
	}
	local, err := s.dir.Org(ctx, q, req.LocalOrgID)
	switch {
	case db.IsNoRows(err):
		fe.Add("local_org_id", "unknown", "流入地党组织不存在")
	case err != nil:
		return local, err
	case !local.Active:
		fe.Add("local_org_id", "dissolved", "流入地党组织已撤销")
	case local.ID == m.OrgID:
		fe.Add("local_org_id", "same_branch", "流入地党组织不能是党员所在的党支部")
	}
	return local, nil
}

// sealContact stores the contact number sealed, with its mask for lists.
func (s *Service) sealContact(mb *Mobile, contact string) error {
	if contact == "" {
		return nil
	}
	contact = pii.NormalizePhone(contact)
	sealed, err := s.prot.Seal(fieldContact, contact)
	mb.contactSealed, mb.Contact = sealed, pii.MaskPhone(contact)
	return err
}

func orNone(s string) string {
	if s == "" {
		return "未定"
	}
	return s
}
