package transfers

import (
	"context"
	"fmt"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// apply carries out action a on the member, inside tx, and returns the
// note of the transfer's history line. Only accept moves the member; only
// confirm takes them off the platform; return and cancel leave them where
// they are and say so in their history.
func (s *Service) apply(ctx context.Context, tx *db.Tx, t *Transfer, a action, d Decision, today string) (string, error) {
	switch a.step {
	case stepAccepted:
		if err := s.stillThere(ctx, tx, t); err != nil {
			return "", err
		}
		reason := fmt.Sprintf("组织关系转接（介绍信 %s）：由「%s」转入「%s」", t.LetterNo, t.FromOrgName, t.ToOrgName)
		if err := s.dir.Relocate(ctx, tx, t.MemberID, t.ToOrgID, reason); err != nil {
			return "", err
		}
		return "", s.endMobileOf(ctx, tx, t.MemberID, today, "组织关系已转入「"+t.ToOrgName+"」")
	case stepReturned:
		t.ReturnReason = d.Reason
		detail := fmt.Sprintf("「%s」退回组织关系转接（介绍信 %s），组织关系仍在「%s」", t.ToOrgName, t.LetterNo, t.FromOrgName)
		return d.Reason, s.dir.Note(ctx, tx, t.MemberID, "transfer_returned", today, detail, d.Reason)
	case stepCancelled:
		detail := fmt.Sprintf("撤销组织关系转接（介绍信 %s），组织关系仍在「%s」", t.LetterNo, t.FromOrgName)
		return d.Reason, s.dir.Note(ctx, tx, t.MemberID, "transfer_cancelled", today, detail, d.Reason)
	}
	if err := s.stillThere(ctx, tx, t); err != nil {
		return "", err
	}
	note := "回执日期 " + d.ReportedOn
	if d.Note != "" {
		note += "；" + d.Note
	}
	detail := fmt.Sprintf("组织关系转往「%s」（介绍信 %s），已收到回执", t.ToOrgName, t.LetterNo)
	if err := s.dir.TransferOut(ctx, tx, t.MemberID, d.ReportedOn, detail); err != nil {
		return "", err
	}
	return note, s.endMobileOf(ctx, tx, t.MemberID, d.ReportedOn, "组织关系已转出")
}

// stillThere refuses to complete a transfer whose member has meanwhile left
// the sending branch (moved by other means, or left the Party), or whose
// receiving branch has been dissolved: the sending org should cancel it.
func (s *Service) stillThere(ctx context.Context, tx *db.Tx, t *Transfer) error {
	m, err := s.dir.Member(ctx, tx, t.MemberID)
	if err != nil && !db.IsNoRows(err) {
		return err
	}
	if err != nil || !m.Active || m.OrgID != t.FromOrgID {
		return httpx.Conflict("member_changed", "该党员的组织关系已发生变动（已调整或已不在册），本次转接不能办结，请由转出党组织撤销")
	}
	if t.ToOrgID == "" {
		return nil
	}
	to, err := s.dir.Org(ctx, tx, t.ToOrgID)
	if err != nil && !db.IsNoRows(err) {
		return err
	}
	if err != nil || !to.Active {
		return httpx.Conflict("receiver_dissolved", "接收党组织已撤销，不能接收，请由转出党组织撤销后重新转接")
	}
	return nil
}

// detail is one transfer with its history, as of today.
func (s *Service) detail(ctx context.Context, id string) (*Transfer, error) {
	t, err := loadTransfer(ctx, s.db, id, "")
	if err != nil {
		return nil, err
	}
	if t.History, err = history(ctx, s.db, id); err != nil {
		return nil, err
	}
	return t.shown(s.today()), nil
}
