package development

import (
	"context"
	"fmt"
	"time"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/clock"
	"dangjian/internal/voting"
)

// demoStep is a step of a demo file: its number and date.
type demoStep struct {
	no int
	on time.Time
}

// scenario is a demo file at one point of the 25 steps, dated backwards
// from today so that every time limit of 发展细则 is kept.
type scenario struct {
	age      int // years at the application
	applied  time.Time
	steps    []demoStep
	needFull int // full members it names (talker, contacts, sponsors, voters)
}

// months is t moved by m months and d days.
func months(t time.Time, m, d int) time.Time { return clock.AddMonths(t, m).AddDate(0, 0, d) }

// scenarios are the demo files of a branch as of today: an applicant just
// received, one whose talk is overdue, an activist whose half-yearly
// review falls due soon, a candidate trained and waiting for the 支部委员会,
// and a probationary member admitted seven months ago.
func scenarios(today time.Time) []scenario {
	activist := months(today, -6, 10) // review due in 10 days
	candidate := months(today, -16, 0)
	vote := months(today, -7, 0)
	admitted := months(vote, -15, 0)
	seq := func(base time.Time, nos []int, offsets ...[2]int) []demoStep {
		out := make([]demoStep, len(nos))
		for i, no := range nos {
			out[i] = demoStep{no, months(base, offsets[i][0], offsets[i][1])}
		}
		return out
	}
	return []scenario{
		{age: 20, applied: today.AddDate(0, 0, -10)},
		{age: 23, applied: today.AddDate(0, 0, -40)},
		{age: 21, applied: months(activist, -2, 0), needFull: 1,
			steps: append([]demoStep{{2, months(activist, -2, 10)}},
				seq(activist, []int{3, 4, 5}, [2]int{0, 0}, [2]int{0, 7}, [2]int{0, 10})...)},
		{age: 24, applied: months(candidate, -3, 0), needFull: 2,
			steps: append([]demoStep{{2, months(candidate, -3, 14)}}, seq(candidate,
				[]int{3, 4, 5, 6, 6, 7, 8, 9, 10, 11},
				[2]int{0, 0}, [2]int{0, 7}, [2]int{0, 10}, [2]int{6, 0}, [2]int{12, 0}, [2]int{12, 15},
				[2]int{12, 22}, [2]int{12, 29}, [2]int{13, 14}, [2]int{13, 30})...)},
		{age: 22, applied: months(admitted, -4, 0), needFull: 2,
			steps: append(append([]demoStep{{2, months(admitted, -4, 20)}}, seq(admitted,
				[]int{3, 4, 5, 6, 7, 8, 9, 10, 11},
				[2]int{0, 0}, [2]int{0, 5}, [2]int{0, 10}, [2]int{6, 0}, [2]int{12, 0}, [2]int{12, 2},
				[2]int{12, 5}, [2]int{12, 10}, [2]int{12, 20})...), seq(vote,
				[]int{12, 13, 14, 15, 16, 17, 18, 19, 20},
				[2]int{0, -40}, [2]int{0, -20}, [2]int{0, -10}, [2]int{0, 0}, [2]int{0, 20}, [2]int{0, 40},
				[2]int{0, 45}, [2]int{0, 50}, [2]int{0, 60})...)},
	}
}

// LoadDemo gives each branch of branchIDs a few realistic files at
// different stages, their steps dated in the past within every rule. It
// runs without a caller: no permission is checked, but every file and step
// goes through the same validation and storage as the API. The branch's
// full members serve as talkers, contacts, sponsors and voters; a branch
// with too few gets only the files it can staff. The probationary file is admitted into the register.
func (s *Service) LoadDemo(ctx context.Context, branchIDs []string) error {
	list := scenarios(clock.Today(s.clk))
	made := make([]int, len(list)) // files made per scenario: keeps ID numbers unique
	for _, id := range branchIDs {
		org, err := s.dir.Org(ctx, s.db, id)
		if err != nil {
			return err
		}
		full, err := s.dir.FullMembers(ctx, s.db, id)
		if err != nil {
			return err
		}
		for i, sc := range list {
			if len(full) < sc.needFull {
				continue
			}
			if err := s.demoFile(ctx, org, full, sc, demoApplicant(i, made[i], sc)); err != nil {
				return fmt.Errorf("development demo at %s: %w", org.Name, err)
			}
			made[i]++
		}
	}
	return nil
}

// demoFile opens the file and records its steps.
func (s *Service) demoFile(ctx context.Context, org OrgRef, full []MemberRef, sc scenario, a Applicant) error {
	id, err := s.createFile(ctx, org, a)
	if err != nil {
		return err
	}
	for _, st := range sc.steps {
		if err := s.recordStep(ctx, id, demoInput(st, full), trusted); err != nil {
			return fmt.Errorf("step %d: %w", st.no, err)
		}
	}
	return nil
}

// demoPublicityDays is how long before a demo vote its 公示 starts: the
// scenarios leave 40 days between the 支部委员会 review and the vote, so the
// 公示 is long enough for any setting (at most 15 working days).
const demoPublicityDays = 35

// demoInput is the body of a demo step: the people, training, 公示 and
// vote it needs, taken from the branch's full members.
func demoInput(st demoStep, full []MemberRef) StepInput {
	in := StepInput{No: st.no, On: format(st.on), Note: "演示数据"}
	step := rules.Steps[st.no-1]
	switch {
	case step.Requires(rules.NeedTalkers):
		in.People = []PersonRole{{full[0].ID, rules.RoleTalker}}
	case step.Requires(rules.NeedContacts):
		in.People = []PersonRole{{full[0].ID, rules.RoleContact}}
	case step.Requires(rules.NeedSponsors):
		in.People = []PersonRole{{full[0].ID, rules.RoleSponsor}, {full[1].ID, rules.RoleSponsor}}
	case step.Requires(rules.NeedTraining):
		in.Days, in.Hours = 3, 24
	}
	if step.Requires(rules.NeedVote) {
		in.Publicity = &Publicity{Start: format(st.on.AddDate(0, 0, -demoPublicityDays)), End: format(st.on.AddDate(0, 0, -1))}
		in.Vote = &VoteInput{Ballot: voting.Ballot{Yes: len(full)}}
		for _, m := range full {
			in.Vote.Voters = append(in.Vote.Voters, voting.Voter{MemberID: m.ID, HasVote: true, ShouldAttend: true, Present: true})
		}
	}
	return in
}
