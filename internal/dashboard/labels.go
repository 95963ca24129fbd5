package dashboard

import (
	"strconv"

	"dangjian/internal/development/rules"
	"dangjian/internal/orglife"
	"dangjian/internal/orgs"
)

// choice is a bucket the rollups define, with its Chinese label.
type choice struct{ code, label string }

// scales are the metrics whose buckets the rollups define (not codes of
// another capability), each in display order; a chart shows every bucket,
// empty ones too.
var scales = map[string][]choice{
	"members.total": {{"all", "全部"}},
	"members.age_band": {{"u30", "30岁及以下"}, {"31_40", "31-40岁"}, {"41_50", "41-50岁"},
		{"51_60", "51-60岁"}, {"61_70", "61-70岁"}, {"o70", "70岁以上"}},
	"members.party_age_band": {{"probationary", "预备党员"}, {"u5", "5年及以下"}, {"6_10", "6-10年"},
		{"11_20", "11-20年"}, {"21_30", "21-30年"}, {"31_50", "31-50年"}, {"o50", "50年以上"}},
	"orgs.term_state": {{"ok", "正常"}, {"overdue", "逾期未换届"}, {"none", "未录入任期"}},
	"orgs.size":       {{"ok", "人数正常"}, {"too_small", "正式党员不足3人"}, {"too_large", "超过50人"}},
	"orgs.committee":  {{"required", "应设支委会"}, {"not_required", "可不设支委会"}},
	"health.color":    {{colorGreen, "绿"}, {colorYellow, "黄"}, {colorRed, "红"}},
	"health.risk": {{riskAll, "存在风险"}, {"no_meetings_quarter", "上季度未开会"}, {"term_overdue", "逾期未换届"},
		{"dues_low", "党费收缴率低"}, {"inactive_90d", "90天无记录"}},
	"development.stage": stageChoices(),
}

// The health colors and the at-risk bucket of health.risk.
const (
	colorGreen  = "green"
	colorYellow = "yellow"
	colorRed    = "red"
	riskAll     = "all"
)

func stageChoices() []choice {
	var out []choice
	for stage := 1; rules.StageLabel(stage) != ""; stage++ {
		out = append(out, choice{strconv.Itoa(stage), rules.StageLabel(stage)})
	}
	return out
}

// registerLists name the Directory list behind a metric whose buckets are
// another capability's codes.
var registerLists = map[string]string{"members.gender": "gender", "members.status": "status",
	"members.education": "education", "members.category": "category", "orgs.unit_type": "unit_type"}

// bucketNone is the bucket of a field left empty.
const bucketNone = "none"

// metricLabels name the figures.
var metricLabels = map[string]string{
	"members.total": "党员总数", "members.status": "党员类别", "members.gender": "性别", "members.ethnicity": "民族",
	"members.education": "学历", "members.category": "人员类别", "members.age_band": "年龄",
	"members.party_age_band": "党龄", "orgs.kind": "组织类别", "orgs.unit_type": "单位类型",
	"orgs.term_state": "换届情况", "orgs.size": "支部规模", "orgs.committee": "支委会设置",
	"health.color": "健康状况", "health.risk": "软弱涣散风险", "development.stage": "发展阶段",
	"meetings.held": "每月召开会议", "meetings.kind": "本年会议类型", "attendance.rate": "每月参会率",
	"dues.paid_members": "每月缴纳党费人数", "dues.paid_fen": "每月缴纳党费金额", "dues.on_time": "每月按时缴纳人数",
	"notices.read_rate": "通知阅读率", "points.bucket": "本年积分分布",
}

// bucketLabel is the Chinese name of one bucket of metric.
func (s *Service) bucketLabel(metric, bucket string) string {
	for _, c := range scales[metric] {
		if c.code == bucket {
			return c.label
		}
	}
	var l string
	switch list, ok := registerLists[metric]; {
	case bucket == bucketNone && (ok || metric == "members.ethnicity"):
		return "未填写"
	case ok:
		l = s.dir.Label(list, bucket)
	case metric == "members.ethnicity":
		l = bucket // stored as its Chinese name (汉族)
	case metric == "orgs.kind":
		l = orgs.KindLabel(bucket)
	case metric == "meetings.kind":
		l = orglife.Kind(bucket).Label()
	}
	if l == "" {
		return bucket
	}
	return l
}
