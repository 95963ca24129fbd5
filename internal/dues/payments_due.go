package dues

import (
	"context"
	"fmt"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// monthDue is what a payment of one member's month is for.
type monthDue struct {
	fen      int64
	category string
	baseFen  int64
	rule     string
}

// balance is a member month's running sums.
type balance struct{ due, paid int64 }

// monthDues works out the amount of each month of the lines: what is still
// owed on a charged month, or for a month not charged yet (预缴) the amount
// the rules give now, less anything paid ahead already. A month with nothing
// to pay is an error of its line.
func (s *Service) monthDues(ctx context.Context, tx *db.Tx, lines []payLine, fe *httpx.Fields) (map[memberMonth]monthDue, error) {
	memberIDs := make([]string, len(lines))
	span := [2]rules.Month{lines[0].months[0], lines[0].months[0]}
	for i, l := range lines {
		memberIDs[i] = l.member.ID
		span[0], span[1] = min(span[0], l.months[0]), max(span[1], l.months[len(l.months)-1])
	}
	bals, err := balances(ctx, tx, memberIDs, span)
	if err != nil {
		return nil, err
	}
	charges, err := chargesOf(ctx, tx, memberIDs, span)
	if err != nil {
		return nil, err
	}
	assessed, err := s.assessUncharged(ctx, tx, lines, charges)
	if err != nil {
		return nil, err
	}
	out := map[memberMonth]monthDue{}
	for _, l := range lines {
		for _, m := range l.months {
			k := memberMonth{l.member.ID, m}
			d, msg := dueOf(bals[k], charges, assessed, k)
			if msg != "" {
				fe.Add(l.field("months"), "nothing_due", fmt.Sprintf("%s %s%s", l.member.Name, m.Label(), msg))
				break
			}
			out[k] = d
		}
	}
	return out, nil
}

// dueOf is the amount payable for k, or why nothing is.
func dueOf(b balance, charges map[memberMonth]entry, assessed map[memberMonth]Assessment, k memberMonth) (monthDue, string) {
	if c, ok := charges[k]; ok {
		d := monthDue{fen: b.due - b.paid, category: c.Category, baseFen: c.BaseFen, rule: c.Rule}
		switch {
		case b.due == 0:
			return d, "无需交纳党费"
		case d.fen <= 0:
			return d, "的党费已交清"
		}
		return d, ""
	}
	a := assessed[k]
	d := monthDue{fen: a.Amount.Fen - b.paid, category: string(a.Category), baseFen: a.BaseFen, rule: a.Amount.Rule}
	switch {
	case a.Missing:
		return d, "尚未确认缴费基数，无法计算应交金额"
	case a.Amount.Fen == 0:
		return d, "无需交纳党费"
	case d.fen <= 0:
		return d, "的党费已预交"
	}
	return d, ""
}

// assessUncharged assesses the months of the lines that have no charge yet,
// one bulk assessment per month.
func (s *Service) assessUncharged(ctx context.Context, q db.Querier, lines []payLine, charges map[memberMonth]entry) (map[memberMonth]Assessment, error) {
	byMonth := map[rules.Month][]Member{}
	for _, l := range lines {
		for _, m := range l.months {
			if _, ok := charges[memberMonth{l.member.ID, m}]; !ok {
				byMonth[m] = append(byMonth[m], l.member)
			}
		}
	}
	out := map[memberMonth]Assessment{}
	for m, members := range byMonth {
		as, err := s.assess(ctx, q, members, m)
		if err != nil {
			return nil, err
		}
		for id, a := range as {
			out[memberMonth{id, m}] = a
		}
	}
	return out, nil
}

// balances reads the running sums of the members' months within span.
func balances(ctx context.Context, q db.Querier, memberIDs []string, span [2]rules.Month) (map[memberMonth]balance, error) {
	out := map[memberMonth]balance{}
	err := eachChunk(memberIDs, func(part []string) error {
		rows, err := q.QueryContext(ctx, "SELECT member_id, month, due_fen, paid_fen FROM dues_member_months WHERE member_id IN ("+
			db.Placeholders(len(part))+") AND month BETWEEN ? AND ?", append(db.Strings(part), int(span[0]), int(span[1]))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k memberMonth
			var b balance
			if err := rows.Scan(&k.member, &k.month, &b.due, &b.paid); err != nil {
				return err
			}
			out[k] = b
		}
		return rows.Err()
	})
	return out, err
}

// chargesOf is, per member month within span ever charged, its charge in
// force: the latest one not reversed, or the latest at all when every one was.
func chargesOf(ctx context.Context, q db.Querier, memberIDs []string, span [2]rules.Month) (map[memberMonth]entry, error) {
	out := map[memberMonth]entry{}
	err := eachChunk(memberIDs, func(part []string) error {
		rows, err := q.QueryContext(ctx, "SELECT "+entryColumns("e.")+`,
			(SELECT COUNT(*) FROM dues_entries r WHERE r.reverses_id = e.id AND r.reverses_id <> '')
			FROM dues_entries e WHERE e.kind = '`+kindCharge+"' AND e.member_id IN ("+db.Placeholders(len(part))+
			") AND e.month BETWEEN ? AND ? ORDER BY e.at, e.seq", append(db.Strings(part), int(span[0]), int(span[1]))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		active := map[memberMonth]bool{}
		for rows.Next() {
			var e entry
			var reversed int
			if err := e.scan(rows, &reversed); err != nil {
				return err
			}
			k := memberMonth{e.MemberID, e.Month}
			if reversed == 0 || !active[k] {
				out[k], active[k] = e, reversed == 0
			}
		}
		return rows.Err()
	})
	return out, err
}
