package dues

import (
	"context"
	"fmt"
	"sync"
	"time"

	"dangjian/internal/dues/rules"
	"dangjian/internal/notify"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/outbox"
)

// arrearsJob warns the branches of members' consecutive unpaid months. It
// runs daily at arrearsHour (Shanghai), keyed by the day; every warning is
// recorded in dues_arrears_warnings, so a late or repeated run warns nobody
// twice. It never changes anyone's status.
const (
	arrearsJob  = "dues.arrears"
	arrearsHour = 8
	kindArrears = "dues_arrears" // the message kind
)

func (s *Service) registerArrears() {
	s.run.Register(arrearsJob, func(ctx context.Context, _ jobs.Job) error {
		_, err := s.warnArrears(ctx)
		return err
	})
	s.run.AddTick(s.throttled(scheduleEvery, s.scheduleArrears))
}

// throttled is fn as a runner tick that runs at most once per every in this
// process (ticks come every second).
func (s *Service) throttled(every time.Duration, fn func(context.Context) error) func(context.Context) error {
	var mu sync.Mutex
	var last time.Time
	return func(ctx context.Context) error {
		now := s.clk.Now()
		mu.Lock()
		due := last.IsZero() || now.Sub(last) >= every
		if due {
			last = now
		}
		mu.Unlock()
		if !due {
			return nil
		}
		return fn(ctx)
	}
}

// scheduleArrears makes sure the next daily run is pending.
func (s *Service) scheduleArrears(ctx context.Context) error {
	now := s.clk.Now().In(clock.Shanghai)
	next := time.Date(now.Year(), now.Month(), now.Day(), arrearsHour, 0, 0, 0, clock.Shanghai)
	if !next.After(now) {
		next = next.AddDate(0, 0, 1)
	}
	_, err := jobs.Enqueue(ctx, s.db, arrearsJob, next.Format(clock.DateLayout), nil, next)
	return err
}

// warnArrears goes through every active member and warns their branch
// officers when the member's streak of unpaid months (up to the last
// completed month, none before admission) reaches a level of
// dues.warn_months not warned of yet for that streak. It returns how many
// warnings it sent.
func (s *Service) warnArrears(ctx context.Context) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	last, levels := s.lastCompleted(), s.levelsAt(ctx)
	pages := make(chan []Member)
	var pageErr error
	go func() {
		defer close(pages)
		s.pageMembers(ctx, "/", pages, func(err error) { pageErr = err })
	}()
	warned := 0
	for page := range pages {
		n, err := s.warnPage(ctx, page, last, levels)
		if err != nil {
			return warned, err // the deferred cancel stops the pager
		}
		warned += n
	}
	return warned, pageErr
}

// arrearsWarning is a warning due for a member's streak.
type arrearsWarning struct {
	m      Member
	streak int
	level  int
	since  rules.Month
}

func (s *Service) warnPage(ctx context.Context, page []Member, last rules.Month,
	levels func(string) ([]int, error)) (int, error) {
	ids := make([]string, len(page))
	for i, m := range page {
		ids[i] = m.ID
	}
	owed, err := unpaidMonths(ctx, s.db, last, "member_id IN ("+db.Placeholders(len(ids))+")", db.Strings(ids)...)
	if err != nil {
		return 0, err
	}
	var due []arrearsWarning
	for _, m := range page {
		n := streak(owedMonths(owed[m.ID], func(mo rules.Month) bool { return rules.Owes(m.JoinedOn, mo) }), last)
		l, err := levels(m.OrgPath)
		if err != nil {
			return 0, err
		}
		if level := rules.WarnLevel(n, l); level > 0 {
			due = append(due, arrearsWarning{m: m, streak: n, level: level, since: last - rules.Month(n) + 1})
		}
	}
	if len(due) == 0 {
		return 0, nil
	}
	sent := 0
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		sent = 0
		for _, w := range due {
			ok, err := s.warn(ctx, tx, w, last)
			if err != nil {
				return err
			}
			if ok {
				sent++
			}
		}
		return nil
	})
	return sent, err
}

// warn records the warning and, unless it was recorded before, tells the
// branch officers and emits dues.arrears.
func (s *Service) warn(ctx context.Context, tx *db.Tx, w arrearsWarning, last rules.Month) (bool, error) {
	now := s.clk.Now()
	res, err := tx.ExecContext(ctx, `INSERT INTO dues_arrears_warnings (member_id, since_month, level, org_id, warned_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, w.m.ID, int(w.since), w.level, w.m.OrgID, now.UnixMilli())
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	key := fmt.Sprintf("dues.arrears:%s:%s:%d", w.m.ID, w.since, w.level)
	if _, err := s.notify.Send(ctx, tx, notify.Message{Key: key, Kind: kindArrears, SubjectID: w.m.ID,
		SenderOrgID: w.m.OrgID, Title: fmt.Sprintf("党费欠缴提醒：%s已连续 %d 个月未交纳党费", w.m.Name, w.streak),
		Body: fmt.Sprintf("%s自%s至%s连续 %d 个月未交纳党费。%s请支部及时了解情况，做好提醒和教育；"+
			"本系统只作提醒，不会改变任何党员的状态。", w.m.Name, w.since.Label(), last.Label(), w.streak, rules.SixMonthRule),
		Link: "/dues/arrears?org=" + w.m.OrgID, ToOfficersOf: []string{w.m.OrgID}}); err != nil {
		return false, err
	}
	return true, outbox.EmitAt(ctx, tx, now, outbox.Event{Type: EventArrears, SubjectID: w.m.ID, OrgPath: w.m.OrgPath,
		Payload: map[string]any{"member_id": w.m.ID, "org_id": w.m.OrgID, "months": w.streak,
			"since": w.since.String(), "level": w.level}})
}
