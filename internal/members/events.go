package members

import (
	"context"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
)

// History kinds (api.md). admitted and position_* are derived when the
// history is read; the others are stored as they happen.
const (
	kindCreated       = "created"
	kindAdmitted      = "admitted"
	kindBecameFull    = "became_full"
	kindUpdated       = "updated"
	kindStatusChanged = "status_changed"
	kindMoved         = "moved"
	kindLeft          = "left"
	kindPosStarted    = "position_started"
	kindPosEnded      = "position_ended"
)

// cliActor names the operator on the command line, who has no account.
const cliActor = "命令行"

// event is one stored history entry of a member. Detail carries masked
// data only.
type event struct {
	ID       string
	MemberID string
	Kind     string
	On       string // the date it took effect
	At       int64  // when it was recorded
	Actor    string
	Detail   string
	Reason   string
}

// newEvent stamps an event with the clock and the caller.
func (s *Service) newEvent(ctx context.Context, now time.Time, memberID, kind, on, detail, reason string) event {
	if on == "" {
		on = now.In(clock.Shanghai).Format(clock.DateLayout)
	}
	return event{ID: ids.At(now), MemberID: memberID, Kind: kind, On: on, At: now.UnixMilli(),
		Actor: authz.ActorName(ctx, cliActor), Detail: detail, Reason: reason}
}

// insertEvents writes history with multi-row INSERTs.
func insertEvents(ctx context.Context, q db.Querier, evs []event) error {
	const k = 8
	for len(evs) > 0 {
		n := min(len(evs), insertChunk)
		args := make([]any, 0, n*k)
		for _, e := range evs[:n] {
			args = append(args, e.ID, e.MemberID, e.Kind, e.On, e.At, e.Actor, e.Detail, e.Reason)
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO member_events
			(id, member_id, kind, on_date, at, actor_name, detail, reason) VALUES `+db.Rows(n, k), args...); err != nil {
			return err
		}
		evs = evs[n:]
	}
	return nil
}

// change is one write to a member as the rest of the system learns of it:
// an audit record, a domain event and history entries, all in the write's
// transaction so that none exists without the others.
type change struct {
	action string   // audit action, e.g. "member.create"
	events []string // outbox event types, e.g. "member.created"
	before *record
	after  record
	extra  map[string]any // more audit/outbox detail (reason, from/to org)
	hist   []event
}

// record writes the change's history, domain event and audit record.
func (s *Service) record(ctx context.Context, tx db.Querier, now time.Time, c change) error {
	if err := insertEvents(ctx, tx, c.hist); err != nil {
		return err
	}
	for _, typ := range c.events {
		if err := outbox.EmitAt(ctx, tx, now, memberEvent(typ, c.after, c.extra)); err != nil {
			return err
		}
	}
	after := c.after.masked()
	var before any
	if c.before != nil {
		before = c.before.masked()
	}
	var auditAfter any = after
	if len(c.extra) > 0 {
		auditAfter = map[string]any{"member": after, "detail": c.extra}
	}
	return audit.RecordAt(ctx, tx, now, audit.Entry{Action: c.action, TargetType: "member",
		TargetID: c.after.ID, Before: before, After: auditAfter, ActorName: auditActor(ctx)})
}

// auditActor names the operator on the command line; for a signed-in
// caller the audit log takes the name from the principal.
func auditActor(ctx context.Context) string {
	if authz.From(ctx) == nil {
		return cliActor
	}
	return ""
}
