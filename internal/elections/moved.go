package elections

import (
	"context"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// Subscribe keeps the org paths copied onto elections, terms and notices
// in step with the tree: lists and permission checks read them, so an org
// moved elsewhere takes its subtree's rows with it.
func (s *Service) Subscribe(x *outbox.Dispatcher) {
	x.Subscribe("elections.org_moved", "org.moved", s.onOrgMoved)
}

// pathTables are the tables with a copied org_path.
var pathTables = []string{"elections", "org_terms", "term_notices"}

// onOrgMoved rewrites the paths under the moved org's old path (payload
// "old_path"; the event's OrgPath is the new one), in one transaction. A
// redelivered event finds nothing left under the old path; an event
// without it changes nothing.
func (s *Service) onOrgMoved(ctx context.Context, e outbox.Delivered) error {
	oldPath, newPath, ok := outbox.MovedPaths(e)
	if !ok {
		return nil
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, table := range pathTables {
			if err := db.RewritePrefix(ctx, tx, table, "org_path", oldPath, newPath); err != nil {
				return err
			}
		}
		return nil
	})
}
