package dues

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/tabular"
)

const baseSheet = "缴费基数"

func templateNotes(year int) []string {
	y := strconv.Itoa(year)
	return []string{
		"每行一名党员：党员ID 和姓名已按本支部名单填好，请勿修改党员ID；类别和基数已按现行基数填好，只需修改有变化的行。",
		"缴费类别填写：" + categoryChoices + "。",
		"基数（元）：在职填每月税后工资性收入，离退休填离退休费，年薪制填当月年薪收入，个体、灵活就业填上季度月平均纯收入；" +
			"农民、学生、下岗失业、领取救济金或低保按定额交纳，不填基数。",
		"起始月份：新基数从哪个月起执行（YYYY-MM，须在 " + y + " 年内），不填为 " + y + "-01。工资调整的，从开始领取新工资的月份起执行。",
		"缴费类别和基数都不填的行不导入；与现行基数相同的行不重复登记。",
		"全部行无误才会导入：有任何错误时不导入任何数据，并列出出错的行和列。",
	}
}

// handleBaseTemplate sends the import template listing the branch's
// members with the bases in force for the year.
func (s *Service) handleBaseTemplate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	branch, year, err := s.branchYear(r, authz.DuesManage)
	if err != nil {
		return err
	}
	rows, err := s.templateRows(ctx, branch, year)
	if err != nil {
		return err
	}
	b, err := fillTemplate(year, rows)
	if err != nil {
		return err
	}
	httpx.Download(w, httpx.XLSX, branch.Name+" "+strconv.Itoa(year)+" 年党费基数导入模板.xlsx")
	_, err = w.Write(b)
	return err
}

// templateRows are the branch's members in template column order.
func (s *Service) templateRows(ctx context.Context, branch OrgRef, year int) ([][]string, error) {
	members, err := s.dir.BranchMembers(ctx, branch.ID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	facts, err := basesInForce(ctx, s.db, ids, yearMonth(year, rules.MonthOfTime(s.clk.Now())))
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(members))
	for i, m := range members {
		out[i] = []string{m.ID, m.Name, "", "", "", ""}
		if f, ok := facts[m.ID]; ok {
			out[i][2] = f.category.Label()
			if f.category.NeedsBase() {
				out[i][3] = rules.FormatYuan(f.baseFen)
			}
		}
	}
	return out, nil
}

// fillTemplate writes rows under the header of the import template.
func fillTemplate(year int, rows [][]string) ([]byte, error) {
	b, err := tabular.Template(baseImportCols, baseSheet, nil, templateNotes(year))
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
			if err := f.SetCellStr(baseSheet, cell, v); err != nil {
				return nil, err
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// handleBaseImport takes a multipart upload ("file"), ?year=.
func (s *Service) handleBaseImport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	branch, year, err := s.branchYear(r, authz.DuesManage)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBaseUpload+1<<20)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return uploadError(err)
	}
	defer file.Close()
	res, err := s.importBases(ctx, branch, year, hdr.Filename, file)
	if err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return writeImportRefused(w, res)
	}
	return httpx.WriteJSON(w, http.StatusOK, res)
}

func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return (&httpx.Fields{{Field: "file", Code: "too_large", Message: "文件不能超过 5 MB"}}).Err()
	}
	return (&httpx.Fields{{Field: "file", Code: "required", Message: "请以 multipart/form-data 上传要导入的文件（字段 file）"}}).Err()
}

// writeImportRefused answers 422 as a problem document that also carries
// the import result, so the page lists every bad row and column.
func writeImportRefused(w http.ResponseWriter, res ImportResult) error {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(http.StatusUnprocessableEntity)
	return json.NewEncoder(w).Encode(map[string]any{"type": "about:blank", "title": "Unprocessable Entity",
		"status": http.StatusUnprocessableEntity, "code": "import_refused",
		"detail":   "文件中有 " + strconv.Itoa(len(res.Errors)) + " 处错误，未导入任何数据，请修改后重新导入",
		"imported": 0, "errors": res.Errors})
}
