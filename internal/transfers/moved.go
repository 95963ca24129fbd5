package transfers

import (
	"context"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// Subscribe keeps the org paths copied onto transfers and mobile records in
// step with the tree: lists and permission checks read them, so an org moved
// elsewhere takes its subtree's rows with it.
func (s *Service) Subscribe(x *outbox.Dispatcher) {
	x.Subscribe("transfers.org_moved", "org.moved", s.onOrgMoved)
}

// pathColumns are the copied org paths.
var pathColumns = [][2]string{{"transfers", "from_org_path"}, {"transfers", "to_org_path"},
	{"mobile_members", "org_path"}, {"mobile_members", "local_org_path"}}

// onOrgMoved rewrites the paths under the moved org's old path (payload
// "old_path"; the event's OrgPath is the new one). An event without it
// changes nothing.
func (s *Service) onOrgMoved(ctx context.Context, e outbox.Delivered) error {
	oldPath, newPath, ok := outbox.MovedPaths(e)
	if !ok {
		return nil
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, c := range pathColumns {
			if err := db.RewritePrefix(ctx, tx, c[0], c[1], oldPath, newPath); err != nil {
				return err
			}
		}
		return nil
	})
}
