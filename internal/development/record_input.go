package development

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/voting"
)

// ruleInput reads the step's body: dates parsed, people looked up in the
// register, free text bounded. Malformed parts go to fe; the rules are
// applied only to a well-formed step.
func (s *Service) ruleInput(ctx context.Context, q db.Querier, in StepInput, fe *httpx.Fields) (rules.Input, stepRow, error) {
	st := stepRow{No: in.No, On: in.On, Hours: in.Hours, Days: in.Days, FileIDs: in.FileIDs, Note: in.Note, Extended: in.Extended}
	input := rules.Input{No: in.No, Hours: in.Hours, Days: in.Days, Extended: in.Extended}
	var ok bool
	if input.On, ok = parseDay(in.On); !ok {
		fe.Add("on", "invalid", "请填写办理日期（YYYY-MM-DD）")
	}
	if p := in.Publicity; p != nil {
		start, okStart := parseDay(p.Start)
		end, okEnd := parseDay(p.End)
		if !okStart {
			fe.Add("publicity.start", "invalid", "请填写公示开始日期（YYYY-MM-DD）")
		}
		if !okEnd {
			fe.Add("publicity.end", "invalid", "请填写公示结束日期（YYYY-MM-DD）")
		}
		input.Publicity, st.PublicityStart, st.PublicityEnd = &rules.Span{Start: start, End: end}, p.Start, p.End
	}
	if utf8.RuneCountInString(in.Note) > maxNote {
		fe.Add("note", "too_long", fmt.Sprintf("备注不能超过 %d 个字", maxNote))
	}
	if in.Days < 0 || in.Hours < 0 {
		fe.Add("days", "negative", "培训天数和学时不能为负数")
	}
	if len(in.FileIDs) > maxFileIDs || slices.ContainsFunc(in.FileIDs, func(id string) bool { return id == "" || len(id) > 64 }) {
		fe.Add("file_ids", "invalid", fmt.Sprintf("附件不能超过 %d 个，且须为已上传的文件", maxFileIDs))
	}
	for _, p := range in.People {
		m, err := s.dir.Member(ctx, q, p.MemberID)
		if err != nil && !db.IsNoRows(err) {
			return input, st, err
		}
		input.People = append(input.People, rules.Person{MemberID: p.MemberID, Role: p.Role, Name: m.Name,
			Found: err == nil, Active: m.Active, Full: m.Status == statusFull})
		st.People = append(st.People, personRef{MemberID: p.MemberID, Name: m.Name, Role: p.Role})
	}
	return input, st, nil
}

// countVote counts the 支部大会 vote of a voting step with internal/voting
// (the one implementation of quorum, majority and written opinions) and
// reports whether it failed. A vote on any other step is refused, and so is
// a roster that does not match the branch orgID in the register (see
// checkRoster).
func (s *Service) countVote(ctx context.Context, q db.Querier, fe *httpx.Fields, orgID string, in StepInput) (*voteRecord, bool, error) {
	step, _ := rules.Lookup(in.No)
	switch {
	case !step.Requires(rules.NeedVote) && in.Vote != nil:
		fe.Add("vote", "not_allowed", "本步骤不进行表决")
		return nil, false, nil
	case !step.Requires(rules.NeedVote):
		return nil, false, nil
	case in.Vote == nil:
		fe.Add("vote", "required", "请填写支部大会的到会和表决情况")
		return nil, false, nil
	}
	if ok, err := s.checkRoster(ctx, q, fe, orgID, in.Vote.Voters); err != nil || !ok {
		return nil, false, err
	}
	b := in.Vote.Ballot
	b.Kind = voting.KindAdmission
	if in.No == rules.StepFullVote {
		b.Kind = voting.KindFullMembership
	}
	out, err := voting.Decide(in.Vote.Voters, b)
	if err != nil {
		code, re := "invalid", (*voting.RuleError)(nil)
		if errors.As(err, &re) {
			code = re.Code
		}
		fe.Add("vote", code, err.Error())
		return nil, false, nil
	}
	return &voteRecord{Voters: in.Vote.Voters, Ballot: b, Outcome: out}, !out.Passed, nil
}
