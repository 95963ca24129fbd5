package members

import (
	"context"
	"fmt"
	"time"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
)

// The calls in this file are for other capabilities' workflows — member
// development (发展党员), transfers (组织关系转接) — that change a member as one
// step of their own record. They run inside the caller's transaction, so
// the workflow's state and the register never disagree, and they do not
// check permissions: the caller has decided who may take the step (an upper
// organization approving an admission, a receiving branch accepting a
// transfer). Validation, counts, history, events and audit are the same as
// for the console's own calls.

// History kinds written for other capabilities (api.md).
const (
	KindTransferStarted   = "transfer_started"
	KindTransferReturned  = "transfer_returned"
	KindTransferCancelled = "transfer_cancelled"
	KindTransferIn        = "transfer_in" // came from an organization outside the platform
	KindTransferOut       = "transfer_out"
	KindMobileStarted     = "mobile_started" // 流动党员 registered
	KindMobileEnded       = "mobile_ended"
	KindProbationExtended = "probation_extended"
	KindDevelopment       = "development" // a step of the member's own development file
)

// noteKinds are the history kinds NoteIn accepts.
var noteKinds = map[string]bool{KindTransferStarted: true, KindTransferReturned: true,
	KindTransferCancelled: true, KindMobileStarted: true, KindMobileEnded: true,
	KindProbationExtended: true, KindDevelopment: true}

// endedTransferredOut marks a record whose membership moved to an
// organization outside the platform: out of lists and counts like 出党, but
// not an 出党 kind.
const endedTransferredOut = "transferred_out"

// CreateIn registers a member in orgID; note is the history line (for
// example "经支部大会接收为预备党员"). It returns the new member's ID.
func (s *Service) CreateIn(ctx context.Context, tx *db.Tx, orgID string, d Details, note string) (string, error) {
	return s.createIn(ctx, tx, orgID, d, kindCreated, note)
}

// ReceiveIn registers a member whose membership comes from an organization
// outside the platform (组织关系转入); note names the letter. The history
// says 组织关系转入 rather than 建档.
func (s *Service) ReceiveIn(ctx context.Context, tx *db.Tx, orgID string, d Details, note string) (string, error) {
	return s.createIn(ctx, tx, orgID, d, KindTransferIn, note)
}

