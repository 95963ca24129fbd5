package rules

import (
	"time"

	"dangjian/internal/platform/clock"
)

// Record is one recorded step of a file. Dates are UTC midnights of the
// Beijing calendar day (as clock.Today gives).
type Record struct {
	No int
	On time.Time
	// Failed marks a 支部大会 vote that did not pass: it stays on file, but
	// the file does not advance and the vote may be held again.
	Failed bool
	// Superseded marks a 转正 application or vote made before the
	// probation was extended: after the new end both are made again.
	Superseded bool
}

// File is an applicant's file as the rules see it: its records in the
// order they were made, and the months its probation was extended by.
type File struct {
	Records         []Record
	ExtensionMonths int
}

// counts reports whether r advances the file.
func (r Record) counts() bool { return !r.Failed && !r.Superseded }

// Done returns the date of the latest counting record of step no.
func (f File) Done(no int) (time.Time, bool) {
	for i := len(f.Records) - 1; i >= 0; i-- {
		if r := f.Records[i]; r.No == no && r.counts() {
			return r.On, true
		}
	}
	return time.Time{}, false
}

func (f File) done(no int) bool { _, ok := f.Done(no); return ok }

// Last is the highest step done (0 when none is).
func (f File) Last() int {
	last := 0
	for _, r := range f.Records {
		if r.counts() && r.No > last {
			last = r.No
		}
	}
	return last
}

// Stage is the stage of the last step done (1 when none is).
func (f File) Stage() int {
	if s, ok := Lookup(f.Last()); ok {
		return s.Stage
	}
	return 1
}

// latest is the date of the latest record of any kind: a file is kept in
// date order, so a new step is never dated before it.
func (f File) latest() time.Time {
	var t time.Time
	for _, r := range f.Records {
		if r.On.After(t) {
			t = r.On
		}
	}
	return t
}

// ProbationEnd is the end of the 预备期: one year from the 支部大会 that
// admitted the member, plus any extension (发展细则: 预备期从支部大会通过
// 之日起计算).
func (f File) ProbationEnd() (time.Time, bool) {
	vote, ok := f.Done(StepAdmissionVote)
	if !ok {
		return time.Time{}, false
	}
	return clock.AddMonths(vote, 12+f.ExtensionMonths), true
}

// Open lists the steps that may be recorded now: those whose prerequisite
// is done and that are not done yet (a repeatable step: until the step
// after it is done; a vote that failed: until one passes).
func (f File) Open() []int {
	var out []int
	for no := 2; no <= len(Steps); no++ {
		if f.mayRecord(no) {
			out = append(out, no)
		}
	}
	return out
}

func (f File) mayRecord(no int) bool {
	if !f.done(prerequisite(no)) {
		return false
	}
	if repeatable(no) {
		return !f.done(no + 1)
	}
	return !f.done(no)
}

// lastFailed is the latest record when it is a failed vote.
func (f File) lastFailed() (Record, bool) {
	if n := len(f.Records); n > 0 && f.Records[n-1].Failed {
		return f.Records[n-1], true
	}
	return Record{}, false
}
