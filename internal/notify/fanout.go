package notify

import (
	"context"
	"encoding/json"
	"errors"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/jobs"
)

const fanoutJob = "notify.fanout"

// fanoutBatch is how many recipients one transaction of a fan-out delivers:
// large enough to move a million in well under a minute, small enough that
// no transaction holds locks for long or other requests wait for it.
const fanoutBatch = 5000

// Fanout is a large send: Message (whose To is ignored) to everyone in
// Audience, or, with RemindUnread, to the recipients of an earlier subject
// who have not read it yet. It runs on the job runner in batches, each
// committed with its checkpoint, so a restart resumes where it stopped and
// a recipient never gets two copies.
type Fanout struct {
	Message      Message  `json:"message"`
	Audience     Audience `json:"audience"`
	RemindUnread string   `json:"remind_unread,omitempty"` // the kind whose unread copies of Message.SubjectID are reminded
	// Paths are the audience subtrees resolved to org paths when the fan-out
	// started (an org moved meanwhile is still reached under its old path's
	// members, who moved with it).
	Paths []string `json:"paths,omitempty"`
}

// ErrFanoutExists is returned by StartFanout when the subject already had a
// fan-out of that kind (a reminder is sent once, not as a stream).
var ErrFanoutExists = errors.New("notify: this subject already had that fan-out")

// StartFanout records a fan-out in q (the caller's transaction) and queues
// it to run at once. One fan-out per (kind, subject).
func (s *Service) StartFanout(ctx context.Context, q db.Querier, f Fanout) (string, error) {
	f.Message.To = nil
	if err := f.Message.validate(); err != nil {
		return "", err
	}
	if f.Message.SubjectID == "" {
		return "", errors.New("notify: a fan-out needs a subject")
	}
	for _, id := range f.Audience.Subtrees {
		p, err := s.dir.OrgPath(ctx, id)
		if err != nil {
			return "", err
		}
		f.Paths = append(f.Paths, p)
	}
	spec, err := json.Marshal(f)
	if err != nil {
		return "", err
	}
	id := ids.New()
	res, err := q.ExecContext(ctx, `INSERT INTO fanouts (id, kind, subject_id, spec, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, subject_id) DO NOTHING`,
		id, f.Message.Kind, f.Message.SubjectID, string(spec), ms(s.clk.Now()))
	if err != nil {
		return "", err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return "", errors.Join(err, ErrFanoutExists)
	}
	if _, err := jobs.Enqueue(ctx, q, fanoutJob, id, map[string]string{"fanout": id}, s.clk.Now()); err != nil {
		return "", err
	}
	s.wake()
	return id, nil
}

// Progress is how far a fan-out has got.
type Progress struct {
	Sent     int64 `json:"sent"`
	Finished bool  `json:"finished"`
}

// FanoutProgress reports the fan-out of kind about subjectID (zero when
// there is none).
func (s *Service) FanoutProgress(ctx context.Context, kind, subjectID string) (Progress, error) {
	var p Progress
	var fin int64
	err := s.db.QueryRowContext(ctx, "SELECT sent, finished_at FROM fanouts WHERE kind = ? AND subject_id = ?",
		kind, subjectID).Scan(&p.Sent, &fin)
	if db.IsNoRows(err) {
		return Progress{}, nil
	}
	p.Finished = fin > 0
	return p, err
}

func (s *Service) cancelFanouts(ctx context.Context, q db.Querier, subjectID string) error {
	_, err := q.ExecContext(ctx, "UPDATE fanouts SET finished_at = ? WHERE subject_id = ? AND finished_at = 0",
		ms(s.clk.Now()), subjectID)
	return err
}

// checkpoint is a fan-out's progress as stored.
type checkpoint struct {
	id     string
	spec   Fanout
	part   int
	cursor Cursor
}

// runFanout delivers a fan-out batch by batch until it is finished or
// cancelled. Any error is retried by the job runner from the checkpoint.
func (s *Service) runFanout(ctx context.Context, j jobs.Job) error {
	var p struct{ Fanout string }
	if err := j.Decode(&p); err != nil {
		return jobs.Permanent(err)
	}
	cp, ok, err := s.loadCheckpoint(ctx, p.Fanout)
	for err == nil && ok {
		var batch []Recipient
		var next checkpoint
		batch, next, err = s.nextBatch(ctx, cp)
		if err != nil {
			break
		}
		ok, err = s.deliverBatch(ctx, cp, next, batch)
		cp = next
	}
	return err
}

