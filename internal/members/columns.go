package members

import (
	"dangjian/internal/platform/tabular"
)

// importCols are the spreadsheet columns, matched by Chinese header in any
// order (aliases are spellings found in real registers). Gender and birth
// date may be left out: the ID number holds them.
var importCols = []tabular.Column{
	{Key: "name", Title: "姓名", Aliases: []string{"党员姓名", "名字"}, Required: true},
	{Key: "gender", Title: "性别"},
	{Key: "ethnicity", Title: "民族", Required: true},
	{Key: "birth_date", Title: "出生日期", Aliases: []string{"出生年月日", "生日"}},
	{Key: "id_number", Title: "身份证号", Aliases: []string{"公民身份号码", "身份证号码", "身份证", "证件号码"}, Required: true, Text: true},
	{Key: "phone", Title: "手机号", Aliases: []string{"手机号码", "手机", "联系电话", "联系方式"}, Required: true, Text: true},
	{Key: "education", Title: "学历", Aliases: []string{"文化程度", "最高学历"}, Required: true},
	{Key: "category", Title: "人员类别", Aliases: []string{"人员身份", "工作岗位类别"}, Required: true},
	{Key: "status", Title: "党员状态", Aliases: []string{"党员类型", "党籍状态", "正式/预备"}, Required: true},
	{Key: "joined_on", Title: "入党时间", Aliases: []string{"入党日期"}, Required: true},
	{Key: "full_member_on", Title: "转正时间", Aliases: []string{"转正日期"}},
	{Key: "address", Title: "住址", Aliases: []string{"家庭住址", "现居住地", "居住地址", "现住址"}},
	{Key: "org", Title: "所在组织", Aliases: []string{"所在党组织", "所在党支部", "党支部"}},
	// The code wins over the name: names repeat across a large tree
	// (every street has its 机关党支部), codes do not.
	{Key: "org_code", Title: "所在组织编码", Aliases: []string{"组织编码", "党组织编码"}, Text: true},
}

// titleOf maps a column key (also the API field name) to its header.
var titleOf = func() map[string]string {
	m := map[string]string{}
	for _, c := range importCols {
		m[c.Key] = c.Title
	}
	m["org_id"] = "所在组织"
	return m
}()

// exampleName marks the template's example row, refused if left in.
const exampleName = "示例姓名"

// templateExample is a fictional row showing the formats.
var templateExample = map[string]string{
	"name": exampleName, "gender": "男", "ethnicity": "汉族", "birth_date": "1990-03-07",
	"id_number": "110101199003071234", "phone": "13800000000", "education": "大学本科",
	"category": "企业人员", "status": "正式党员", "joined_on": "2015-07-01", "full_member_on": "2016-07-01",
	"address": "北京市东城区示例街道1号", "org": "（可不填，默认为导入的组织）",
}

var templateNotes = []string{
	"第 2 行为示例，导入前请删除（示例行不会被导入）。",
	"带 * 的列必须填写；列的顺序可以调整，多余的列会被忽略。",
	"身份证号、手机号请设置为文本格式，否则 Excel 可能丢失身份证号的后几位。",
	"性别、出生日期可不填，将按身份证号自动填写；填写时须与身份证号一致。",
	"日期可写作 2015-07-01、2015/7/1 或 2015年7月1日。",
	"学历：博士研究生、硕士研究生、大学本科、大学专科、高中/中专、初中、小学及以下。",
	"人员类别：党政机关工作人员、事业单位人员、企业人员、农牧渔民、学生、离退休人员、个体/自由职业者、待业/失业人员、军人/武警、其他。",
	"党员状态：正式党员或预备党员；正式党员须填写转正时间，预备党员不填。",
	"所在组织：填写党支部（党总支、党委）的组织编码或名称，须在导入的组织范围内；不填则编入导入的组织。",
	"身份证号已登记的党员将按表格内容更新，内容相同的行不作改动。",
}

// exportCols are the import columns (so an export can be edited and
// imported again) plus derived figures that the import ignores.
var exportCols = append(append([]tabular.Column{}, importCols...),
	tabular.Column{Key: "age", Title: "年龄"},
	tabular.Column{Key: "party_age", Title: "党龄"},
)
