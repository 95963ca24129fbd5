package members

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"time"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/tabular"
)

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
		defer bigCache(ctx, tx)()
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

// bigCache gives SQLite's connection a 64 MiB page cache for the import's
// index updates (a quarter faster for 100,000 rows) and restores the
// default afterwards; the setting belongs to the pooled connection.
func bigCache(ctx context.Context, tx *db.Tx) (restore func()) {
	if tx.Dialect() != db.SQLite {
		return func() {}
	}
	tx.ExecContext(ctx, "PRAGMA cache_size = -65536")
	return func() { tx.ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = -2000") }
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
		c := candidate{row: &im.rows[i], d: p.d, idx: p.idx, orgSet: orgCell(im.rows[i]) != ""}
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
		res := f.find(ctx, q, orgCell(*c.row))
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

// orgCell is how a row names its org: by code when given, else by name.
func orgCell(r tabular.Row) string {
	if code := r.Values["org_code"]; code != "" {
		return code
	}
	return r.Values["org"]
}
