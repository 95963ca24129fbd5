package development

import (
	"context"
	"strings"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// fileRow is a stored dev_files row.
type fileRow struct {
	ID, OrgID, OrgPath, Name, Gender, Ethnicity, BirthDate string
	IDSealed, IDIndex, IDMasked, PhoneSealed, PhoneMasked  string
	Education, Category, AppliedOn                         string
	Stage, LastStep                                        int
	NextDue, NextDueWhat                                   string
	DueStep                                                int
	State                                                  string
	MemberID, JoinedOn, ProbationEnd                       string
	ExtensionMonths                                        int
	ExtensionReason, StoppedOn, StopReason                 string
	Version                                                int
	CreatedAt, UpdatedAt                                   int64
}

const fileCols = `id, org_id, org_path, name, gender, ethnicity, birth_date, id_sealed, id_index, id_masked,
	phone_sealed, phone_masked, education, category, applied_on, stage, last_step, next_due, next_due_what, due_step, state,
	member_id, joined_on, probation_end, extension_months, extension_reason, stopped_on, stop_reason, version,
	created_at, updated_at`

func (r *fileRow) fields() []any {
	return []any{&r.ID, &r.OrgID, &r.OrgPath, &r.Name, &r.Gender, &r.Ethnicity, &r.BirthDate, &r.IDSealed,
		&r.IDIndex, &r.IDMasked, &r.PhoneSealed, &r.PhoneMasked, &r.Education, &r.Category, &r.AppliedOn,
		&r.Stage, &r.LastStep, &r.NextDue, &r.NextDueWhat, &r.DueStep, &r.State, &r.MemberID, &r.JoinedOn, &r.ProbationEnd,
		&r.ExtensionMonths, &r.ExtensionReason, &r.StoppedOn, &r.StopReason, &r.Version, &r.CreatedAt, &r.UpdatedAt}
}

// values are the row's columns in fileCols order, for an INSERT.
func (r fileRow) values() []any {
	out := r.fields()
	for i, p := range out {
		switch v := p.(type) {
		case *string:
			out[i] = *v
		case *int:
			out[i] = *v
		case *int64:
			out[i] = *v
		}
	}
	return out
}

// getFile reads a file; lock is "" or tx.ForUpdate().
func getFile(ctx context.Context, q db.Querier, id, lock string) (fileRow, error) {
	var r fileRow
	err := q.QueryRowContext(ctx, "SELECT "+fileCols+" FROM dev_files WHERE id = ?"+lock, id).Scan(r.fields()...)
	return r, err
}

func insertFile(ctx context.Context, q db.Querier, r fileRow) error {
	_, err := q.ExecContext(ctx, "INSERT INTO dev_files ("+fileCols+") VALUES ("+
		db.Placeholders(strings.Count(fileCols, ",")+1)+")", r.values()...)
	return err
}

// updateFile writes the columns a workflow changes, guarded by the version
// read under the row lock.
func updateFile(ctx context.Context, q db.Querier, r fileRow) error {
	_, err := q.ExecContext(ctx, `UPDATE dev_files SET stage = ?, last_step = ?, next_due = ?, next_due_what = ?,
		due_step = ?, state = ?, member_id = ?, joined_on = ?, probation_end = ?, extension_months = ?, extension_reason = ?,
		stopped_on = ?, stop_reason = ?, version = ?, updated_at = ? WHERE id = ?`,
		r.Stage, r.LastStep, r.NextDue, r.NextDueWhat, r.DueStep, r.State, r.MemberID, r.JoinedOn, r.ProbationEnd,
		r.ExtensionMonths, r.ExtensionReason, r.StoppedOn, r.StopReason, r.Version, r.UpdatedAt, r.ID)
	return err
}

// day reads a stored date ("YYYY-MM-DD"); stored dates were validated.
func day(s string) time.Time {
	t, _ := time.Parse(clock.DateLayout, s)
	return t
}

// parseDay reads a date typed by a user.
func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse(clock.DateLayout, s)
	return t, err == nil
}

func format(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(clock.DateLayout)
}
