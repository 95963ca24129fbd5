package orgs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/tabular"
)

// importColumns are the columns of the organization import template.
var importColumns = []tabular.Column{
	{Key: "code", Title: "组织编码", Aliases: []string{"编码", "组织代码"}, Required: true, Text: true},
	{Key: "name", Title: "组织名称", Aliases: []string{"名称", "党组织名称"}, Required: true},
	{Key: "kind", Title: "组织类别", Aliases: []string{"类别", "组织类型"}, Required: true},
	{Key: "parent_code", Title: "上级组织编码", Aliases: []string{"上级编码"}, Text: true},
	{Key: "unit_type", Title: "单位类型", Aliases: []string{"所在单位类型"}},
	{Key: "established_on", Title: "成立日期", Aliases: []string{"成立时间"}},
	{Key: "term_start", Title: "本届任期开始", Aliases: []string{"任期开始", "换届日期"}},
	{Key: "term_end", Title: "任期届满", Aliases: []string{"任期届满日期", "届满日期"}},
	{Key: "address", Title: "地址", Aliases: []string{"办公地址"}},
	{Key: "end_date", Title: "结束日期", Aliases: []string{"临时党支部结束日期"}},
	{Key: "longitude", Title: "经度", Aliases: []string{"东经"}},
	{Key: "latitude", Title: "纬度", Aliases: []string{"北纬"}},
}

// kindWords maps what people write in the 类别 column to a kind and the
// joint/temporary flags.
var kindWords = map[string]struct {
	kind             string
	joint, temporary bool
}{
	"党工委": {KindLeadingBody, false, false}, "机关工委": {KindLeadingBody, false, false}, "组织部": {KindLeadingBody, false, false},
	"党委": {KindCommittee, false, false}, "基层党委": {KindCommittee, false, false},
	"党总支": {KindGeneralBranch, false, false}, "总支": {KindGeneralBranch, false, false},
	"党支部": {KindBranch, false, false}, "支部": {KindBranch, false, false},
	"联合党支部": {KindBranch, true, false}, "临时党支部": {KindBranch, false, true},
	"党小组": {KindGroup, false, false},
}

// OrgImportReport is the outcome of an organization import.
type OrgImportReport struct {
	Total     int               `json:"total"`
	Created   int               `json:"created"`
	Updated   int               `json:"updated"`
	Unchanged int               `json:"unchanged"`
	Refused   int               `json:"refused"`
	Committed bool              `json:"committed"`
	Errors    []tabular.Problem `json:"errors"`
}

// orgRow is one parsed row waiting for its parent.
type orgRow struct {
	row        tabular.Row
	org        Org
	parentCode string
	located    bool // the sheet has a coordinate column
}

// ImportOrgs creates or updates (by code) the organizations of a file
// under the org targetID; a row without a parent code goes directly under
// it. Rows may come in any order. allOrNothing writes nothing when any row
// is bad; otherwise the good rows are written, all in one transaction.
func (s *Service) ImportOrgs(ctx context.Context, targetID, filename string, r io.Reader, allOrNothing bool) (OrgImportReport, error) {
	rep, _, err := s.importOrgs(ctx, targetID, filename, r, allOrNothing, false)
	return rep, err
}

// OrgImportErrorReport checks a file as an import would, writes nothing,
// and returns the annotated .xlsx with every bad row marked.
func (s *Service) OrgImportErrorReport(ctx context.Context, targetID, filename string, r io.Reader) ([]byte, error) {
	rep, rows, err := s.importOrgs(ctx, targetID, filename, r, true, true)
	if err != nil {
		return nil, err
	}
	return tabular.AnnotatedReport(importColumns, rows, rep.Errors)
}

func (s *Service) importOrgs(ctx context.Context, targetID, filename string, r io.Reader, allOrNothing, dryRun bool) (OrgImportReport, []tabular.Row, error) {
	rows, problems, err := tabular.Read(r, filename, importColumns, tabular.Limits{MaxRows: 50_000})
	if err != nil {
		return OrgImportReport{}, nil, httpx.BadRequest(err.Error())
	}
	rep := OrgImportReport{Total: len(rows)}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		target, err := getOrg(ctx, tx, targetID)
		if err != nil {
			return err
		}
		imp := &orgImport{s: s, tx: tx, target: target, rep: &rep, bad: map[string]bool{}}
		imp.run(ctx, rows)
		rep.Errors = append(problems, imp.problems...)
		if imp.err == nil && (dryRun || (len(rep.Errors) > 0 && allOrNothing)) {
			return errRollback
		}
		return imp.err
	})
	if errors.Is(err, errRollback) {
		rep.Created, rep.Updated, rep.Unchanged, err = 0, 0, 0, nil
	}
	rep.Refused = refusedRows(rep.Errors)
	rep.Committed = err == nil && !dryRun && (rep.Refused == 0 || !allOrNothing)
	return rep, rows, err
}

var errRollback = errors.New("import refused: nothing written")

func refusedRows(ps []tabular.Problem) int {
	seen := map[string]bool{}
	for _, p := range ps {
		if p.Row > 0 {
			seen[fmt.Sprint(p.Sheet, "/", p.Row)] = true
		}
	}
	return len(seen)
}

