package members

import (
	"context"
	"strings"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/pii"
)

// Patch is a partial edit: nil fields stay as they are. Version, when
// given, must be the version the editor saw (optimistic locking).
type Patch struct {
	Name         *string `json:"name"`
	Gender       *string `json:"gender"`
	Ethnicity    *string `json:"ethnicity"`
	BirthDate    *string `json:"birth_date"`
	IDNumber     *string `json:"id_number"`
	Phone        *string `json:"phone"`
	Address      *string `json:"address"`
	Education    *string `json:"education"`
	Category     *string `json:"category"`
	Status       *string `json:"status"`
	JoinedOn     *string `json:"joined_on"`
	FullMemberOn *string `json:"full_member_on"`
	Version      *int    `json:"version"`
}

// apply copies the set fields onto d.
func (p Patch) apply(d *Details) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&d.Name, p.Name)
	set(&d.Gender, p.Gender)
	set(&d.Ethnicity, p.Ethnicity)
	set(&d.BirthDate, p.BirthDate)
	set(&d.IDNumber, p.IDNumber)
	set(&d.Phone, p.Phone)
	set(&d.Address, p.Address)
	set(&d.Education, p.Education)
	set(&d.Category, p.Category)
	set(&d.Status, p.Status)
	set(&d.JoinedOn, p.JoinedOn)
	set(&d.FullMemberOn, p.FullMemberOn)
}

// Update edits a member (perm MemberWrite at the member's org). Turning a
// probationary member full (转正) sets 转正时间 — by default one year after
// admission, the normal probation — and is logged as became_full; any other
// status change is logged as status_changed.
func (s *Service) Update(ctx context.Context, id string, p Patch) (Member, error) {
	now, today := s.clk.Now(), clock.Today(s.clk)
	var nr record
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.visible(ctx, tx, id, authz.MemberWrite)
		if err != nil {
			return err
		}
		if !r.active() {
			return errEnded
		}
		if p.Version != nil && *p.Version != r.Version {
			return errVersion
		}
		old, err := s.unseal(r)
		if err != nil {
			return err
		}
		d := patched(old, p)
		if err := validate(d, today).Err(); err != nil {
			return err
		}
		if nr, err = s.rewrite(ctx, tx, r, d, now); err != nil {
			return err
		}
		return s.recordUpdate(ctx, tx, now, r, nr, old, d)
	})
	if err != nil {
		return Member{}, err
	}
	return s.viewOne(ctx, s.db, nr)
}

// patched is old with p applied and the status rules: 转正 without a date
// takes admission + 1 year; back to probationary clears the date.
func patched(old Details, p Patch) Details {
	d := old
	p.apply(&d)
	d.normalize()
	d.fillFromID()
	switch {
	case old.Status == StatusProbationary && d.Status == StatusFull && p.FullMemberOn == nil:
		if j, ok := parseDate(d.JoinedOn); ok {
			d.FullMemberOn = j.AddDate(1, 0, 0).Format(clock.DateLayout)
		}
	case d.Status == StatusProbationary && p.FullMemberOn == nil:
		d.FullMemberOn = ""
	}
	return d
}

// rewrite stores d over r (same org) unless nothing changed; it checks the
// ID number is not someone else's and the row was not edited meanwhile.
func (s *Service) rewrite(ctx context.Context, tx *db.Tx, r record, d Details, now time.Time) (record, error) {
	nr := r
	if err := s.seal(d, &nr); err != nil {
		return r, err
	}
	if sameDetails(r, nr) {
		return r, nil
	}
	if nr.IDIndex != r.IDIndex {
		if taken, err := idNumberTaken(ctx, tx, nr.IDIndex, r.ID); err != nil || taken {
			return r, orConflict(err, errDuplicateID)
		}
	}
	nr.UpdatedAt, nr.Version = now.UnixMilli(), r.Version+1
	ok, err := updateRecord(ctx, tx, nr, r.Version)
	if err != nil {
		return r, uniqueAsDuplicate(err)
	}
	if !ok {
		return r, errVersion
	}
	return nr, nil
}

