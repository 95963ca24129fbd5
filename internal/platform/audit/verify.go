package audit

import (
	"context"
	"fmt"

	"dangjian/internal/platform/db"
)

// Report is the outcome of verifying the chain.
type Report struct {
	OK       bool   `json:"ok"`
	Checked  int64  `json:"checked"`
	BrokenAt *int64 `json:"broken_at"`
	Message  string `json:"message"`
}

const rowColumns = `seq, at, actor_id, actor_name, ip, action, target_type, target_id, result,
	before_json, after_json, prev_hash, hash`

func scanRow(s interface{ Scan(...any) error }) (Row, error) {
	var r Row
	err := s.Scan(&r.Seq, &r.At, &r.ActorID, &r.ActorName, &r.IP, &r.Action, &r.TargetType,
		&r.TargetID, &r.Result, &r.Before, &r.After, &r.PrevHash, &r.Hash)
	return r, err
}

// Verify walks the whole chain and names the first record that was edited,
// removed or inserted out of order, and checks the head against the tip.
func Verify(ctx context.Context, d *db.DB) (Report, error) {
	rows, err := d.QueryContext(ctx, "SELECT "+rowColumns+" FROM audit_log ORDER BY seq")
	if err != nil {
		return Report{}, err
	}
	defer rows.Close()
	var rep Report
	var prev string
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return Report{}, err
		}
		want := rep.Checked + 1
		switch {
		case r.Seq != want:
			return broken(rep, want, fmt.Sprintf("第 %d 条审计记录缺失", want)), nil
		case r.PrevHash != prev:
			return broken(rep, r.Seq, fmt.Sprintf("第 %d 条审计记录与前一条的链接被破坏", r.Seq)), nil
		case r.digest() != r.Hash:
			return broken(rep, r.Seq, fmt.Sprintf("第 %d 条审计记录的内容被篡改", r.Seq)), nil
		}
		prev = r.Hash
		rep.Checked++
	}
	if err := rows.Err(); err != nil {
		return Report{}, err
	}
	var headSeq int64
	var headHash string
	if err := d.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		return Report{}, err
	}
	if headSeq != rep.Checked || headHash != prev {
		return broken(rep, rep.Checked+1, fmt.Sprintf("审计链末尾的记录被删除（应有 %d 条，实有 %d 条）", headSeq, rep.Checked)), nil
	}
	rep.OK = true
	rep.Message = fmt.Sprintf("审计日志完整，共校验 %d 条记录", rep.Checked)
	return rep, nil
}

func broken(rep Report, seq int64, msg string) Report {
	rep.BrokenAt = &seq
	rep.Message = msg
	return rep
}

// Has reports whether any entry with the action exists (e.g. "demo.load":
// a server over demo data says so on every page).
func Has(ctx context.Context, q db.Querier, action string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM audit_log WHERE action = ? LIMIT 1) t", action).Scan(&n)
	return n > 0, err
}