type orgImport struct {
	s        *Service
	tx       *db.Tx
	target   Org
	rep      *OrgImportReport
	problems []tabular.Problem
	bad      map[string]bool // codes of rows that failed
	err      error           // a storage error: the whole import fails
}

func (imp *orgImport) fail(r tabular.Row, column, msg string) {
	imp.problems = append(imp.problems, tabular.Problem{Sheet: r.Sheet, Row: r.Number, Column: column, Message: msg})
}

// run parses every row, then writes them parents first: each pass writes
// the rows whose parent now exists, until no row can be placed.
func (imp *orgImport) run(ctx context.Context, rows []tabular.Row) {
	pending := imp.parse(rows)
	for progress := true; progress && len(pending) > 0 && imp.err == nil; {
		progress = false
		var next []orgRow
		for _, or := range pending {
			parent, ok, waiting := imp.parentOf(ctx, or)
			switch {
			case imp.err != nil:
				return
			case waiting:
				next = append(next, or)
			case ok:
				imp.write(ctx, or, parent)
				progress = true
			}
		}
		pending = next
	}
	for _, or := range pending {
		imp.fail(or.row, "上级组织编码", "找不到上级组织编码「"+or.parentCode+"」（文件中和本组织下级中都没有）")
	}
}

func (imp *orgImport) parse(rows []tabular.Row) []orgRow {
	var out []orgRow
	seen := map[string]int{}
	for _, r := range rows {
		v := r.Values
		o := Org{Name: v["name"], Code: v["code"], UnitType: unitCode(v["unit_type"]), Address: v["address"], Status: StatusActive}
		ok := imp.parseKind(r, &o) && imp.parseDates(r, &o) && imp.parseLocation(r, &o)
		if prev, dup := seen[o.Code]; dup && o.Code != "" {
			imp.fail(r, "组织编码", fmt.Sprintf("组织编码「%s」与第 %d 行重复", o.Code, prev))
			continue
		}
		seen[o.Code] = r.Number
		if o.Code == "" {
			imp.fail(r, "组织编码", "请填写组织编码（用于重复导入时识别同一组织）")
			ok = false
		}
		if err := validate(o); err != nil && ok {
			imp.failFields(r, err)
			ok = false
		}
		if !ok {
			imp.bad[o.Code] = true
			continue
		}
		_, lng := v["longitude"]
		_, lat := v["latitude"]
		out = append(out, orgRow{row: r, org: o, parentCode: v["parent_code"], located: lng || lat})
	}
	return out
}

func (imp *orgImport) parseKind(r tabular.Row, o *Org) bool {
	word := r.Values["kind"]
	if k, ok := kindWords[word]; ok {
		o.Kind, o.Joint, o.Temporary = k.kind, k.joint, k.temporary
		return true
	}
	if _, ok := kindLabels[word]; ok {
		o.Kind = word
		return true
	}
	imp.fail(r, "组织类别", "组织类别「"+word+"」无法识别，应为党委、党总支、党支部、联合党支部、临时党支部、党小组或党工委")
	return false
}

func (imp *orgImport) parseDates(r tabular.Row, o *Org) bool {
	ok := true
	for _, f := range []struct {
		key, title string
		dst        *string
	}{{"established_on", "成立日期", &o.EstablishedOn}, {"term_start", "本届任期开始", &o.TermStart},
		{"term_end", "任期届满", &o.TermEnd}, {"end_date", "结束日期", &o.EndDate}} {
		if v := r.Values[f.key]; v != "" {
			t, err := tabular.ParseDate(v)
			if err != nil {
				imp.fail(r, f.title, "日期「"+v+"」无法识别，请写成 2024-07-01 这样的格式")
				ok = false
				continue
			}
			*f.dst = t.Format(tabular.DateLayout)
		}
	}
	return ok
}

// parseLocation reads the optional 经度/纬度 cells; validate checks the
// pair and the range.
func (imp *orgImport) parseLocation(r tabular.Row, o *Org) bool {
	ok := true
	for _, f := range []struct {
		key, title string
		dst        **float64
	}{{"longitude", "经度", &o.Longitude}, {"latitude", "纬度", &o.Latitude}} {
		if v := r.Values[f.key]; v != "" {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				imp.fail(r, f.title, f.title+"「"+v+"」不是数字，请写成 113.625417 这样的小数（单位：度）")
				ok = false
				continue
			}
			*f.dst = &x
		}
	}
	return ok
}

func (imp *orgImport) failFields(r tabular.Row, err error) {
	var he *httpx.Error
	if !errors.As(err, &he) || len(he.Fields) == 0 {
		imp.fail(r, "", err.Error())
		return
	}
	for _, f := range he.Fields {
		imp.fail(r, columnTitle(f.Field), f.Message)
	}
}

func columnTitle(key string) string {
	for _, c := range importColumns {
		if c.Key == key {
			return c.Title
		}
	}
	return key
}

func unitCode(word string) string {
	for code, label := range unitLabels {
		if word == label || word == code {
			return code
		}
	}
	return word
}

