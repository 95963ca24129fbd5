package members

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Move transfers a member to another branch (perm MemberMove at both the
// old and the new org). The history keeps where they came from.
func (s *Service) Move(ctx context.Context, id, orgID, reason string) (Member, error) {
	now := s.clk.Now()
	reason = strings.TrimSpace(reason)
	var nr record
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.visible(ctx, tx, id, authz.MemberMove)
		if err != nil {
			return err
		}
		if !r.active() {
			return errEnded
		}
		var fe httpx.Fields
		checkReason(&fe, reason, "请填写调动原因")
		if orgID == "" {
			fe.Add("org_id", "required", "请选择调入的党组织")
			return fe.Err()
		}
		to, err := s.homeOrg(ctx, tx, orgID, authz.MemberMove, "org_id")
		if err != nil {
			return err
		}
		if to.ID == r.OrgID {
			fe.Add("org_id", "same_org", "该党员已在此组织")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		nr = r
		nr.OrgID, nr.OrgPath, nr.UpdatedAt, nr.Version = to.ID, to.Path, now.UnixMilli(), r.Version+1
		return s.relocate(ctx, tx, now, r, to, reason)
	})
	if err != nil {
		return Member{}, err
	}
	return s.viewOne(ctx, s.db, nr)
}

// Ending is how and when a membership ends (出党).
type Ending struct {
	Kind   string `json:"kind"`
	On     string `json:"on"`
	Reason string `json:"reason"`
}

// End records that a membership ended (perm MemberWrite): the record stays,
// marked ended, out of lists and counts, with a 'left' history entry.
func (s *Service) End(ctx context.Context, id string, e Ending) (Member, error) {
	now, today := s.clk.Now(), clock.Today(s.clk)
	e.Kind, e.On, e.Reason = strings.TrimSpace(e.Kind), strings.TrimSpace(e.On), strings.TrimSpace(e.Reason)
	var nr record
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.visible(ctx, tx, id, authz.MemberWrite)
		if err != nil {
			return err
		}
		if !r.active() {
			return errEnded
		}
		if err := validateEnding(e, r, today.Format(clock.DateLayout)); err != nil {
			return err
		}
		nr = r
		nr.State, nr.EndedKind, nr.EndedOn, nr.EndedReason = StateEnded, e.Kind, e.On, e.Reason
		nr.UpdatedAt, nr.Version = now.UnixMilli(), r.Version+1
		return s.close(ctx, tx, now, r, e, "member.end", "member.left",
			s.newEvent(ctx, now, r.ID, kindLeft, e.On, "出党："+endKinds.label(e.Kind), e.Reason))
	})
	if err != nil {
		return Member{}, err
	}
	return s.viewOne(ctx, s.db, nr)
}

func validateEnding(e Ending, r record, today string) error {
	var fe httpx.Fields
	if !endKinds.valid(e.Kind) {
		fe.Add("kind", "invalid", "出党方式应为："+endKinds.labelList())
	}
	switch {
	case e.On == "":
		fe.Add("on", "required", "请填写日期")
	case !validDate(e.On):
		fe.Add("on", "invalid", "日期格式应为 YYYY-MM-DD")
	case e.On > today:
		fe.Add("on", "future", "日期不能晚于今天")
	case e.On < r.JoinedOn:
		fe.Add("on", "before_joined", "日期不能早于入党时间")
	}
	if e.Kind == EndProbationCancelled && r.Status != StatusProbationary {
		fe.Add("kind", "invalid", "只有预备党员才能取消预备党员资格")
	}
	checkReason(&fe, e.Reason, "请填写原因或依据")
	return fe.Err()
}

// close stores the end of a record's membership and logs it; End,
// EndIn and TransferOutIn share it.
func (s *Service) close(ctx context.Context, tx *db.Tx, now time.Time, r record, e Ending, action, eventType string, h event) error {
	nr := r
	nr.State, nr.EndedKind, nr.EndedOn, nr.EndedReason = StateEnded, e.Kind, e.On, e.Reason
	nr.UpdatedAt, nr.Version = now.UnixMilli(), r.Version+1
	if ok, err := updateRecord(ctx, tx, nr, r.Version); err != nil || !ok {
		return orConflict(err, errVersion)
	}
	d := deltas{}
	d.member(r.OrgPath, r.Status, -1)
	if err := d.apply(ctx, tx); err != nil {
		return err
	}
	return s.record(ctx, tx, now, change{action: action, events: []string{eventType},
		before: &r, after: nr, extra: map[string]any{"kind": e.Kind, "on": e.On, "reason": e.Reason},
		hist: []event{h}})
}

// checkReason requires a reason of at most 500 characters.
func checkReason(fe *httpx.Fields, reason, missing string) {
	switch {
	case reason == "":
		fe.Add("reason", "required", missing)
	case utf8.RuneCountInString(reason) > 500:
		fe.Add("reason", "too_long", "原因不能超过 500 个字")
	}
}

// Reveal returns one unmasked field (perm MemberReveal), audited in the
// same transaction: if the audit record cannot be written nothing is shown.
func (s *Service) Reveal(ctx context.Context, id, field string) (string, error) {
	col, ok := revealable[field]
	if !ok {
		return "", fieldErr("field", "invalid", "只能查看身份证号、手机号或住址")
	}
	var value string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.visible(ctx, tx, id, authz.MemberReveal)
		if err != nil {
			return err
		}
		sealed := map[string]string{fieldIDNumber: r.IDSealed, fieldPhone: r.PhoneSealed, fieldAddress: r.AddrSealed}[col]
		if value, err = s.prot.Open(col, sealed); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "member.reveal", TargetType: "member",
			TargetID: r.ID, After: map[string]string{"field": field}, ActorName: auditActor(ctx)})
	})
	return value, err
}
