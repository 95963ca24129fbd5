package elections

import (
	"context"
	"slices"
	"strings"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// createPlan starts an election of org with plan p (the caller may manage
// elections at org).
func (s *Service) createPlan(ctx context.Context, org OrgRef, p Plan) (Election, error) {
	if !org.Active {
		return Election{}, httpx.Conflict("org_dissolved", "该组织已撤销，不能换届")
	}
	if !holdsElections(org.Kind) {
		return Election{}, httpx.Conflict("no_election", "只有党的基层委员会、党总支和党支部进行换届选举")
	}
	var id string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		p, err := s.normalPlan(ctx, tx, org, p)
		if err != nil {
			return err
		}
		now := s.clk.Now()
		id = ids.At(now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO elections (id, org_id, org_path, state, planned_on, seats_committee,
			seats_secretary, seats_deputy, term_years, method, note, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, id, org.ID, org.Path, stateDraft, p.PlannedOn,
			p.SeatsCommittee, p.SeatsSecretary, p.SeatsDeputy, p.TermYears, p.Method, p.Note,
			now.UnixMilli(), now.UnixMilli()); err != nil {
			if db.IsUniqueViolation(err) {
				return httpx.Conflict("election_open", "本组织已有正在进行的换届选举，请先完成或取消")
			}
			return err
		}
		return s.logged(ctx, tx, now, Election{ID: id, OrgID: org.ID}, stateDraft, "created", p.PlannedOn, nil) // version 1
	})
	if err != nil {
		return Election{}, err
	}
	return s.view(ctx, id)
}

// normalPlan fills the plan's defaults (direct election, the org's term
// length) and checks it against the org's size.
func (s *Service) normalPlan(ctx context.Context, q db.Querier, org OrgRef, p Plan) (Plan, error) {
	p.Method, p.Note = strings.TrimSpace(p.Method), strings.TrimSpace(p.Note)
	if p.Method == "" {
		p.Method = methodDirect
	}
	if p.TermYears == 0 {
		v, err := s.values(ctx, q, org.Path)
		if err != nil {
			return Plan{}, err
		}
		p.TermYears = defaultTermYears(v, org)
	}
	full := 0
	if org.Kind == kindBranch {
		var err error
		if full, err = s.dir.FullMemberCount(ctx, q, org.ID); err != nil {
			return Plan{}, err
		}
	}
	return p, checkPlan(p, org.Kind, full)
}

// updatePlan changes the plan while it is a draft.
func (s *Service) updatePlan(ctx context.Context, id string, p Plan) (Election, error) {
	return s.mutate(ctx, id, func(tx *db.Tx, e Election) error {
		if err := need(e, "修改换届方案", stateDraft); err != nil {
			return err
		}
		org, err := s.dir.Org(ctx, tx, e.OrgID)
		if err != nil {
			return err
		}
		if p, err = s.normalPlan(ctx, tx, org, p); err != nil {
			return err
		}
		note, err := dropStale(ctx, tx, e, p)
		if err != nil {
			return err
		}
		return s.change(ctx, tx, e, stateDraft, "plan_updated", note, `planned_on = ?, seats_committee = ?,
			seats_secretary = ?, seats_deputy = ?, term_years = ?, method = ?, note = ?`, p.PlannedOn, p.SeatsCommittee,
			p.SeatsSecretary, p.SeatsDeputy, p.TermYears, p.Method, p.Note)
	})
}

// dropStale removes the candidates of the posts the new plan p no longer
// admits (stalePosts) — the org names them again for the new plan: keeping
// them would leave a list that breaks 差额, and refusing the plan would
// leave no way to change it, as the old list cannot be emptied first. It
// returns the log note of the change, saying which lists were dropped.
func dropStale(ctx context.Context, tx *db.Tx, e Election, p Plan) (string, error) {
	stale := stalePosts(p, e.Candidates)
	if len(stale) == 0 {
		return p.PlannedOn, nil
	}
	labels := make([]string, len(stale))
	for i, post := range stale {
		labels[i] = postLabels[post]
		if _, err := tx.ExecContext(ctx, "DELETE FROM election_candidates WHERE election_id = ? AND post = ?", e.ID, post); err != nil {
			return "", err
		}
	}
	return p.PlannedOn + "；方案调整后" + strings.Join(labels, "、") + "候选人不再符合要求，已清除，请重新确定", nil
}

// submit sends the plan to the upper organization (换届请示).
func (s *Service) submit(ctx context.Context, id string) (Election, error) {
	return s.mutate(ctx, id, func(tx *db.Tx, e Election) error {
		if err := need(e, "报上级审批", stateDraft); err != nil {
			return err
		}
		return s.change(ctx, tx, e, stateSubmitted, "submitted", "", "return_reason = ''")
	})
}

// decidePlan is the upper organization's answer: approve, or return with a
// reason (back to draft).
func (s *Service) decidePlan(ctx context.Context, id string, approve bool, note string) (Election, error) {
	note = strings.TrimSpace(note)
	if !approve && note == "" {
		return Election{}, fieldErr("reason", "required", "退回须写明理由")
	}
	return s.mutate(ctx, id, func(tx *db.Tx, e Election) error {
		if err := need(e, "审批换届方案", stateSubmitted); err != nil {
			return err
		}
		if !approve {
			return s.change(ctx, tx, e, stateDraft, "returned", authz.UpperNote(e.orgPath, note), "return_reason = ?", note)
		}
		return s.change(ctx, tx, e, stateApproved, "approved", authz.UpperNote(e.orgPath, note), "approved_on = ?", s.today())
	})
}

// cancel abandons an election not yet completed.
func (s *Service) cancel(ctx context.Context, id, reason string) (Election, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Election{}, fieldErr("reason", "required", "取消换届须写明理由")
	}
	return s.mutate(ctx, id, func(tx *db.Tx, e Election) error {
		if err := need(e, "取消", stateDraft, stateSubmitted, stateApproved, stateVoting, stateOfficersPending); err != nil {
			return err
		}
		return s.change(ctx, tx, e, stateCancelled, "cancelled", reason, "cancel_reason = ?", reason)
	})
}

// mutate runs fn on the locked election in a transaction and answers the
// election as it then is.
func (s *Service) mutate(ctx context.Context, id string, fn func(tx *db.Tx, e Election) error) (Election, error) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		e, err := s.load(ctx, tx, id, true)
		if db.IsNoRows(err) {
			return httpx.NotFound()
		}
		if err != nil {
			return err
		}
		return fn(tx, e)
	})
	if err != nil {
		return Election{}, err
	}
	return s.view(ctx, id)
}

// need refuses doing what in any state but the given ones.
func need(e Election, what string, states ...string) error {
	if slices.Contains(states, e.State) {
		return nil
	}
	return httpx.Conflict("wrong_state", "换届选举当前为「"+stateLabels[e.State]+"」，不能"+what)
}

// fieldErr is a 422 for one field.
func fieldErr(field, code, msg string) error {
	var fe httpx.Fields
	fe.Add(field, code, msg)
	return fe.Err()
}

// today is the date in Shanghai.
func (s *Service) today() string { return clock.Today(s.clk).Format(clock.DateLayout) }
