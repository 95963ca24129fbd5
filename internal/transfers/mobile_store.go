package transfers

import (
	"context"
	"fmt"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/outbox"
)

const mobileColumns = `id, member_id, member_name, org_id, org_path, whereabouts, reason, certificate_no, local_org_id,
	local_org_name, local_org_path, contact_sealed, contact_masked, since_on, until_on, ended_on, end_note, state,
	created_by, created_at`

func scanMobile(r scanner) (*Mobile, error) {
	var mb Mobile
	err := r.Scan(&mb.ID, &mb.MemberID, &mb.MemberName, &mb.OrgID, &mb.orgPath, &mb.Whereabouts, &mb.Reason,
		&mb.CertificateNo, &mb.LocalOrgID, &mb.LocalOrgName, &mb.localPath, &mb.contactSealed, &mb.Contact,
		&mb.Since, &mb.Until, &mb.EndedOn, &mb.EndNote, &mb.State, &mb.CreatedBy, &mb.createdAt)
	return &mb, err
}

func insertMobile(ctx context.Context, tx *db.Tx, mb *Mobile) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO mobile_members ("+mobileColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		mb.ID, mb.MemberID, mb.MemberName, mb.OrgID, mb.orgPath, mb.Whereabouts, mb.Reason, mb.CertificateNo,
		mb.LocalOrgID, mb.LocalOrgName, mb.localPath, mb.contactSealed, mb.Contact, mb.Since, mb.Until,
		mb.EndedOn, mb.EndNote, mb.State, mb.CreatedBy, mb.createdAt)
	return err
}

// mobiles reads the records matching where (" WHERE ..."), newest first.
func mobiles(ctx context.Context, q db.Querier, where string, args ...any) ([]*Mobile, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+mobileColumns+" FROM mobile_members"+where+
		" ORDER BY since_on DESC, id DESC", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Mobile{}
	for rows.Next() {
		mb, err := scanMobile(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, mb)
	}
	return out, rows.Err()
}

// loadMobile reads one record (db.ErrNoRows when unknown); lock takes its
// row lock for the rest of the transaction.
func loadMobile(ctx context.Context, q db.Querier, id, lock string) (*Mobile, error) {
	return scanMobile(q.QueryRowContext(ctx, "SELECT "+mobileColumns+" FROM mobile_members WHERE id = ?"+lock, id))
}

// activeMobileOf is the member's active record (nil when none).
func activeMobileOf(ctx context.Context, q db.Querier, memberID string) (*Mobile, error) {
	list, err := mobiles(ctx, q, " WHERE member_id = ? AND state = ?", memberID, mobileActive)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return list[0], nil
}

// mobileConflict answers a query error as it is, else the rule of one
// active record per member (cur is the one found; nil when the unique
// index caught a concurrent registration).
func mobileConflict(err error, cur *Mobile) error {
	if err != nil && !db.IsUniqueViolation(err) {
		return err
	}
	msg := "该党员已登记为流动党员，结束后才能再次登记"
	if cur != nil {
		msg = fmt.Sprintf("该党员已登记为流动党员（%s起外出至%s），结束后才能再次登记", cur.Since, cur.Whereabouts)
	}
	return httpx.Conflict("mobile_active", msg)
}

// recordMobile writes the audit record and the event of a mobile change.
func recordMobile(ctx context.Context, tx *db.Tx, now time.Time, mb *Mobile, action, event string) error {
	after := map[string]any{"member_id": mb.MemberID, "org_id": mb.OrgID, "whereabouts": mb.Whereabouts,
		"local_org_id": mb.LocalOrgID, "local_org_name": mb.LocalOrgName, "contact": mb.Contact, "since": mb.Since,
		"until": mb.Until, "ended_on": mb.EndedOn, "state": mb.State}
	if err := audit.RecordAt(ctx, tx, now, audit.Entry{Action: action, TargetType: "mobile_member", TargetID: mb.ID, After: after}); err != nil {
		return err
	}
	return outbox.EmitAt(ctx, tx, now, outbox.Event{Type: event, SubjectID: mb.ID, OrgPath: mb.orgPath,
		Payload: map[string]any{"mobile_id": mb.ID, "member_id": mb.MemberID, "local_org_id": mb.LocalOrgID}})
}

// finishMobile ends an active record on on, with the member's history line.
func (s *Service) finishMobile(ctx context.Context, tx *db.Tx, mb *Mobile, on, note string) error {
	now := s.clk.Now()
	mb.State, mb.EndedOn, mb.EndNote = mobileEnded, max(on, mb.Since), note
	if _, err := tx.ExecContext(ctx, `UPDATE mobile_members SET state = ?, ended_on = ?, end_note = ?, ended_by = ?,
		ended_at = ? WHERE id = ?`, mb.State, mb.EndedOn, mb.EndNote, authz.ActorName(ctx, "系统"), now.UnixMilli(), mb.ID); err != nil {
		return err
	}
	detail := "流动结束（外出至" + mb.Whereabouts + "）"
	if err := s.dir.Note(ctx, tx, mb.MemberID, "mobile_ended", mb.EndedOn, detail, note); err != nil {
		return err
	}
	return recordMobile(ctx, tx, now, mb, "mobile.end", "mobile.ended")
}

// endMobileOf ends the member's active record, if any: their relationship
// has left the branch, so they are no longer its mobile member.
func (s *Service) endMobileOf(ctx context.Context, tx *db.Tx, memberID, on, note string) error {
	mb, err := activeMobileOf(ctx, tx, memberID)
	if err != nil || mb == nil {
		return err
	}
	return s.finishMobile(ctx, tx, mb, on, note)
}

// shownMobile fills the labels. The contact number stays masked in every
// list and detail: personal data is revealed only through the members
// capability's audited call, and the local organization never sees it in
// full; only the member sees their own (ownContact).
func shownMobile(mb *Mobile) *Mobile {
	mb.StateLabel, mb.LocalRights, mb.CreatedAt = mobileStateLabels[mb.State], localRights, clock.Stamp(mb.createdAt)
	return mb
}

// ownContact shows the member their own record's contact number in full.
func (s *Service) ownContact(mb *Mobile) error {
	if mb.contactSealed == "" {
		return nil
	}
	var err error
	mb.Contact, err = s.prot.Open(fieldContact, mb.contactSealed)
	return err
}
