package commendations

import (
	"context"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// Subscribe keeps the org paths copied onto rounds, nominations and marks
// in step with the tree and with members who move: lists and permission
// checks read them.
func (s *Service) Subscribe(x *outbox.Dispatcher) {
	x.Subscribe("commendations.org_moved", "org.moved", s.onOrgMoved)
	x.Subscribe("commendations.member_moved", "member.moved", s.onMemberMoved)
}

// pathColumns are the copied org paths.
var pathColumns = [][2]string{{"commendation_rounds", "org_path"}, {"commendation_nominations", "org_path"},
	{"commendation_nominations", "by_org_path"}, {"commendation_marks", "member_path"}, {"commendation_marks", "org_path"}}

// onOrgMoved rewrites the paths under the moved org's old path; a
// redelivered event finds nothing left to move.
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

// onMemberMoved moves a member's marks and their nominations in rounds not
// yet published to the member's org as the register has it now (not as
// the event says: org.moved is another subscription and may be delivered
// before or after, so only the current path is right in either order).
// Published results keep the org the member was commended in.
func (s *Service) onMemberMoved(ctx context.Context, e outbox.Delivered) error {
	if e.SubjectID == "" {
		return nil
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.dir.Member(ctx, tx, e.SubjectID)
		if db.IsNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE commendation_marks SET member_org_id = ?, member_path = ? WHERE member_id = ?",
			m.OrgID, m.OrgPath, m.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE commendation_nominations SET org_id = ?, org_path = ?
			WHERE member_id = ? AND round_id IN (SELECT id FROM commendation_rounds WHERE state = ?)`,
			m.OrgID, m.OrgPath, m.ID, stateOpen)
		return err
	})
}
