package rules

import (
	"fmt"
	"time"

	"dangjian/internal/platform/clock"
)

// The time rules of 发展细则. Each returns "" when the dates keep the rule,
// else a Chinese explanation naming the regulation. Month arithmetic is
// clock.AddMonths: a period that ends in a month without the start's day
// ends on that month's last day (民法典第二百零二条), so the day exactly
// one month (year) later is still within a limit, and is the first day
// that satisfies a minimum.

// MinAge is the age from which one may apply (发展细则: 年满十八岁).
const MinAge = 18

// CheckAge: the applicant is 18 or older on the day of the application.
func CheckAge(birth, applied time.Time) string {
	if from := clock.AddMonths(birth, 12*MinAge); applied.Before(from) {
		return fmt.Sprintf("依据%s，年满十八岁方可申请入党；出生日期为%s，%s起方可递交入党申请书",
			Regulation, ChineseDate(birth), ChineseDate(from))
	}
	return ""
}

// CheckTalk: the Party organization talks with the applicant within one
// month of receiving the application.
func CheckTalk(applied, on time.Time) string {
	if last := clock.AddMonths(applied, 1); on.After(last) {
		return fmt.Sprintf("依据%s，党组织应当在收到入党申请书后一个月内派人同入党申请人谈话；申请日期为%s，谈话最迟应于%s",
			Regulation, ChineseDate(applied), ChineseDate(last))
	}
	return ""
}

// CheckActivist: an activist is confirmed only after the application.
func CheckActivist(applied, on time.Time) string {
	if !on.After(applied) {
		return fmt.Sprintf("依据%s，入党积极分子从递交入党申请书的入党申请人中确定，确定日期须晚于申请日期（%s）",
			Regulation, ChineseDate(applied))
	}
	return ""
}

// CheckCandidate: a candidate (发展对象) is confirmed after at least one
// year of training and observation as an activist.
func CheckCandidate(activist, on time.Time) string {
	if from := clock.AddMonths(activist, 12); on.Before(from) {
		return fmt.Sprintf("依据%s，入党积极分子须经过一年以上培养教育和考察方可确定为发展对象；%s确定为入党积极分子，最早可于%s确定为发展对象",
			Regulation, ChineseDate(activist), ChineseDate(from))
	}
	return ""
}

// Training minimums of the concentrated training (集中培训).
const (
	MinTrainingDays  = 3
	MinTrainingHours = 24
)

// CheckTraining: the concentrated training lasts at least 3 days or 24
// class hours.
func CheckTraining(days, hours int) string {
	switch {
	case days < 0 || hours < 0:
		return "培训天数和学时不能为负数"
	case days < MinTrainingDays && hours < MinTrainingHours:
		return fmt.Sprintf("依据%s，发展对象的集中培训时间一般不少于三天（或不少于二十四个学时）；本次为 %d 天、%d 学时",
			Regulation, days, hours)
	}
	return ""
}

// Approval limits of the upper committee after a 支部大会 vote.
const (
	ApprovalMonths         = 3
	ExtendedApprovalMonths = 6
)

// CheckAdmissionApproval: the upper committee approves an admission within
// 3 months of the 支部大会, or within 6 when the time was extended for a
// special reason.
func CheckAdmissionApproval(vote, on time.Time, extended bool) string {
	limit := clock.AddMonths(vote, ApprovalMonths)
	if extended {
		limit = clock.AddMonths(vote, ExtendedApprovalMonths)
	}
	if !on.After(limit) {
		return ""
	}
	msg := fmt.Sprintf("依据%s，上级党委应当在支部大会通过后三个月内审批，遇有特殊情况可适当延长审批时间，但不得超过六个月；支部大会于%s通过，",
		Regulation, ChineseDate(vote))
	if extended {
		return msg + "延长后最迟应于" + ChineseDate(limit) + "审批"
	}
	return msg + "审批最迟应于" + ChineseDate(limit) + "；如经批准延长了审批时间，请注明"
}

// CheckFullApproval: the upper committee approves 转正 within 3 months of
// the 支部大会 that discussed it.
func CheckFullApproval(vote, on time.Time) string {
	if limit := clock.AddMonths(vote, ApprovalMonths); on.After(limit) {
		return fmt.Sprintf("依据%s，上级党委应当在支部大会讨论预备党员转正后三个月内审批；支部大会于%s讨论，审批最迟应于%s",
			Regulation, ChineseDate(vote), ChineseDate(limit))
	}
	return ""
}

// CheckFullVote: the 支部大会 discusses 转正 once the probation has ended.
func CheckFullVote(probationEnd, on time.Time) string {
	if on.Before(probationEnd) {
		return fmt.Sprintf("依据%s，预备党员预备期满，党支部方可讨论其能否转为正式党员；预备期至%s届满",
			Regulation, ChineseDate(probationEnd))
	}
	return ""
}

// Extension limits of a probation (延长预备期).
const (
	MinExtensionMonths = 6
	MaxExtensionMonths = 12
)

// CheckExtension: a probation may be extended once, by 6 to 12 months,
// while the member is probationary and 转正 has not been voted.
func (f File) CheckExtension(months int) string {
	switch {
	case !f.done(StepAdmission) || f.done(StepFullVote):
		return "只有尚未讨论转正的预备党员可以延长预备期"
	case f.ExtensionMonths > 0:
		return fmt.Sprintf("依据%s，预备期只能延长一次；已延长 %d 个月", Regulation, f.ExtensionMonths)
	case months < MinExtensionMonths || months > MaxExtensionMonths:
		return fmt.Sprintf("依据%s，延长预备期不能少于半年，最长不超过一年（%d 至 %d 个月）",
			Regulation, MinExtensionMonths, MaxExtensionMonths)
	}
	return ""
}
