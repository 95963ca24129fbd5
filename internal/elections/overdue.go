package elections

import (
	"context"
	"encoding/base64"
	"strings"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// OverdueItem is an org of the subtree whose term has ended or is ending.
type OverdueItem struct {
	OrgID        string `json:"org_id"`
	OrgName      string `json:"org_name"`
	Kind         string `json:"kind"`
	TermEnd      string `json:"term_end"`
	DaysOverdue  int    `json:"days_overdue"` // negative: days left
	Status       string `json:"status"`       // overdue | ending
	Notices      int    `json:"notices"`      // written notices recorded
	LastNoticeOn string `json:"last_notice_on"`
}

// OverduePage is a page of the overdue list.
type OverduePage struct {
	Items        []OverdueItem `json:"items"`
	TotalOverdue int           `json:"total_overdue"`
	NextCursor   string        `json:"next_cursor"`
}

// overdue pages through the orgs strictly under org whose term ends within
// months from today (or has ended), by term end. Whatever the subtree's
// size it costs one page query, one count and one query for the notice
// counts of the page's orgs.
func (s *Service) overdue(ctx context.Context, org OrgRef, months int, after TermCursor, limit int) (OverduePage, error) {
	today := clock.Today(s.clk)
	todayS := today.Format(clock.DateLayout)
	before := clock.AddMonths(today, months).Format(clock.DateLayout)
	page, err := s.dir.OverdueTerms(ctx, s.db, org.Path, before, after, limit+1)
	if err != nil {
		return OverduePage{}, err
	}
	out := OverduePage{Items: []OverdueItem{}}
	if len(page) > limit {
		page = page[:limit]
		last := page[limit-1]
		out.NextCursor = encodeCursor(TermCursor{TermEnd: last.TermEnd, ID: last.ID})
	}
	ids := make([]string, len(page))
	for i, o := range page {
		ids[i] = o.ID
	}
	counts, err := noticeCounts(ctx, s.db, ids)
	if err != nil {
		return OverduePage{}, err
	}
	for _, o := range page {
		it := OverdueItem{OrgID: o.ID, OrgName: o.Name, Kind: o.Kind, TermEnd: o.TermEnd, Status: termEnding,
			DaysOverdue: daysBetween(parseDate(o.TermEnd), today), Notices: counts[o.ID].n, LastNoticeOn: counts[o.ID].last}
		if o.TermEnd < todayS {
			it.Status = termOverdue
		}
		out.Items = append(out.Items, it)
	}
	out.TotalOverdue, err = s.dir.CountOverdue(ctx, s.db, org.Path, todayS)
	return out, err
}

type noticeCount struct {
	n    int
	last string
}

// noticeCounts counts the written notices recorded for each of orgIDs.
func noticeCounts(ctx context.Context, q db.Querier, orgIDs []string) (map[string]noticeCount, error) {
	out := map[string]noticeCount{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT org_id, COUNT(*), MAX(sent_on) FROM term_notices
		WHERE org_id IN (`+db.Placeholders(len(orgIDs))+`) GROUP BY org_id`, db.Strings(orgIDs)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var c noticeCount
		if err := rows.Scan(&id, &c.n, &c.last); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}

// encodeCursor makes the opaque next_cursor of a page.
func encodeCursor(c TermCursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.TermEnd + "|" + c.ID))
}

// decodeCursor reads a next_cursor ("" is the start); ok is false for one
// that was not made by encodeCursor.
func decodeCursor(s string) (TermCursor, bool) {
	if s == "" {
		return TermCursor{}, true
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	end, id, found := strings.Cut(string(b), "|")
	if err != nil || !found || !validDate(end) || id == "" {
		return TermCursor{}, false
	}
	return TermCursor{TermEnd: end, ID: id}, true
}
