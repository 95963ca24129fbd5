package development

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/outbox"
)

// maxReason bounds the reason of an extension or a stop.
const maxReason = 500

// reasonField checks a required reason.
func reasonField(reason, what string) error {
	var fe httpx.Fields
	switch n := utf8.RuneCountInString(strings.TrimSpace(reason)); {
	case n == 0:
		fe.Add("reason", "required", "请填写"+what+"的原因")
	case n > maxReason:
		fe.Add("reason", "too_long", fmt.Sprintf("原因不能超过 %d 个字", maxReason))
	}
	return fe.Err()
}

// change runs fn on the locked file once may allows it (upper tells
// whether the action is the upper organization's for the file's state),
// then settles, audits and emits the event fn names.
func (s *Service) change(ctx context.Context, id string, may access, upper func(fileRow) bool,
	fn func(tx *db.Tx, r *fileRow, f *rules.File) (action, event string, err error)) error {
	now := s.clk.Now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := getFile(ctx, tx, id, tx.ForUpdate())
		if db.IsNoRows(err) {
			return httpx.NotFound()
		}
		if err != nil {
			return err
		}
		if err := may(r.OrgPath, upper(r)); err != nil {
			return err
		}
		steps, err := fileSteps(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		before, f := r, rulesFile(steps, r.ExtensionMonths)
		action, event, err := fn(tx, &r, &f)
		if err != nil {
			return err
		}
		if err := s.settle(ctx, tx, now, before, &r, f); err != nil {
			return err
		}
		detail := map[string]any{"file_id": r.ID, "org_id": r.OrgID, "member_id": r.MemberID, "state": r.State,
			"probation_end": r.ProbationEnd, "extension_months": r.ExtensionMonths}
		if note := authz.UpperNote(r.OrgPath, ""); upper(before) && note != "" {
			detail["note"] = note
		}
		if err := audit.RecordAt(ctx, tx, now, audit.Entry{Action: action, TargetType: auditTarget, TargetID: r.ID,
			Before: map[string]any{"state": before.State, "probation_end": before.ProbationEnd}, After: detail}); err != nil {
			return err
		}
		return outbox.EmitAt(ctx, tx, now, outbox.Event{Type: event, SubjectID: r.ID, OrgPath: r.OrgPath, Payload: detail})
	})
}

// extendProbation extends a probation once by 6–12 months (延长预备期: the
// upper committee approves it). The 转正 application and vote made before
// are superseded: both are made again when the new probation ends.
func (s *Service) extendProbation(ctx context.Context, id string, months int, reason string, may access) error {
	if err := reasonField(reason, "延长预备期"); err != nil {
		return err
	}
	today := clock.Today(s.clk)
	always := func(fileRow) bool { return true }
	return s.change(ctx, id, may, always, func(tx *db.Tx, r *fileRow, f *rules.File) (string, string, error) {
		if msg := f.CheckExtension(months); r.State != StateAdmitted || msg != "" {
			if msg == "" {
				msg = "只有预备党员可以延长预备期"
			}
			return "", "", (&httpx.Fields{{Field: "months", Code: "invalid", Message: msg}}).Err()
		}
		if err := supersede(ctx, tx, r.ID); err != nil {
			return "", "", err
		}
		for i, rec := range f.Records {
			f.Records[i].Superseded = rec.Superseded || rec.No == rules.StepFullApplication || rec.No == rules.StepFullVote
		}
		f.ExtensionMonths, r.ExtensionMonths, r.ExtensionReason = months, months, strings.TrimSpace(reason)
		end, _ := f.ProbationEnd()
		r.ProbationEnd = format(end)
		detail := fmt.Sprintf("预备期延长 %d 个月，至%s届满", months, rules.ChineseDate(end))
		return "development.extend_probation", EventProbationExtended,
			s.dir.Note(ctx, tx, r.MemberID, noteProbationExtended, format(today), detail)
	})
}

// stop ends a file in progress: 停止发展 of an applicant, activist or
// candidate (the branch decides), or 取消预备党员资格 of a probationary member
// (the upper committee approves; the register ends the membership).
func (s *Service) stop(ctx context.Context, id, reason string, may access) error {
	if err := reasonField(reason, "停止发展或取消预备党员资格"); err != nil {
		return err
	}
	today := format(clock.Today(s.clk))
	probationary := func(r fileRow) bool { return r.State == StateAdmitted }
	return s.change(ctx, id, may, probationary, func(tx *db.Tx, r *fileRow, _ *rules.File) (string, string, error) {
		if !inProgress(r.State) {
			return "", "", httpx.Conflict("not_in_progress", "该档案已转正或已停止，不能再停止")
		}
		if r.State == StateAdmitted {
			if err := s.dir.CancelProbation(ctx, tx, r.MemberID, today, strings.TrimSpace(reason)); err != nil {
				return "", "", err
			}
		}
		r.State, r.StoppedOn, r.StopReason = StateStopped, today, strings.TrimSpace(reason)
		return "development.stop", EventStopped, nil
	})
}
