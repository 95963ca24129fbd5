package notices

import (
	"context"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/platform/db"
)

// ReadRate is how a published notice was read among its recipients under
// one org: Whole for the org's subtree, ByOrg per child org (with its
// subtree) plus, under the org's own ID, its direct members — the receipt
// tallies the message center keeps, never a count of the copies.
type ReadRate struct {
	ID, Title string
	Whole     notify.Tally
	ByOrg     []notify.Tally
}

// ReadRates lists the notices published by the orgs under path (itself
// included) since since, newest first, at most limit, with their receipts
// under path. Trusted: the caller has checked scope. Withdrawn notices are
// left out.
func (s *Service) ReadRates(ctx context.Context, path string, since time.Time, limit int) ([]ReadRate, error) {
	list, err := s.publishedUnder(ctx, path, since, limit)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Whole, list[i].ByOrg, err = s.notify.Tallies(ctx, kindNotice, list[i].ID, path); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func (s *Service) publishedUnder(ctx context.Context, path string, since time.Time, limit int) ([]ReadRate, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, title FROM notices
		WHERE org_path >= ? AND org_path < ? AND state = ? AND published_at >= ?
		ORDER BY published_at DESC, id LIMIT ?`, path, db.PrefixEnd(path), StatePublished, ms(since), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReadRate
	for rows.Next() {
		var r ReadRate
		if err := rows.Scan(&r.ID, &r.Title); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
