package dues

import (
	"context"
	"fmt"
	"net/http"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// MyDues is what a member sees of their own dues on the phone.
type MyDues struct {
	MemberID      string         `json:"member_id"`
	Name          string         `json:"name"`
	OrgName       string         `json:"org_name"`
	Category      rules.Category `json:"category"`
	CategoryLabel string         `json:"category_label"`
	BaseFen       int64          `json:"base_fen"`
	Amount        *AmountView    `json:"amount"`
	Missing       bool           `json:"missing"`
	Pending       []Base         `json:"pending"`
	OwedFen       int64          `json:"owed_fen"`
	UnpaidMonths  []string       `json:"unpaid_months"`
	Streak        int            `json:"streak"`
	Warn          string         `json:"warn"`
	Months        []MonthSums    `json:"months"`
	Receipts      []Receipt      `json:"receipts"`
}

// MonthSums is what was charged and paid for a month.
type MonthSums struct {
	Month   string `json:"month"`
	DueFen  int64  `json:"due_fen"`
	PaidFen int64  `json:"paid_fen"`
	month   rules.Month
}

func (m MonthSums) unpaid() bool { return m.DueFen > m.PaidFen }

// myMember is the signed-in member; an account without a member record
// has no dues.
func (s *Service) myMember(ctx context.Context) (Member, error) {
	p := authz.From(ctx)
	if p == nil || p.MemberID == "" {
		return Member{}, httpx.Forbidden("当前账号未关联党员，无法查看或申报党费")
	}
	m, err := s.dir.Member(ctx, p.MemberID)
	if db.IsNoRows(err) {
		return Member{}, httpx.NotFound()
	}
	return m, err
}

// myDues is member m's dues as of this month.
func (s *Service) myDues(ctx context.Context, m Member) (MyDues, error) {
	now := rules.MonthOfTime(s.clk.Now())
	as, err := s.assess(ctx, s.db, []Member{m}, now)
	if err != nil {
		return MyDues{}, err
	}
	a := as[m.ID]
	out := MyDues{MemberID: m.ID, Name: m.Name, Category: a.Category, CategoryLabel: a.Category.Label(),
		BaseFen: a.BaseFen, Amount: a.view(), Missing: a.Missing, UnpaidMonths: []string{}, Months: []MonthSums{}}
	mb, err := memberBases(ctx, s.db, []string{m.ID}, now, minYear, now.Year()+1)
	if err != nil {
		return MyDues{}, err
	}
	out.Pending = mb.pendingOf(m.ID)
	if err := s.fillMonths(ctx, &out, m, now); err != nil {
		return MyDues{}, err
	}
	names, err := s.dir.Names(ctx, []string{m.OrgID})
	if err != nil {
		return MyDues{}, err
	}
	out.OrgName = names[m.OrgID]
	out.Receipts, err = s.memberReceipts(ctx, s.db, m.ID)
	return out, err
}

// fillMonths adds the last twelve months and every unpaid one, what is
// owed, and the run of unpaid months up to last month with its warning.
func (s *Service) fillMonths(ctx context.Context, out *MyDues, m Member, now rules.Month) error {
	all, err := memberMonths(ctx, s.db, m.ID)
	if err != nil {
		return err
	}
	var unpaid []rules.Month
	for _, ms := range all {
		if ms.unpaid() {
			out.OwedFen += ms.DueFen - ms.PaidFen
			out.UnpaidMonths = append(out.UnpaidMonths, ms.Month)
			unpaid = append(unpaid, ms.month)
		}
		if ms.unpaid() || ms.month > now-12 {
			out.Months = append(out.Months, ms)
		}
	}
	out.Streak = streak(unpaid, now-1)
	v, err := s.values(ctx, s.db, m.OrgPath)
	if err != nil {
		return err
	}
	if rules.WarnLevel(out.Streak, warnLevels(v)) > 0 {
		out.Warn = fmt.Sprintf("您已连续 %d 个月未交纳党费，请尽快交纳。%s", out.Streak, rules.SixMonthRule)
	}
	return nil
}

// memberMonths is what was charged and paid per month, oldest first.
func memberMonths(ctx context.Context, q db.Querier, memberID string) ([]MonthSums, error) {
	rows, err := q.QueryContext(ctx, `SELECT month, due_fen, paid_fen FROM dues_member_months
		WHERE member_id = ? ORDER BY month`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MonthSums
	for rows.Next() {
		var ms MonthSums
		if err := rows.Scan(&ms.month, &ms.DueFen, &ms.PaidFen); err != nil {
			return nil, err
		}
		ms.Month = ms.month.String()
		out = append(out, ms)
	}
	return out, rows.Err()
}

func (s *Service) handleMyDues(w http.ResponseWriter, r *http.Request) error {
	m, err := s.myMember(r.Context())
	if err != nil {
		return err
	}
	out, err := s.myDues(r.Context(), m)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}

// handleMyDeclare records the member's own declaration, pending until the
// secretary confirms it. Nobody declares for someone else.
func (s *Service) handleMyDeclare(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := s.myMember(ctx)
	if err != nil {
		return err
	}
	var d Declaration
	if err := httpx.DecodeJSON(r, &d); err != nil {
		return err
	}
	if d.MemberID != "" && d.MemberID != m.ID {
		return httpx.Forbidden("只能申报本人的缴费基数")
	}
	d.MemberID = m.ID
	b, err := s.declare(ctx, m, d, sourceMember)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, b)
}

// handleMyReceiptPDF sends one of the member's own receipts; anyone else's
// does not exist.
func (s *Service) handleMyReceiptPDF(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := s.myMember(ctx)
	if err != nil {
		return err
	}
	rc, err := s.receipt(ctx, s.db, r.PathValue("id"))
	if db.IsNoRows(err) || (err == nil && rc.MemberID != m.ID) {
		return httpx.NotFound()
	}
	if err != nil {
		return err
	}
	return s.sendReceiptPDF(ctx, w, rc)
}
