package dues

import (
	"context"
	"time"
	"unicode/utf8"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// A hardship (困难党员减免) exempts a member or reduces their dues for a run
// of months. The branch proposes it with its discussion recorded; the
// branch's upper organization approves it (支部讨论、上级批准).
const (
	hardshipExempt  = "exempt"
	hardshipReduced = "reduced"

	hardshipProposed = "proposed"
	hardshipApproved = "approved"
	hardshipRejected = "rejected"
)

var hardshipKindLabels = map[string]string{hardshipExempt: "免交", hardshipReduced: "减交"}

// Hardship is one proposal and its decision.
type Hardship struct {
	ID          string `json:"id"`
	MemberID    string `json:"member_id"`
	MemberName  string `json:"member_name"`
	OrgID       string `json:"org_id"`
	OrgName     string `json:"org_name"` // the branch, for an upper organization's list
	Kind        string `json:"kind"`
	KindLabel   string `json:"kind_label"`
	ReducedFen  int64  `json:"reduced_fen"`
	FromMonth   string `json:"from_month"`
	ToMonth     string `json:"to_month"`
	DiscussedOn string `json:"discussed_on"`
	Discussion  string `json:"discussion"`
	State       string `json:"state"`
	ProposedBy  string `json:"proposed_by"`
	ProposedAt  int64  `json:"proposed_at"`
	DecidedBy   string `json:"decided_by"`
	DecidedAt   int64  `json:"decided_at"`
	Reason      string `json:"reason"`
	orgPath     string
	from, to    rules.Month
}

// HardshipProposal is what the branch proposes.
type HardshipProposal struct {
	MemberID    string `json:"member_id"`
	Kind        string `json:"kind"`
	ReducedFen  int64  `json:"reduced_fen"`
	FromMonth   string `json:"from_month"`
	ToMonth     string `json:"to_month"`
	DiscussedOn string `json:"discussed_on"`
	Discussion  string `json:"discussion"`
}

const maxDiscussionLen = 2000

// check validates p as of today; the months are returned parsed.
func (p *HardshipProposal) check(today time.Time) (from, to rules.Month, fe httpx.Fields) {
	switch p.Kind {
	case hardshipExempt:
		p.ReducedFen = 0
	case hardshipReduced:
		if p.ReducedFen <= 0 {
			fe.Add("reduced_fen", "required", "请填写减交后的每月金额（大于 0 元）")
		}
	default:
		fe.Add("kind", "invalid", "减免方式应为免交或减交")
	}
	from, errFrom := rules.ParseMonth(p.FromMonth)
	to, errTo := rules.ParseMonth(p.ToMonth)
	if errFrom != nil {
		fe.Add("from_month", "invalid", "起始月份格式应为 YYYY-MM")
	}
	if errTo != nil {
		fe.Add("to_month", "invalid", "截止月份格式应为 YYYY-MM")
	}
	if errFrom == nil && errTo == nil && to < from {
		fe.Add("to_month", "before_from", "截止月份不能早于起始月份")
	}
	if d, err := time.Parse(clock.DateLayout, p.DiscussedOn); err != nil {
		fe.Add("discussed_on", "invalid", "请填写支部讨论日期（YYYY-MM-DD）")
	} else if d.After(today) {
		fe.Add("discussed_on", "future", "支部讨论日期不能晚于今天")
	}
	switch n := utf8.RuneCountInString(p.Discussion); {
	case n == 0:
		fe.Add("discussion", "required", "请记录支部讨论情况（时间、参加人员、讨论结论）")
	case n > maxDiscussionLen:
		fe.Add("discussion", "too_long", "讨论情况不能超过 2000 字")
	}
	return from, to, fe
}

// propose records the branch's proposal for member m of the branch.
func (s *Service) propose(ctx context.Context, branch OrgRef, p HardshipProposal) (Hardship, error) {
	from, to, fe := p.check(clock.Today(s.clk))
	m, err := s.dir.Member(ctx, p.MemberID)
	if db.IsNoRows(err) || (err == nil && m.OrgID != branch.ID) {
		fe.Add("member_id", "not_in_branch", "该党员不在本支部")
	} else if err != nil {
		return Hardship{}, err
	}
	if err := fe.Err(); err != nil {
		return Hardship{}, err
	}
	now := s.clk.Now()
	h := Hardship{ID: ids.At(now), MemberID: m.ID, MemberName: m.Name, OrgID: branch.ID, orgPath: branch.Path,
		Kind: p.Kind, ReducedFen: p.ReducedFen, from: from, to: to, DiscussedOn: p.DiscussedOn, Discussion: p.Discussion,
		State: hardshipProposed, ProposedBy: authz.ActorName(ctx, "系统"), ProposedAt: now.UnixMilli()}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM dues_hardships WHERE member_id = ? AND state IN (?, ?)
			AND from_month <= ? AND to_month >= ?`, m.ID, hardshipProposed, hardshipApproved, int(to), int(from)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return httpx.Conflict("hardship_overlap", "该党员在这段时间已有待批或已批准的困难党员减免")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO dues_hardships (`+hardshipColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			h.ID, h.MemberID, h.MemberName, h.OrgID, h.orgPath, h.Kind, h.ReducedFen, int(h.from), int(h.to), h.DiscussedOn,
			h.Discussion, h.State, h.ProposedBy, h.ProposedAt, h.DecidedBy, h.DecidedAt, h.Reason); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "dues.hardship_propose", TargetType: "dues_hardship",
			TargetID: h.ID, After: h.audited()})
	})
	return h.shown(), err
}

