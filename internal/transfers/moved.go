package transfers

import (
	"context"
	"strings"

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
	var p struct {
		OldPath string `json:"old_path"`
	}
	own := "/" + e.SubjectID + "/"
	if err := e.Decode(&p); err != nil || p.OldPath == e.OrgPath ||
		!strings.HasSuffix(p.OldPath, own) || !strings.HasSuffix(e.OrgPath, own) {
		return nil
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, c := range pathColumns {
			table, col := c[0], c[1]
			if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET "+col+" = CAST(? AS TEXT) || substr("+col+", ?) WHERE "+
				col+" >= ? AND "+col+" < ?", e.OrgPath, len(p.OldPath)+1, p.OldPath, db.PrefixEnd(p.OldPath)); err != nil {
				return err
			}
		}
		return nil
	})
}
