package rollup

import (
	"context"
	"sync"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/jobs"
)

// refreshJob re-derives the date-dependent figures daily at 00:10 Shanghai,
// keyed by the day it runs for.
const (
	refreshJob    = "rollup.refresh"
	refreshHour   = 0
	refreshMinute = 10
	refreshPage   = 1000 // members per refresh transaction
)

// Register adds the daily refresh job to r and keeps its next run pending.
func (s *Store) Register(r *jobs.Runner) {
	r.Register(refreshJob, func(ctx context.Context, _ jobs.Job) error { return s.Refresh(ctx) })
	r.AddTick(s.scheduleRefresh())
}

// scheduleRefresh is a runner tick that enqueues the next daily run: a
// write when the day to schedule changes, not on every tick.
func (s *Store) scheduleRefresh() func(context.Context) error {
	var mu sync.Mutex
	scheduled := ""
	return func(ctx context.Context) error {
		next := nextRefresh(s.clk.Now())
		key := next.Format(clock.DateLayout)
		mu.Lock()
		defer mu.Unlock()
		if key == scheduled {
			return nil
		}
		if _, err := jobs.Enqueue(ctx, s.db, refreshJob, key, nil, next); err != nil {
			return err
		}
		scheduled = key
		return nil
	}
}

// nextRefresh is the next 00:10 in Shanghai after now.
func nextRefresh(now time.Time) time.Time {
	now = now.In(clock.Shanghai)
	next := time.Date(now.Year(), now.Month(), now.Day(), refreshHour, refreshMinute, 0, 0, clock.Shanghai)
	if !next.After(now) {
		next = next.AddDate(0, 0, 1)
	}
	return next
}

// Refresh re-derives the figures that change with the date alone, as of
// the clock's today: members' age and 党龄 bands (a page per transaction),
// then the orgs' term states and the branches' health.
func (s *Store) Refresh(ctx context.Context) error {
	today := clock.Today(s.clk)
	for after, more := "", true; more; {
		err := s.db.InTx(ctx, func(tx *db.Tx) (err error) {
			after, more, err = s.refreshBands(ctx, tx, after, today)
			return err
		})
		if err != nil {
			return err
		}
	}
	return s.refreshOrgs(ctx, today)
}

// refreshOrgs re-derives the orgs' term states and the branches' health as
// of today.
func (s *Store) refreshOrgs(ctx context.Context, today time.Time) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.refreshTerms(ctx, tx, today); err != nil {
			return err
		}
		return s.refreshHealth(ctx, tx)
	})
}

// refreshBands recounts the active members after the cursor whose bands
// are not today's, a page of them; it returns the page's last ID and whether
// more may follow.
func (s *Store) refreshBands(ctx context.Context, tx *db.Tx, after string, today time.Time) (string, bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+memberColumns+" FROM rollup_members WHERE active = 1 AND member_id > ?"+
		" ORDER BY member_id LIMIT ?"+tx.ForUpdate(), after, refreshPage)
	if err != nil {
		return after, false, err
	}
	var page []member
	for rows.Next() {
		var m member
		if err := rows.Scan(m.scanArgs()...); err != nil {
			rows.Close()
			return after, false, err
		}
		page = append(page, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(page) == 0 {
		return after, false, err
	}
	p := newPending()
	ctx = withPending(ctx, p)
	for _, old := range page {
		nw := old
		nw.AgeBand, nw.PartyAgeBand = ageBand(old.BirthDate, today), partyAgeBand(old.Status, old.FullMemberOn, today)
		if nw == old {
			continue
		}
		if err := s.recount(ctx, tx, old, nw); err != nil {
			return after, false, err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE rollup_members SET age_band = ?, party_age_band = ? WHERE member_id = ?",
			nw.AgeBand, nw.PartyAgeBand, nw.ID); err != nil {
			return after, false, err
		}
	}
	return page[len(page)-1].ID, len(page) == refreshPage, p.flush(ctx, tx)
}

// yearsSince is the number of full years from the date s to today (age,
// 党龄), -1 for an empty or invalid date and 0 for one in the future; as in
// the members register, someone born on 29 February turns a year older on
// 1 March in common years.
func yearsSince(s string, today time.Time) int {
	d, err := time.Parse(clock.DateLayout, s)
	if err != nil {
		return -1
	}
	if d.After(today) {
		return 0
	}
	n := today.Year() - d.Year()
	if today.Month() < d.Month() || (today.Month() == d.Month() && today.Day() < d.Day()) {
		n--
	}
	return n
}

// band is a labelled inclusive upper bound.
type band struct {
	max  int
	code string
}

// ageBands are the members list's age bands (inclusive ranges).
var ageBands = []band{{30, "u30"}, {40, "31_40"}, {50, "41_50"}, {60, "51_60"}, {70, "61_70"}, {1 << 30, "o70"}}

// partyAgeBands are the 党龄 bands of full members.
var partyAgeBands = []band{{5, "u5"}, {10, "6_10"}, {20, "11_20"}, {30, "21_30"}, {50, "31_50"}, {1 << 30, "o50"}}

func bandOf(bands []band, years int) string {
	if years < 0 {
		return bucketNone
	}
	for _, b := range bands {
		if years <= b.max {
			return b.code
		}
	}
	return bucketNone
}

// ageBand is the age band on today of someone born on birth.
func ageBand(birth string, today time.Time) string { return bandOf(ageBands, yearsSince(birth, today)) }

// partyAgeBand is the 党龄 band on today: 预备党员 have none of their own.
func partyAgeBand(status, fullOn string, today time.Time) string {
	switch status {
	case statusProbationary:
		return statusProbationary
	case statusFull:
		return bandOf(partyAgeBands, yearsSince(fullOn, today))
	}
	return bucketNone
}
