package dues

import (
	"context"
	"io"
	"path/filepath"
	"strconv"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/tabular"
)

// Upload limits of the base import: a branch has tens of members, a
// spreadsheet of a few hundred rows is already unusual.
const (
	maxBaseUpload = 5 << 20
	maxBaseRows   = 20_000
)

// ImportResult is the outcome of a base import. Errors locate every bad
// cell; when there is any, nothing was imported.
type ImportResult struct {
	Imported  int           `json:"imported"`
	Unchanged int           `json:"unchanged"` // rows equal to the base already in force
	Errors    []ImportError `json:"errors"`
}

// ImportError is one bad row or cell of an import.
type ImportError struct {
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// importRow is a row that passed every check.
type importRow struct {
	m  Member
	d  Declaration
	em rules.Month
}

// importBases reads the branch's bases for year from a spreadsheet, all or
// nothing: any bad row and nothing is written.
func (s *Service) importBases(ctx context.Context, branch OrgRef, year int, filename string, r io.Reader) (ImportResult, error) {
	rows, problems, err := tabular.Read(r, filename, baseImportCols, tabular.Limits{MaxRows: maxBaseRows, MaxBytes: maxBaseUpload})
	if err != nil {
		return ImportResult{}, (&httpx.Fields{{Field: "file", Code: "unreadable", Message: err.Error()}}).Err()
	}
	members, err := s.dir.BranchMembers(ctx, branch.ID)
	if err != nil {
		return ImportResult{}, err
	}
	todo, more := matchRows(rows, year, members)
	if problems = append(problems, more...); len(problems) > 0 {
		return ImportResult{Errors: importErrors(problems)}, nil
	}
	todo, unchanged, err := s.dropUnchanged(ctx, todo)
	if err != nil {
		return ImportResult{}, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, it := range todo {
			if err := s.insertBase(ctx, tx, s.newBase(ctx, it.m, it.d, it.em, sourceImport)); err != nil {
				return err
			}
		}
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "dues.base_import", TargetType: "org",
			TargetID: branch.ID, After: map[string]any{"year": year, "file": filepath.Base(filename),
				"imported": len(todo), "unchanged": unchanged}})
	})
	return ImportResult{Imported: len(todo), Unchanged: unchanged, Errors: []ImportError{}}, err
}

// matchRows parses the rows and matches them to the branch's members: an
// ID must be one of them, a name given must be theirs, and a member may
// have one row per effective month.
func matchRows(rows []tabular.Row, year int, members []Member) ([]importRow, []tabular.Problem) {
	byID := make(map[string]Member, len(members))
	for _, m := range members {
		byID[m.ID] = m
	}
	firstRow := map[string]int{}
	var out []importRow
	var problems []tabular.Problem
	for _, row := range rows {
		d, skip, ps := parseBaseRow(row, year)
		if skip {
			continue
		}
		at := func(col, msg string) {
			ps = append(ps, tabular.Problem{Sheet: row.Sheet, Row: row.Number, Column: col, Message: msg})
		}
		m, ok := byID[d.MemberID]
		switch {
		case d.MemberID == "":
		case !ok:
			at("党员ID", "党员ID不是本支部在册党员")
		case row.Values["name"] != "" && row.Values["name"] != m.Name:
			at("姓名", "姓名与党员ID不符，请核对")
		}
		key := d.MemberID + "|" + d.EffectiveMonth
		if first, dup := firstRow[key]; dup && len(ps) == 0 {
			at("起始月份", "与第 "+strconv.Itoa(first)+" 行重复：同一党员同一起始月份只能填写一行")
		} else if !dup {
			firstRow[key] = row.Number
		}
		if len(ps) > 0 {
			problems = append(problems, ps...)
			continue
		}
		em, _ := rules.ParseMonth(d.EffectiveMonth)
		out = append(out, importRow{m: m, d: d, em: em})
	}
	return out, problems
}

// dropUnchanged leaves out the rows that restate the base already in force
// at their month (the template comes filled with the current bases).
func (s *Service) dropUnchanged(ctx context.Context, rows []importRow) ([]importRow, int, error) {
	byMonth := map[rules.Month][]string{}
	for _, it := range rows {
		byMonth[it.em] = append(byMonth[it.em], it.m.ID)
	}
	inForce := map[rules.Month]map[string]baseFact{}
	for m, ids := range byMonth {
		facts, err := basesInForce(ctx, s.db, ids, m)
		if err != nil {
			return nil, 0, err
		}
		inForce[m] = facts
	}
	var keep []importRow
	for _, it := range rows {
		cur, ok := inForce[it.em][it.m.ID]
		if !ok || string(cur.category) != it.d.Category || cur.baseFen != it.d.BaseFen {
			keep = append(keep, it)
		}
	}
	return keep, len(rows) - len(keep), nil
}

func importErrors(problems []tabular.Problem) []ImportError {
	out := make([]ImportError, len(problems))
	for i, p := range problems {
		out[i] = ImportError{Sheet: p.Sheet, Row: p.Row, Column: p.Column, Message: p.Message}
	}
	return out
}
