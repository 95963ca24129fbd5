package rules

import (
	"fmt"
	"time"

	"dangjian/internal/platform/httpx"
)

// Input is a step to record, with the people it names as the member
// register knows them.
type Input struct {
	No        int
	On        time.Time
	People    []Person
	Days      int
	Hours     int
	Publicity *Span
	// Extended: the upper committee extended its approval time (step 17
	// only; 发展细则 allows up to 6 months for a special reason).
	Extended bool
}

// Options are what the rules need from outside the file.
type Options struct {
	Today         time.Time
	PublicityDays int
}

// Check tells whether in may be recorded on f: the step is open, its date
// keeps the file in order and within the time limits, and it names the
// people, training and 公示 it needs. Errors are field errors of the step's
// body (no, on, people[i].member_id, days, publicity.start ...). A vote is
// counted by internal/voting, not here.
func Check(f File, in Input, o Options) httpx.Fields {
	var fe httpx.Fields
	step, ok := Lookup(in.No)
	if !ok || in.No == StepApplication {
		fe.Add("no", "invalid", "步骤应为第 2 至 25 步（第 1 步随档案建立）")
		return fe
	}
	if msg := f.orderProblem(in.No); msg != "" {
		fe.Add("no", "out_of_order", msg)
		return fe
	}
	switch {
	case in.On.After(o.Today):
		fe.Add("on", "future", "办理日期不能晚于今天")
	case in.On.Before(f.latest()):
		fe.Add("on", "before_previous", "办理日期不能早于此前已办理步骤的日期（"+ChineseDate(f.latest())+"）")
	default:
		if msg := f.timeProblem(in); msg != "" {
			fe.Add("on", "time_limit", msg)
		}
	}
	checkPeople(&fe, step, in.People)
	if step.Requires(NeedTraining) {
		if msg := CheckTraining(in.Days, in.Hours); msg != "" {
			fe.Add("days", "too_short", msg)
		}
	}
	switch {
	case step.Requires(NeedPublicity):
		from, _ := f.Done(publicityFrom(in.No))
		checkPublicity(&fe, in.Publicity, from, in.On, o.PublicityDays)
	case in.Publicity != nil:
		fe.Add("publicity", "not_allowed", "公示只在支部大会讨论接收预备党员和转正时填写")
	}
	if in.Extended && in.No != StepAdmission {
		fe.Add("extended", "not_allowed", "只有上级党委审批接收预备党员时可以延长审批时间")
	}
	return fe
}

// publicityFrom is the step after which the 公示 before vote may start:
// the 支部委员会 review before admission, the application before 转正.
func publicityFrom(vote int) int {
	if vote == StepAdmissionVote {
		return StepCommitteeReview
	}
	return StepFullApplication
}

// orderProblem explains why step no cannot be recorded now ("" when it can).
func (f File) orderProblem(no int) string {
	if f.mayRecord(no) {
		return ""
	}
	step := Steps[no-1]
	switch {
	case repeatable(no) && f.done(no+1):
		return fmt.Sprintf("「%s」在「%s」之前进行，后一步骤已办理", step.Name, Steps[no].Name)
	case f.done(no):
		return fmt.Sprintf("第 %d 步「%s」已办理", no, step.Name)
	}
	p := prerequisite(no)
	return fmt.Sprintf("须先办理第 %d 步「%s」", p, Steps[p-1].Name)
}

// timeProblem applies the time rule of the step, if it has one.
func (f File) timeProblem(in Input) string {
	applied, _ := f.Done(StepApplication)
	switch in.No {
	case StepTalk:
		return CheckTalk(applied, in.On)
	case StepActivist:
		return CheckActivist(applied, in.On)
	case StepCandidate:
		activist, _ := f.Done(StepActivist)
		return CheckCandidate(activist, in.On)
	case StepAdmission:
		vote, _ := f.Done(StepAdmissionVote)
		return CheckAdmissionApproval(vote, in.On, in.Extended)
	case StepFullVote:
		end, _ := f.ProbationEnd()
		return CheckFullVote(end, in.On)
	case StepFull:
		vote, _ := f.Done(StepFullVote)
		return CheckFullApproval(vote, in.On)
	}
	return ""
}
