package commendations

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
	"dangjian/internal/platform/ids"
)

// MarkIn records a manual disqualifier (诫勉, 党纪处分, 组织处理, 审查) of a
// member for a year; Year left out is the year of On.
type MarkIn struct {
	MemberID string `json:"member_id"`
	Year     int    `json:"year"`
	Kind     string `json:"kind"`
	Reason   string `json:"reason"`
	On       string `json:"on"`
}

// Mark is a recorded disqualifier with its revocation, if any.
type Mark struct {
	ID           string `json:"id"`
	MemberID     string `json:"member_id"`
	MemberName   string `json:"member_name"`
	MemberOrgID  string `json:"member_org_id"`
	Year         int    `json:"year"`
	Kind         string `json:"kind"`
	KindLabel    string `json:"kind_label"`
	Reason       string `json:"reason"`
	On           string `json:"on"`
	OrgID        string `json:"org_id"`
	OrgName      string `json:"org_name"`
	RecordedBy   string `json:"recorded_by"`
	RecordedAt   string `json:"recorded_at"`
	Revoked      bool   `json:"revoked"`
	RevokedBy    string `json:"revoked_by"`
	RevokedAt    string `json:"revoked_at"`
	RevokeReason string `json:"revoke_reason"`
	orgPath      string
	memberPath   string
}

const maxReason = 500

// validate checks in against today.
func (in *MarkIn) validate(today time.Time) error {
	var fe httpx.Fields
	if d, ok := disqualifier(in.Kind); !ok || !d.Manual {
		fe.Add("kind", "invalid", "请选择登记事项（诫勉、党纪处分、组织处理、正在接受审查）")
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" || utf8.RuneCountInString(in.Reason) > maxReason {
		fe.Add("reason", "required", "请填写事由（不超过 500 字）")
	}
	on, err := time.Parse(clock.DateLayout, in.On)
	if err != nil || on.After(today) {
		fe.Add("on", "invalid", "日期应为今天或以前的日期（YYYY-MM-DD）")
	} else if in.Year == 0 {
		in.Year = on.Year()
	}
	if in.Year != 0 && (in.Year < firstYear || in.Year > today.Year()) {
		fe.Add("year", "invalid", "年度应在 2000 年至今年之间")
	}
	return fe.Err()
}

// recordMark records in at org, for a member of org's subtree.
func (s *Service) recordMark(ctx context.Context, org OrgRef, in MarkIn) (Mark, error) {
	if err := in.validate(clock.Today(s.clk)); err != nil {
		return Mark{}, err
	}
	m, err := s.dir.Member(ctx, s.db, in.MemberID)
	if db.IsNoRows(err) || (err == nil && !inSubtree(m.OrgPath, org.Path)) {
		return Mark{}, fieldErr("member_id", "not_found", "本组织及下级组织中没有该党员")
	}
	if err != nil {
		return Mark{}, err
	}
	now := s.clk.Now()
	id := ids.At(now)
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO commendation_marks (id, member_id, member_name, member_org_id,
			member_path, year, kind, reason, on_date, org_id, org_path, org_name, recorded_by, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, m.ID, m.Name, m.OrgID, m.OrgPath, in.Year, in.Kind,
			in.Reason, in.On, org.ID, org.Path, org.Name, authz.ActorName(ctx, "系统"), now.UnixMilli()); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "commendation.mark.record", TargetType: "commendation_mark",
			TargetID: id, After: map[string]any{"member_id": m.ID, "year": in.Year, "kind": in.Kind, "on": in.On, "org_id": org.ID}})
	})
	if err != nil {
		return Mark{}, err
	}
	return s.mark(ctx, s.db, id)
}

// revokeMark revokes mark id with reason, for the recording org (or one
// above it); the mark stays in the history. Whoever cannot see the
// member's org learns nothing of it.
func (s *Service) revokeMark(ctx context.Context, id, reason string) (Mark, error) {
	reason = strings.TrimSpace(reason)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.mark(ctx, tx, id)
		p := authz.From(ctx)
		switch {
		case db.IsNoRows(err) || (err == nil && !p.Can(authz.AssessmentRead, m.memberPath) && !p.Can(authz.AssessmentRead, m.orgPath)):
			return httpx.NotFound()
		case err != nil:
			return err
		case !p.Can(authz.AssessmentManage, m.orgPath):
			return httpx.Forbidden("须由登记的党组织撤销")
		case m.Revoked:
			return httpx.Conflict("already_revoked", "该记录已于 "+m.RevokedAt+" 撤销")
		case reason == "" || utf8.RuneCountInString(reason) > maxReason:
			return fieldErr("reason", "required", "请填写撤销理由（不超过 500 字）")
		}
		now := s.clk.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE commendation_marks SET revoked_by = ?, revoked_at = ?, revoke_reason = ?
			WHERE id = ? AND revoked_at = 0`, authz.ActorName(ctx, "系统"), now.UnixMilli(), reason, id); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "commendation.mark.revoke", TargetType: "commendation_mark",
			TargetID: id, Before: map[string]any{"revoked": false}, After: map[string]any{"revoked": true, "reason": reason}})
	})
	if err != nil {
		return Mark{}, err
	}
	return s.mark(ctx, s.db, id)
}
