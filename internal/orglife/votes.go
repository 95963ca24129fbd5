package orglife

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
	"dangjian/internal/voting"
)

// VoteDraft is a vote as the recorder enters it: the counts cast in the
// room and the written opinions (书面意见) of absent voters.
type VoteDraft struct {
	Subject string                  `json:"subject"`
	Kind    string                  `json:"kind"`
	Yes     int                     `json:"yes"`
	No      int                     `json:"no"`
	Abstain int                     `json:"abstain"`
	Written []voting.WrittenOpinion `json:"written"`
}

// Vote is a recorded decision with its outcome under the rules.
type Vote struct {
	ID             string                  `json:"id"`
	Subject        string                  `json:"subject"`
	Kind           string                  `json:"kind"`
	Written        []voting.WrittenOpinion `json:"written"`
	RecordedAt     string                  `json:"recorded_at"`
	RecordedByName string                  `json:"recorded_by_name"`
	voting.Outcome
}

// RecordVote decides a vote under the vote rules against the attendance as
// recorded now and keeps it; a vote that fails quorum is refused, saying
// why and citing the rule, and nothing is recorded.
func (s *Service) RecordVote(ctx context.Context, meetingID string, d VoteDraft) (Vote, error) {
	d.Subject = strings.TrimSpace(d.Subject)
	switch n := utf8.RuneCountInString(d.Subject); {
	case n == 0:
		return Vote{}, fieldErr("subject", "required", "请填写表决事项")
	case n > maxTopicRunes*2:
		return Vote{}, fieldErr("subject", "too_long", "表决事项不超过 200 个字")
	}
	if d.Kind == "" {
		d.Kind = voting.KindGeneral
	}
	var v Vote
	err := s.mutate(ctx, meetingID, authz.OrgLifeManage, open, func(tx *db.Tx, m *meeting) (change, error) {
		list, err := attendees(ctx, tx, m.ID)
		if err != nil {
			return change{}, err
		}
		out, err := voting.Decide(voters(list), voting.Ballot{Kind: d.Kind, Yes: d.Yes, No: d.No, Abstain: d.Abstain, Written: d.Written})
		var re *voting.RuleError
		if errors.As(err, &re) {
			return change{}, unprocessable(re.Code, re.Message)
		}
		if err != nil {
			return change{}, err
		}
		v = Vote{ID: ids.New(), Subject: d.Subject, Kind: d.Kind, Written: d.Written, Outcome: out,
			RecordedAt: clock.Stamp(ms(s.clk.Now())), RecordedByName: authz.ActorName(ctx, systemActorName)}
		if v.Written == nil {
			v.Written = []voting.WrittenOpinion{}
		}
		if err := insertVote(ctx, tx, m.ID, v, ms(s.clk.Now())); err != nil {
			return change{}, err
		}
		verdict := "未通过"
		if out.Passed {
			verdict = "通过"
		}
		return change{Action: "meeting.vote", Event: "vote", Detail: "表决“" + d.Subject + "”：" + verdict,
			After: map[string]any{"subject": d.Subject, "kind": d.Kind, "yes": out.Yes, "no": out.No,
				"abstain": out.Abstain, "voters_expected": out.VotersExpected, "passed": out.Passed}}, nil
	})
	return v, err
}

func insertVote(ctx context.Context, tx *db.Tx, meetingID string, v Vote, at int64) error {
	written, err := json.Marshal(v.Written)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO meeting_votes (id, meeting_id, subject, kind, yes, no, abstain, written,
		written_yes, written_no, written_abstain, voters_expected, voters_present, passed, explanation, recorded_at, recorded_by)
		VALUES (`+db.Placeholders(17)+`)`, v.ID, meetingID, v.Subject, v.Kind, v.Yes, v.No, v.Abstain, string(written),
		v.WrittenYes, v.WrittenNo, v.WrittenAbstain, v.VotersExpected, v.VotersPresent, boolInt(v.Passed), v.Explanation,
		at, v.RecordedByName)
	return err
}

// votes lists a meeting's recorded votes in the order they were taken.
func votes(ctx context.Context, q db.Querier, meetingID string) ([]Vote, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, subject, kind, yes, no, abstain, written, written_yes, written_no,
		written_abstain, voters_expected, voters_present, passed, explanation, recorded_at, recorded_by
		FROM meeting_votes WHERE meeting_id = ? ORDER BY recorded_at, id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Vote{}
	for rows.Next() {
		var v Vote
		var written string
		var passed int
		var at int64
		if err := rows.Scan(&v.ID, &v.Subject, &v.Kind, &v.Yes, &v.No, &v.Abstain, &written, &v.WrittenYes,
			&v.WrittenNo, &v.WrittenAbstain, &v.VotersExpected, &v.VotersPresent, &passed, &v.Explanation, &at,
			&v.RecordedByName); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(written), &v.Written); err != nil {
			return nil, err
		}
		v.Passed, v.RecordedAt = passed == 1, clock.Stamp(at)
		out = append(out, v)
	}
	return out, rows.Err()
}
