package assessment

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
)

// ConfirmIn is the branch's decision on some members' grades of a year.
type ConfirmIn struct {
	Year  int           `json:"year"`
	Items []ConfirmItem `json:"items"`
}

// ConfirmItem is one member's confirmed grade; Note is required when the
// grade differs from the proposal.
type ConfirmItem struct {
	MemberID string `json:"member_id"`
	Grade    string `json:"grade"`
	Note     string `json:"note"`
}

const maxNote = 500

// confirmed is one accepted item with the card it confirms.
type confirmed struct {
	ConfirmItem
	card Card
}

// confirm records the branch's grades: each one replaces the member's
// current result, is appended to the history and announced in the outbox,
// so a re-confirmation keeps what was decided before.
func (s *Service) confirm(ctx context.Context, org OrgRef, in ConfirmIn) (Cards, error) {
	if err := s.checkYear("year", in.Year); err != nil {
		return Cards{}, err
	}
	cur, err := s.cards(ctx, org, in.Year)
	if err != nil {
		return Cards{}, err
	}
	items, err := checkItems(cur, in.Items)
	if err != nil {
		return Cards{}, err
	}
	now := s.clk.Now()
	if err := s.db.InTx(ctx, func(tx *db.Tx) error {
		return s.writeResults(ctx, tx, org, in.Year, items, now)
	}); err != nil {
		return Cards{}, err
	}
	return s.cards(ctx, org, in.Year)
}

// checkItems matches the items to the branch's cards and checks each one.
func checkItems(cur Cards, items []ConfirmItem) ([]confirmed, error) {
	var fe httpx.Fields
	if len(items) == 0 {
		fe.Add("items", "required", "请选择要确定等次的党员")
	}
	byID := make(map[string]Card, len(cur.Cards))
	for _, c := range cur.Cards {
		byID[c.MemberID] = c
	}
	seen := map[string]bool{}
	out := make([]confirmed, 0, len(items))
	for i, it := range items {
		row := "items[" + strconv.Itoa(i) + "]."
		it.Note = strings.TrimSpace(it.Note)
		c, ok := byID[it.MemberID]
		switch {
		case !ok:
			fe.Add(row+"member_id", "not_member", "该党员不是本支部的党员")
		case seen[it.MemberID]:
			fe.Add(row+"member_id", "duplicate", c.Name+"重复提交")
		case gradeLabels[it.Grade] == "":
			fe.Add(row+"grade", "invalid", "考核等次应为优秀、合格、基本合格或不合格")
		case it.Grade != c.ProposedGrade && it.Note == "":
			fe.Add(row+"note", "required", c.Name+"的确定等次（"+gradeLabels[it.Grade]+"）与建议等次（"+
				c.ProposedLabel+"）不同，请说明理由")
		case utf8.RuneCountInString(it.Note) > maxNote:
			fe.Add(row+"note", "too_long", "说明不能超过 500 字")
		}
		seen[it.MemberID] = true
		out = append(out, confirmed{ConfirmItem: it, card: c})
	}
	return out, fe.Err()
}

// writeResults upserts the current results, appends the history, emits
// assessment.confirmed per member and audits the decision.
func (s *Service) writeResults(ctx context.Context, tx *db.Tx, org OrgRef, year int, items []confirmed, now time.Time) error {
	by, at := authz.ActorName(ctx, "系统"), now.UnixMilli()
	var actorID string
	if p := authz.From(ctx); p != nil {
		actorID = p.AccountID
	}
	cur := make([]any, 0, 8*len(items))
	hist := make([]any, 0, 11*len(items))
	events := make([]outbox.Event, 0, len(items))
	before, grades, notes := map[string]string{}, map[string]string{}, map[string]string{}
	for _, it := range items {
		cur = append(cur, it.MemberID, year, org.ID, it.Grade, it.card.ProposedGrade, it.Note, by, at)
		hist = append(hist, ids.At(now), it.MemberID, year, org.ID, it.Grade, it.card.ProposedGrade,
			strings.Join(it.card.Reasons, "；"), it.Note, actorID, by, at)
		events = append(events, outbox.Event{Type: EventConfirmed, SubjectID: it.MemberID, OrgPath: org.Path,
			Payload: map[string]any{"member_id": it.MemberID, "org_id": org.ID, "year": year,
				"grade": it.Grade, "grade_label": gradeLabels[it.Grade]}})
		if it.card.ConfirmedGrade != "" {
			before[it.MemberID] = it.card.ConfirmedGrade
		}
		grades[it.MemberID] = it.Grade
		if it.Note != "" {
			notes[it.MemberID] = it.Note
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_results (member_id, year, org_id, grade,
		proposed_grade, note, confirmed_by, confirmed_at) VALUES `+db.Rows(len(items), 8)+`
		ON CONFLICT (member_id, year) DO UPDATE SET org_id = excluded.org_id, grade = excluded.grade,
		proposed_grade = excluded.proposed_grade, note = excluded.note, confirmed_by = excluded.confirmed_by,
		confirmed_at = excluded.confirmed_at`, cur...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_results_history (id, member_id, year, org_id,
		grade, proposed_grade, reasons, note, actor_id, actor_name, at) VALUES `+db.Rows(len(items), 11),
		hist...); err != nil {
		return err
	}
	if err := outbox.EmitAllAt(ctx, tx, now, events); err != nil {
		return err
	}
	return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "assessment.confirm", TargetType: "org", TargetID: org.ID,
		Before: map[string]any{"year": year, "grades": before},
		After:  map[string]any{"year": year, "grades": grades, "notes": notes}})
}
