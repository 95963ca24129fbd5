package notices

import (
	"context"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// Subscribe connects notices to the domain events it follows: members who
// join or move into a subtree a live notice was sent to get it too, and an
// org moved elsewhere in the tree takes its notices' scope paths with it.
func (s *Service) Subscribe(x *outbox.Dispatcher) {
	x.Subscribe("notices.member_created", "member.created", s.onMemberArrived)
	x.Subscribe("notices.member_moved", "member.moved", s.onMemberArrived)
	x.Subscribe("notices.org_moved", "org.moved", s.onOrgMoved)
}

// memberPayload is what notices reads of a member event (members'
// memberEvent: the masked record under "member").
type memberPayload struct {
	Member struct {
		OrgID string `json:"org_id"`
		State string `json:"state"`
	} `json:"member"`
}

// onMemberArrived sends a member who has just joined or moved into an org
// the live notices whose audience subtrees cover that org. A notice reaches
// an org set up after it was published only when it includes future orgs.
// The copy has the notice's own key, so a member who already got it (from
// the fan-out, or an earlier delivery of this event) gets nothing new.
func (s *Service) onMemberArrived(ctx context.Context, e outbox.Delivered) error {
	var p memberPayload
	if err := e.Decode(&p); err != nil {
		return nil // not a member event this version understands
	}
	if p.Member.State != "" && p.Member.State != "active" {
		return nil
	}
	ancestors := pathIDs(e.OrgPath)
	if len(ancestors) == 0 || e.SubjectID == "" {
		return nil
	}
	orgID := ancestors[len(ancestors)-1]
	if p.Member.OrgID != "" && p.Member.OrgID != orgID {
		return nil // the event's path and record disagree: trust neither
	}
	now := ms(s.clk.Now())
	list, err := s.liveNoticesFor(ctx, ancestors, now)
	if err != nil || len(list) == 0 {
		return err
	}
	org, err := s.orgs.Get(ctx, orgID)
	if db.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	to := notify.Recipient{ID: e.SubjectID, OrgID: orgID, OrgPath: e.OrgPath}
	for _, n := range list {
		if org.CreatedAt.After(time.UnixMilli(n.PublishedAt)) && !n.IncludeFutureOrgs {
			continue
		}
		if err := s.sendLate(ctx, n, to); err != nil {
			return err
		}
	}
	return nil
}

// liveNoticesFor finds the published, unexpired notices whose audience
// subtrees include one of the org IDs (an index lookup per ID).
func (s *Service) liveNoticesFor(ctx context.Context, orgIDs []string, now int64) ([]notice, error) {
	args := make([]any, 0, len(orgIDs)+2)
	for _, id := range orgIDs {
		args = append(args, id)
	}
	args = append(args, StatePublished, now)
	rows, err := s.db.QueryContext(ctx, `SELECT `+noticeColumns+` FROM notices
		WHERE id IN (SELECT notice_id FROM notice_targets WHERE org_id IN (`+db.Placeholders(len(orgIDs))+`))
		AND state = ? AND (expires_at = 0 OR expires_at > ?) ORDER BY published_at, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notice
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// sendLate delivers one notice to one late joiner, audited.
func (s *Service) sendLate(ctx context.Context, n notice, to notify.Recipient) error {
	names, err := s.orgs.Names(ctx, []string{n.OrgID})
	if err != nil {
		return err
	}
	m := message(n, names[n.OrgID])
	m.To = []notify.Recipient{to}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		added, err := s.notify.Send(ctx, tx, m)
		if err != nil || added == 0 {
			return err
		}
		now := s.clk.Now()
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "notice.delivered_late", TargetType: "notice",
			TargetID: n.ID, After: map[string]any{"member_id": to.ID, "org_id": to.OrgID}, ActorName: auditActor(ctx)})
	})
}

// onOrgMoved rewrites the scope paths of the notices published in a moved
// subtree. It needs the old path in the event (payload "old_path"); an
// event without it changes nothing.
func (s *Service) onOrgMoved(ctx context.Context, e outbox.Delivered) error {
	oldPath, newPath, ok := outbox.MovedPaths(e)
	if !ok {
		return nil
	}
	return db.RewritePrefix(ctx, s.db, "notices", "org_path", oldPath, newPath)
}
