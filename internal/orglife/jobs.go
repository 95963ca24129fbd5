package orglife

// registerJobs registers the reminders organizational life sends through
// the message center and the purge of expired check-in photos.
func (s *Service) registerJobs() {
	s.notify.RegisterReminder(kindMeetingTomorrow, s.composeTomorrow)
	s.notify.RegisterReminder(kindComplianceDue, s.composeDue)
	s.run.AddTick(s.photoPurgeTick())
}
