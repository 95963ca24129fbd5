package elections

import (
	"context"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// Term statuses.
const (
	termNormal  = "normal"
	termEnding  = "ending"  // ends within the ending months
	termOverdue = "overdue" // ended and not renewed (超期未换届)
	termNone    = "none"    // no term recorded
)

// TermsView is an org's current term, its term history and its elections.
type TermsView struct {
	Org       OrgSummary        `json:"org"`
	Current   CurrentTerm       `json:"current"`
	History   []Term            `json:"history"`
	Elections []ElectionSummary `json:"elections"`
}

// OrgSummary names an org.
type OrgSummary struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// CurrentTerm is the org's term as orgs holds it. Number is 0 when the
// dates were set by hand rather than by an election recorded here.
type CurrentTerm struct {
	Number   int    `json:"number"`
	StartOn  string `json:"start_on"`
	EndOn    string `json:"end_on"`
	Status   string `json:"status"`
	DaysLeft *int   `json:"days_left"` // negative when overdue; null without a term
}

// ElectionSummary is one election in an org's list.
type ElectionSummary struct {
	ID          string `json:"id"`
	State       string `json:"state"`
	StateLabel  string `json:"state_label"`
	PlannedOn   string `json:"planned_on"`
	CompletedOn string `json:"completed_on"`
	CreatedAt   string `json:"created_at"`
}

// termStatus says where a term ending on end stands on today, with the
// days left (negative when overdue).
func termStatus(end string, today time.Time, endingMonths int) (string, *int) {
	if !validDate(end) {
		return termNone, nil
	}
	e := parseDate(end)
	days := daysBetween(today, e)
	switch {
	case e.Before(today):
		return termOverdue, &days
	case e.Before(clock.AddMonths(today, endingMonths)):
		return termEnding, &days
	}
	return termNormal, &days
}

// terms builds the terms view of org.
func (s *Service) terms(ctx context.Context, org OrgRef) (TermsView, error) {
	v, err := s.values(ctx, s.db, org.Path)
	if err != nil {
		return TermsView{}, err
	}
	out := TermsView{Org: OrgSummary{org.ID, org.Name, org.Kind},
		Current: CurrentTerm{StartOn: org.TermStart, EndOn: org.TermEnd}}
	out.Current.Status, out.Current.DaysLeft = termStatus(org.TermEnd, clock.Today(s.clk), v.Int(keyEndingMonths))
	if out.History, err = termHistory(ctx, s.db, org.ID); err != nil {
		return TermsView{}, err
	}
	if n := len(out.History); n > 0 && out.History[0].StartOn == org.TermStart {
		out.Current.Number = out.History[0].Number
	}
	out.Elections, err = electionsOf(ctx, s.db, org.ID)
	return out, err
}

// termHistory lists the org's terms, latest first.
func termHistory(ctx context.Context, q db.Querier, orgID string) ([]Term, error) {
	rows, err := q.QueryContext(ctx, `SELECT number, start_on, end_on, election_id FROM org_terms
		WHERE org_id = ? ORDER BY number DESC`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Term{}
	for rows.Next() {
		var t Term
		if err := rows.Scan(&t.Number, &t.StartOn, &t.EndOn, &t.ElectionID); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// electionsOf lists the org's elections, latest first.
func electionsOf(ctx context.Context, q db.Querier, orgID string) ([]ElectionSummary, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, state, planned_on, completed_on, created_at FROM elections
		WHERE org_id = ? ORDER BY created_at DESC, id DESC`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ElectionSummary{}
	for rows.Next() {
		var e ElectionSummary
		var created int64
		if err := rows.Scan(&e.ID, &e.State, &e.PlannedOn, &e.CompletedOn, &created); err != nil {
			return nil, err
		}
		e.StateLabel, e.CreatedAt = stateLabels[e.State], clock.Stamp(created)
		out = append(out, e)
	}
	return out, rows.Err()
}
