package orgs

import (
	"context"
	"strings"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
)

// BulkOrg is an org for BulkLoad: the caller has chosen its ID, and its
// parent (if any) is loaded earlier in the same or a previous batch.
type BulkOrg struct {
	ID         string
	ParentPath string // "" for a root
	NewOrg
}

// Path is where the org will sit.
func (b BulkOrg) Path() string {
	if b.ParentPath == "" {
		return "/" + b.ID + "/"
	}
	return b.ParentPath + b.ID + "/"
}

// BulkLoad writes generated orgs in multi-row statements, for the demo and
// benchmark generator: no validation, history, audit or events per row (the
// generator is trusted and audits the load once). Call RebuildChildCounts
// when done.
func (s *Service) BulkLoad(ctx context.Context, q db.Querier, batch []BulkOrg) error {
	list := make([]Org, len(batch))
	for i, b := range batch {
		o := Org{ID: b.ID, ParentID: b.ParentID, Path: b.Path(), Status: StatusActive}
		o.Depth = strings.Count(o.Path, "/") - 2
		b.fields().apply(&o)
		list[i] = o
	}
	if err := insertOrgs(ctx, q, list, s.clk.Now().UnixMilli()); err != nil {
		return err
	}
	for _, o := range list {
		if err := s.scheduleTermEnd(ctx, q, o); err != nil {
			return err
		}
	}
	return nil
}

// RebuildChildCounts recomputes every org's count of active children.
func (s *Service) RebuildChildCounts(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `UPDATE orgs SET child_count = (SELECT COUNT(*) FROM orgs c
		WHERE c.parent_id = orgs.id AND c.status = 'active')`)
	return err
}

// BulkPosition is a post for BulkLoadPositions.
type BulkPosition struct {
	OrgID, MemberID, MemberName, Title, StartOn string
}

// BulkLoadPositions writes generated posts (see BulkLoad).
func (s *Service) BulkLoadPositions(ctx context.Context, q db.Querier, batch []BulkPosition) error {
	now := s.clk.Now()
	for len(batch) > 0 {
		n := min(len(batch), 500)
		args := make([]any, 0, n*7)
		for _, p := range batch[:n] {
			args = append(args, ids.New(), p.OrgID, p.MemberID, p.MemberName, p.Title, p.StartOn, now.UnixMilli())
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO positions (id, org_id, member_id, member_name, title, start_on, created_at)
			VALUES `+db.Rows(n, 7), args...); err != nil {
			return err
		}
		batch = batch[n:]
	}
	return nil
}
