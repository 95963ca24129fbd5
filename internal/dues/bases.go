package dues

import (
	"context"
	"fmt"
	"strconv"
	"unicode/utf8"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// Where a base declaration came from, and where it stands. A member's own
// declaration waits for the secretary; what the secretary types or imports
// is confirmed at once.
const (
	sourceMember    = "member"
	sourceSecretary = "secretary"
	sourceImport    = "import"

	basePending   = "pending"
	baseConfirmed = "confirmed"
	baseRejected  = "rejected"
)

// Base is one declaration of a member's category and base (基数申报) for a
// year, from effective_month on.
type Base struct {
	ID             string         `json:"id"`
	MemberID       string         `json:"member_id"`
	MemberName     string         `json:"member_name"`
	OrgID          string         `json:"org_id"`
	Year           int            `json:"year"`
	EffectiveMonth string         `json:"effective_month"`
	Category       rules.Category `json:"category"`
	CategoryLabel  string         `json:"category_label"`
	BaseFen        int64          `json:"base_fen"`
	Source         string         `json:"source"`
	State          string         `json:"state"`
	Note           string         `json:"note"`
	DeclaredBy     string         `json:"declared_by"`
	DeclaredAt     int64          `json:"declared_at"`
	DecidedBy      string         `json:"decided_by"`
	DecidedAt      int64          `json:"decided_at"`
	Reason         string         `json:"reason"`
	orgPath        string
	effective      rules.Month
}

// Declaration is a base as a secretary, a member or a spreadsheet row
// states it.
type Declaration struct {
	MemberID       string `json:"member_id"`
	Year           int    `json:"year"`
	EffectiveMonth string `json:"effective_month"`
	Category       string `json:"category"`
	BaseFen        int64  `json:"base_fen"`
	Note           string `json:"note"`
}

const (
	minYear     = 2000
	maxNoteLen  = 500
	baseColumns = `id, member_id, member_name, org_id, org_path, year, effective_month, category, base_fen, source,
		state, note, declared_by, declared_at, decided_by, decided_at, reason`
)

// check validates d for a year no later than the next one (bases are
// declared at the start of the year, the next year's in December) and
// returns its month parsed. A fixed-amount category has no base: it is set
// to 0.
func (d *Declaration) check(currentYear int) (rules.Month, httpx.Fields) {
	var fe httpx.Fields
	if d.Year < minYear || d.Year > currentYear+1 {
		fe.Add("year", "invalid", fmt.Sprintf("申报年度应在 %d 至 %d 年之间", minYear, currentYear+1))
	}
	m, err := rules.ParseMonth(d.EffectiveMonth)
	switch {
	case d.EffectiveMonth == "":
		fe.Add("effective_month", "required", "请填写起始月份（YYYY-MM）")
	case err != nil:
		fe.Add("effective_month", "invalid", "起始月份格式应为 YYYY-MM，如 2026-07")
	case m.Year() != d.Year:
		fe.Add("effective_month", "out_of_year", "起始月份应在申报年度（"+strconv.Itoa(d.Year)+" 年）内")
	}
	c := rules.Category(d.Category)
	switch {
	case d.Category == "":
		fe.Add("category", "required", "请选择缴费类别")
	case !c.Valid():
		fe.Add("category", "invalid", "缴费类别无效")
	}
	switch {
	case d.BaseFen < 0:
		fe.Add("base_fen", "negative", "基数不能为负数")
	case d.BaseFen > rules.MaxFen:
		fe.Add("base_fen", "too_large", "基数过大")
	case c.Valid() && c.NeedsBase() && d.BaseFen == 0:
		fe.Add("base_fen", "required", "请填写"+c.BaseLabel()+"（"+c.Label()+"党员须申报基数）")
	case c.Valid() && !c.NeedsBase():
		d.BaseFen = 0
	}
	if utf8.RuneCountInString(d.Note) > maxNoteLen {
		fe.Add("note", "too_long", "备注不能超过 500 字")
	}
	return m, fe
}

// newBase is the row a valid declaration of m makes.
func (s *Service) newBase(ctx context.Context, m Member, d Declaration, em rules.Month, source string) Base {
	now := s.clk.Now()
	b := Base{ID: ids.At(now), MemberID: m.ID, MemberName: m.Name, OrgID: m.OrgID, orgPath: m.OrgPath,
		Year: d.Year, effective: em, Category: rules.Category(d.Category), BaseFen: d.BaseFen, Source: source,
		State: basePending, Note: d.Note, DeclaredBy: authz.ActorName(ctx, "系统"), DeclaredAt: now.UnixMilli()}
	if source != sourceMember {
		b.State, b.DecidedBy, b.DecidedAt = baseConfirmed, b.DeclaredBy, b.DeclaredAt
	}
	return b.shown()
}

// shown fills the fields derived for display.
func (b Base) shown() Base {
	b.EffectiveMonth, b.CategoryLabel = b.effective.String(), b.Category.Label()
	return b
}

// insertBase stores b, and when it is confirmed corrects the months already
// charged from its effective month on. The caller records the audit entry.
func (s *Service) insertBase(ctx context.Context, tx *db.Tx, b Base) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO dues_bases (`+baseColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.ID, b.MemberID, b.MemberName, b.OrgID, b.orgPath, b.Year, int(b.effective), string(b.Category), b.BaseFen,
		b.Source, b.State, b.Note, b.DeclaredBy, b.DeclaredAt, b.DecidedBy, b.DecidedAt, b.Reason); err != nil {
		return err
	}
	if b.State != baseConfirmed {
		return nil
	}
	return s.recharge(ctx, tx, b.MemberID, b.effective)
}

// declare records d for member m: confirmed when a secretary types it,
// pending when the member declares it.
func (s *Service) declare(ctx context.Context, m Member, d Declaration, source string) (Base, error) {
	em, fe := d.check(rules.MonthOfTime(s.clk.Now()).Year())
	if err := fe.Err(); err != nil {
		return Base{}, err
	}
	b := s.newBase(ctx, m, d, em, source)
	return b, s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.insertBase(ctx, tx, b); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "dues.base_declare",
			TargetType: "dues_base", TargetID: b.ID, After: b.audited()})
	})
}

// audited is what the audit log keeps of a declaration: no names.
func (b Base) audited() map[string]any {
	return map[string]any{"member_id": b.MemberID, "year": b.Year, "effective_month": b.EffectiveMonth,
		"category": b.Category, "base_fen": b.BaseFen, "source": b.Source, "state": b.State, "reason": b.Reason}
}

// decideBase confirms or rejects a pending declaration; only someone who
// manages dues at the declaring member's org sees it at all. A confirmed
// base corrects the months already charged from its effective month on.
func (s *Service) decideBase(ctx context.Context, id string, confirm bool, reason string) (Base, error) {
	if !confirm && reason == "" {
		return Base{}, (&httpx.Fields{{Field: "reason", Code: "required", Message: "请填写驳回理由"}}).Err()
	}
	var b Base
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := pendingBase(ctx, tx, id)
		if err != nil {
			return err
		}
		b = before
		b.State, b.DecidedBy, b.DecidedAt, b.Reason = baseRejected, authz.ActorName(ctx, "系统"), s.clk.Now().UnixMilli(), reason
		action := "dues.base_reject"
		if confirm {
			b.State, action = baseConfirmed, "dues.base_confirm"
		}
		err = s.saveDecision(ctx, tx, "dues_bases", b.ID, b.State, b.DecidedBy, b.DecidedAt, b.Reason,
			audit.Entry{Action: action, TargetType: "dues_base", Before: before.audited(), After: b.audited()})
		if err != nil || !confirm {
			return err
		}
		return s.recharge(ctx, tx, b.MemberID, b.effective)
	})
	return b, err
}

// saveDecision stores the decision on a declaration or a hardship proposal
// (table is a constant: both tables keep it in the same columns) with its
// audit record.
func (s *Service) saveDecision(ctx context.Context, tx *db.Tx, table, id, state, by string, at int64, reason string, e audit.Entry) error {
	if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET state = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?",
		state, by, at, reason, id); err != nil {
		return err
	}
	e.TargetID = id
	return audit.RecordAt(ctx, tx, s.clk.Now(), e)
}

// pendingBase locks a declaration the caller may decide on.
func pendingBase(ctx context.Context, tx *db.Tx, id string) (Base, error) {
	b, err := scanBase(tx.QueryRowContext(ctx, "SELECT "+baseColumns+" FROM dues_bases WHERE id = ?"+tx.ForUpdate(), id))
	switch {
	case db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(authz.DuesManage, b.orgPath)):
		return Base{}, httpx.NotFound()
	case err != nil:
		return Base{}, err
	case b.State != basePending:
		return Base{}, httpx.Conflict("base_decided", "该申报已处理，不能重复确认或驳回")
	}
	return b, nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanBase(r scanner) (Base, error) {
	var b Base
	err := r.Scan(&b.ID, &b.MemberID, &b.MemberName, &b.OrgID, &b.orgPath, &b.Year, &b.effective, &b.Category,
		&b.BaseFen, &b.Source, &b.State, &b.Note, &b.DeclaredBy, &b.DeclaredAt, &b.DecidedBy, &b.DecidedAt, &b.Reason)
	return b.shown(), err
}
