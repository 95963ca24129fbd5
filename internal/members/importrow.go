package members

import (
	"context"
	"strings"
	"time"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/pii"
	"dangjian/internal/platform/tabular"
)

// candidate is a row that passed every check that needs no database.
type candidate struct {
	row    *tabular.Row
	d      Details
	org    orgs.Org // where the row says the member belongs
	orgSet bool     // the row named its org (else: the target, or unchanged)
	orgMsg string   // why the default org cannot take a new member
	idx    string   // blind index of the ID number
}

// rowErrors collects one message per column for one row, in column order.
type rowErrors struct {
	row  *tabular.Row
	msgs map[string]string
}

func (e *rowErrors) add(key, msg string) {
	if e.msgs == nil {
		e.msgs = map[string]string{}
	}
	if _, dup := e.msgs[key]; !dup {
		e.msgs[key] = msg
	}
}

func (e *rowErrors) problems() []tabular.Problem {
	var out []tabular.Problem
	for _, c := range importCols {
		if m, ok := e.msgs[c.Key]; ok {
			out = append(out, tabular.Problem{Sheet: e.row.Sheet, Row: e.row.Number, Column: c.Title, Message: m})
		}
	}
	if m, ok := e.msgs[""]; ok {
		out = append(out, tabular.Problem{Sheet: e.row.Sheet, Row: e.row.Number, Message: m})
	}
	return out
}

// parseRow reads one spreadsheet row into Details: labels or codes for the
// enums, any date format people use, ID numbers typed as numbers.
func parseRow(row *tabular.Row, today time.Time) (Details, *rowErrors) {
	errs := &rowErrors{row: row}
	v := row.Values
	d := Details{Name: v["name"], Address: v["address"], IDNumber: v["id_number"], Phone: v["phone"]}
	if tabular.LostPrecision(d.IDNumber) {
		errs.add("id_number", "身份证号被 Excel 存成了数字，后几位已丢失：请将该列设为文本格式后重新填写")
	}
	d.Gender = parseEnum(errs, "gender", v["gender"], genders, msgGender)
	d.Education = parseEnum(errs, "education", v["education"], educations, msgEducation)
	d.Category = parseEnum(errs, "category", v["category"], categories, msgCategory)
	d.Status = parseEnum(errs, "status", v["status"], statuses, msgStatus)
	d.Ethnicity = v["ethnicity"]
	d.BirthDate = parseCellDate(errs, "birth_date", v["birth_date"])
	d.JoinedOn = parseCellDate(errs, "joined_on", v["joined_on"])
	d.FullMemberOn = parseCellDate(errs, "full_member_on", v["full_member_on"])
	d.normalize()
	d.fillFromID()
	for _, f := range validate(d, today) {
		errs.add(f.Field, f.Message)
	}
	if d.Name == exampleName {
		errs.add("name", "这是模板中的示例行，请删除")
	}
	return d, errs
}

// Messages for cells outside an enum.
var (
	msgGender    = "性别应为男或女"
	msgEducation = "学历应为：" + educations.labelList()
	msgCategory  = "人员类别应为：" + categories.labelList()
	msgStatus    = "党员状态应为正式党员或预备党员"
)

// parseEnum maps a label, alias or code to its code; an empty cell stays
// empty (required ones are reported by validate).
func parseEnum(errs *rowErrors, key, cell string, e enum, msg string) string {
	if cell == "" {
		return ""
	}
	code, ok := e.parse(strings.ReplaceAll(cell, " ", ""))
	if !ok {
		errs.add(key, msg)
		return cell
	}
	return code
}

// parseCellDate reads a date cell (Excel serials, 2015/7/1, 2015年7月1日).
func parseCellDate(errs *rowErrors, key, cell string) string {
	if cell == "" {
		return ""
	}
	t, err := tabular.ParseDate(cell)
	if err != nil {
		errs.add(key, err.Error())
		return cell
	}
	return t.Format(clock.DateLayout)
}

// orgFinder resolves the "所在组织" column inside the import's target org,
// remembering each answer.
type orgFinder struct {
	s      *Service
	target orgs.Org
	cache  map[string]orgResult
}

type orgResult struct {
	org orgs.Org
	msg string // why it cannot be used
}

func newOrgFinder(s *Service, target orgs.Org) *orgFinder {
	return &orgFinder{s: s, target: target, cache: map[string]orgResult{}}
}

// find resolves a cell ("" means the target org).
func (f *orgFinder) find(ctx context.Context, q db.Querier, cell string) orgResult {
	if res, ok := f.cache[cell]; ok {
		return res
	}
	res := f.lookup(ctx, q, cell)
	if res.msg == "" {
		if msg := homeProblem(res.org); msg != "" {
			res.msg = "「" + res.org.Name + "」：" + msg
		}
	}
	f.cache[cell] = res
	return res
}

func (f *orgFinder) lookup(ctx context.Context, q db.Querier, cell string) orgResult {
	t := f.target
	if cell == "" || cell == t.ID || cell == t.Code || cell == t.Name {
		return orgResult{org: t}
	}
	if r, ok := f.s.orgs.(orgResolver); ok {
		if o, err := r.Resolve(ctx, cell); err == nil {
			return f.inside(o)
		}
	}
	if o, err := f.s.orgs.Get(ctx, q, cell); err == nil {
		return f.inside(o)
	}
	found, err := f.named(ctx, q, cell)
	switch {
	case err != nil:
		return orgResult{msg: "查找所在组织失败，请稍后重试"}
	case len(found) > 1:
		return orgResult{msg: "有多个组织名为「" + cell + "」，请填写组织编码"}
	case len(found) == 1:
		return f.inside(found[0])
	}
	return orgResult{msg: "在「" + t.Name + "」范围内找不到组织「" + cell + "」，请填写组织编码"}
}

// inside accepts o only within the target's subtree.
func (f *orgFinder) inside(o orgs.Org) orgResult {
	if !strings.HasPrefix(o.Path, f.target.Path) {
		return orgResult{msg: "所在组织须在「" + f.target.Name + "」范围内"}
	}
	return orgResult{org: o}
}

// named finds the orgs called name inside the target's subtree.
func (f *orgFinder) named(ctx context.Context, q db.Querier, name string) ([]orgs.Org, error) {
	return f.s.orgs.Named(ctx, q, f.target.Path, name)
}

// maskRow hides personal data in a row kept for the error report.
func maskRow(r tabular.Row) tabular.Row {
	raw := make(map[string]string, len(r.Raw))
	for k, v := range r.Raw {
		raw[k] = v
	}
	if v := raw["id_number"]; v != "" {
		raw["id_number"] = pii.MaskIDNumber(pii.NormalizeIDNumber(v))
	}
	if v := raw["phone"]; v != "" {
		raw["phone"] = pii.MaskPhone(pii.NormalizePhone(v))
	}
	if v := raw["address"]; v != "" {
		raw["address"] = pii.MaskAddress(v)
	}
	r.Raw = raw
	return r
}
