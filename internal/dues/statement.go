package dues

import (
	"context"
	"slices"
	"strings"

	"dangjian/internal/dues/rules"
)

// StatementRow is one accounting period of an org. A closed period shows
// what was frozen when it closed; a period still open shows its figures so
// far, shared by the current settings.
type StatementRow struct {
	Period string `json:"period"`
	Money
	Closed bool `json:"closed"`
}

// CentreDue is what the root sends the Centre for a year: 5% of the year's
// dues it shares (CentreShareBP of YearTotalFen), besides the voluntary
// payments that go to the Centre whole, by the end of April of the next year.
type CentreDue struct {
	ShareBP      int    `json:"share_bp"`
	YearTotalFen int64  `json:"year_total_fen"`
	DueFen       int64  `json:"due_fen"`
	VoluntaryFen int64  `json:"voluntary_fen"`
	Deadline     string `json:"deadline"`
}

// Statement is an org's dues by period for a year (or one month of it).
type Statement struct {
	OrgID   string         `json:"org_id"`
	OrgName string         `json:"org_name"`
	Year    int            `json:"year"`
	Month   *string        `json:"month"`
	Rows    []StatementRow `json:"rows"`
	Totals  Money          `json:"totals"`
	Centre  *CentreDue     `json:"centre"`
}

// Statement reads the org's periods of year; with month set, only that
// period is listed (the Centre's yearly part stays reckoned on the year).
func (s *Service) Statement(ctx context.Context, org OrgRef, year int, month *rules.Month) (Statement, error) {
	rows, err := s.yearRows(ctx, org, year)
	if err != nil {
		return Statement{}, err
	}
	out := Statement{OrgID: org.ID, OrgName: org.Name, Year: year, Rows: rows}
	if org.ParentID == "" {
		_, rounding, err := s.shareOf(ctx, s.db, org)
		if err != nil {
			return out, err
		}
		out.Centre = centreDue(rows, year, rounding)
	}
	if month != nil {
		m := month.String()
		out.Month = &m
		out.Rows = slices.DeleteFunc(out.Rows, func(r StatementRow) bool { return r.Period != m })
	}
	for _, r := range out.Rows {
		out.Totals.add(r.Money)
	}
	return out, nil
}

func centreDue(rows []StatementRow, year int, r rules.Rounding) *CentreDue {
	c := &CentreDue{ShareBP: rules.CentreShareBP, Deadline: rules.CentreDeadline(year)}
	for _, row := range rows {
		c.YearTotalFen += row.CollectedFen + row.ReceivedFen - row.CentreFen
		c.VoluntaryFen += row.CentreFen
	}
	c.DueFen = rules.Share(c.YearTotalFen, rules.CentreShareBP, r)
	return c
}

// yearRows are the org's closed periods of year, and its unclosed ones that
// have money in them or are next to close, oldest first.
func (s *Service) yearRows(ctx context.Context, org OrgRef, year int) ([]StatementRow, error) {
	from, to := rules.MonthOf(year, 1), rules.MonthOf(year, 12)
	rows, err := s.closedRows(ctx, org.ID, from, to)
	if err != nil {
		return nil, err
	}
	closed := map[string]bool{}
	for _, r := range rows {
		closed[r.Period] = true
	}
	in, err := inflows(ctx, s.db, org.ID, from, to)
	if err != nil {
		return nil, err
	}
	_, next, err := s.closable(ctx, s.db, org.ID)
	if err != nil {
		return nil, err
	}
	if next >= from && next <= to && next <= rules.MonthOfTime(s.clk.Now()) {
		in[next] = in[next] // the period to close next is shown even before anything came in
	}
	bp, rounding, err := s.shareOf(ctx, s.db, org)
	if err != nil {
		return nil, err
	}
	for p, flow := range in {
		if !closed[p.String()] {
			rows = append(rows, StatementRow{Period: p.String(), Money: settle(flow, bp, rounding)})
		}
	}
	slices.SortFunc(rows, func(a, b StatementRow) int { return strings.Compare(a.Period, b.Period) })
	return rows, nil
}

func (s *Service) closedRows(ctx context.Context, orgID string, from, to rules.Month) ([]StatementRow, error) {
	rs, err := s.db.QueryContext(ctx, `SELECT period, collected_fen, received_fen, retained_fen, remitted_fen, centre_fen
		FROM dues_periods WHERE org_id = ? AND period BETWEEN ? AND ?`, orgID, int(from), int(to))
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	out := []StatementRow{}
	for rs.Next() {
		var p int
		r := StatementRow{Closed: true}
		if err := rs.Scan(&p, &r.CollectedFen, &r.ReceivedFen, &r.RetainedFen, &r.RemittedFen, &r.CentreFen); err != nil {
			return nil, err
		}
		r.Period = rules.Month(p).String()
		out = append(out, r)
	}
	return out, rs.Err()
}
