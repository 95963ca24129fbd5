package rollup

import (
	"context"
	"log/slog"
	"strconv"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// devPayload is the part of development's events rollup reads. Only
// development.step_recorded carries the stage (an int, 1–5); admitted and
// became_full carry no state, which their type implies.
type devPayload struct {
	FileID string `json:"file_id"`
	OrgID  string `json:"org_id"`
	Stage  *int   `json:"stage"`
	State  string `json:"state"`
}

// impliedState is the file state an event without one means.
var impliedState = map[string]string{"development.admitted": "admitted", "development.became_full": "full"}

// applicant is a development file as counted.
type applicant struct {
	OrgID, OrgPath, Stage, State string
}

// inPipeline reports whether a file counts in development.stage: it is in
// progress (not stopped, not finished by 转正).
func (a applicant) inPipeline() bool { return a.State == "active" || a.State == "admitted" }

// onDevelopment moves the file's development.stage count from its stored
// stage and place to the event's. An event without a stage for a file
// rollup never saw is ignored.
func (s *Store) onDevelopment(ctx context.Context, tx *db.Tx, e outbox.Delivered) error {
	var p devPayload
	if err := e.Decode(&p); err != nil || p.FileID == "" || e.OrgPath == "" {
		slog.Warn("rollup: unreadable development event skipped", "event", e.ID, "type", e.Type, "err", err)
		return nil
	}
	var old applicant
	var seq int64
	err := tx.QueryRowContext(ctx, "SELECT org_id, org_path, stage, state, seq FROM rollup_applicants WHERE file_id = ?",
		p.FileID).Scan(&old.OrgID, &old.OrgPath, &old.Stage, &old.State, &seq)
	found := err == nil
	switch {
	case err != nil && !db.IsNoRows(err):
		return err
	case found && seq >= e.Seq:
		return nil // applied before this redelivery
	case !found && p.Stage == nil:
		return nil
	}
	nw := applicant{OrgID: p.OrgID, OrgPath: e.OrgPath, Stage: old.Stage, State: p.State}
	if p.Stage != nil {
		nw.Stage = strconv.Itoa(*p.Stage)
	}
	if nw.State == "" {
		nw.State = impliedState[e.Type]
	}
	if nw.State == "" {
		nw.State = old.State
	}
	if err := s.recountApplicant(ctx, tx, old, nw); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO rollup_applicants (file_id, org_id, org_path, stage, state, seq)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (file_id) DO UPDATE SET org_id = excluded.org_id,
		org_path = excluded.org_path, stage = excluded.stage, state = excluded.state, seq = excluded.seq`,
		p.FileID, nw.OrgID, nw.OrgPath, nw.Stage, nw.State, e.Seq)
	return err
}

// recountApplicant takes the file out of its old stage and puts it into
// its new one (either may be outside the pipeline; old may be the zero
// value of a new file).
func (s *Store) recountApplicant(ctx context.Context, q db.Querier, old, nw applicant) error {
	if old == nw {
		return nil
	}
	if old.inPipeline() {
		if err := s.add(ctx, q, old.OrgPath, []Delta{{"development.stage", old.Stage, -1}}); err != nil {
			return err
		}
	}
	if nw.inPipeline() {
		return s.add(ctx, q, nw.OrgPath, []Delta{{"development.stage", nw.Stage, 1}})
	}
	return nil
}
