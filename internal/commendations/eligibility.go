package commendations

import (
	"context"
	"fmt"
	"slices"

	"dangjian/internal/platform/db"
)

// verdicts are, per member or org ID, the reasons it may not be commended
// (none: eligible).
type verdicts map[string][]string

// memberRule is the kind's own rule for a member: 优秀共产党员 are full
// members only, 优秀党务工作者 anyone but a probationary member.
func memberRule(kind string, m MemberRef) []string {
	switch {
	case !m.Active:
		return []string{"该党员已不在册"}
	case kind == kindMember && m.Status != "full":
		return []string{"预备党员不能评为优秀共产党员"}
	case kind == kindWorker && m.Status == "probationary":
		return []string{"预备党员不能评为优秀党务工作者"}
	}
	return []string{}
}

// orgRule is 先进基层党组织's rule: active grassroots organizations only.
func orgRule(o OrgRef) []string {
	switch {
	case !o.Active:
		return []string{"该党组织已撤销"}
	case !grassroots[o.Kind]:
		return []string{"仅基层党组织可评为先进基层党组织"}
	}
	return []string{}
}

// judgeOrgs applies orgRule to each org.
func judgeOrgs(orgs []OrgRef) verdicts {
	out := verdicts{}
	for _, o := range orgs {
		out[o.ID] = orgRule(o)
	}
	return out
}

// judgeMembers applies the kind's rule and the round's disqualifiers for
// its year to each member: marks not revoked, then the year's figures.
func (s *Service) judgeMembers(ctx context.Context, q db.Querier, r Round, kind string, ms []MemberRef) (verdicts, error) {
	out := verdicts{}
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		out[m.ID] = memberRule(kind, m)
		ids = append(ids, m.ID)
	}
	if len(ids) == 0 {
		return out, nil
	}
	if err := markReasons(ctx, q, r, ids, out); err != nil {
		return nil, err
	}
	if !r.disqualifies(dqAppraisal) && !r.disqualifies(dqArrears) {
		return out, nil
	}
	stats, err := s.dir.YearStats(ctx, q, ids, r.Year)
	if err != nil {
		return nil, err
	}
	for id, st := range stats {
		if _, ok := out[id]; ok {
			out[id] = append(out[id], statReasons(r, st)...)
		}
	}
	return out, nil
}

// statReasons are the automatic disqualifiers the round chose that the
// year's figures meet.
func statReasons(r Round, st YearStats) []string {
	var out []string
	if r.disqualifies(dqAppraisal) && (st.AppraisalGrade == "basically_qualified" || st.AppraisalGrade == "unqualified") {
		out = append(out, fmt.Sprintf("%d年民主评议为%s", r.Year, st.AppraisalGradeLabel))
	}
	if r.disqualifies(dqArrears) && st.ArrearsWarnings > 0 {
		out = append(out, fmt.Sprintf("%d年有欠缴党费提醒（%d次）", r.Year, st.ArrearsWarnings))
	}
	return out
}

// markChunk bounds the IN list of one marks query.
const markChunk = 500

// markReasons adds to out the round year's marks of the members that are
// not revoked and of a kind the round chose, oldest first.
func markReasons(ctx context.Context, q db.Querier, r Round, memberIDs []string, out verdicts) error {
	var kinds []string
	for _, d := range r.Disqualifiers {
		if d.Manual {
			kinds = append(kinds, d.Key)
		}
	}
	if len(kinds) == 0 {
		return nil
	}
	for chunk := range slices.Chunk(memberIDs, markChunk) {
		rows, err := q.QueryContext(ctx, `SELECT member_id, kind, on_date FROM commendation_marks
			WHERE year = ? AND revoked_at = 0 AND kind IN (`+db.Placeholders(len(kinds))+`)
			AND member_id IN (`+db.Placeholders(len(chunk))+") ORDER BY on_date, id",
			append(append([]any{r.Year}, db.Strings(kinds)...), db.Strings(chunk)...)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, kind, on string
			if err := rows.Scan(&id, &kind, &on); err != nil {
				rows.Close()
				return err
			}
			d, _ := disqualifier(kind)
			out[id] = append(out[id], fmt.Sprintf("%s（%s）", d.Label, on))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
