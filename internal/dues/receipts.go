package dues

import (
	"context"
	"fmt"
	"strings"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
)

// Payment methods.
var methodLabels = map[string]string{"cash": "现金", "transfer": "银行转账", "online": "线上支付"}

// Receipt is a numbered receipt (党费收据) for one member's payment.
type Receipt struct {
	ID          string   `json:"id"`
	Number      string   `json:"number"` // "2026-000001": year and sequence in the branch
	OrgID       string   `json:"org_id"`
	OrgName     string   `json:"org_name"`
	MemberID    string   `json:"member_id"`
	MemberName  string   `json:"member_name"`
	Kind        string   `json:"kind"` // payment | voluntary
	TotalFen    int64    `json:"total_fen"`
	Method      string   `json:"method"`
	MethodLabel string   `json:"method_label"`
	Reference   string   `json:"reference"`
	Months      []string `json:"months"`
	IssuedAt    int64    `json:"issued_at"`
	IssuedBy    string   `json:"issued_by"`
	Reversed    bool     `json:"reversed"` // an entry it records was reversed (已冲正)
	orgPath     string
}

// issueReceipts numbers and stores receipts of org, in order. The counter
// row of (org, year) is bumped in one upsert, which also holds its lock
// until tx ends, so numbers are gapless and never shared.
func (s *Service) issueReceipts(ctx context.Context, tx *db.Tx, org OrgRef, rs []*Receipt) error {
	now := s.clk.Now()
	year := rules.MonthOfTime(now).Year()
	var next int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO dues_receipt_counters (org_id, year, next) VALUES (?, ?, ?)
		ON CONFLICT (org_id, year) DO UPDATE SET next = dues_receipt_counters.next + ?
		RETURNING next`, org.ID, year, len(rs)+1, len(rs)).Scan(&next); err != nil {
		return err
	}
	first := next - int64(len(rs))
	args := make([]any, 0, len(rs)*15)
	for i, r := range rs {
		seq := first + int64(i)
		r.ID, r.Number, r.OrgID, r.OrgName, r.orgPath = ids.At(now), fmt.Sprintf("%d-%06d", year, seq), org.ID, org.Name, org.Path
		r.MethodLabel, r.IssuedAt, r.IssuedBy = methodLabels[r.Method], now.UnixMilli(), authz.ActorName(ctx, "系统")
		args = append(args, r.ID, r.OrgID, r.orgPath, year, seq, r.Number, r.MemberID, r.MemberName, r.Kind,
			r.TotalFen, r.Method, r.Reference, strings.Join(r.Months, ","), r.IssuedAt, r.IssuedBy)
	}
	return insertRows(ctx, tx, "dues_receipts", receiptCols, args, "")
}

var receiptCols = cols(`id org_id org_path year:int seq:int number member_id member_name kind total_fen:int
	method reference months issued_at:int issued_by`)

const receiptColumns = `r.id, r.number, r.org_id, r.org_path, r.member_id, r.member_name, r.kind, r.total_fen,
	r.method, r.reference, r.months, r.issued_at, r.issued_by,
	(SELECT COUNT(*) FROM dues_entries e WHERE e.receipt_id = r.id AND e.kind = '` + kindReversal + `')`

// receipts reads receipts matching where (over dues_receipts r), newest
// first, with their org names.
func (s *Service) receipts(ctx context.Context, q db.Querier, where string, args ...any) ([]Receipt, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+receiptColumns+" FROM dues_receipts r WHERE "+where+
		" ORDER BY r.issued_at DESC, r.seq DESC", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Receipt{}
	var orgIDs []string
	for rows.Next() {
		var r Receipt
		var months string
		var reversals int
		if err := rows.Scan(&r.ID, &r.Number, &r.OrgID, &r.orgPath, &r.MemberID, &r.MemberName, &r.Kind,
			&r.TotalFen, &r.Method, &r.Reference, &months, &r.IssuedAt, &r.IssuedBy, &reversals); err != nil {
			return nil, err
		}
		r.Months, r.MethodLabel, r.Reversed = strings.Split(months, ","), methodLabels[r.Method], reversals > 0
		out = append(out, r)
		orgIDs = append(orgIDs, r.OrgID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	names, err := s.dir.Names(ctx, orgIDs)
	for i := range out {
		out[i].OrgName = names[out[i].OrgID]
	}
	return out, err
}

// receipt reads one receipt (db.ErrNoRows when unknown).
func (s *Service) receipt(ctx context.Context, q db.Querier, id string) (Receipt, error) {
	list, err := s.receipts(ctx, q, "r.id = ?", id)
	if err == nil && len(list) == 0 {
		err = db.ErrNoRows
	}
	if err != nil {
		return Receipt{}, err
	}
	return list[0], nil
}

// memberReceipts are a member's receipts, newest first (for /my/dues).
func (s *Service) memberReceipts(ctx context.Context, q db.Querier, memberID string) ([]Receipt, error) {
	return s.receipts(ctx, q, "r.member_id = ?", memberID)
}
