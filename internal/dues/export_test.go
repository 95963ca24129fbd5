package dues

import "context"

// SchedulePosting runs the tick that schedules next month's posting.
func (s *Service) SchedulePosting(ctx context.Context) error { return s.schedulePosting(ctx) }
