package archive

import "dangjian/internal/orglife"

// itemKindLabels name the archive's own lines; their kind is the entry's
// source (the register's lines keep their history kind codes).
var itemKindLabels = map[string]string{
	srcMeeting:      "会议",
	srcDues:         "党费",
	srcArrears:      "欠缴提醒",
	srcAssessment:   "年度考核",
	srcCommendation: "表彰",
}

// historyKindLabels name the register's history kinds on the archive.
// created (建档) and updated (信息修改) are bookkeeping of the register,
// not part of the member's life in the Party, and are left out.
var historyKindLabels = map[string]string{
	"admitted":           "入党",
	"became_full":        "转正",
	"probation_extended": "延长预备期",
	"status_changed":     "党员状态",
	"position_started":   "职务",
	"position_ended":     "职务",
	"moved":              "组织关系转接",
	"transfer_started":   "组织关系转接",
	"transfer_returned":  "组织关系转接",
	"transfer_cancelled": "组织关系转接",
	"transfer_in":        "组织关系转接",
	"transfer_out":       "组织关系转接",
	"mobile_started":     "流动党员",
	"mobile_ended":       "流动党员",
	"appraised":          "民主评议",
	"development":        "发展党员",
	"left":               "出党",
}

// historyHidden are the register's kinds the archive leaves out.
var historyHidden = map[string]bool{"created": true, "updated": true}

// historyLabel names a register kind; a kind added to the register later
// still shows, as 其他.
func historyLabel(kind string) string {
	if l, ok := historyKindLabels[kind]; ok {
		return l
	}
	return "其他"
}

// meetingKindLabel is orglife's name of a meeting kind (支部党员大会, 支委会,
// 党小组会, 党课, 主题党日, 组织生活会).
func meetingKindLabel(kind string) string {
	if l := orglife.Kind(kind).Label(); l != "" {
		return l
	}
	return "会议"
}

// statusWord is how the archive words a meeting attendance status.
func statusWord(status string) string {
	switch status {
	case "present":
		return "出席"
	case "remote":
		return "线上出席"
	case "leave":
		return "请假"
	}
	return "缺席"
}

var memberStatusLabels = map[string]string{"full": "正式党员", "probationary": "预备党员"}
