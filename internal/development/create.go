package development

import (
	"context"
	"time"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
)

// errDuplicateID: one person has at most one file in progress.
var errDuplicateID = (&httpx.Fields{{Field: "id_number", Code: "duplicate",
	Message: "该身份证号已有正在办理的发展党员档案，同一人只能有一份在办档案"}}).Err()

// createFile opens a file at a branch with step 1 (the written
// application) recorded on a.AppliedOn, and returns its ID.
func (s *Service) createFile(ctx context.Context, org OrgRef, a Applicant) (string, error) {
	if org.Kind != "branch" {
		return "", httpx.Conflict("not_branch", "入党申请由党支部受理，请在党支部下建立档案")
	}
	a.normalize()
	if err := withRegister(a.validate(clock.Today(s.clk)), s.dir.CheckPerson(a.person())).Err(); err != nil {
		return "", err
	}
	now := s.clk.Now()
	r := fileRow{ID: ids.At(now), OrgID: org.ID, OrgPath: org.Path, State: StateActive, CreatedAt: now.UnixMilli()}
	if err := s.seal(a, &r); err != nil {
		return "", err
	}
	first := stepRow{ID: ids.At(now), FileID: r.ID, Seq: 1, No: rules.StepApplication, On: a.AppliedOn,
		ActorName: authz.ActorName(ctx, "系统"), At: now.UnixMilli()}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM dev_files WHERE id_index = ? AND state IN (?, ?)",
			r.IDIndex, StateActive, StateAdmitted).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errDuplicateID
		}
		if err := s.settle(ctx, tx, now, fileRow{}, &r, rulesFile([]stepRow{first}, 0)); err != nil {
			if db.IsUniqueViolation(err) {
				return errDuplicateID
			}
			return err
		}
		if err := insertStep(ctx, tx, first); err != nil {
			return err
		}
		return s.logStep(ctx, tx, now, r, first, "development.file_create")
	})
	return r.ID, err
}

// logStep writes the audit record and the outbox event of a recorded step
// (personal data masked).
func (s *Service) logStep(ctx context.Context, tx *db.Tx, now time.Time, r fileRow, st stepRow, action string) error {
	if err := audit.RecordAt(ctx, tx, now, audit.Entry{Action: action, TargetType: auditTarget, TargetID: r.ID,
		After: map[string]any{"name": r.Name, "id_number": r.IDMasked, "org_id": r.OrgID, "step": st.No,
			"on": st.On, "note": st.Note, "failed": st.Failed, "stage": r.Stage, "state": r.State}}); err != nil {
		return err
	}
	return outbox.EmitAt(ctx, tx, now, outbox.Event{Type: EventStepRecorded, SubjectID: r.ID, OrgPath: r.OrgPath,
		Payload: map[string]any{"file_id": r.ID, "org_id": r.OrgID, "step_no": st.No, "on": st.On,
			"passed": !st.Failed, "stage": r.Stage, "state": r.State, "member_id": r.MemberID}})
}

// settle works out the file's position from its steps (stage, last step,
// the earliest running time limit), stores it (before is the zero row for
// a new file) and keeps the pipeline counts and the reminder in step.
func (s *Service) settle(ctx context.Context, tx *db.Tx, now time.Time, before fileRow, after *fileRow, f rules.File) error {
	after.Stage, after.LastStep = f.Stage(), f.Last()
	after.NextDue, after.NextDueWhat, after.DueStep = "", "", 0
	if dl, ok := f.NextDeadline(); ok && inProgress(after.State) {
		after.NextDue, after.NextDueWhat, after.DueStep = format(dl.Due), rules.Steps[dl.No-1].Name, dl.No
	}
	after.Version, after.UpdatedAt = before.Version+1, now.UnixMilli()
	var err error
	if before.ID == "" {
		err = insertFile(ctx, tx, *after)
	} else {
		err = updateFile(ctx, tx, *after)
	}
	if err != nil {
		return err
	}
	if err := countChange(ctx, tx, before, *after); err != nil {
		return err
	}
	return s.schedule(ctx, tx, *after)
}
