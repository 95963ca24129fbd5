package appraisal

import (
	"context"
	"slices"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// round is a stored appraisal round. Times are Unix milliseconds, 0 for
// none.
type round struct {
	ID             string
	OrgID          string
	Year           int
	Stage          string
	ExcellentCap   string // the share applied at the last proposal
	MeetingID      string
	MeetingTopic   string
	MeetingAt      int64
	OpenedAt       int64
	OpenedByName   string
	RatingClosedAt int64
	ProposedAt     int64
	ConfirmedAt    int64
	UpdatedAt      int64
}

const roundColumns = `id, org_id, year, stage, excellent_cap, meeting_id, meeting_topic, meeting_at,
	opened_at, opened_by_name, rating_closed_at, proposed_at, confirmed_at, updated_at`

func scanRound(sc interface{ Scan(...any) error }) (round, error) {
	var r round
	err := sc.Scan(&r.ID, &r.OrgID, &r.Year, &r.Stage, &r.ExcellentCap, &r.MeetingID, &r.MeetingTopic,
		&r.MeetingAt, &r.OpenedAt, &r.OpenedByName, &r.RatingClosedAt, &r.ProposedAt, &r.ConfirmedAt, &r.UpdatedAt)
	return r, err
}

// loadRound reads a round (db.ErrNoRows when unknown).
func loadRound(ctx context.Context, q db.Querier, id string) (round, error) {
	return scanRound(q.QueryRowContext(ctx, "SELECT "+roundColumns+" FROM appraisals WHERE id = ?", id))
}

// queryRounds reads the rounds a query selects (roundColumns, maybe
// qualified).
func queryRounds(ctx context.Context, q db.Querier, query string, args ...any) ([]round, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []round{}
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

var errLocked = httpx.Conflict("round_confirmed", "评议结果已经支部党员大会确认，不能再修改")

// lockRound checks that the round is in one of stages and, by writing its
// row first, makes concurrent writers to the same round take turns: on
// PostgreSQL the row lock holds until commit and the stage is re-checked
// after waiting, so a rating cannot slip in after the rating was closed.
func (s *Service) lockRound(ctx context.Context, tx *db.Tx, id string, stages ...string) (round, error) {
	args := append([]any{ms(s.clk.Now()), id}, db.Strings(stages)...)
	res, err := tx.ExecContext(ctx, "UPDATE appraisals SET updated_at = ? WHERE id = ? AND stage IN ("+
		db.Placeholders(len(stages))+")", args...)
	if err != nil {
		return round{}, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return round{}, err
	}
	cur, err := loadRound(ctx, tx, id)
	if db.IsNoRows(err) {
		return cur, httpx.NotFound()
	}
	if err == nil && n == 0 {
		err = refusal(cur.Stage, stages)
	}
	return cur, err
}

// refusal explains why an action wanting one of stages cannot run in the
// round's current stage.
func refusal(current string, wanted []string) error {
	switch {
	case current == stageConfirmed:
		return errLocked
	case current == stageOpen:
		return httpx.Conflict("rating_open", "自评、互评和匿名测评尚在进行，请先结束测评")
	case slices.Contains(wanted, stageOpen):
		return httpx.Conflict("rating_closed", "本次民主评议的自评、互评和匿名测评已经结束")
	}
	return httpx.Conflict("not_proposed", "请先拟定评议等次")
}

// participant is one member taking part in a round, as snapshot at its
// opening.
type participant struct {
	MemberID      string
	Name          string
	Status        string
	SelfText      string
	SelfUpdatedAt int64
	ProposedGrade string
	FinalGrade    string
}

func loadParticipants(ctx context.Context, q db.Querier, roundID string) ([]participant, error) {
	rows, err := q.QueryContext(ctx, `SELECT member_id, name, status, self_text, self_updated_at, proposed_grade,
		final_grade FROM appraisal_participants WHERE appraisal_id = ? ORDER BY position`, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []participant
	for rows.Next() {
		var p participant
		if err := rows.Scan(&p.MemberID, &p.Name, &p.Status, &p.SelfText, &p.SelfUpdatedAt, &p.ProposedGrade,
			&p.FinalGrade); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// findParticipant returns the participant with memberID, if any.
func findParticipant(list []participant, memberID string) (participant, bool) {
	i := slices.IndexFunc(list, func(p participant) bool { return p.MemberID == memberID })
	if i < 0 {
		return participant{}, false
	}
	return list[i], true
}

// record appends to the round's history and the audit log, in tx.
func (s *Service) record(ctx context.Context, tx *db.Tx, roundID, kind, detail string, before, after any) error {
	now := s.clk.Now()
	// seq orders the entries of one transaction (confirmed, then handlings).
	if _, err := tx.ExecContext(ctx, `INSERT INTO appraisal_events (id, appraisal_id, kind, at, actor_name, detail, seq)
		VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(e.seq), 0) + 1 FROM appraisal_events e WHERE e.appraisal_id = ?))`,
		ids.At(now), roundID, kind, ms(now), authz.ActorName(ctx, ""), detail, roundID); err != nil {
		return err
	}
	return s.audit(ctx, tx, roundID, kind, before, after)
}

// audit records a write in the audit log only (members' own entries, which
// the round's history does not list).
func (s *Service) audit(ctx context.Context, tx *db.Tx, roundID, kind string, before, after any) error {
	return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "appraisal." + kind, TargetType: "appraisal",
		TargetID: roundID, Before: before, After: after})
}
