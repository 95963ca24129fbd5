package members

import (
	"bytes"
	"context"
	"encoding/json"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/tabular"
)

// ImportMode says what happens to the good rows when some rows are bad.
type ImportMode int

const (
	ImportGoodRows     ImportMode = iota // import the good rows, report the bad ones
	ImportAllOrNothing                   // import nothing if any row is bad
)

func (m ImportMode) String() string {
	if m == ImportAllOrNothing {
		return "all_or_nothing"
	}
	return "good_rows"
}

// ImportReport is the outcome of an import. Committed reports whether rows
// were written: false when all_or_nothing refused the file or no row was
// good. Refused counts the rows not imported.
type ImportReport struct {
	ID        string
	Total     int
	Created   int
	Updated   int
	Unchanged int
	Refused   int
	Mode      string
	Committed bool
	Errors    []tabular.Problem
}

// finish stores the import (with its error report, sealed: it quotes the
// file) and audits it.
func (im *importer) finish(ctx context.Context, tx *db.Tx) error {
	im.collectErrors()
	sealed := ""
	if len(im.report.Errors) > 0 {
		rep, err := im.annotated()
		if err != nil {
			return err
		}
		if sealed, err = im.s.prot.Seal(fieldReport, string(rep)); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO member_imports (id, org_id, org_path, filename, mode, total,
		created, updated, unchanged, refused, committed, report_sealed, actor_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		im.report.ID, im.target.ID, im.target.Path, im.filename, im.report.Mode, im.report.Total,
		im.report.Created, im.report.Updated, im.report.Unchanged, im.report.Refused, boolInt(im.report.Committed),
		sealed, authz.ActorName(ctx, cliActor), im.now.UnixMilli())
	if err != nil {
		return err
	}
	result := audit.OK
	if !im.report.Committed {
		result = audit.Failed
	}
	return audit.RecordAt(ctx, tx, im.now, audit.Entry{Action: "member.import", TargetType: "org",
		TargetID: im.target.ID, Result: result, ActorName: auditActor(ctx), After: map[string]any{
			"import_id": im.report.ID, "file": im.filename, "mode": im.report.Mode, "total": im.report.Total,
			"created": im.report.Created, "updated": im.report.Updated, "unchanged": im.report.Unchanged,
			"refused": im.report.Refused}})
}

// collectErrors orders the problems: the file's first, then by row.
func (im *importer) collectErrors() {
	errs := append([]tabular.Problem{}, im.fileProblems...)
	for i := range im.rows {
		errs = append(errs, im.rowProblems[i]...)
	}
	im.report.Errors = errs
	im.report.Refused = len(im.rowProblems)
	if !im.report.Committed && im.mode == ImportAllOrNothing {
		im.report.Refused = im.report.Total
	}
}

// annotated is the error report with personal data masked.
func (im *importer) annotated() ([]byte, error) {
	var bad []tabular.Row
	for i := range im.rows {
		if len(im.rowProblems[i]) > 0 {
			bad = append(bad, maskRow(im.rows[i]))
		}
	}
	return tabular.AnnotatedReport(importCols, bad, im.report.Errors)
}

// fieldReport binds the sealed error reports to their column.
const fieldReport = "member_imports.report"

// MarshalJSON writes the report in the API's snake_case (api.md).
func (r ImportReport) MarshalJSON() ([]byte, error) {
	type problem struct {
		Sheet   string `json:"sheet"`
		Row     int    `json:"row"`
		Column  string `json:"column"`
		Message string `json:"message"`
	}
	errs := make([]problem, 0, len(r.Errors))
	for _, p := range r.Errors {
		errs = append(errs, problem{p.Sheet, p.Row, p.Column, p.Message})
	}
	var buf bytes.Buffer
	err := json.NewEncoder(&buf).Encode(struct {
		ID        string    `json:"id"`
		Total     int       `json:"total"`
		Created   int       `json:"created"`
		Updated   int       `json:"updated"`
		Unchanged int       `json:"unchanged"`
		Refused   int       `json:"refused"`
		Mode      string    `json:"mode"`
		Committed bool      `json:"committed"`
		Errors    []problem `json:"errors"`
	}{r.ID, r.Total, r.Created, r.Updated, r.Unchanged, r.Refused, r.Mode, r.Committed, errs})
	return bytes.TrimRight(buf.Bytes(), "\n"), err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
