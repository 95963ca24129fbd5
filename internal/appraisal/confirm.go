package appraisal

import (
	"context"
	"fmt"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
)

// GradedEvent is the outbox event emitted for each participant when a
// round is confirmed: how the grade reaches the member's record.
const GradedEvent = "appraisal.graded"

// assembly finds the 支部党员大会 the grades are confirmed at: one of the
// round's branch that has already begun.
func (s *Service) assembly(ctx context.Context, orgID, meetingID string) (MeetingRef, error) {
	var fe httpx.Fields
	if meetingID == "" {
		fe.Add("meeting_id", "required", "请选择确认评议结果的支部党员大会")
		return MeetingRef{}, fe.Err()
	}
	m, err := s.meetings.Assembly(ctx, orgID, meetingID)
	switch {
	case db.IsNoRows(err):
		fe.Add("meeting_id", "not_assembly", "民主评议的等次须经本支部的支部党员大会确认，请选择本支部召开的支部党员大会")
	case err != nil:
		return m, err
	case m.StartsAt.After(s.clk.Now()):
		fe.Add("meeting_id", "not_held", "该支部党员大会尚未召开（"+
			m.StartsAt.In(clock.Shanghai).Format("2006-01-02 15:04")+"），请在会上或会后确认评议结果")
	}
	return m, fe.Err()
}

// confirm makes the proposed grades final as decided by the 支部党员大会
// meetingID and locks the round: each participant's grade goes to the
// outbox for their record, and each 不合格 opens a handling record (处置).
func (s *Service) confirm(ctx context.Context, org OrgRef, roundID, meetingID string) error {
	m, err := s.assembly(ctx, org.ID, meetingID)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		cur, err := s.lockRound(ctx, tx, roundID, stageProposed)
		if err != nil {
			return err
		}
		all, err := loadParticipants(ctx, tx, roundID)
		if err != nil {
			return err
		}
		now := s.clk.Now()
		if _, err := tx.ExecContext(ctx, "UPDATE appraisal_participants SET final_grade = proposed_grade WHERE appraisal_id = ?",
			roundID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appraisals SET stage = ?, confirmed_at = ?, meeting_id = ?,
			meeting_topic = ?, meeting_at = ? WHERE id = ?`,
			stageConfirmed, ms(now), m.ID, m.Topic, ms(m.StartsAt), roundID); err != nil {
			return err
		}
		final, unqualified, events := map[string]string{}, []string{}, make([]outbox.Event, 0, len(all))
		list := make([]string, 0, len(all))
		for _, p := range all {
			final[p.MemberID] = p.ProposedGrade
			list = append(list, p.ProposedGrade)
			events = append(events, gradedEvent(cur, org, p))
			if p.ProposedGrade == gradeUnqualified {
				unqualified = append(unqualified, p.MemberID)
			}
		}
		if err := outbox.EmitAllAt(ctx, tx, now, events); err != nil {
			return err
		}
		if err := openHandlings(ctx, tx, roundID, unqualified, now); err != nil {
			return err
		}
		detail := fmt.Sprintf("经支部党员大会（%s，%s）确认评议结果：%s", m.Topic,
			m.StartsAt.In(clock.Shanghai).Format(clock.DateLayout), gradeCounts(list))
		if len(unqualified) > 0 {
			detail += fmt.Sprintf("；%d 名不合格党员待确定处置方式", len(unqualified))
		}
		return s.record(ctx, tx, roundID, "confirmed", detail, map[string]any{"stage": stageProposed},
			map[string]any{"stage": stageConfirmed, "meeting_id": m.ID, "grades": final, "handlings": unqualified})
	})
}

// gradedEvent tells the member's record the grade p received.
func gradedEvent(r round, org OrgRef, p participant) outbox.Event {
	return outbox.Event{Type: GradedEvent, SubjectID: p.MemberID, OrgPath: org.Path,
		Payload: map[string]any{"appraisal_id": r.ID, "org_id": r.OrgID, "year": r.Year, "grade": p.ProposedGrade,
			"grade_label": labelOf(gradeOptions, p.ProposedGrade), "member_name": p.Name}}
}

// openHandlings creates a pending handling record for each member graded
// 不合格.
func openHandlings(ctx context.Context, tx *db.Tx, roundID string, memberIDs []string, now time.Time) error {
	if len(memberIDs) == 0 {
		return nil
	}
	args := make([]any, 0, 5*len(memberIDs))
	for _, id := range memberIDs {
		args = append(args, ids.At(now), roundID, id, handlingPending, ms(now))
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO appraisal_handlings (id, appraisal_id, member_id, state, opened_at) VALUES "+
		db.Rows(len(memberIDs), 5), args...)
	return err
}
