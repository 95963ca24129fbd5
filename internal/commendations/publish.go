package commendations

import (
	"context"
	"fmt"
	"strings"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/outbox"
)

// AwardedPayload is the payload of commendation.awarded; MemberID is ""
// when an org is commended.
type AwardedPayload struct {
	RoundID   string `json:"round_id"`
	Year      int    `json:"year"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	MemberID  string `json:"member_id"`
	OrgID     string `json:"org_id"`
	Name      string `json:"name"`
}

// publish closes round rid for its org: every nomination decided, every
// approved nominee still eligible; then one commendation.awarded per
// approved nominee, in the same transaction. A round is published once.
func (s *Service) publish(ctx context.Context, rid string) (RoundView, error) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.loadRound(ctx, tx, rid, true)
		p := authz.From(ctx)
		switch {
		case db.IsNoRows(err) || (err == nil && !seesRound(p, r.orgPath)):
			return httpx.NotFound()
		case err != nil:
			return err
		case !p.Can(authz.AssessmentManage, r.orgPath):
			return errUpperOnly
		case r.State != stateOpen:
			return httpx.Conflict("already_published", "评选结果已于 "+r.PublishedAt+" 公布")
		}
		approved, err := s.readyToPublish(ctx, tx, r)
		if err != nil {
			return err
		}
		now := s.clk.Now()
		evs := make([]outbox.Event, 0, len(approved))
		for _, n := range approved {
			evs = append(evs, outbox.Event{Type: EventAwarded, SubjectID: nomineeID(n), OrgPath: n.orgPath,
				Payload: AwardedPayload{RoundID: r.ID, Year: r.Year, Title: r.Title, Kind: n.Kind, KindLabel: n.KindLabel,
					MemberID: n.MemberID, OrgID: n.OrgID, Name: n.Name}})
		}
		if err := outbox.EmitAllAt(ctx, tx, now, evs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE commendation_rounds SET state = ?, published_by = ?, published_at = ? WHERE id = ?",
			stateClosed, authz.ActorName(ctx, "系统"), now.UnixMilli(), r.ID); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "commendation.publish", TargetType: "commendation_round",
			TargetID: r.ID, Before: map[string]any{"state": r.State}, After: map[string]any{"state": stateClosed, "awarded": len(evs)}})
	})
	if err != nil {
		return RoundView{}, err
	}
	r, err := s.loadRound(ctx, s.db, rid, false)
	if err != nil {
		return RoundView{}, err
	}
	return s.roundView(ctx, s.db, r)
}

// readyToPublish returns the approved nominations of r, refusing while any
// is pending or an approved nominee is no longer eligible (a mark recorded
// since, a member who left).
func (s *Service) readyToPublish(ctx context.Context, tx *db.Tx, r Round) ([]Nomination, error) {
	all, err := nominations(ctx, tx, "n.round_id = ? AND n.state IN (?, ?)", r.ID, nomPending, nomApproved)
	if err != nil {
		return nil, err
	}
	var approved []Nomination
	for _, n := range all {
		if n.State == nomPending {
			return nil, httpx.Conflict("pending_nominations", "尚有待审批的提名（"+n.Name+"等），请先审批")
		}
		approved = append(approved, n)
	}
	if err := s.markEligibility(ctx, tx, r, approved); err != nil {
		return nil, err
	}
	var bad []string
	for _, n := range approved {
		if !n.Eligible {
			bad = append(bad, fmt.Sprintf("%s（%s）", n.Name, strings.Join(n.Reasons, "；")))
		}
	}
	if len(bad) > 0 {
		return nil, httpx.Conflict("ineligible_approved", "以下人选已不符合条件，请先改为不批准："+strings.Join(bad, "，"))
	}
	return approved, nil
}

// Award is one commendation on a member's record.
type Award struct {
	RoundID     string `json:"round_id"`
	Year        int    `json:"year"`
	Title       string `json:"title"`
	Kind        string `json:"kind"`
	KindLabel   string `json:"kind_label"`
	OrgID       string `json:"org_id"`
	OrgName     string `json:"org_name"`
	PublishedAt string `json:"published_at"`
}

// memberAwards are the published commendations of member id, newest first.
func (s *Service) memberAwards(ctx context.Context, memberID string) ([]Award, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.year, r.title, n.kind, r.org_id, r.org_name, r.published_at
		FROM commendation_nominations n JOIN commendation_rounds r ON r.id = n.round_id
		WHERE n.member_id = ? AND n.state = ? AND r.state = ? ORDER BY r.year DESC, r.published_at DESC, n.kind`,
		memberID, nomApproved, stateClosed)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Award{}
	for rows.Next() {
		var a Award
		var at int64
		if err := rows.Scan(&a.RoundID, &a.Year, &a.Title, &a.Kind, &a.OrgID, &a.OrgName, &at); err != nil {
			return nil, err
		}
		a.KindLabel, a.PublishedAt = kindLabels[a.Kind], clock.Stamp(at)
		out = append(out, a)
	}
	return out, rows.Err()
}