func (s *Service) createIn(ctx context.Context, tx *db.Tx, orgID string, d Details, kind, note string) (string, error) {
	d.normalize()
	d.fillFromID()
	now := s.clk.Now()
	fe := validate(d, clock.Today(s.clk))
	org, err := s.orgs.Get(ctx, tx, orgID)
	if err != nil {
		return "", err
	}
	if msg := homeProblem(org); msg != "" {
		fe.Add("org_id", "invalid_org", msg)
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	r := record{ID: ids.At(now), OrgID: org.ID, OrgPath: org.Path, State: StateActive,
		CreatedAt: now.UnixMilli(), UpdatedAt: now.UnixMilli(), Version: 1}
	if err := s.seal(d, &r); err != nil {
		return "", err
	}
	if taken, err := idNumberTaken(ctx, tx, r.IDIndex, ""); err != nil || taken {
		return "", orConflict(err, errDuplicateID)
	}
	if err := insertRecords(ctx, tx, []record{r}); err != nil {
		return "", uniqueAsDuplicate(err)
	}
	dl := deltas{}
	dl.member(r.OrgPath, r.Status, +1)
	if err := dl.apply(ctx, tx); err != nil {
		return "", err
	}
	if note == "" {
		note = "登记党员档案，编入「" + org.Name + "」"
	}
	return r.ID, s.record(ctx, tx, now, change{action: "member.create", events: []string{"member.created"}, after: r,
		hist: []event{s.newEvent(ctx, now, r.ID, kind, "", note, "")}})
}

// BecomeFullIn is 转正: the probationary member becomes full on fullOn, the
// day probation ended (DOMAIN.md: 党龄 counts from here).
func (s *Service) BecomeFullIn(ctx context.Context, tx *db.Tx, id, fullOn string) error {
	now := s.clk.Now()
	r, err := s.activeRecord(ctx, tx, id)
	if err != nil {
		return err
	}
	if r.Status != StatusProbationary {
		return fieldErr("member_id", "not_probationary", "该党员不是预备党员，不能办理转正")
	}
	if !validDate(fullOn) || fullOn < r.JoinedOn {
		return fieldErr("full_member_on", "invalid", "转正时间应为入党时间之后的有效日期")
	}
	nr := r
	nr.Status, nr.FullMemberOn, nr.UpdatedAt, nr.Version = StatusFull, fullOn, now.UnixMilli(), r.Version+1
	if ok, err := updateRecord(ctx, tx, nr, r.Version); err != nil || !ok {
		return orConflict(err, errVersion)
	}
	dl := deltas{}
	dl.member(r.OrgPath, r.Status, -1)
	dl.member(nr.OrgPath, nr.Status, +1)
	if err := dl.apply(ctx, tx); err != nil {
		return err
	}
	return s.record(ctx, tx, now, change{action: "member.update", events: []string{"member.status_changed"},
		before: &r, after: nr, extra: map[string]any{"from_status": r.Status, "to_status": nr.Status},
		hist: []event{s.statusEvent(ctx, now, r, nr)}})
}

// RelocateIn moves a member to another branch (an accepted transfer).
func (s *Service) RelocateIn(ctx context.Context, tx *db.Tx, id, toOrgID, reason string) error {
	now := s.clk.Now()
	r, err := s.activeRecord(ctx, tx, id)
	if err != nil {
		return err
	}
	to, err := s.orgs.Get(ctx, tx, toOrgID)
	if err != nil {
		return err
	}
	if msg := homeProblem(to); msg != "" {
		return fieldErr("org_id", "invalid_org", msg)
	}
	if to.ID == r.OrgID {
		return fieldErr("org_id", "same_org", "该党员已在此组织")
	}
	return s.relocate(ctx, tx, now, r, to, reason)
}

// relocate stores a move and logs it; Move and RelocateIn share it.
func (s *Service) relocate(ctx context.Context, tx *db.Tx, now time.Time, r record, to orgs.Org, reason string) error {
	nr := r
	nr.OrgID, nr.OrgPath, nr.UpdatedAt, nr.Version = to.ID, to.Path, now.UnixMilli(), r.Version+1
	if ok, err := updateRecord(ctx, tx, nr, r.Version); err != nil || !ok {
		return orConflict(err, errVersion)
	}
	d := deltas{}
	d.member(r.OrgPath, r.Status, -1)
	d.member(nr.OrgPath, nr.Status, +1)
	if err := d.apply(ctx, tx); err != nil {
		return err
	}
	names, err := s.orgs.Names(ctx, tx, []string{r.OrgID, to.ID})
	if err != nil {
		return err
	}
	detail := "从「" + names[r.OrgID] + "」转至「" + names[to.ID] + "」"
	return s.record(ctx, tx, now, change{action: "member.move", events: []string{"member.moved"},
		before: &r, after: nr, extra: map[string]any{"from_org_id": r.OrgID, "to_org_id": to.ID, "reason": reason},
		hist: []event{s.newEvent(ctx, now, r.ID, kindMoved, "", detail, reason)}})
}

// TransferOutIn records that the member's membership moved to an
// organization outside the platform on the given day: the record stays,
// out of lists and counts, with the transfer in its history.
func (s *Service) TransferOutIn(ctx context.Context, tx *db.Tx, id, on, detail string) error {
	now := s.clk.Now()
	r, err := s.activeRecord(ctx, tx, id)
	if err != nil {
		return err
	}
	if !validDate(on) {
		return fieldErr("on", "invalid", "日期格式应为 YYYY-MM-DD")
	}
	return s.close(ctx, tx, now, r, Ending{Kind: endedTransferredOut, On: on, Reason: detail},
		"member.transfer_out", "member.transferred_out", s.newEvent(ctx, now, r.ID, KindTransferOut, on, detail, ""))
}

// EndIn ends a membership (出党) or cancels a probation (取消预备党员资格)
// for a workflow; the rules are End's.
func (s *Service) EndIn(ctx context.Context, tx *db.Tx, id string, e Ending) error {
	now, today := s.clk.Now(), clock.Today(s.clk)
	r, err := s.activeRecord(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := validateEnding(e, r, today.Format(clock.DateLayout)); err != nil {
		return err
	}
	return s.close(ctx, tx, now, r, e, "member.end", "member.left",
		s.newEvent(ctx, now, r.ID, kindLeft, e.On, "出党："+endKinds.label(e.Kind), e.Reason))
}

// NoteIn adds a line to a member's history for another capability's step
// (a transfer started or returned, a 流动党员 registration, ...).
func (s *Service) NoteIn(ctx context.Context, tx *db.Tx, id, kind, on, detail, reason string) error {
	if !noteKinds[kind] {
		return fmt.Errorf("members: unknown history kind %q", kind)
	}
	if _, err := getRecord(ctx, tx, id); err != nil {
		return err
	}
	return insertEvents(ctx, tx, []event{s.newEvent(ctx, s.clk.Now(), id, kind, on, detail, reason)})
}

// activeRecord loads a member who still belongs to the Party.
func (s *Service) activeRecord(ctx context.Context, q db.Querier, id string) (record, error) {
	r, err := getRecord(ctx, q, id)
	if err != nil {
		return r, err
	}
	if !r.active() {
		return r, errEnded
	}
	return r, nil
}

// Card is a member as other capabilities' workflows see them: enough to
// check a rule (status, dates, where they are) and to print a document (the
// masked ID number on a 介绍信).
type Card struct {
	ID, Name, OrgID, OrgPath, Status, JoinedOn, FullMemberOn, IDMasked string
	Active                                                             bool
}

// CardOf looks a member up, ended ones included (db.ErrNoRows when unknown).
func (s *Service) CardOf(ctx context.Context, q db.Querier, id string) (Card, error) {
	r, err := getRecord(ctx, q, id)
	return Card{ID: r.ID, Name: r.Name, OrgID: r.OrgID, OrgPath: r.OrgPath, Status: r.Status, JoinedOn: r.JoinedOn,
		FullMemberOn: r.FullMemberOn, IDMasked: r.IDMasked, Active: r.active()}, err
}
