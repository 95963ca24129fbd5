package notify

import (
	"context"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/jobs"
)

const deliverJob = "notify.deliver"

func (s *Service) queueDeliveries(ctx context.Context, q db.Querier, m Message, fresh []stored) error {
	return nil
}

func (s *Service) runDelivery(ctx context.Context, j jobs.Job) error { return nil }
