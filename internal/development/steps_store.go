package development

import (
	"context"
	"encoding/json"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/db"
	"dangjian/internal/voting"
)

// personRef is someone a step names, with the name they had then.
type personRef struct {
	MemberID string `json:"member_id"`
	Name     string `json:"name"`
	Role     string `json:"role"`
}

// voteRecord is a 支部大会 vote as recorded: the roster, the count and the
// outcome internal/voting decided.
type voteRecord struct {
	Voters  []voting.Voter `json:"voters"`
	Ballot  voting.Ballot  `json:"ballot"`
	Outcome voting.Outcome `json:"outcome"`
}

// stepRow is a stored dev_steps row.
type stepRow struct {
	ID, FileID                   string
	Seq, No                      int
	On                           string
	People                       []personRef
	Hours, Days                  int
	FileIDs                      []string
	Note                         string
	PublicityStart, PublicityEnd string
	Extended                     bool
	Vote                         *voteRecord
	Failed, Superseded           bool
	ActorName                    string
	At                           int64
}

func insertStep(ctx context.Context, q db.Querier, r stepRow) error {
	people, err := json.Marshal(orEmpty(r.People))
	if err != nil {
		return err
	}
	fileIDs, err := json.Marshal(orEmpty(r.FileIDs))
	if err != nil {
		return err
	}
	vote := ""
	if r.Vote != nil {
		b, err := json.Marshal(r.Vote)
		if err != nil {
			return err
		}
		vote = string(b)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO dev_steps (id, file_id, seq, step_no, on_date, people, hours, days,
		file_ids, note, publicity_start, publicity_end, extended, vote, failed, superseded, actor_name, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.FileID, r.Seq, r.No, r.On, string(people), r.Hours, r.Days, string(fileIDs), r.Note,
		r.PublicityStart, r.PublicityEnd, flag(r.Extended), vote, flag(r.Failed), flag(r.Superseded), r.ActorName, r.At)
	return err
}

// fileSteps reads a file's steps in the order they were recorded.
func fileSteps(ctx context.Context, q db.Querier, fileID string) ([]stepRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, file_id, seq, step_no, on_date, people, hours, days, file_ids, note,
		publicity_start, publicity_end, extended, vote, failed, superseded, actor_name, at
		FROM dev_steps WHERE file_id = ? ORDER BY seq`, fileID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []stepRow
	for rows.Next() {
		var r stepRow
		var people, fileIDs, vote string
		var extended, failed, superseded int
		if err := rows.Scan(&r.ID, &r.FileID, &r.Seq, &r.No, &r.On, &people, &r.Hours, &r.Days, &fileIDs, &r.Note,
			&r.PublicityStart, &r.PublicityEnd, &extended, &vote, &failed, &superseded, &r.ActorName, &r.At); err != nil {
			return nil, err
		}
		r.Extended, r.Failed, r.Superseded = extended == 1, failed == 1, superseded == 1
		if err := unmarshalStep(&r, people, fileIDs, vote); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func unmarshalStep(r *stepRow, people, fileIDs, vote string) error {
	if err := json.Unmarshal([]byte(people), &r.People); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(fileIDs), &r.FileIDs); err != nil {
		return err
	}
	if vote == "" {
		return nil
	}
	r.Vote = &voteRecord{}
	return json.Unmarshal([]byte(vote), r.Vote)
}

// supersede marks the file's 转正 application and vote as made before an
// extension of probation: after the new end both are made again.
func supersede(ctx context.Context, q db.Querier, fileID string) error {
	_, err := q.ExecContext(ctx, "UPDATE dev_steps SET superseded = 1 WHERE file_id = ? AND step_no IN (?, ?)",
		fileID, rules.StepFullApplication, rules.StepFullVote)
	return err
}

// rulesFile is the file as the rules see it.
func rulesFile(steps []stepRow, extensionMonths int) rules.File {
	f := rules.File{ExtensionMonths: extensionMonths}
	for _, s := range steps {
		f.Records = append(f.Records, rules.Record{No: s.No, On: day(s.On), Failed: s.Failed, Superseded: s.Superseded})
	}
	return f
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// orEmpty keeps a nil list out of JSON as [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
