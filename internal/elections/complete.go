package elections

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
)

// titleOrder lists the posts of a committee in the order they are shown.
var titleOrder = []string{titleSecretary, titleDeputy, "organization", "publicity", "discipline", titleMember}

// complete ends the election: the new term (第N届, N = previous + 1) is
// recorded and set on the org, and the officers replace the old positions,
// all in one transaction. The term runs from the day of the last vote (任期
// 自选举产生之日起计算), not from the day the paperwork is finished, so a
// late completion does not lengthen it; it ends term_years later.
func (s *Service) complete(ctx context.Context, id string) (Election, error) {
	return s.mutate(ctx, id, func(tx *db.Tx, e Election) error {
		if err := need(e, "完成换届", stateOfficersPending); err != nil {
			return err
		}
		if e.Officers == nil || !e.Officers.Approved {
			return httpx.Conflict("officers_not_approved", "书记、副书记须经上级党组织批准后才能完成换届")
		}
		org, err := s.dir.Org(ctx, tx, e.OrgID)
		if err != nil {
			return err
		}
		start := e.Rounds[len(e.Rounds)-1].HeldOn
		end := clock.AddMonths(parseDate(start), 12*e.Plan.TermYears).Format(clock.DateLayout)
		t, err := s.insertTerm(ctx, tx, org, start, end, e.ID)
		if err != nil {
			return err
		}
		if err := s.dir.SetTerm(ctx, tx, org.ID, start, end); err != nil {
			return err
		}
		if err := s.dir.ReplacePositions(ctx, tx, org.ID, start, officerPosts(e.Officers)); err != nil {
			return err
		}
		now := s.clk.Now()
		payload := map[string]any{"election_id": e.ID, "org_id": org.ID, "number": t.Number, "start_on": start, "end_on": end}
		if err := outbox.EmitAllAt(ctx, tx, now, []outbox.Event{
			{Type: EventCompleted, SubjectID: e.ID, OrgPath: org.Path, Payload: payload},
			{Type: EventTermStarted, SubjectID: org.ID, OrgPath: org.Path, Payload: payload},
		}); err != nil {
			return err
		}
		return s.change(ctx, tx, e, stateCompleted, "completed", fmt.Sprintf("第%d届，任期 %s 至 %s", t.Number, start, end),
			"completed_on = ?", s.today())
	})
}

// insertTerm records the org's next term.
func (s *Service) insertTerm(ctx context.Context, tx *db.Tx, org OrgRef, start, end, electionID string) (Term, error) {
	t := Term{StartOn: start, EndOn: end, ElectionID: electionID}
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(number), 0) + 1 FROM org_terms WHERE org_id = ?",
		org.ID).Scan(&t.Number); err != nil {
		return Term{}, err
	}
	now := s.clk.Now()
	_, err := tx.ExecContext(ctx, `INSERT INTO org_terms (id, org_id, org_path, number, start_on, end_on, election_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ids.At(now), org.ID, org.Path, t.Number, start, end, electionID, now.UnixMilli())
	return t, err
}

// officerPosts are the positions the officers take, secretary first.
func officerPosts(o *Officers) []Post {
	posts := make([]Post, 0, len(o.Members))
	for _, m := range o.Members {
		posts = append(posts, Post{MemberID: m.MemberID, Title: m.Title})
	}
	slices.SortFunc(posts, func(a, b Post) int {
		return cmp.Or(cmp.Compare(slices.Index(titleOrder, a.Title), slices.Index(titleOrder, b.Title)),
			cmp.Compare(a.MemberID, b.MemberID))
	})
	return posts
}