func (s *Service) loadCheckpoint(ctx context.Context, id string) (checkpoint, bool, error) {
	cp := checkpoint{id: id}
	var spec, cursor string
	var fin int64
	err := s.db.QueryRowContext(ctx, "SELECT spec, part, cursor, finished_at FROM fanouts WHERE id = ?", id).
		Scan(&spec, &cp.part, &cursor, &fin)
	if db.IsNoRows(err) || fin > 0 {
		return cp, false, nil
	}
	if err != nil {
		return cp, false, err
	}
	if err := json.Unmarshal([]byte(spec), &cp.spec); err != nil {
		return cp, false, jobs.Permanent(err)
	}
	if cursor != "" {
		if err := json.Unmarshal([]byte(cursor), &cp.cursor); err != nil {
			return cp, false, jobs.Permanent(err)
		}
	}
	return cp, true, nil
}

// Parts of a fan-out, streamed in this order: each subtree, then position
// holders, then chosen members, then (for a reminder) the unread.
func (cp checkpoint) parts() int { return len(cp.spec.Paths) + 3 }

// nextBatch reads the recipients after the checkpoint and where to resume
// after them; part == parts() means the fan-out is complete.
func (s *Service) nextBatch(ctx context.Context, cp checkpoint) ([]Recipient, checkpoint, error) {
	f := cp.spec
	for cp.part < cp.parts() {
		var batch []Recipient
		next := cp
		var err error
		i := cp.part - len(f.Paths)
		switch {
		case i < 0:
			batch, next.cursor, err = s.dir.SubtreeMembers(ctx, f.Paths[cp.part], cp.cursor, fanoutBatch)
		case i == 0 && len(f.Audience.Positions) > 0:
			batch, err = s.positionHolders(ctx, f.Audience)
		case i == 1 && len(f.Audience.Members) > 0:
			batch, err = s.dir.Members(ctx, f.Audience.Members)
		case i == 2 && f.RemindUnread != "":
			batch, next.cursor, err = s.unreadRecipients(ctx, f.RemindUnread, f.Message.SubjectID, cp.cursor, fanoutBatch)
		}
		if err != nil {
			return nil, cp, err
		}
		if i >= 0 || len(batch) < fanoutBatch { // a single-batch part, or the stream ran dry
			next.part, next.cursor = cp.part+1, Cursor{}
		}
		if len(batch) > 0 || next.part == cp.parts() {
			return batch, next, nil
		}
		cp = next
	}
	return nil, cp, nil
}

func (s *Service) positionHolders(ctx context.Context, a Audience) ([]Recipient, error) {
	path, err := s.dir.OrgPath(ctx, a.Within)
	if err != nil {
		return nil, err
	}
	return s.dir.PositionHolders(ctx, path, a.Positions)
}

// deliverBatch sends one batch and moves the checkpoint in one transaction;
// it reports whether there is more to do. A fan-out cancelled meanwhile
// (the subject was withdrawn) stops without sending the batch.
func (s *Service) deliverBatch(ctx context.Context, cp, next checkpoint, batch []Recipient) (more bool, err error) {
	cursor, err := json.Marshal(next.cursor)
	if err != nil {
		return false, err
	}
	done := next.part >= next.parts()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := relaxDurability(ctx, tx); err != nil {
			return err
		}
		m := cp.spec.Message
		m.To = batch
		n, err := s.Send(ctx, tx, m)
		if err != nil {
			return err
		}
		finished := int64(0)
		if done {
			finished = ms(s.clk.Now())
		}
		res, err := tx.ExecContext(ctx, `UPDATE fanouts SET part = ?, cursor = ?, sent = sent + ?, finished_at = ?
			WHERE id = ? AND finished_at = 0`, next.part, string(cursor), n, finished, cp.id)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil || k == 0 {
			done = true
			return errors.Join(err, errCancelled)
		}
		return nil
	})
	if errors.Is(err, errCancelled) {
		return false, nil
	}
	return !done, err
}

var errCancelled = errors.New("notify: fan-out cancelled")

// relaxDurability lets a fan-out batch commit without waiting for its WAL
// flush on PostgreSQL. Safe here and only here: the batch and its checkpoint
// commit together, so a crash can only lose whole batches after the last
// flushed one, and the job redoes them from the checkpoint it finds.
func relaxDurability(ctx context.Context, tx *db.Tx) error {
	if tx.Dialect() != db.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SET LOCAL synchronous_commit = off")
	return err
}
