package development

import (
	"context"
	"time"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// History kinds development writes to a member's record (Directory.Note).
const (
	noteDevelopment       = "development"        // a step of the member's own file, e.g. 入党宣誓
	noteProbationExtended = "probation_extended" // 延长预备期
)

// statusFull is the register's 正式党员 status.
const statusFull = "full"

// effects applies what a step changes beyond the file, in its transaction:
// the approval of the admission (17) registers the probationary member, the
// approval of 转正 (24) makes them full, and every other step of an
// admitted member goes into their history. A failed vote changes nothing.
func (s *Service) effects(ctx context.Context, tx *db.Tx, now time.Time, r *fileRow, f rules.File, st stepRow) error {
	switch {
	case st.Failed:
		return nil
	case st.No == rules.StepAdmission:
		return s.admit(ctx, tx, now, r, f, st)
	case st.No == rules.StepFull:
		return s.becomeFull(ctx, tx, now, r)
	case r.MemberID != "":
		return s.dir.Note(ctx, tx, r.MemberID, noteDevelopment, st.On, rules.Steps[st.No-1].Name)
	}
	return nil
}

// admit registers the applicant as a probationary member whose 入党时间 is
// the day the 支部大会 admitted them; the probation runs a year from it.
// The admission counts for the plan of the approval's year.
func (s *Service) admit(ctx context.Context, tx *db.Tx, now time.Time, r *fileRow, f rules.File, st stepRow) error {
	vote, _ := f.Done(rules.StepAdmissionVote)
	end, _ := f.ProbationEnd()
	p, err := s.person(*r)
	if err != nil {
		return err
	}
	memberID, err := s.dir.Admit(ctx, tx, r.OrgID, p, format(vote))
	if err != nil {
		return err
	}
	r.MemberID, r.JoinedOn, r.ProbationEnd, r.State = memberID, format(vote), format(end), StateAdmitted
	if err := countAdmitted(ctx, tx, r.OrgPath, day(st.On).Year()); err != nil {
		return err
	}
	return outbox.EmitAt(ctx, tx, now, outbox.Event{Type: EventAdmitted, SubjectID: r.ID, OrgPath: r.OrgPath,
		Payload: map[string]any{"file_id": r.ID, "member_id": memberID, "org_id": r.OrgID,
			"joined_on": r.JoinedOn, "probation_end": r.ProbationEnd, "approved_on": st.On}})
}

// becomeFull is 转正: 转正时间 is the day the probation ended (党龄 counts
// from it), whenever the upper committee approved.
func (s *Service) becomeFull(ctx context.Context, tx *db.Tx, now time.Time, r *fileRow) error {
	if err := s.dir.BecomeFull(ctx, tx, r.MemberID, r.ProbationEnd); err != nil {
		return err
	}
	r.State = StateFull
	return outbox.EmitAt(ctx, tx, now, outbox.Event{Type: EventBecameFull, SubjectID: r.ID, OrgPath: r.OrgPath,
		Payload: map[string]any{"file_id": r.ID, "member_id": r.MemberID, "org_id": r.OrgID,
			"full_member_on": r.ProbationEnd}})
}