// sameDetails compares what a person sees (sealed values differ on every
// sealing, so personal data is compared by blind index and masked form).
func sameDetails(a, b record) bool {
	return a.Name == b.Name && a.Gender == b.Gender && a.Ethnicity == b.Ethnicity && a.BirthDate == b.BirthDate &&
		a.IDIndex == b.IDIndex && a.PhoneIndex == b.PhoneIndex && a.AddrMasked == b.AddrMasked &&
		a.Education == b.Education && a.Category == b.Category && a.Status == b.Status &&
		a.JoinedOn == b.JoinedOn && a.FullMemberOn == b.FullMemberOn && a.OrgID == b.OrgID
}

// recordUpdate logs an edit: counts if the status changed, history,
// domain events and the audit record.
func (s *Service) recordUpdate(ctx context.Context, tx *db.Tx, now time.Time, r, nr record, old, d Details) error {
	if nr.Version == r.Version {
		return nil // nothing changed
	}
	c := change{action: "member.update", before: &r, after: nr}
	if r.Status != nr.Status {
		dl := deltas{}
		dl.member(r.OrgPath, r.Status, -1)
		dl.member(nr.OrgPath, nr.Status, +1)
		if err := dl.apply(ctx, tx); err != nil {
			return err
		}
		c.events = append(c.events, "member.status_changed")
		c.extra = map[string]any{"from_status": r.Status, "to_status": nr.Status}
		c.hist = append(c.hist, s.statusEvent(ctx, now, r, nr))
	}
	if diff := describeChanges(old, d, r.Status != nr.Status); len(diff) > 0 {
		c.events = append(c.events, "member.updated")
		c.hist = append(c.hist, s.newEvent(ctx, now, r.ID, kindUpdated, "", strings.Join(diff, "；"), ""))
	}
	return s.record(ctx, tx, now, c)
}

// statusEvent is became_full for 转正, status_changed otherwise.
func (s *Service) statusEvent(ctx context.Context, now time.Time, r, nr record) event {
	if nr.Status == StatusFull {
		return s.newEvent(ctx, now, r.ID, kindBecameFull, nr.FullMemberOn, "转为正式党员", "")
	}
	return s.newEvent(ctx, now, r.ID, kindStatusChanged, "",
		"党员状态："+statuses.label(r.Status)+" → "+statuses.label(nr.Status), "")
}

// describeChanges lists edited fields in Chinese, personal data masked.
// With statusChanged the status and 转正时间 are left to the status event.
func describeChanges(a, b Details, statusChanged bool) []string {
	var out []string
	show := func(title string, changed bool, x, y string) {
		if changed {
			out = append(out, title+"："+orNone(x)+" → "+orNone(y))
		}
	}
	add := func(title, x, y string) { show(title, x != y, x, y) }
	add("姓名", a.Name, b.Name)
	add("性别", genders.label(a.Gender), genders.label(b.Gender))
	add("民族", a.Ethnicity, b.Ethnicity)
	add("出生日期", a.BirthDate, b.BirthDate)
	show("身份证号", a.IDNumber != b.IDNumber, pii.MaskIDNumber(a.IDNumber), pii.MaskIDNumber(b.IDNumber))
	show("手机号", a.Phone != b.Phone, pii.MaskPhone(a.Phone), pii.MaskPhone(b.Phone))
	if a.Address != b.Address {
		out = append(out, "住址已修改")
	}
	add("学历", educations.label(a.Education), educations.label(b.Education))
	add("人员类别", categories.label(a.Category), categories.label(b.Category))
	add("入党时间", a.JoinedOn, b.JoinedOn)
	if !statusChanged {
		add("党员状态", statuses.label(a.Status), statuses.label(b.Status))
		add("转正时间", a.FullMemberOn, b.FullMemberOn)
	}
	return out
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "（空）"
	}
	return strings.TrimSpace(s)
}
