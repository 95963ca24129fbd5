package transfers

import (
	"context"
	"fmt"
	"strings"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// IncomingRequest registers a member who reports to a branch with a letter
// from an organization elsewhere: the letter's particulars and the member's
// details as the letter and their file give them.
type IncomingRequest struct {
	LetterNo    string `json:"letter_no"`
	FromOrgName string `json:"from_org_name"`
	IssuedOn    string `json:"issued_on"`
	Person
}

// incoming registers the member in the branch orgID (TransferManage there)
// and records the transfer as accepted, in one transaction: the member
// exists exactly when the transfer does.
func (s *Service) incoming(ctx context.Context, orgID string, req IncomingRequest) (*Transfer, error) {
	now, today := s.clk.Now(), s.today()
	req.LetterNo, req.FromOrgName = strings.TrimSpace(req.LetterNo), strings.TrimSpace(req.FromOrgName)
	var fe httpx.Fields
	checkText(&fe, "letter_no", "介绍信编号", req.LetterNo, 50, true)
	checkText(&fe, "from_org_name", "转出党组织名称", req.FromOrgName, 100, true)
	checkDate(&fe, "issued_on", "介绍信开具日期", req.IssuedOn, today, "")
	var t *Transfer
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		branch, err := s.scopedOrg(ctx, tx, orgID, authz.TransferManage)
		if err != nil {
			return err
		}
		if branch.Kind != "branch" || !branch.Active {
			return httpx.Conflict("not_a_branch", "从系统外转入的党员须由接收的党支部登记")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		note := fmt.Sprintf("组织关系由「%s」转入（介绍信 %s，开具日期 %s）", req.FromOrgName, req.LetterNo, req.IssuedOn)
		memberID, err := s.dir.Register(ctx, tx, branch.ID, req.Person, note)
		if err != nil {
			return err
		}
		m, err := s.dir.Member(ctx, tx, memberID) // as registered (normalized)
		if err != nil {
			return err
		}
		t = &Transfer{ID: ids.At(now), Kind: KindIncoming, State: StateAccepted, MemberID: m.ID,
			MemberName: m.Name, MemberStatus: m.Status, idMasked: m.IDMasked,
			FromOrgName: req.FromOrgName, ToOrgID: branch.ID, ToOrgName: branch.Name, toPath: branch.Path,
			LetterNo: req.LetterNo, IssuedOn: req.IssuedOn, ActorName: authz.ActorName(ctx, "系统"), createdAt: now.UnixMilli(),
			DecidedBy: authz.ActorName(ctx, "系统"), decidedAt: now.UnixMilli()}
		if err := insertTransfer(ctx, tx, t); err != nil {
			return err
		}
		return s.record(ctx, tx, now, t, recorded{step: stepRegistered, note: note, action: "transfer.register",
			event: "transfer.registered", eventPath: t.toPath})
	})
	if err != nil {
		return nil, err
	}
	return s.detail(ctx, t.ID)
}
