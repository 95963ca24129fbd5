package members

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"time"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
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

// Upload limits (SECURITY.md "uploads: size limits").
const (
	maxUpload     = 20 << 20
	maxImportRows = 200_000
)

// errRefuseAll rolls an all_or_nothing import back.
var errRefuseAll = errors.New("import refused")

// Import reads an .xlsx or .csv register into the subtree of orgID
// (perm MemberImport there; without a principal in ctx it is the operator
// on the command line). Rows are upserted by ID number: new ones created,
// changed ones updated with history, identical ones left alone. The rows
// written are written in one transaction, so a failure leaves nothing
// half-imported. Every bad cell is reported with its sheet, row and column.
func (s *Service) Import(ctx context.Context, orgID, filename string, r io.Reader, mode ImportMode) (ImportReport, error) {
	target, err := s.scopedOrg(ctx, s.db, orgID, authz.MemberImport)
	if err != nil {
		return ImportReport{}, err
	}
	if ext := strings.ToLower(filepath.Ext(filename)); ext != ".xlsx" && ext != ".csv" {
		return ImportReport{}, fieldErr("file", "type", "只支持 .xlsx 或 .csv 文件")
	}
	rows, problems, err := tabular.Read(r, filename, importCols, tabular.Limits{MaxRows: maxImportRows, MaxBytes: maxUpload})
	if err != nil {
		return ImportReport{}, fieldErr("file", "unreadable", err.Error())
	}
	im := &importer{s: s, target: target, filename: filepath.Base(filename), mode: mode, now: s.clk.Now(),
		today: clock.Today(s.clk), rows: rows, fileProblems: problems, rowProblems: map[int][]tabular.Problem{}}
	return im.run(ctx)
}

// importer carries one import through its steps.
type importer struct {
	s            *Service
	target       orgs.Org
	filename     string
	mode         ImportMode
	now          time.Time
	today        time.Time
	rows         []tabular.Row
	fileProblems []tabular.Problem
	rowProblems  map[int][]tabular.Problem // by row index
	cands        []candidate
	candRow      []int // row index of each candidate
	plan         plan
	report       ImportReport
}

func (im *importer) run(ctx context.Context) (ImportReport, error) {
	im.report = ImportReport{ID: ids.At(im.now), Total: len(im.rows), Mode: im.mode.String()}
	im.check()
	err := im.s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := im.place(ctx, tx); err != nil {
			return err
		}
		if err := im.match(ctx, tx); err != nil {
			return err
		}
		if im.mode == ImportAllOrNothing && im.anyProblem() {
			return errRefuseAll
		}
		if err := im.write(ctx, tx); err != nil {
			return err
		}
		im.report.Committed = len(im.plan.creates)+len(im.plan.updates)+im.report.Unchanged > 0
		return im.finish(ctx, tx)
	})
	if errors.Is(err, errRefuseAll) {
		im.report.Created, im.report.Updated, im.report.Unchanged = 0, 0, 0
		err = im.s.db.InTx(ctx, func(tx *db.Tx) error { return im.finish(ctx, tx) })
	}
	if err != nil {
		return ImportReport{}, err
	}
	return im.report, nil
}

// refuse marks row i bad with a problem.
func (im *importer) refuse(i int, col, msg string) {
	r := im.rows[i]
	im.rowProblems[i] = append(im.rowProblems[i], tabular.Problem{Sheet: r.Sheet, Row: r.Number, Column: col, Message: msg})
}

func (im *importer) anyProblem() bool { return len(im.fileProblems) > 0 || len(im.rowProblems) > 0 }

// check validates every row on its own and finds ID numbers repeated in
// the file (all their rows are refused: which one is right is the user's
// call).
func (im *importer) check() {
	type parsed struct {
		d    Details
		idx  string
		errs []tabular.Problem
	}
	out := make([]parsed, len(im.rows))
	parallel(len(im.rows), func(i int) error {
		d, errs := parseRow(&im.rows[i], im.today)
		out[i] = parsed{d: d, errs: errs.problems()}
		if len(out[i].errs) == 0 {
			out[i].idx = im.s.idIndex(d.IDNumber)
		}
		return nil
	})
	seen := map[string][]int{}
	for i, p := range out {
		if len(p.errs) > 0 {
			im.rowProblems[i] = p.errs
			continue
		}
		c := candidate{row: &im.rows[i], d: p.d, idx: p.idx, orgSet: im.rows[i].Values["org"] != ""}
		seen[c.idx] = append(seen[c.idx], len(im.cands))
		im.cands = append(im.cands, c)
		im.candRow = append(im.candRow, i)
	}
	var keep []candidate
	var rowsKept []int
	for k, c := range im.cands {
		if same := seen[c.idx]; len(same) > 1 {
			im.refuse(im.candRow[k], "身份证号", "身份证号在文件中重复出现（第 "+im.rowNumbers(same)+" 行）")
			continue
		}
		keep = append(keep, c)
		rowsKept = append(rowsKept, im.candRow[k])
	}
	im.cands, im.candRow = keep, rowsKept
}

// rowNumbers is "3、8" for the rows of the given candidates.
func (im *importer) rowNumbers(cands []int) string {
	parts := make([]string, len(cands))
	for i, k := range cands {
		parts[i] = itoa(im.cands[k].row.Number)
	}
	return strings.Join(parts, "、")
}

// place resolves each row's org ("所在组织", default the target). A row
// naming an unusable org is refused; a row naming none keeps the reason
// the target cannot hold members, which matters only for a new member
// (one already in the subtree stays where they are).
func (im *importer) place(ctx context.Context, q db.Querier) error {
	f := newOrgFinder(im.s, im.target)
	keep, rowsKept := im.cands[:0], im.candRow[:0]
	for k, c := range im.cands {
		res := f.find(ctx, q, c.row.Values["org"])
		if res.msg != "" && c.orgSet {
			im.refuse(im.candRow[k], "所在组织", res.msg)
			continue
		}
		c.org, c.orgMsg = res.org, res.msg
		keep, rowsKept = append(keep, c), append(rowsKept, im.candRow[k])
	}
	im.cands, im.candRow = keep, rowsKept
	return nil
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
		sealed, actorName(ctx), im.now.UnixMilli())
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
