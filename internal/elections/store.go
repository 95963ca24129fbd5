package elections

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

const electionColumns = `id, org_id, org_path, state, planned_on, seats_committee, seats_secretary, seats_deputy,
	term_years, method, note, approved_on, officers_approved_on, return_reason, cancel_reason, completed_on, version, created_at`

// load reads the election with its candidates, rounds, officers, log and
// term; lock takes its row lock inside a transaction.
func (s *Service) load(ctx context.Context, q db.Querier, id string, lock bool) (Election, error) {
	query := "SELECT " + electionColumns + " FROM elections WHERE id = ?"
	if tx, ok := q.(*db.Tx); ok && lock {
		query += tx.ForUpdate()
	}
	var e Election
	var officersOn string
	var created int64
	p := &e.Plan
	err := q.QueryRowContext(ctx, query, id).Scan(&e.ID, &e.OrgID, &e.orgPath, &e.State, &p.PlannedOn,
		&p.SeatsCommittee, &p.SeatsSecretary, &p.SeatsDeputy, &p.TermYears, &p.Method, &p.Note, &e.ApprovedOn,
		&officersOn, &e.ReturnReason, &e.CancelReason, &e.CompletedOn, &e.Version, &created)
	if err != nil {
		return Election{}, err
	}
	e.StateLabel, e.CreatedAt = stateLabels[e.State], clock.Stamp(created)
	if e.Candidates, err = candidates(ctx, q, id); err != nil {
		return Election{}, err
	}
	if e.Rounds, err = rounds(ctx, q, id); err != nil {
		return Election{}, err
	}
	if e.Officers, err = officers(ctx, q, id, officersOn); err != nil {
		return Election{}, err
	}
	if e.Log, err = electionLog(ctx, q, id); err != nil {
		return Election{}, err
	}
	if e.Term, err = termOf(ctx, q, id); err != nil {
		return Election{}, err
	}
	e.Posts = progress(e.Plan, e.Rounds)
	markElected(e.Candidates, e.Posts)
	return e, nil
}

func candidates(ctx context.Context, q db.Querier, electionID string) ([]Candidate, error) {
	rows, err := q.QueryContext(ctx, `SELECT member_id, member_name, post FROM election_candidates
		WHERE election_id = ? ORDER BY seq`, electionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Candidate{}
	for rows.Next() {
		var c Candidate
		if err := rows.Scan(&c.MemberID, &c.Name, &c.Post); err != nil {
			return nil, err
		}
		c.PostLabel = postLabels[c.Post]
		out = append(out, c)
	}
	return out, rows.Err()
}

// officers reads the officers in the shape PUT /officers takes them, so the
// view can be sent back as it is: the secretary, the first deputy (by member
// ID) as deputy_id, and everyone else's title — a second deputy's too — in
// roles.
func officers(ctx context.Context, q db.Querier, electionID, approvedOn string) (*Officers, error) {
	rows, err := q.QueryContext(ctx, `SELECT member_id, member_name, title FROM election_officers
		WHERE election_id = ? ORDER BY member_id`, electionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	o := &Officers{Roles: map[string]string{}, Members: []Officer{}, Approved: approvedOn != "", ApprovedOn: approvedOn}
	for rows.Next() {
		var m Officer
		if err := rows.Scan(&m.MemberID, &m.Name, &m.Title); err != nil {
			return nil, err
		}
		m.TitleLabel = titleLabels[m.Title]
		switch {
		case m.Title == titleSecretary:
			o.SecretaryID = m.MemberID
		case m.Title == titleDeputy && o.DeputyID == "":
			o.DeputyID = m.MemberID
		default:
			o.Roles[m.MemberID] = m.Title
		}
		o.Members = append(o.Members, m)
	}
	if len(o.Members) == 0 {
		return nil, rows.Err()
	}
	slices.SortStableFunc(o.Members, func(a, b Officer) int { return titleRank[a.Title] - titleRank[b.Title] })
	return o, rows.Err()
}

func electionLog(ctx context.Context, q db.Querier, electionID string) ([]LogEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT at, action, actor_name, note FROM election_log
		WHERE election_id = ? ORDER BY version`, electionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []LogEntry{}
	for rows.Next() {
		var l LogEntry
		var at int64
		if err := rows.Scan(&at, &l.Action, &l.ActorName, &l.Note); err != nil {
			return nil, err
		}
		l.At, l.ActionLabel = clock.Stamp(at), actionLabels[l.Action]
		out = append(out, l)
	}
	return out, rows.Err()
}

func termOf(ctx context.Context, q db.Querier, electionID string) (*Term, error) {
	var t Term
	err := q.QueryRowContext(ctx, "SELECT number, start_on, end_on, election_id FROM org_terms WHERE election_id = ?",
		electionID).Scan(&t.Number, &t.StartOn, &t.EndOn, &t.ElectionID)
	if db.IsNoRows(err) {
		return nil, nil
	}
	return &t, err
}

// change records a decision on e: the new state and fields set by sets
// ("col = ?" with args), the version bump, a log line and the audit record,
// all in tx.
func (s *Service) change(ctx context.Context, tx *db.Tx, e Election, state, action, note string, sets string, args ...any) error {
	now, err := s.advance(ctx, tx, e, state, sets, args...)
	if err != nil {
		return err
	}
	return s.logged(ctx, tx, now, e, state, action, note, nil)
}

// advance sets e's new state and the fields of sets ("col = ?" with args)
// and bumps its version; it returns the time of the change.
func (s *Service) advance(ctx context.Context, tx *db.Tx, e Election, state, sets string, args ...any) (time.Time, error) {
	now := s.clk.Now()
	query := "UPDATE elections SET state = ?, version = version + 1, updated_at = ?"
	if sets != "" {
		query += ", " + sets
	}
	all := append([]any{state, now.UnixMilli()}, args...)
	_, err := tx.ExecContext(ctx, query+" WHERE id = ?", append(all, e.ID)...)
	return now, err
}

// logged writes the log line of e's next version and the one audit record
// of an action on e, with detail (may be nil) among what it records.
func (s *Service) logged(ctx context.Context, tx *db.Tx, now time.Time, e Election, state, action, note string, detail map[string]any) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO election_log (election_id, version, action, note, actor_name, at)
		VALUES (?, ?, ?, ?, ?, ?)`, e.ID, e.Version+1, action, note, authz.ActorName(ctx, "系统"), now.UnixMilli()); err != nil {
		return err
	}
	after := map[string]any{"state": state, "org_id": e.OrgID, "note": note}
	maps.Copy(after, detail)
	return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "election." + action, TargetType: "election", TargetID: e.ID,
		Before: map[string]any{"state": e.State}, After: after})
}

// excludedJSON stores the voters left out of a round.
func excludedJSON(list []Excluded) string {
	b, _ := json.Marshal(list)
	return string(b)
}
