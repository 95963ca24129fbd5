package points

import (
	"strconv"

	"dangjian/internal/platform/settings"
)

// Category is a group of rules members see their points broken down by.
type Category struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// Categories in display order.
var Categories = []Category{
	{"org_life", "组织生活"}, {"dues", "党费缴纳"}, {"volunteer", "志愿服务"},
	{"study", "学习教育"}, {"honours", "评议表彰"}, {"other", "其他"},
}

// categoryLabel is the Chinese name of a category key.
func categoryLabel(key string) string {
	for _, c := range Categories {
		if c.Key == key {
			return c.Label
		}
	}
	return key
}

// The rules (积分规则): what earns or costs points.
const (
	ruleAttended     = "meeting_attended"
	ruleLeave        = "meeting_leave"
	ruleAbsent       = "meeting_absent"
	ruleDuesOnTime   = "dues_on_time"
	ruleVolunteer    = "volunteer_hours"
	ruleStudy        = "study_completed"
	ruleAppraisal    = "appraisal_excellent"
	ruleCommendation = "commendation"
	ruleManual       = "manual"
)

// Rule is one entry of the catalogue with its defaults; the points and caps
// an org's events earn are the settings resolved at the org.
type Rule struct {
	Key           string `json:"rule"`
	Label         string `json:"label"`
	Category      string `json:"category"`
	CategoryLabel string `json:"category_label"`
	SourceEvent   string `json:"source_event"`
	Unit          string `json:"unit"`
	Description   string `json:"description"`
	// HasSource is false while no capability records the rule's events
	// (志愿服务 and 学习教育 come later): shown as 暂无数据来源.
	HasSource bool `json:"has_source"`
	source    string
	points    int
	caps      [3]int // day, month, year; 0 = none
}

// Rules is the catalogue in display order.
var Rules = []Rule{
	{Key: ruleAttended, Label: "参加组织生活", Category: "org_life", SourceEvent: "meeting.attended", Unit: "次",
		Description: "参加三会一课、主题党日等组织生活（到会或线上参会），以归档的会议记录为准", HasSource: true,
		source: "meeting", points: 2, caps: [3]int{0, 20, 0}},
	{Key: ruleLeave, Label: "组织生活请假", Category: "org_life", SourceEvent: "meeting.leave", Unit: "次",
		Description: "经批准请假，不扣分", HasSource: true, source: "meeting"},
	{Key: ruleAbsent, Label: "无故缺席组织生活", Category: "org_life", SourceEvent: "meeting.absent", Unit: "次",
		Description: "应参加而未到会且未请假（扣分）", HasSource: true, source: "meeting", points: -2},
	{Key: ruleDuesOnTime, Label: "按时缴纳党费", Category: "dues", SourceEvent: "dues.paid", Unit: "月",
		Description: "当月或提前缴纳当月党费（自愿多交党费不计）", HasSource: true,
		source: "dues", points: 1, caps: [3]int{0, 0, 12}},
	{Key: ruleVolunteer, Label: "志愿服务", Category: "volunteer", SourceEvent: "volunteer.hours", Unit: "小时",
		Description: "参加志愿服务，按服务时长计分", source: "volunteer", points: 1, caps: [3]int{0, 20, 0}},
	{Key: ruleStudy, Label: "完成学习", Category: "study", SourceEvent: "study.completed", Unit: "次",
		Description: "完成一次学习教育内容", source: "study", points: 1, caps: [3]int{3, 0, 0}},
	{Key: ruleAppraisal, Label: "民主评议优秀", Category: "honours", SourceEvent: "appraisal.graded", Unit: "次",
		Description: "民主评议党员被评为优秀", HasSource: true, source: "appraisal", points: 5},
	{Key: ruleCommendation, Label: "受到表彰", Category: "honours", SourceEvent: "commendation.awarded", Unit: "次",
		Description: "被评为优秀共产党员、优秀党务工作者等", HasSource: true, source: "commendation", points: 10},
	{Key: ruleManual, Label: "手动加减分", Category: "other", Unit: "次",
		Description: "有理由和证明材料、经另一人审批的加分或扣分，每次不超过 50 分，不设上限", HasSource: true,
		source: "manual"},
}

func init() {
	for i := range Rules {
		Rules[i].CategoryLabel = categoryLabel(Rules[i].Category)
	}
}

// ruleOf looks up a rule of the catalogue.
func ruleOf(key string) Rule {
	for _, r := range Rules {
		if r.Key == key {
			return r
		}
	}
	return Rule{Key: key, Label: key, Category: "other", CategoryLabel: categoryLabel("other")}
}

// maxManual bounds a manual award or deduction, and the points a rule may
// be set to.
const maxManual = 50

// keyRanking switches on the ranked member list of a branch (off by
// default: 指尖上的形式主义 rules discourage points rankings).
const keyRanking = "points.ranking"

var capPeriods = [3]struct{ key, label string }{{"day_cap", "每日上限"}, {"month_cap", "每月上限"}, {"year_cap", "每年上限"}}

func pointsKey(rule string) string     { return "points." + rule + ".points" }
func capKey(rule string, i int) string { return "points." + rule + "." + capPeriods[i].key }

// settingsCatalog is what an org may set for its subtree: each automatic
// rule's points and caps, and rankings.
var settingsCatalog = &settings.Catalog{Table: "points_settings", AuditAction: "points.settings", Items: catalogItems()}

func catalogItems() []settings.Item {
	var items []settings.Item
	for _, r := range Rules {
		if r.Key == ruleManual {
			continue
		}
		items = append(items, settings.Item{Key: pointsKey(r.Key), Label: r.Label + "（每" + r.Unit + "分值）",
			Default: strconv.Itoa(r.points), Min: -maxManual, Max: maxManual})
		for i, p := range capPeriods {
			items = append(items, settings.Item{Key: capKey(r.Key, i), Label: r.Label + p.label + "（0 为不设上限）",
				Default: strconv.Itoa(r.caps[i]), Min: 0, Max: 1000})
		}
	}
	return append(items, settings.Item{Key: keyRanking, Label: "支部内积分排名", Default: "off", Options: []string{"off", "on"}})
}

// params are a rule's points and caps as they apply at an org.
type params struct {
	points int
	caps   [3]int
}

func paramsOf(v settings.Values, rule string) params {
	p := params{points: v.Int(pointsKey(rule))}
	for i := range capPeriods {
		p.caps[i] = v.Int(capKey(rule, i))
	}
	return p
}
