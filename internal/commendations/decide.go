package commendations

import (
	"context"
	"fmt"
	"strings"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// onNomination runs fn on nomination id and its round, both locked, for a
// caller who may see the nomination (its nominee's org or the round's org
// in their read scope); to anyone else it does not exist.
func (s *Service) onNomination(ctx context.Context, id string, fn func(tx *db.Tx, r Round, n Nomination) error) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		n, err := loadNomination(ctx, tx, id)
		if db.IsNoRows(err) {
			return httpx.NotFound()
		}
		if err != nil {
			return err
		}
		r, err := s.loadRound(ctx, tx, n.RoundID, true)
		if err != nil {
			return err
		}
		p := authz.From(ctx)
		if !p.Can(authz.AssessmentRead, n.orgPath) && !p.Can(authz.AssessmentRead, r.orgPath) {
			return httpx.NotFound()
		}
		if r.State != stateOpen {
			return httpx.Conflict("round_closed", "评选结果已公布，提名不能再更改")
		}
		return fn(tx, r, n)
	})
}

// decide approves or rejects nomination id for the round's org. An
// approval needs a pending nominee still eligible and room in the kind's
// quota; a rejection needs its reason and may undo an approval before the
// results are published.
func (s *Service) decide(ctx context.Context, id string, approve bool, note string) (Nomination, error) {
	note = strings.TrimSpace(note)
	err := s.onNomination(ctx, id, func(tx *db.Tx, r Round, n Nomination) error {
		if !authz.From(ctx).Can(authz.AssessmentManage, r.orgPath) {
			return errUpperOnly
		}
		state, action := nomApproved, "commendation.approve"
		if approve {
			if err := s.approvable(ctx, tx, r, n); err != nil {
				return err
			}
		} else {
			state, action = nomRejected, "commendation.reject"
			if n.State != nomPending && n.State != nomApproved {
				return errNotPending(n)
			}
			if note == "" {
				return fieldErr("note", "required", "请填写未批准的理由")
			}
		}
		now := s.clk.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE commendation_nominations SET state = ?, decided_by = ?, decided_at = ?,
			decision_note = ? WHERE id = ?`, state, authz.ActorName(ctx, "系统"), now.UnixMilli(), note, n.ID); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: action, TargetType: "commendation_nomination", TargetID: n.ID,
			Before: map[string]any{"state": n.State}, After: map[string]any{"state": state, "note": note, "round_id": r.ID}})
	})
	if err != nil {
		return Nomination{}, err
	}
	return s.nominationView(ctx, id)
}

// approvable checks that n may be approved now.
func (s *Service) approvable(ctx context.Context, tx *db.Tx, r Round, n Nomination) error {
	if n.State != nomPending {
		return errNotPending(n)
	}
	list := []Nomination{n}
	if err := s.markEligibility(ctx, tx, r, list); err != nil {
		return err
	}
	field := "member_id"
	if n.MemberID == "" {
		field = "org_id"
	}
	var fe httpx.Fields
	for _, reason := range list[0].Reasons {
		fe.Add(field, "ineligible", reason)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	var approved int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM commendation_nominations WHERE round_id = ? AND kind = ? AND state = ?",
		r.ID, n.Kind, nomApproved).Scan(&approved); err != nil {
		return err
	}
	if q := r.quotaOf(n.Kind).Quota; approved >= q {
		return httpx.Conflict("quota_full", fmt.Sprintf("%s名额已满（%d名）", n.KindLabel, q))
	}
	return nil
}

func errNotPending(n Nomination) error {
	return httpx.Conflict("not_pending", "该提名"+n.StateLabel+"，不能再办理")
}

// withdraw takes back a pending nomination, for the nominating org (or an
// org above it); the nominee may then be nominated again.
func (s *Service) withdraw(ctx context.Context, id string) error {
	return s.onNomination(ctx, id, func(tx *db.Tx, r Round, n Nomination) error {
		if !authz.From(ctx).Can(authz.AssessmentManage, n.byOrgPath) {
			return httpx.Forbidden("仅提名的党组织可以撤回提名")
		}
		if n.State != nomPending {
			return errNotPending(n)
		}
		now := s.clk.Now()
		if _, err := tx.ExecContext(ctx, "UPDATE commendation_nominations SET state = ? WHERE id = ?", nomWithdrawn, n.ID); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "commendation.withdraw", TargetType: "commendation_nomination",
			TargetID: n.ID, Before: map[string]any{"state": n.State}, After: map[string]any{"state": nomWithdrawn, "round_id": r.ID}})
	})
}
