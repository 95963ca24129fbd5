package appraisal

import (
	"context"
	"fmt"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// firstYear is the earliest year a round may be opened for.
const firstYear = 2000

// open starts the round of org for year with the branch's active members
// as participants (a snapshot: later arrivals are not added). The caller
// checked OrgLifeManage at org.
func (s *Service) open(ctx context.Context, org OrgRef, year int) (string, error) {
	now := s.clk.Now()
	var fe httpx.Fields
	if org.Kind != kindBranch {
		fe.Add("org_id", "not_branch", "民主评议党员以党支部为单位开展，请在党支部开启")
	}
	if thisYear := now.In(clock.Shanghai).Year(); year < firstYear || year > thisYear {
		fe.Add("year", "invalid", fmt.Sprintf("年度应在 %d 到 %d 之间", firstYear, thisYear))
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	people, err := s.dir.BranchMembers(ctx, org.ID)
	if err != nil {
		return "", err
	}
	if len(people) == 0 {
		fe.Add("org_id", "no_members", "该支部没有在册党员，无法开展民主评议")
		return "", fe.Err()
	}
	id := ids.At(now)
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO appraisals (id, org_id, year, stage, opened_at, opened_by_name, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, org.ID, year, stageOpen, ms(now), authz.ActorName(ctx, ""), ms(now))
		if db.IsUniqueViolation(err) {
			return httpx.Conflict("appraisal_exists", fmt.Sprintf("本支部 %d 年度的民主评议已经开启（每个支部每年开展一次）", year))
		}
		if err != nil {
			return err
		}
		if err := insertParticipants(ctx, tx, id, people); err != nil {
			return err
		}
		after := map[string]any{"org_id": org.ID, "year": year, "participants": len(people)}
		return s.record(ctx, tx, id, "opened", fmt.Sprintf("开启 %d 年度民主评议党员，参评党员 %d 人", year, len(people)), nil, after)
	})
	return id, err
}

// insertParticipants stores the snapshot and creates every counter of the
// anonymous rating at zero, so that rating only ever updates counters and
// never adds a row a ballot could be traced by.
func insertParticipants(ctx context.Context, tx *db.Tx, roundID string, people []Person) error {
	args := make([]any, 0, 5*len(people))
	for i, p := range people {
		args = append(args, roundID, p.ID, p.Name, p.Status, i)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO appraisal_participants (appraisal_id, member_id, name, status, position)
		VALUES `+db.Rows(len(people), 5), args...); err != nil {
		return err
	}
	args = make([]any, 0, 3*len(people)*len(gradeOptions))
	for _, p := range people {
		for _, g := range gradeOptions {
			args = append(args, roundID, p.ID, g.Code)
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO appraisal_tallies (appraisal_id, member_id, grade)
		VALUES `+db.Rows(len(people)*len(gradeOptions), 3), args...)
	return err
}

// closeRating ends self-assessment, peer comments and the anonymous rating.
func (s *Service) closeRating(ctx context.Context, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.lockRound(ctx, tx, id, stageOpen); err != nil {
			return err
		}
		var raters int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM appraisal_raters WHERE appraisal_id = ?", id).Scan(&raters); err != nil {
			return err
		}
		now := ms(s.clk.Now())
		if _, err := tx.ExecContext(ctx, "UPDATE appraisals SET stage = ?, rating_closed_at = ? WHERE id = ?",
			stageReviewing, now, id); err != nil {
			return err
		}
		return s.record(ctx, tx, id, "rating_closed", fmt.Sprintf("结束自评、互评和匿名测评，%d 人参加了匿名测评", raters),
			map[string]any{"stage": stageOpen}, map[string]any{"stage": stageReviewing, "raters": raters})
	})
}
