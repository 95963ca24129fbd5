package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/jobs"
)

// ReminderFunc composes a reminder when it fires, from the data as it is
// then (so a reminder whose reason went away sends nothing). key and payload
// are what Remind was given. Each returned Message needs a Key that is the
// same however often the reminder fires for the same occasion (e.g. the org
// and the term's end date): that key is what makes a reminder exactly-once
// across retries, restarts and servers.
type ReminderFunc func(ctx context.Context, key string, payload json.RawMessage) ([]Message, error)

// RegisterReminder makes kind a reminder kind: Remind schedules it and fn
// composes it when it fires. Call it before the job runner starts.
func (s *Service) RegisterReminder(kind string, fn ReminderFunc) {
	s.reminders[kind] = fn
	s.run.Register(reminderJob(kind), func(ctx context.Context, j jobs.Job) error {
		msgs, err := fn(ctx, j.Key, j.Payload)
		if err != nil {
			return err
		}
		return s.db.InTx(ctx, func(tx *db.Tx) error {
			for _, m := range msgs {
				if _, err := s.Send(ctx, tx, m); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

func reminderJob(kind string) string { return "reminder." + kind }

// Remind schedules the reminder (kind, key) to fire at at, inside q (the
// transaction of the change it derives from), replacing any pending one with
// that key: a reminder is moved when its data changes and cannot pile up.
// A time in the past fires at once.
func (s *Service) Remind(ctx context.Context, q db.Querier, kind, key string, at time.Time, payload any) error {
	if _, ok := s.reminders[kind]; !ok {
		return fmt.Errorf("notify: reminder kind %q is not registered", kind)
	}
	if err := jobs.Cancel(ctx, q, reminderJob(kind), key); err != nil {
		return err
	}
	_, err := jobs.Enqueue(ctx, q, reminderJob(kind), key, payload, at)
	return err
}

// Forget cancels the pending reminder (kind, key), if any: its reason is
// gone (the org was dissolved, the meeting cancelled).
func (s *Service) Forget(ctx context.Context, q db.Querier, kind, key string) error {
	return jobs.Cancel(ctx, q, reminderJob(kind), key)
}
