package dues

import "context"

// WarnArrears runs the daily arrears warnings now.
func (s *Service) WarnArrears(ctx context.Context) (int, error) { return s.warnArrears(ctx) }

// ScheduleArrears runs the tick that schedules the next daily run.
func (s *Service) ScheduleArrears(ctx context.Context) error { return s.scheduleArrears(ctx) }
