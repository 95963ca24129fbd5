package appraisal

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/voting"
)

// excellentShare is the cap on 优秀 that holds at orgPath (the subtree's
// setting, one third by default).
func (s *Service) excellentShare(ctx context.Context, orgPath string) (voting.Share, error) {
	v, err := s.settings.Value(ctx, orgPath, capSetting)
	if err != nil || strings.TrimSpace(v) == "" {
		return voting.DefaultExcellentShare, err
	}
	return voting.ParseShare(v)
}

// capRule states the cap as the user reads it.
func capRule(share voting.Share) string {
	if share == voting.DefaultExcellentShare {
		return "优秀等次一般不超过参评党员的三分之一"
	}
	return "优秀等次不超过参评党员的 " + share.String() + "（本组织或上级组织的设定）"
}

// gradeCounts summarizes grades as "优秀 3 人、合格 5 人、……".
func gradeCounts(grades []string) string {
	parts := make([]string, len(gradeOptions))
	for i, g := range gradeOptions {
		n := 0
		for _, x := range grades {
			if x == g.Code {
				n++
			}
		}
		parts[i] = fmt.Sprintf("%s %d 人", g.Label, n)
	}
	return strings.Join(parts, "、")
}

// checkProposal checks that grades grades every participant, and nobody
// else, with a valid grade, and that 优秀 stays under the cap.
func checkProposal(all []participant, grades map[string]string, share voting.Share) error {
	var fe httpx.Fields
	excellent := 0
	for _, p := range all {
		g, ok := grades[p.MemberID]
		switch {
		case !ok:
			fe.Add("grades."+p.MemberID, "required", "请为"+p.Name+"拟定评议等次")
		case labelOf(gradeOptions, g) == "":
			fe.Add("grades."+p.MemberID, "invalid", "评议等次应为优秀、合格、基本合格或不合格")
		case g == gradeExcellent:
			excellent++
		}
	}
	for id := range grades {
		if _, ok := findParticipant(all, id); !ok {
			fe.Add("grades."+id, "not_participant", "该党员不是本次民主评议的参评党员")
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if limit := share.Max(len(all)); excellent > limit {
		rule := capRule(share)
		return &httpx.Error{Status: http.StatusUnprocessableEntity, Code: "excellent_cap_exceeded",
			Detail: fmt.Sprintf("%s：本次参评党员 %d 人，优秀最多 %d 人，现拟定 %d 人", rule, len(all), limit, excellent),
			Fields: []httpx.FieldError{{Field: "grades", Code: "excellent_cap_exceeded", Message: rule}}}
	}
	return nil
}

// propose sets (or resets) the committee's proposed grade of every
// participant once the rating is closed, until the 支部党员大会 confirms.
func (s *Service) propose(ctx context.Context, org OrgRef, roundID string, grades map[string]string) error {
	share, err := s.excellentShare(ctx, org.Path)
	if err != nil {
		return err
	}
	all, err := loadParticipants(ctx, s.db, roundID)
	if err != nil {
		return err
	}
	if err := checkProposal(all, grades, share); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		cur, err := s.lockRound(ctx, tx, roundID, stageReviewing, stageProposed)
		if err != nil {
			return err
		}
		before, list := map[string]string{}, make([]string, 0, len(all))
		cases, args := "", make([]any, 0, 2*len(all)+1)
		for _, p := range all {
			if p.ProposedGrade != "" {
				before[p.MemberID] = p.ProposedGrade
			}
			list = append(list, grades[p.MemberID])
			cases += " WHEN ? THEN ?"
			args = append(args, p.MemberID, grades[p.MemberID])
		}
		if _, err := tx.ExecContext(ctx, "UPDATE appraisal_participants SET proposed_grade = CASE member_id"+cases+
			" ELSE proposed_grade END WHERE appraisal_id = ?", append(args, roundID)...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE appraisals SET stage = ?, proposed_at = ?, excellent_cap = ? WHERE id = ?",
			stageProposed, ms(s.clk.Now()), share.String(), roundID); err != nil {
			return err
		}
		kind := "proposed"
		if cur.Stage == stageProposed {
			kind = "reproposed"
		}
		return s.record(ctx, tx, roundID, kind, "拟定评议等次："+gradeCounts(list),
			map[string]any{"grades": before}, map[string]any{"grades": grades, "excellent_cap": share.String()})
	})
}
