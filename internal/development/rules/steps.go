// Package rules is 发展党员 as 《中国共产党发展党员工作细则》 (2014) sets it out:
// the 25 steps in 5 stages, who takes each step, what each needs, the time
// limits between them and what is due next, each refusal explained in plain
// Chinese. It is pure: no storage and no clock (today is an argument), so
// every rule is table-tested with the regulation's own boundaries.
package rules

import "slices"

// Regulation is the name every explanation cites.
const Regulation = "《中国共产党发展党员工作细则》"

// Who takes a step: the branch itself or the upper Party committee (上级党委).
const (
	Branch = "branch"
	Upper  = "upper"
)

// What a step needs besides its date.
const (
	NeedTalkers   = "talkers"   // 谈话人
	NeedContacts  = "contacts"  // 培养联系人: 1–2 full members
	NeedSponsors  = "sponsors"  // 入党介绍人: exactly 2 full members
	NeedTraining  = "training"  // 集中培训: ≥ 3 days or ≥ 24 class hours
	NeedPublicity = "publicity" // 公示: configurable working days before the vote
	NeedVote      = "vote"      // 支部大会表决 (internal/voting counts it)
	NeedApproval  = "approval"  // 上级党委审批 within 3 months of the vote
)

// Step is one of the 25 steps.
type Step struct {
	No    int      `json:"no"`
	Stage int      `json:"stage"`
	Code  string   `json:"code"`
	Name  string   `json:"name"`
	Actor string   `json:"actor"`
	Needs []string `json:"needs"`
}

// Steps are the 25 steps in order; Steps[n-1] is step n.
var Steps = [25]Step{
	{1, 1, "application", "递交入党申请书", Branch, nil},
	{2, 1, "talk", "党组织派人谈话", Branch, []string{NeedTalkers}},
	{3, 2, "activist", "确定入党积极分子", Branch, nil},
	{4, 2, "activist_filed", "报上级党委备案", Branch, nil},
	{5, 2, "contacts", "指定培养联系人", Branch, []string{NeedContacts}},
	{6, 2, "activist_review", "培养教育考察", Branch, nil},
	{7, 3, "candidate", "确定发展对象", Branch, nil},
	{8, 3, "candidate_filed", "报上级党委备案", Branch, nil},
	{9, 3, "sponsors", "确定入党介绍人", Branch, []string{NeedSponsors}},
	{10, 3, "political_review", "进行政治审查", Branch, nil},
	{11, 3, "training", "开展集中培训", Branch, []string{NeedTraining}},
	{12, 4, "committee_review", "支部委员会审查", Branch, nil},
	{13, 4, "pre_review", "上级党委预审", Upper, nil},
	{14, 4, "volunteer_form", "填写入党志愿书", Branch, nil},
	{15, 4, "admission_vote", "支部大会讨论接收预备党员", Branch, []string{NeedPublicity, NeedVote}},
	{16, 4, "upper_talk", "上级党委派人谈话", Upper, nil},
	{17, 4, "admission_approval", "上级党委审批", Upper, []string{NeedApproval}},
	{18, 4, "approval_filed", "报再上一级党委组织部门备案", Upper, nil},
	{19, 5, "placement", "编入党支部和党小组", Branch, nil},
	{20, 5, "oath", "入党宣誓", Branch, nil},
	{21, 5, "probation_review", "继续教育考察", Branch, nil},
	{22, 5, "full_application", "提出转正申请", Branch, nil},
	{23, 5, "full_vote", "支部大会讨论转正", Branch, []string{NeedPublicity, NeedVote}},
	{24, 5, "full_approval", "上级党委审批转正", Upper, []string{NeedApproval}},
	{25, 5, "archive", "材料归档", Branch, nil},
}

// Steps with a special place in the sequence.
const (
	StepApplication     = 1
	StepTalk            = 2
	StepActivist        = 3
	StepReview          = 6 // repeated every half year while an activist
	StepCandidate       = 7
	StepTraining        = 11
	StepCommitteeReview = 12
	StepAdmissionVote   = 15
	StepAdmission       = 17 // the member is created (预备党员)
	StepProbation       = 21 // repeated while probationary
	StepFullApplication = 22
	StepFullVote        = 23
	StepFull            = 24 // 转正
	StepArchive         = 25
)

// StageLabels name the 5 stages.
var StageLabels = [6]string{"", "入党申请人", "入党积极分子", "发展对象", "预备党员的接收", "预备党员考察"}

// StageLabel is the Chinese name of stage 1..5 ("" otherwise).
func StageLabel(stage int) string {
	if stage < 1 || stage > 5 {
		return ""
	}
	return StageLabels[stage]
}

// Lookup returns step no (1..25).
func Lookup(no int) (Step, bool) {
	if no < 1 || no > len(Steps) {
		return Step{}, false
	}
	return Steps[no-1], true
}

// Requires reports whether the step needs what (one of the Need constants).
func (s Step) Requires(what string) bool { return slices.Contains(s.Needs, what) }

// repeatable steps are recorded again and again (the half-yearly reviews);
// they are optional: the step after them needs the one before them.
func repeatable(no int) bool { return no == StepReview || no == StepProbation }

// prerequisite is the step that must be done before no.
func prerequisite(no int) int {
	if repeatable(no - 1) {
		return no - 2
	}
	return no - 1
}
