package orglife

import (
	"context"
	"net/http"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// change is what one mutation of a meeting did, for its history and the
// audit log.
type change struct {
	Action string // audit action, e.g. "meeting.leave_decide"
	Event  string // history kind
	Detail string // history line (Chinese)
	Before any
	After  any
}

// mutate runs fn on the meeting id inside one transaction: the meeting is
// locked, must be in scope for perm and in one of the states allowed, and
// what fn did is appended to its history and audited with it. With
// authz.SignedIn there is no scope to check: fn acts on the caller's own
// attendance and answers not-found when the caller is not listed.
func (s *Service) mutate(ctx context.Context, id string, perm authz.Perm, states []string,
	fn func(tx *db.Tx, m *meeting) (change, error)) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := lockMeeting(ctx, tx, id)
		if db.IsNoRows(err) || (err == nil && perm != authz.SignedIn && !authz.From(ctx).Can(perm, m.OrgPath)) {
			return httpx.NotFound()
		}
		if err != nil {
			return err
		}
		if err := stateAllows(m, states); err != nil {
			return err
		}
		c, err := fn(tx, &m)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE meetings SET updated_at = ? WHERE id = ?", ms(s.clk.Now()), m.ID); err != nil {
			return err
		}
		if err := s.event(ctx, tx, m.ID, c.Event, c.Detail); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: c.Action, TargetType: "meeting",
			TargetID: m.ID, Before: c.Before, After: c.After})
	})
}

// Sets of states a mutation may run in.
var (
	open      = []string{StateScheduled}
	finalized = []string{StateFinalized}
)

func stateAllows(m meeting, states []string) error {
	for _, st := range states {
		if m.State == st {
			return nil
		}
	}
	switch m.State {
	case StateFinalized:
		return httpx.Conflict("finalized", "会议记录已归档，不能再修改；如需更正，请使用“更正”并说明理由")
	case StateCancelled:
		return httpx.Conflict("cancelled", "会议已取消")
	}
	return httpx.Conflict("not_finalized", "会议尚未归档")
}

// unprocessable is a refusal of a rule, with its code and Chinese reason.
func unprocessable(code, detail string) error {
	return &httpx.Error{Status: http.StatusUnprocessableEntity, Code: code, Detail: detail}
}
