package members

// Member statuses (正式党员 / 预备党员) and record states.
const (
	StatusFull         = "full"
	StatusProbationary = "probationary"

	StateActive = "active"
	StateEnded  = "ended" // 出党: the record stays, excluded from lists and counts
)

// enum is a closed list of codes with their Chinese labels, in display order.
type enum struct {
	codes  []string
	labels map[string]string
	// aliases are other spellings accepted on import (label variants).
	aliases map[string]string
	list    string // the labels, "a、b、c", for messages
}

func newEnum(pairs ...string) enum {
	e := enum{labels: map[string]string{}, aliases: map[string]string{}}
	for i := 0; i+1 < len(pairs); i += 2 {
		e.codes = append(e.codes, pairs[i])
		e.labels[pairs[i]] = pairs[i+1]
	}
	e.list = e.labelList()
	return e
}

func (e enum) withAliases(pairs ...string) enum {
	for i := 0; i+1 < len(pairs); i += 2 {
		e.aliases[pairs[i]] = pairs[i+1]
	}
	return e
}

// valid reports whether code is one of the enum's codes.
func (e enum) valid(code string) bool { _, ok := e.labels[code]; return ok }

// label is the Chinese name of code ("" when unknown).
func (e enum) label(code string) string { return e.labels[code] }

// parse accepts a code, a label or an alias (as found in spreadsheets).
func (e enum) parse(s string) (string, bool) {
	if e.valid(s) {
		return s, true
	}
	for _, c := range e.codes {
		if e.labels[c] == s {
			return c, true
		}
	}
	c, ok := e.aliases[s]
	return c, ok
}

func (e enum) labelList() string {
	out := ""
	for i, c := range e.codes {
		if i > 0 {
			out += "、"
		}
		out += e.labels[c]
	}
	return out
}

var genders = newEnum("male", "男", "female", "女").withAliases("男性", "male", "女性", "female", "M", "male", "F", "female")

var statuses = newEnum(StatusFull, "正式党员", StatusProbationary, "预备党员").
	withAliases("正式", StatusFull, "预备", StatusProbationary)

var educations = newEnum(
	"doctorate", "博士研究生",
	"master", "硕士研究生",
	"bachelor", "大学本科",
	"college", "大学专科",
	"secondary", "高中/中专",
	"junior", "初中",
	"primary", "小学及以下",
).withAliases(
	"博士", "doctorate", "研究生（博士）", "doctorate",
	"硕士", "master", "研究生", "master", "研究生（硕士）", "master",
	"本科", "bachelor", "大学", "bachelor",
	"大专", "college", "专科", "college",
	"高中", "secondary", "中专", "secondary", "中技", "secondary", "职高", "secondary", "高中及中专", "secondary", "高中、中专", "secondary",
	"初中及以下", "junior",
	"小学", "primary", "文盲", "primary",
)

var categories = newEnum(
	"civil_servant", "党政机关工作人员",
	"institution", "事业单位人员",
	"enterprise", "企业人员",
	"farmer", "农牧渔民",
	"student", "学生",
	"retired", "离退休人员",
	"self_employed", "个体/自由职业者",
	"unemployed", "待业/失业人员",
	"military", "军人/武警",
	"other", "其他",
).withAliases(
	"公务员", "civil_servant", "机关工作人员", "civil_servant", "党政机关", "civil_servant",
	"事业单位", "institution", "事业单位工作人员", "institution", "专业技术人员", "institution",
	"企业", "enterprise", "企业职工", "enterprise", "工人", "enterprise", "企业员工", "enterprise",
	"农民", "farmer", "农牧渔业人员", "farmer", "牧民", "farmer", "渔民", "farmer",
	"在校学生", "student",
	"离退休", "retired", "退休人员", "retired", "离休", "retired", "退休", "retired",
	"个体", "self_employed", "自由职业者", "self_employed", "个体工商户", "self_employed", "个体经营者", "self_employed",
	"待业", "unemployed", "失业", "unemployed", "失业人员", "unemployed", "无业", "unemployed",
	"军人", "military", "武警", "military",
)

// endKinds are the ways membership ends (出党), each an appended record.
var endKinds = newEnum(
	"suspended", "停止党籍",
	"lapsed", "自行脱党",
	"removed", "除名",
	"expelled", "开除党籍",
	"withdrew", "退党",
	"deceased", "去世",
	EndProbationCancelled, "取消预备党员资格",
)

// EndProbationCancelled is 取消预备党员资格: a probationary member found
// unfit at the end of probation (发展细则), recorded like an 出党 kind.
const EndProbationCancelled = "probation_cancelled"

// ageBands are the list filter's bands (api.md): inclusive age ranges.
var ageBands = map[string][2]int{
	"u30":   {0, 30},
	"31_40": {31, 40},
	"41_50": {41, 50},
	"51_60": {51, 60},
	"61_70": {61, 70},
	"o70":   {71, 200},
}

// ethnicGroups are the 56 ethnic groups of China, in the order of GB 3304.
var ethnicGroups = []string{
	"汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
	"满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
	"佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
	"达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
	"塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
	"独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
}

var ethnicSet = func() map[string]bool {
	m := make(map[string]bool, len(ethnicGroups))
	for _, e := range ethnicGroups {
		m[e] = true
	}
	return m
}()

// parseEthnicity accepts "汉族" and the common short form "汉".
func parseEthnicity(s string) (string, bool) {
	if ethnicSet[s] {
		return s, true
	}
	if ethnicSet[s+"族"] {
		return s + "族", true
	}
	return "", false
}
