package members

import (
	"context"
	"strconv"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/outbox"
)

// kindAppraised is a 民主评议 result on a member's record.
const kindAppraised = "appraised"

// Subscribe connects members to the events of other capabilities that land
// on a member's record.
func (s *Service) Subscribe(x *outbox.Dispatcher) {
	x.Subscribe("members.appraisal_graded", "appraisal.graded", s.onGraded)
}

// onGraded records a confirmed 民主评议 grade in the member's history. The
// entry takes the event's ID, so a redelivered event adds nothing.
func (s *Service) onGraded(ctx context.Context, e outbox.Delivered) error {
	var p struct {
		Year       int    `json:"year"`
		GradeLabel string `json:"grade_label"`
	}
	if err := e.Decode(&p); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO member_events (id, member_id, kind, on_date, at, actor_name, detail)
		SELECT ?, id, ?, ?, ?, ?, ? FROM members WHERE id = ? ON CONFLICT (id) DO NOTHING`,
		e.ID, kindAppraised, e.At.In(clock.Shanghai).Format(clock.DateLayout), e.At.UnixMilli(), "民主评议",
		strconv.Itoa(p.Year)+" 年度民主评议："+p.GradeLabel, e.SubjectID)
	return err
}
