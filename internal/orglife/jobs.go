package orglife

// registerJobs registers the reminders organizational life sends through
// the message center.
func (s *Service) registerJobs() {
	s.notify.RegisterReminder(kindMeetingTomorrow, s.composeTomorrow)
	s.notify.RegisterReminder(kindComplianceDue, s.composeDue)
}
