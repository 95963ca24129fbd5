package notify

import (
	"context"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// maxDailyBudget bounds what an organization's daily SMS budget may be set to.
const maxDailyBudget = 100000

// Budget is an organization's SMS allowance for today.
type Budget struct {
	Daily     int  `json:"daily"`
	UsedToday int  `json:"used_today"`
	Inherited bool `json:"inherited"` // no figure of its own: the configured default applies
}

// smsDay is the Asia/Shanghai calendar day SMS usage is counted on.
func smsDay(t time.Time) string { return t.In(clock.Shanghai).Format(clock.DateLayout) }

// dailyBudget is the organization's own figure, else the configured default.
func (s *Service) dailyBudget(ctx context.Context, q db.Querier, orgID string) (daily int, inherited bool, err error) {
	err = q.QueryRowContext(ctx, "SELECT daily FROM sms_budgets WHERE org_id = ?", orgID).Scan(&daily)
	if db.IsNoRows(err) {
		return s.cfg.SMSDailyBudget, true, nil
	}
	return daily, false, err
}

// budget reports the organization's allowance and today's usage.
func (s *Service) budget(ctx context.Context, q db.Querier, orgID string) (Budget, error) {
	var b Budget
	var err error
	if b.Daily, b.Inherited, err = s.dailyBudget(ctx, q, orgID); err != nil {
		return b, err
	}
	err = q.QueryRowContext(ctx, "SELECT used FROM sms_usage WHERE org_id = ? AND day = ?",
		orgID, smsDay(s.clk.Now())).Scan(&b.UsedToday)
	if db.IsNoRows(err) {
		err = nil
	}
	return b, err
}

// setBudget gives the organization its own daily figure, or with nil
// returns it to the configured default.
func (s *Service) setBudget(ctx context.Context, q db.Querier, orgID string, daily *int) error {
	if daily == nil {
		_, err := q.ExecContext(ctx, "DELETE FROM sms_budgets WHERE org_id = ?", orgID)
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO sms_budgets (org_id, daily, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (org_id) DO UPDATE SET daily = excluded.daily, updated_at = excluded.updated_at`,
		orgID, *daily, ms(s.clk.Now()))
	return err
}

// reserveSMS takes up to want SMS from the organization's budget for today
// inside q (the sender's transaction) and returns how many it got and the
// daily figure. The usage row is locked from the read to the increment (on
// PostgreSQL FOR UPDATE; SQLite transactions hold the single write lock from
// BEGIN), and the increment re-checks the ceiling, so two senders at once
// can never exceed the budget; a rolled-back send gives its reservation back.
func (s *Service) reserveSMS(ctx context.Context, q db.Querier, orgID string, want int) (granted, daily int, err error) {
	if daily, _, err = s.dailyBudget(ctx, q, orgID); err != nil || want <= 0 {
		return 0, daily, err
	}
	day := smsDay(s.clk.Now())
	if _, err = q.ExecContext(ctx, `INSERT INTO sms_usage (org_id, day, used) VALUES (?, ?, 0)
		ON CONFLICT (org_id, day) DO NOTHING`, orgID, day); err != nil {
		return 0, daily, err
	}
	lock := ""
	if q.Dialect() == db.Postgres {
		lock = " FOR UPDATE"
	}
	var used int
	if err = q.QueryRowContext(ctx, "SELECT used FROM sms_usage WHERE org_id = ? AND day = ?"+lock,
		orgID, day).Scan(&used); err != nil {
		return 0, daily, err
	}
	granted = min(want, max(daily-used, 0))
	if granted == 0 {
		return 0, daily, nil
	}
	res, err := q.ExecContext(ctx, `UPDATE sms_usage SET used = used + ? WHERE org_id = ? AND day = ? AND used + ? <= ?`,
		granted, orgID, day, granted, daily)
	if err != nil {
		return 0, daily, err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return 0, daily, err
	}
	return granted, daily, nil
}

// refundSMS gives back one reserved SMS that was never handed to a provider
// (no phone, opted out since, withdrawn), on the day it was reserved.
func refundSMS(ctx context.Context, q db.Querier, orgID string, reservedAt int64) error {
	_, err := q.ExecContext(ctx, "UPDATE sms_usage SET used = used - 1 WHERE org_id = ? AND day = ? AND used > 0",
		orgID, smsDay(time.UnixMilli(reservedAt)))
	return err
}
