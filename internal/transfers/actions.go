package transfers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// side is the end of a transfer that takes an action.
type side int

const (
	sending side = iota
	receiving
)

// action is one step on an open transfer: which kinds it applies to, which
// side takes it, the state it leads to, what it records, and whether it
// needs the letter still valid (the member reports within its validity,
// 教育管理条例: a lapsed letter is cancelled and a new one issued).
type action struct {
	step   string
	kinds  []string
	by     side
	to     string
	audit  string
	event  string
	inTime bool
}

var (
	actAccept  = action{stepAccepted, []string{KindInternal}, receiving, StateAccepted, "transfer.accept", "transfer.accepted", true}
	actReturn  = action{stepReturned, []string{KindInternal}, receiving, StateReturned, "transfer.return", "transfer.returned", false}
	actCancel  = action{stepCancelled, []string{KindInternal, KindOutgoing}, sending, StateCancelled, "transfer.cancel", "", false}
	actConfirm = action{stepConfirmed, []string{KindOutgoing}, sending, StateConfirmed, "transfer.confirm", "transfer.confirmed", true}
)

// Decision is the body of an action.
type Decision struct {
	Reason     string `json:"reason"`      // return (required), cancel
	ReportedOn string `json:"reported_on"` // confirm: when the 回执 came back
	Note       string `json:"note"`        // confirm
}

// decide takes action a on the transfer id, in one transaction with its row
// locked: the member moves (accept) or leaves (confirm) exactly when the
// state changes, and a second action on the same transfer sees the first.
func (s *Service) decide(ctx context.Context, id string, a action, d Decision) (*Transfer, error) {
	now, today := s.clk.Now(), s.today()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := loadTransfer(ctx, tx, id, tx.ForUpdate())
		if db.IsNoRows(err) || (err == nil && !visible(ctx, t)) {
			return httpx.NotFound()
		}
		if err != nil {
			return err
		}
		if err := a.allowed(t, today); err != nil {
			return err
		}
		if err := a.authorize(ctx, t); err != nil {
			return err
		}
		if err := a.check(&d, t, today); err != nil {
			return err
		}
		before := t.audited()
		t.State, t.DecidedBy, t.decidedAt = a.to, authz.ActorName(ctx, "系统"), now.UnixMilli()
		note, err := s.apply(ctx, tx, t, a, d, today)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE transfers SET state = ?, return_reason = ?, decided_by = ?, decided_at = ?
			WHERE id = ?`, t.State, t.ReturnReason, t.DecidedBy, t.decidedAt, t.ID); err != nil {
			return err
		}
		path := t.fromPath
		if a.step == stepAccepted {
			path = t.toPath
		}
		if err := s.record(ctx, tx, now, t, recorded{step: a.step, note: note, action: a.audit, event: a.event,
			eventPath: path, before: before}); err != nil {
			return err
		}
		return s.notify.Forget(ctx, tx, lapseKind, t.ID)
	})
	if err != nil {
		return nil, err
	}
	return s.detail(ctx, id)
}

// authorize: the receiving org accepts and returns, the sending org
// cancels and confirms (TransferManage there).
func (a action) authorize(ctx context.Context, t *Transfer) error {
	if a.by == receiving && !may(ctx, authz.TransferManage, t.toPath) {
		return httpx.Forbidden("须由接收党组织办理")
	}
	if a.by == sending && !may(ctx, authz.TransferManage, t.fromPath) {
		return httpx.Forbidden("须由转出党组织办理")
	}
	return nil
}

// visible reports whether the caller may read t: read permission at either
// end (anyone else gets 404).
func visible(ctx context.Context, t *Transfer) bool {
	return may(ctx, authz.TransferRead, t.fromPath) || may(ctx, authz.TransferRead, t.toPath)
}

// allowed refuses an action the transfer's kind or state does not admit,
// or that needs a letter valid on today when it has lapsed.
func (a action) allowed(t *Transfer, today string) error {
	label := stepLabels[a.step]
	switch {
	case !t.open():
		return httpx.Conflict("transfer_closed", fmt.Sprintf("该转接%s，不能再%s", stateLabels[t.State], label))
	case !slices.Contains(a.kinds, t.Kind):
		return httpx.Conflict("transfer_kind", fmt.Sprintf("%s不能%s", kindLabels[t.Kind], label))
	case a.inTime && t.ValidUntil != "" && t.ValidUntil < today:
		return httpx.Conflict("letter_lapsed", fmt.Sprintf("介绍信有效期至%s，已过期，不能办理「%s」。按《中国共产党党员教育管理工作条例》，"+
			"党员应在介绍信有效期内报到；请由转出党组织撤销本次转接后重新开具介绍信", clock.ChineseDate(t.ValidUntil), label))
	}
	return nil
}

// check validates the body of the action.
func (a action) check(d *Decision, t *Transfer, today string) error {
	var fe httpx.Fields
	d.Reason, d.Note = strings.TrimSpace(d.Reason), strings.TrimSpace(d.Note)
	switch a.step {
	case stepReturned:
		if d.Reason == "" {
			fe.Add("reason", "required", "请填写退回理由：按《中国共产党党员教育管理工作条例》，接收党组织不得无故拒绝接收党员组织关系")
		}
		checkText(&fe, "reason", "退回理由", d.Reason, 200, false)
	case stepCancelled:
		checkText(&fe, "reason", "撤销原因", d.Reason, 200, false)
	case stepConfirmed:
		checkDate(&fe, "reported_on", "回执日期", d.ReportedOn, today, t.IssuedOn)
		checkText(&fe, "note", "备注", d.Note, 200, false)
	}
	return fe.Err()
}
