package rollup

import (
	"context"

	"dangjian/internal/platform/db"
)

// openEnd is valid_to of a span that has not ended.
const openEnd = "9999-12-31"

const factColumns = `org_id, org_path, gender, ethnicity, birth_date, education, category, status, joined_on, full_member_on`

func (f *facts) scanArgs() []any {
	return []any{&f.OrgID, &f.OrgPath, &f.Gender, &f.Ethnicity, &f.BirthDate, &f.Education, &f.Category,
		&f.Status, &f.JoinedOn, &f.FullMemberOn}
}

func (f facts) args() []any {
	return []any{f.OrgID, f.OrgPath, f.Gender, f.Ethnicity, f.BirthDate, f.Education, f.Category,
		f.Status, f.JoinedOn, f.FullMemberOn}
}

// span is a member's open span.
type span struct {
	from string
	facts
}

// writeSpans records m's new state from the day on: the open span ends
// there and a new one starts (changed in place when it started that same
// day, or earlier: history is not rewritten backwards). A membership that
// ended closes the open span with how and when it ended. created says m
// was not known before: a member registered as full gets a probationary
// span from joining to 转正 first.
func writeSpans(ctx context.Context, tx *db.Tx, m member, created bool, on, endedKind, endedOn string) error {
	cur, open, err := openSpan(ctx, tx, m.ID)
	if err != nil {
		return err
	}
	if open && on < cur.from {
		on = cur.from
	}
	switch {
	case !m.Active:
		if !open {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE rollup_member_spans SET valid_to = ?, ended_kind = ?, ended_on = ?
			WHERE member_id = ? AND valid_from = ?`, on, endedKind, endedOn, m.ID, cur.from)
		return err
	case open && cur.facts == m.facts:
		return nil
	case open && on == cur.from:
		_, err = tx.ExecContext(ctx, `UPDATE rollup_member_spans SET (`+factColumns+`) = (`+db.Placeholders(10)+`)
			WHERE member_id = ? AND valid_from = ?`, append(m.facts.args(), m.ID, cur.from)...)
		return err
	case open:
		if _, err := tx.ExecContext(ctx, "UPDATE rollup_member_spans SET valid_to = ? WHERE member_id = ? AND valid_from = ?",
			on, m.ID, cur.from); err != nil {
			return err
		}
	case created:
		if p, ok := probation(m, on); ok {
			if err := insertSpans(ctx, tx, spanRow{m.ID, on, m.FullMemberOn, p, "", ""}); err != nil {
				return err
			}
			on = m.FullMemberOn
		}
	}
	return insertSpans(ctx, tx, spanRow{m.ID, on, openEnd, m.facts, "", ""})
}

// probation is the probationary span's facts of a member registered as
// full who joined on the day on, if 转正 came after it.
func probation(m member, on string) (facts, bool) {
	if m.Status != statusFull || m.FullMemberOn <= on {
		return facts{}, false
	}
	p := m.facts
	p.Status, p.FullMemberOn = statusProbationary, ""
	return p, true
}

func openSpan(ctx context.Context, tx *db.Tx, memberID string) (span, bool, error) {
	var s span
	err := tx.QueryRowContext(ctx, "SELECT valid_from, "+factColumns+" FROM rollup_member_spans WHERE member_id = ? AND valid_to = ?",
		memberID, openEnd).Scan(append([]any{&s.from}, s.facts.scanArgs()...)...)
	if db.IsNoRows(err) {
		return s, false, nil
	}
	return s, err == nil, err
}

// spanRow is a rollup_member_spans row to write.
type spanRow struct {
	memberID, from, to string
	facts
	endedKind, endedOn string
}

// insertSpans writes spans.
func insertSpans(ctx context.Context, q db.Querier, rows ...spanRow) error {
	return execRows(ctx, q, "INSERT INTO rollup_member_spans (member_id, valid_from, valid_to, "+factColumns+", ended_kind, ended_on)",
		"", 15, rows, func(r spanRow) []any {
			return append(append([]any{r.memberID, r.from, r.to}, r.facts.args()...), r.endedKind, r.endedOn)
		})
}

// SpanRow is a member as they stood on a date (or when they left).
type SpanRow struct {
	MemberID, OrgID, OrgPath, Gender, Ethnicity, BirthDate, Education, Category, Status, JoinedOn, FullMemberOn string
	EndedKind, EndedOn                                                                                          string
}

// spanPage is the rows read per query by the as-of reads, which call fn
// between pages (never with a query open).
const spanPage = 1000

// MembersAsOf calls fn for each member under path on date, as they stood
// then, by member ID.
func (s *Store) MembersAsOf(ctx context.Context, path, date string, fn func(SpanRow) error) error {
	return s.eachSpan(ctx, path, date, fn, "valid_from <= ? AND valid_to > ?", date, date)
}

// EndedBetween calls fn for each member under path whose membership ended
// (出党, transferred out) on a day in [from, to], as they stood then.
func (s *Store) EndedBetween(ctx context.Context, path, from, to string, fn func(SpanRow) error) error {
	return s.eachSpan(ctx, path, to, fn, "ended_kind <> '' AND ended_on >= ? AND ended_on <= ?", from, to)
}

// JoinedBetween calls fn for each member under path who joined on a day in
// [from, to], as they stood on to (or when they left, if before).
func (s *Store) JoinedBetween(ctx context.Context, path, from, to string, fn func(SpanRow) error) error {
	return s.eachSpan(ctx, path, to, fn, `joined_on >= ? AND joined_on <= ? AND valid_from <= ?
		AND (valid_to > ? OR (ended_kind <> '' AND valid_to <= ?))`, from, to, to, to, to)
}

// eachSpan pages through the spans under path matching cond (at most one
// per member), by member ID, as they stood on asOf: a membership that
// ended after it had not ended then.
func (s *Store) eachSpan(ctx context.Context, path, asOf string, fn func(SpanRow) error, cond string, args ...any) error {
	for after := ""; ; {
		var a db.Args
		inSubtree(&a, path)
		a.Add(cond, args...)
		a.Add("member_id > ?", after)
		page, err := s.spans(ctx, a.Where()+" ORDER BY member_id LIMIT ?", append(a.Values(), spanPage)...)
		if err != nil {
			return err
		}
		for _, r := range page {
			if r.EndedOn > asOf {
				r.EndedKind, r.EndedOn = "", ""
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(page) < spanPage {
			return nil
		}
		after = page[len(page)-1].MemberID
	}
}

func (s *Store) spans(ctx context.Context, where string, args ...any) ([]SpanRow, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT member_id, "+factColumns+", ended_kind, ended_on FROM rollup_member_spans"+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SpanRow
	for rows.Next() {
		var r SpanRow
		if err := rows.Scan(&r.MemberID, &r.OrgID, &r.OrgPath, &r.Gender, &r.Ethnicity, &r.BirthDate, &r.Education,
			&r.Category, &r.Status, &r.JoinedOn, &r.FullMemberOn, &r.EndedKind, &r.EndedOn); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
