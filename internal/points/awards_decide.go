package points

import (
	"context"
	"net/http"
	"strings"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// errSamePerson refuses an approval by the account that asked for the
// award: manual points need a second person.
var errSamePerson = &httpx.Error{Status: http.StatusForbidden, Code: "same_person", Detail: "须由另一人审批"}

// approve makes a pending award count: its ledger line is written at the
// member's org, in the same transaction as the decision.
func (s *Service) approve(ctx context.Context, id, note string) (Award, error) {
	note = strings.TrimSpace(note)
	var fe httpx.Fields
	if checkText(&fe, "note", note, ""); fe.Err() != nil {
		return Award{}, fe.Err()
	}
	return s.decide(ctx, id, stateApproved, note, func(tx *db.Tx, a Award) error {
		if a.hidden.requestedByID == authz.From(ctx).AccountID {
			return errSamePerson
		}
		m, err := s.dir.Member(ctx, tx, a.MemberID)
		if err != nil {
			return err
		}
		now := s.clk.Now()
		return writeLines(ctx, tx, []line{manualLine(a, m, authz.ActorName(ctx, "系统"), now)}, now)
	})
}

// reject turns a pending award down with a reason.
func (s *Service) reject(ctx context.Context, id, reason string) (Award, error) {
	reason = strings.TrimSpace(reason)
	var fe httpx.Fields
	if checkText(&fe, "reason", reason, "请填写驳回理由"); fe.Err() != nil {
		return Award{}, fe.Err()
	}
	return s.decide(ctx, id, stateRejected, reason, func(*db.Tx, Award) error { return nil })
}

// decide records the decision on a pending award the caller may manage,
// after fn did what the decision entails, and audits it.
func (s *Service) decide(ctx context.Context, id, state, note string, fn func(*db.Tx, Award) error) (Award, error) {
	var out Award
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := loadAward(ctx, tx, id, tx.ForUpdate())
		p := authz.From(ctx)
		switch {
		case db.IsNoRows(err) || (err == nil && !p.Can(authz.PointsRead, a.hidden.orgPath)):
			return httpx.NotFound()
		case err != nil:
			return err
		case !p.Can(authz.PointsManage, a.hidden.orgPath):
			return httpx.Forbidden("")
		case a.State != statePending:
			return httpx.Conflict("not_pending", "该申请已处理（"+a.StateLabel+"）")
		}
		if err := fn(tx, a); err != nil {
			return err
		}
		now := s.clk.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE points_awards SET state = ?, decided_by = ?, decided_by_name = ?,
			decided_at = ?, decision_note = ? WHERE id = ?`, state, p.AccountID, authz.ActorName(ctx, "系统"), now.UnixMilli(), note, id); err != nil {
			return err
		}
		if out, err = loadAward(ctx, tx, id, ""); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "points.award_" + state, TargetType: "points_award",
			TargetID: id, Before: map[string]any{"state": a.State},
			After: map[string]any{"state": state, "member_id": a.MemberID, "points": a.Points, "note": note}})
	})
	if err != nil {
		return Award{}, err
	}
	list := []Award{out}
	err = s.describe(ctx, list)
	return list[0], err
}
