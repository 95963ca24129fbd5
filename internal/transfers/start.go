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
)

// StartRequest opens a transfer of a member of the org's subtree.
type StartRequest struct {
	MemberID      string `json:"member_id"`
	Kind          string `json:"kind"`        // internal | outgoing
	ToOrgID       string `json:"to_org_id"`   // internal: the receiving branch
	ToOrgName     string `json:"to_org_name"` // outgoing: the receiving organization elsewhere
	Reason        string `json:"reason"`
	DuesPaidUntil string `json:"dues_paid_until"` // "2026-11": 党费交到
}

// start issues the 介绍信 for a member of the subtree of orgID (the issuing
// org, where the caller needs TransferManage). The member stays in their
// branch until the receiving branch accepts.
func (s *Service) start(ctx context.Context, orgID string, req StartRequest) (*Transfer, error) {
	now, today := s.clk.Now(), clock.Today(s.clk)
	var t *Transfer
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		issuer, err := s.scopedOrg(ctx, tx, orgID, authz.TransferManage)
		if err != nil {
			return err
		}
		m, to, err := s.checkStart(ctx, tx, issuer, &req)
		if err != nil {
			return err
		}
		if open, err := openTransferOf(ctx, tx, m.ID); err != nil || open != nil {
			return openConflict(err, open)
		}
		names, err := s.dir.Names(ctx, tx, []string{m.OrgID})
		if err != nil {
			return err
		}
		t = &Transfer{ID: ids.At(now), Kind: req.Kind, State: StatePending, MemberID: m.ID, MemberName: m.Name,
			MemberStatus: m.Status, idMasked: m.IDMasked, FromOrgID: m.OrgID, FromOrgName: names[m.OrgID],
			fromPath: m.OrgPath, ToOrgID: to.ID, ToOrgName: to.Name, toPath: to.Path, issuerID: issuer.ID,
			issuerName: issuer.Name, IssuedOn: today.Format(clock.DateLayout), Reason: req.Reason,
			DuesPaidUntil: req.DuesPaidUntil, ActorName: authz.ActorName(ctx, "系统"), createdAt: now.UnixMilli()}
		if req.Kind == KindOutgoing {
			t.State, t.ToOrgName = StateIssued, req.ToOrgName
		}
		if err := s.issueLetter(ctx, tx, t, issuer, today); err != nil {
			return err
		}
		if err := insertTransfer(ctx, tx, t); err != nil {
			return openConflict(err, nil)
		}
		return s.recordStart(ctx, tx, now, t)
	})
	if err != nil {
		return nil, err
	}
	return s.detail(ctx, t.ID)
}

// recordStart writes the member's history, the transfer's own history,
// audit and event, and schedules the lapse reminder.
func (s *Service) recordStart(ctx context.Context, tx *db.Tx, now time.Time, t *Transfer) error {
	detail := fmt.Sprintf("开具组织关系介绍信（%s），转往「%s」", t.LetterNo, t.ToOrgName)
	if err := s.dir.Note(ctx, tx, t.MemberID, "transfer_started", t.IssuedOn, detail, t.Reason); err != nil {
		return err
	}
	err := s.record(ctx, tx, now, t, recorded{step: stepStarted, note: t.Reason, action: "transfer.start",
		event: "transfer.started", eventPath: t.fromPath})
	if err != nil {
		return err
	}
	return s.scheduleLapse(ctx, tx, t)
}

// issueLetter numbers the letter "{year}-{seq:04d}" in its issuing org and
// year and sets its validity. The counter row of (org, year) is bumped in one
// upsert that holds its row lock until tx ends (as dues numbers receipts),
// so concurrent issues never share a number.
func (s *Service) issueLetter(ctx context.Context, tx *db.Tx, t *Transfer, issuer OrgRef, today time.Time) error {
	months, err := validityMonths(ctx, tx, issuer.Path)
	if err != nil {
		return err
	}
	t.year = today.Year()
	if err := tx.QueryRowContext(ctx, `INSERT INTO transfer_letter_counters (org_id, year, next) VALUES (?, ?, 2)
		ON CONFLICT (org_id, year) DO UPDATE SET next = transfer_letter_counters.next + 1
		RETURNING next - 1`, issuer.ID, t.year).Scan(&t.seq); err != nil {
		return err
	}
	t.LetterNo = fmt.Sprintf("%d-%04d", t.year, t.seq)
	t.ValidUntil = clock.AddMonths(today, months).Format(clock.DateLayout)
	return nil
}

