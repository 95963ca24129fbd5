package dues

import (
	"context"
	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/jobs"
	"time"
)

// postJob charges a month for the whole tree; keyed by the month, it is
// enqueued for the 1st of next month (Shanghai) and, being idempotent, may
// run late or twice without harm.
const postJob = "dues.post_month"

// scheduleEvery bounds how often a process re-checks that next month's
// posting is scheduled.
const scheduleEvery = time.Hour

func (s *Service) registerPosting() {
	s.run.Register(postJob, s.runPostJob, jobs.MaxAttempts(20))
	s.run.AddTick(s.throttled(scheduleEvery, s.schedulePosting))
}

// schedulePosting makes sure next month's posting is pending. Only the next
// month: a finished job for this month is not pending any more, and
// enqueueing it again would re-walk the whole tree on every restart.
func (s *Service) schedulePosting(ctx context.Context) error {
	next := rules.MonthOfTime(s.clk.Now()) + 1
	start := time.Date(next.Year(), time.Month(next.Num()), 1, 0, 0, 0, 0, clock.Shanghai)
	_, err := jobs.Enqueue(ctx, s.db, postJob, next.String(), map[string]string{"month": next.String()}, start)
	return err
}

func (s *Service) runPostJob(ctx context.Context, j jobs.Job) error {
	var p struct{ Month string }
	if err := j.Decode(&p); err != nil {
		return jobs.Permanent(err)
	}
	m, err := rules.ParseMonth(p.Month)
	if err != nil {
		return jobs.Permanent(err)
	}
	_, err = s.post(ctx, "/", "", m)
	return err
}
