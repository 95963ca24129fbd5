package rules

import (
	"fmt"
	"slices"
	"time"

	"dangjian/internal/platform/clock"
)

// Deadline is a time limit of 发展细则 that is running on a file: step No
// is due by Due (the last day still in time).
type Deadline struct {
	No   int
	Due  time.Time
	What string
}

// Overdue reports whether the deadline has passed on today.
func (d Deadline) Overdue(today time.Time) bool { return today.After(d.Due) }

// Deadlines are the time limits running on the file, earliest first:
//   - the talk within 1 month of the application;
//   - an activist's review every 6 months (from the confirmation or the
//     last review) until confirmed as a candidate;
//   - the upper committee's talk and approval within 3 months of the
//     支部大会 that admitted (the 6-month extension is granted at approval);
//   - the 转正 application and the 支部大会 on it when probation ends;
//   - the upper committee's approval within 3 months of the 转正 vote.
func (f File) Deadlines() []Deadline {
	var out []Deadline
	add := func(no int, due time.Time, what string) { out = append(out, Deadline{no, due, what}) }
	if applied, ok := f.Done(StepApplication); ok && !f.done(StepTalk) {
		add(StepTalk, clock.AddMonths(applied, 1), "收到入党申请书后一个月内派人谈话")
	}
	if from, ok := f.Done(StepActivist); ok && !f.done(StepCandidate) {
		if last, ok := f.Done(StepReview); ok && last.After(from) {
			from = last
		}
		add(StepReview, clock.AddMonths(from, 6), "入党积极分子每半年考察一次")
	}
	if vote, ok := f.Done(StepAdmissionVote); ok && !f.done(StepAdmission) {
		add(f.firstOpen(16, StepAdmission), clock.AddMonths(vote, 3), "支部大会通过后三个月内由上级党委派人谈话并审批")
	}
	if end, ok := f.ProbationEnd(); ok && f.done(StepAdmission) && !f.done(StepFullVote) {
		add(f.firstOpen(StepFullApplication, StepFullVote), end, "预备期满，提出转正申请并由支部大会及时讨论")
	}
	if vote, ok := f.Done(StepFullVote); ok && !f.done(StepFull) {
		add(StepFull, clock.AddMonths(vote, 3), "支部大会讨论转正后三个月内由上级党委审批")
	}
	slices.SortStableFunc(out, func(a, b Deadline) int { return a.Due.Compare(b.Due) })
	return out
}

// firstOpen is the first of the steps a..b not done yet: a time limit
// covering several steps belongs to the one the file waits for.
func (f File) firstOpen(a, b int) int {
	for no := a; no < b; no++ {
		if !f.done(no) {
			return no
		}
	}
	return b
}

// NextDeadline is the earliest running time limit, if any.
func (f File) NextDeadline() (Deadline, bool) {
	if d := f.Deadlines(); len(d) > 0 {
		return d[0], true
	}
	return Deadline{}, false
}

// Next is a step that may be recorded now, with its time limit (zero Due:
// none) and a warning when taking it now would break a rule.
type Next struct {
	Step
	Due     time.Time
	What    string
	Warning string
}

// Next lists the steps that may be recorded now, as of today.
func (f File) Next(today time.Time) []Next {
	due := map[int]Deadline{}
	for _, d := range f.Deadlines() {
		due[d.No] = d
	}
	var out []Next
	for _, no := range f.Open() {
		out = append(out, Next{Step: Steps[no-1], Due: due[no].Due, What: due[no].What, Warning: f.warning(no, today)})
	}
	return out
}

// warning says why step no cannot be taken yet, or what is late about it.
func (f File) warning(no int, today time.Time) string {
	switch no {
	case StepCandidate:
		if from, ok := f.Done(StepActivist); ok && today.Before(clock.AddMonths(from, 12)) {
			return "须培养教育和考察满一年，最早可于" + ChineseDate(clock.AddMonths(from, 12)) + "确定为发展对象"
		}
	case StepFullVote:
		if end, ok := f.ProbationEnd(); ok && today.Before(end) {
			return "预备期至" + ChineseDate(end) + "届满，届满后方可讨论转正"
		}
	case StepAdmission:
		vote, _ := f.Done(StepAdmissionVote)
		if today.After(clock.AddMonths(vote, 3)) {
			return "已超过三个月审批期限；遇有特殊情况延长审批时间的，最迟应于" + ChineseDate(clock.AddMonths(vote, 6)) + "审批"
		}
	}
	return ""
}

// Warnings are what the file's reader should know first: a time limit
// passed, a vote that failed and what may follow, an extended probation.
func (f File) Warnings(today time.Time) []string {
	var out []string
	for _, d := range f.Deadlines() {
		if d.Overdue(today) {
			out = append(out, fmt.Sprintf("「%s」已逾期：应于%s前完成（%s）", Steps[d.No-1].Name, ChineseDate(d.Due), d.What))
		}
	}
	if r, ok := f.lastFailed(); ok {
		out = append(out, failedVote(r, f.ExtensionMonths > 0))
	}
	if end, ok := f.ProbationEnd(); ok && f.ExtensionMonths > 0 {
		out = append(out, fmt.Sprintf("预备期已延长 %d 个月，至%s届满", f.ExtensionMonths, ChineseDate(end)))
	}
	return out
}

// failedVote explains what may follow a vote that did not pass.
func failedVote(r Record, extended bool) string {
	head := ChineseDate(r.On) + "支部大会表决未通过。"
	switch {
	case r.No == StepAdmissionVote:
		return head + "可继续培养教育，条件成熟后重新提交支部大会讨论，或停止发展。"
	case extended:
		return head + "预备期已延长过一次，不能再次延长；可重新讨论转正，或取消预备党员资格。"
	}
	return head + "可由上级党委批准延长预备期（一次，6 至 12 个月），或取消预备党员资格。"
}

// ChineseDate renders a date as "2026年3月2日" (clock.ChineseDate, for the
// time values the rules work with).
func ChineseDate(t time.Time) string { return clock.ChineseDate(t.Format(clock.DateLayout)) }