// checkStart validates a request against the issuing org: the member must
// be active in its subtree, the receiving side valid for the kind.
func (s *Service) checkStart(ctx context.Context, q db.Querier, issuer OrgRef, req *StartRequest) (MemberRef, OrgRef, error) {
	var fe httpx.Fields
	req.Reason, req.ToOrgName = strings.TrimSpace(req.Reason), strings.TrimSpace(req.ToOrgName)
	m, err := s.dir.Member(ctx, q, req.MemberID)
	switch {
	case db.IsNoRows(err) || (err == nil && (!m.Active || !strings.HasPrefix(m.OrgPath, issuer.Path))):
		fe.Add("member_id", "not_in_scope", "该党员不在本组织（含下级组织）中")
	case err != nil:
		return m, OrgRef{}, err
	}
	var to OrgRef
	switch req.Kind {
	case KindInternal:
		if to, err = s.checkTarget(ctx, q, req.ToOrgID, m, &fe); err != nil {
			return m, to, err
		}
	case KindOutgoing:
		checkText(&fe, "to_org_name", "接收党组织名称", req.ToOrgName, 100, true)
		if req.ToOrgID != "" {
			fe.Add("to_org_id", "not_allowed", "转出系统外时只填写接收党组织名称")
		}
	default:
		fe.Add("kind", "invalid", "转接类型应为系统内转接（internal）或转出系统外（outgoing）")
	}
	checkText(&fe, "reason", "转接原因", req.Reason, 200, true)
	if _, err := time.Parse("2006-01", req.DuesPaidUntil); err != nil {
		fe.Add("dues_paid_until", "invalid", "请填写党费交到的月份（YYYY-MM），介绍信上须注明")
	}
	return m, to, fe.Err()
}

// checkTarget checks the receiving branch of an internal transfer: it may
// be anywhere on the platform, but must be an active 党支部 other than the
// member's own. A party group is not where a relationship is kept.
func (s *Service) checkTarget(ctx context.Context, q db.Querier, id string, m MemberRef, fe *httpx.Fields) (OrgRef, error) {
	if id == "" {
		fe.Add("to_org_id", "required", "请选择接收党组织")
		return OrgRef{}, nil
	}
	to, err := s.dir.Org(ctx, q, id)
	switch {
	case db.IsNoRows(err):
		fe.Add("to_org_id", "unknown", "接收党组织不存在")
	case err != nil:
		return to, err
	case !to.Active:
		fe.Add("to_org_id", "dissolved", "接收党组织已撤销，不能转入")
	case to.Kind == "group":
		fe.Add("to_org_id", "not_branch", "党小组不是党员组织关系的接收单位，请选择其所在的党支部")
	case to.Kind != "branch":
		fe.Add("to_org_id", "not_branch", "党员组织关系应转入党支部，请选择具体的党支部")
	case to.ID == m.OrgID:
		fe.Add("to_org_id", "same_branch", "该党员已在此党支部，无需转接")
	}
	return to, nil
}

// openConflict answers a query error as it is, else the rule that a member
// has one open transfer at a time (open is the one found, nil when the
// unique index caught a concurrent start).
func openConflict(err error, open *Transfer) error {
	if err != nil && !db.IsUniqueViolation(err) {
		return err
	}
	msg := "该党员已有未办结的组织关系转接，办结或撤销后才能再次转接"
	if open != nil {
		msg = fmt.Sprintf("该党员已有未办结的组织关系转接（介绍信 %s，%s），办结或撤销后才能再次转接", open.LetterNo, stateLabels[open.State])
	}
	return httpx.Conflict("transfer_open", msg)
}