// parentOf finds the row's parent: the target (no parent code), or an org
// with that code inside the target's subtree. waiting: the parent is a row
// of this file not yet written.
func (imp *orgImport) parentOf(ctx context.Context, or orgRow) (parent Org, ok, waiting bool) {
	if or.parentCode == "" {
		return imp.target, true, false
	}
	if imp.bad[or.parentCode] {
		imp.fail(or.row, "上级组织编码", "上级组织「"+or.parentCode+"」所在行有错误，本行未导入")
		imp.bad[or.org.Code] = true
		return Org{}, false, false
	}
	list, err := queryOrgs(ctx, imp.tx, "WHERE code = ?", or.parentCode)
	if err != nil {
		imp.err = err
		return Org{}, false, false
	}
	if len(list) == 0 {
		return Org{}, false, true
	}
	if !strings.HasPrefix(list[0].Path, imp.target.Path) {
		imp.fail(or.row, "上级组织编码", "上级组织「"+or.parentCode+"」不在本组织之下")
		imp.bad[or.org.Code] = true
		return Org{}, false, false
	}
	return list[0], true, false
}

// write creates the org or, when its code exists in the subtree, updates
// it; a storage error ends the import.
func (imp *orgImport) write(ctx context.Context, or orgRow, parent Org) {
	existing, err := queryOrgs(ctx, imp.tx, "WHERE code = ?", or.org.Code)
	if err != nil {
		imp.err = err
		return
	}
	if len(existing) == 0 {
		o := or.org
		o.ID, o.ParentID, o.Version = ids.New(), parent.ID, 1
		imp.apply(or, imp.s.insertNew(ctx, imp.tx, &o), &imp.rep.Created)
		return
	}
	cur := existing[0]
	if !or.located {
		// A sheet without the columns (an older template) keeps the points
		// already set in the console.
		or.org.Longitude, or.org.Latitude = cur.Longitude, cur.Latitude
	}
	switch {
	case !strings.HasPrefix(cur.Path, imp.target.Path):
		imp.fail(or.row, "组织编码", "组织编码「"+cur.Code+"」已被本组织以外的组织使用")
	case cur.ParentID != parent.ID:
		imp.fail(or.row, "上级组织编码", "该组织在系统中的上级与文件不一致；调整隶属关系请使用“移动”")
	case sameOrg(cur, or.org):
		imp.rep.Unchanged++
	default:
		_, err := imp.s.updateIn(ctx, imp.tx, cur.ID, fieldsOf(or.org), 0)
		imp.apply(or, err, &imp.rep.Updated)
	}
}

// apply counts a written row, reports a rule it broke, or keeps a storage
// error (which fails the whole import).
func (imp *orgImport) apply(or orgRow, err error, counter *int) {
	var he *httpx.Error
	switch {
	case err == nil:
		*counter++
	case errors.As(err, &he):
		imp.bad[or.org.Code] = true
		if len(he.Fields) > 0 {
			imp.failFields(or.row, err)
		} else {
			imp.fail(or.row, "", he.Detail)
		}
	default:
		imp.err = err
	}
}

func sameOrg(a, b Org) bool {
	return a.Name == b.Name && a.Kind == b.Kind && a.UnitType == b.UnitType && a.Joint == b.Joint &&
		a.Temporary == b.Temporary && a.EndDate == b.EndDate && a.TermStart == b.TermStart &&
		a.TermEnd == b.TermEnd && a.EstablishedOn == b.EstablishedOn && a.Address == b.Address &&
		sameCoord(a.Longitude, b.Longitude) && sameCoord(a.Latitude, b.Latitude)
}

func sameCoord(a, b *float64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func fieldsOf(o Org) Fields {
	return Fields{Name: &o.Name, Kind: &o.Kind, UnitType: &o.UnitType, Joint: &o.Joint, Temporary: &o.Temporary,
		EndDate: &o.EndDate, TermStart: &o.TermStart, TermEnd: &o.TermEnd, EstablishedOn: &o.EstablishedOn, Address: &o.Address,
		Longitude: setCoord(o.Longitude), Latitude: setCoord(o.Latitude)}
}

// ImportTemplate is the .xlsx template for organization imports.
func ImportTemplate() ([]byte, error) {
	return tabular.Template(importColumns, "组织", map[string]string{"code": "QY-CZ-01", "name": "清源市财政局机关第一党支部",
		"kind": "党支部", "parent_code": "QY-CZ", "unit_type": "机关", "established_on": "2001-07-01",
		"term_start": "2024-03-15", "term_end": "2027-03-14", "address": "清源市人民路 9 号",
		"longitude": "113.625417", "latitude": "34.746583"},
		[]string{"每行一个党组织；组织编码必填且唯一，重复导入同一文件不会重复创建。",
			"上级组织编码留空表示直接隶属于导入时选择的组织；也可以填写本文件中其他行的组织编码。",
			"组织类别：党委、党总支、党支部、联合党支部、临时党支部、党小组、党工委。",
			"日期可写成 2024-07-01、2024/7/1 或 2024年7月1日。",
			"经度、纬度可不填，填写时两项都填（用于数据大屏的组织分布图；可在地图软件中取点）。"})
}
