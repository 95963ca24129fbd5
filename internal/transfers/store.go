package transfers

import (
	"context"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
)

const transferColumns = `id, kind, state, member_id, member_name, member_status, id_masked, from_org_id, from_org_name,
	from_org_path, to_org_id, to_org_name, to_org_path, issuer_org_id, issuer_name, letter_year, letter_seq, letter_no,
	issued_on, valid_until, reason, dues_paid_until, return_reason, created_by, created_at, decided_by, decided_at`

type scanner interface{ Scan(dest ...any) error }

func scanTransfer(r scanner) (*Transfer, error) {
	var t Transfer
	err := r.Scan(&t.ID, &t.Kind, &t.State, &t.MemberID, &t.MemberName, &t.MemberStatus, &t.idMasked, &t.FromOrgID,
		&t.FromOrgName, &t.fromPath, &t.ToOrgID, &t.ToOrgName, &t.toPath, &t.issuerID, &t.issuerName, &t.year, &t.seq,
		&t.LetterNo, &t.IssuedOn, &t.ValidUntil, &t.Reason, &t.DuesPaidUntil, &t.ReturnReason, &t.ActorName,
		&t.createdAt, &t.DecidedBy, &t.decidedAt)
	return &t, err
}

func insertTransfer(ctx context.Context, tx *db.Tx, t *Transfer) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO transfers ("+transferColumns+`) VALUES
		(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.Kind, t.State, t.MemberID, t.MemberName, t.MemberStatus, t.idMasked, t.FromOrgID, t.FromOrgName,
		t.fromPath, t.ToOrgID, t.ToOrgName, t.toPath, t.issuerID, t.issuerName, t.year, t.seq, t.LetterNo,
		t.IssuedOn, t.ValidUntil, t.Reason, t.DuesPaidUntil, t.ReturnReason, t.ActorName, t.createdAt,
		t.DecidedBy, t.decidedAt)
	return err
}

// loadTransfer reads one transfer (db.ErrNoRows when unknown); lock takes
// its row lock for the rest of tx.
func loadTransfer(ctx context.Context, q db.Querier, id string, lock string) (*Transfer, error) {
	return scanTransfer(q.QueryRowContext(ctx, "SELECT "+transferColumns+" FROM transfers WHERE id = ?"+lock, id))
}

// openTransferOf is the member's open transfer, if any (nil when none).
func openTransferOf(ctx context.Context, q db.Querier, memberID string) (*Transfer, error) {
	t, err := scanTransfer(q.QueryRowContext(ctx, "SELECT "+transferColumns+
		" FROM transfers WHERE member_id = ? AND state IN (?, ?)", memberID, StatePending, StateIssued))
	if db.IsNoRows(err) {
		return nil, nil
	}
	return t, err
}

// history is a transfer's steps, oldest first.
func history(ctx context.Context, q db.Querier, transferID string) ([]Step, error) {
	rows, err := q.QueryContext(ctx, `SELECT action, note, actor_name, at FROM transfer_steps
		WHERE transfer_id = ? ORDER BY at, id`, transferID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Step{}
	for rows.Next() {
		var st Step
		var at int64
		if err := rows.Scan(&st.Action, &st.Note, &st.ActorName, &at); err != nil {
			return nil, err
		}
		st.At, st.ActionLabel = clock.Stamp(at), stepLabels[st.Action]
		out = append(out, st)
	}
	return out, rows.Err()
}

// recorded is what one change to a transfer writes besides the row itself.
type recorded struct {
	step, note string // the history line
	action     string // audit action
	event      string // outbox event type ("" for none)
	eventPath  string // the org path the event is scoped to
	before     map[string]any
}

// record writes the history step, the audit record and the outbox event of
// a change to t, in tx.
func (s *Service) record(ctx context.Context, tx *db.Tx, now time.Time, t *Transfer, r recorded) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO transfer_steps (id, transfer_id, action, note, actor_name, at)
		VALUES (?, ?, ?, ?, ?, ?)`, ids.At(now), t.ID, r.step, r.note, authz.ActorName(ctx, "系统"), now.UnixMilli()); err != nil {
		return err
	}
	entry := audit.Entry{Action: r.action, TargetType: "transfer", TargetID: t.ID, After: t.audited()}
	if r.before != nil {
		entry.Before = r.before
	}
	if err := audit.RecordAt(ctx, tx, now, entry); err != nil {
		return err
	}
	if r.event == "" {
		return nil
	}
	return outbox.EmitAt(ctx, tx, now, outbox.Event{Type: r.event, SubjectID: t.ID, OrgPath: r.eventPath, Payload: t.event()})
}