// decideHardship approves or rejects a proposal. Only the branch's upper
// organization decides: to anyone who does not manage dues there the
// proposal does not exist. An approval corrects the months already charged.
func (s *Service) decideHardship(ctx context.Context, id string, approve bool, reason string) (Hardship, error) {
	if !approve && reason == "" {
		return Hardship{}, (&httpx.Fields{{Field: "reason", Code: "required", Message: "请填写不予批准的理由"}}).Err()
	}
	if err := s.checkApprover(ctx, id); err != nil {
		return Hardship{}, err
	}
	var h Hardship
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if h, err = scanHardship(tx.QueryRowContext(ctx, "SELECT "+hardshipColumns+" FROM dues_hardships WHERE id = ?"+tx.ForUpdate(), id)); err != nil {
			return err
		}
		if h.State != hardshipProposed {
			return httpx.Conflict("hardship_decided", "该申请已处理，不能重复审批")
		}
		h.State, h.DecidedBy, h.DecidedAt, h.Reason = hardshipRejected, authz.ActorName(ctx, "系统"), s.clk.Now().UnixMilli(), reason
		action := "dues.hardship_reject"
		if approve {
			h.State, action = hardshipApproved, "dues.hardship_approve"
		}
		err = s.saveDecision(ctx, tx, "dues_hardships", h.ID, h.State, h.DecidedBy, h.DecidedAt, h.Reason,
			audit.Entry{Action: action, TargetType: "dues_hardship", After: h.audited()})
		if err != nil || !approve {
			return err
		}
		return s.recharge(ctx, tx, h.MemberID, h.from)
	})
	return h, err
}

// checkApprover answers 404 unless the caller manages dues at the parent of
// the proposal's branch (the branch's own officers cannot approve).
func (s *Service) checkApprover(ctx context.Context, id string) error {
	var orgID string
	err := s.db.QueryRowContext(ctx, "SELECT org_id FROM dues_hardships WHERE id = ?", id).Scan(&orgID)
	if db.IsNoRows(err) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	branch, err := s.dir.Org(ctx, orgID)
	if err != nil && !db.IsNoRows(err) {
		return err
	}
	if branch.ParentID == "" {
		return httpx.NotFound()
	}
	_, err = s.scopedOrg(ctx, branch.ParentID, authz.DuesManage)
	return err
}
