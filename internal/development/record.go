package development

import (
	"context"
	"time"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/voting"
)

// StepInput is the body of a step: its date, the people it names, the
// training's length, the 公示 before a vote, the vote itself, and for
// step 17 whether the approval time was extended.
type StepInput struct {
	No        int          `json:"no"`
	On        string       `json:"on"`
	People    []PersonRole `json:"people"`
	Hours     int          `json:"hours"`
	Days      int          `json:"days"`
	FileIDs   []string     `json:"file_ids"`
	Note      string       `json:"note"`
	Publicity *Publicity   `json:"publicity,omitempty"`
	Vote      *VoteInput   `json:"vote,omitempty"`
	Extended  bool         `json:"extended"`
}

// PersonRole names a member in a role (talker | contact | sponsor).
type PersonRole struct {
	MemberID string `json:"member_id"`
	Role     string `json:"role"`
}

// Publicity is a 公示 period, both days included.
type Publicity struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// VoteInput is a 支部大会 vote: who should attend and was present, and the
// count with the written opinions of absent voters.
type VoteInput struct {
	Voters []voting.Voter `json:"voters"`
	Ballot voting.Ballot  `json:"ballot"`
}

// Limits on the free parts of a step.
const (
	maxNote    = 500
	maxFileIDs = 20
)

// recordStep records step in.No on the file after the rules allow it. A
// 支部大会 vote that fails is recorded too, but the file does not advance:
// the vote may be held again (or the file stopped; after a failed 转正 vote
// the probation may be extended once).
func (s *Service) recordStep(ctx context.Context, id string, in StepInput, may access) error {
	now, today := s.clk.Now(), clock.Today(s.clk)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := getFile(ctx, tx, id, tx.ForUpdate())
		if db.IsNoRows(err) {
			return httpx.NotFound()
		}
		if err != nil {
			return err
		}
		step, _ := rules.Lookup(in.No)
		if err := may(r.OrgPath, step.Actor == rules.Upper); err != nil {
			return err
		}
		if r.State == StateStopped {
			return httpx.Conflict("stopped", "该档案已停止发展，不能再办理")
		}
		steps, err := fileSteps(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		st, err := s.checkStep(ctx, tx, r, steps, in, today)
		if err != nil {
			return err
		}
		if step.Actor == rules.Upper {
			st.Note = authz.UpperNote(r.OrgPath, st.Note)
		}
		st.ID, st.FileID, st.Seq, st.ActorName, st.At = ids.At(now), r.ID, len(steps)+1, authz.ActorName(ctx, "系统"), now.UnixMilli()
		if err := insertStep(ctx, tx, st); err != nil {
			return err
		}
		before, f := r, rulesFile(append(steps, st), r.ExtensionMonths)
		if err := s.effects(ctx, tx, now, &r, f, st); err != nil {
			return err
		}
		if err := s.settle(ctx, tx, now, before, &r, f); err != nil {
			return err
		}
		return s.logStep(ctx, tx, now, r, st, "development.step")
	})
}

// checkStep validates in against the rules and counts its vote; it
// returns the step to store, or a 422 with every problem found.
func (s *Service) checkStep(ctx context.Context, tx *db.Tx, r fileRow, steps []stepRow, in StepInput, today time.Time) (stepRow, error) {
	var fe httpx.Fields
	input, st, err := s.ruleInput(ctx, tx, in, &fe)
	if err != nil {
		return st, err
	}
	vals, err := settingsCatalog.Resolve(ctx, tx, r.OrgPath)
	if err != nil {
		return st, err
	}
	if len(fe) == 0 {
		fe = rules.Check(rulesFile(steps, r.ExtensionMonths), input, rules.Options{Today: today,
			PublicityDays: vals.Int(keyPublicityDays)})
	}
	if st.Vote, st.Failed, err = s.countVote(ctx, tx, &fe, r.OrgID, in); err != nil {
		return st, err
	}
	return st, fe.Err()
}
